package dev.rstat.cgroup.report.render;

/** Output formats of a report. */
public enum Format
{
    /** Human-readable: one row per cgroup, path indented by depth, aligned columns, human units unless raw. */
    TEXT,
    /** RFC 4180 CSV with {@code \n} record separators: header {@code id,path,depth,<columns...>}. */
    CSV,
    /** JSON Lines: one object per row, {@code {"id":..,"path":"..","depth":..,"<column>":<number>|"max"|null,...}}. */
    JSON,
    /**
     * OpenMetrics 1.0 text ({@code application/openmetrics-text; version=1.0.0}): counters, gauges and limits with
     * {@code cgroup}, {@code id} and {@code scope} labels, ending with {@code # EOF}; see {@link OpenMetricsRenderer}.
     */
    OPENMETRICS,
    /**
     * The Prometheus text format 0.0.4 ({@code text/plain; version=0.0.4}): the same samples as {@link #OPENMETRICS}
     * with Prometheus metadata (what {@code promtool check metrics} reads); see {@link OpenMetricsRenderer}.
     */
    PROMETHEUS,
    /**
     * Binary: KVM's binary statistics layout extended for a tree ({@code docs/kvm-stats-format.md}), written by
     * {@link dev.rstat.cgroup.report.kvmstats.KvmStatsWriter}, not by a {@link Renderer}; named {@code kvm-stats} on
     * the command line.
     */
    KVM_STATS
}
