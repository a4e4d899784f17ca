/**
 * Exporting cgroup statistics to Prometheus: {@link dev.rstat.cgroup.report.export.MetricsServer} serves the latest walk
 * (a {@link dev.rstat.cgroup.report.Table} of a sample) at {@code /metrics} as OpenMetrics or the Prometheus text format,
 * rendered by {@link dev.rstat.cgroup.report.render.OpenMetricsRenderer}.
 */
package dev.rstat.cgroup.report.export;
