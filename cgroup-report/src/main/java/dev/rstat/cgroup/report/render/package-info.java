/**
 * Rendering a {@link dev.rstat.cgroup.report.Table} (rows and fields of a sample) as aligned text, CSV (quoted by
 * Apache Commons CSV, numbers written without a String each), JSON Lines, OpenMetrics or the Prometheus text format;
 * see {@link dev.rstat.cgroup.report.render.Renderer#of(Format, boolean)}. Field names are
 * {@link dev.rstat.cgroup.report.Field#name}'s, metric names {@link dev.rstat.cgroup.report.render.OpenMetricsRenderer}'s.
 */
package dev.rstat.cgroup.report.render;
