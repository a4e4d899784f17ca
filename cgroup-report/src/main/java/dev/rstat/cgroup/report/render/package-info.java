/**
 * Rendering a finished report of {@link dev.rstat.cgroup.report.render.Row}s as aligned text, CSV (Apache Commons CSV),
 * JSON Lines, OpenMetrics or the Prometheus text format; see
 * {@link dev.rstat.cgroup.report.render.Renderer#of(Format, boolean)}.
 */
package dev.rstat.cgroup.report.render;
