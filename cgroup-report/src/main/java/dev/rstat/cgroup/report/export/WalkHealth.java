package dev.rstat.cgroup.report.export;

import java.util.Locale;

/**
 * The server's own health, appended to every successful scrape as three families: {@code
 * cgroup_walk_last_duration_seconds} (gauge: how long the walk being served took), {@code cgroup_walk_failures_total}
 * (counter: failed walks since the server started) and {@code cgroup_walk_last_success_timestamp_seconds} (gauge: Unix
 * time at which the walk being served ended). A failed walk itself is answered with {@code 500} (Prometheus then sets
 * {@code up} to 0); the counter shows how many there were once walks succeed again. Immutable.
 *
 * @param lastDurationNanos   duration of the walk being served.
 * @param failures            failed walks so far.
 * @param lastSuccessMillis   wall-clock end of the walk being served, in milliseconds since the epoch.
 */
record WalkHealth(long lastDurationNanos, long failures, long lastSuccessMillis)
{
    /** Family names, for tests and documentation. */
    static final String DURATION = "cgroup_walk_last_duration_seconds";
    static final String FAILURES = "cgroup_walk_failures";
    static final String LAST_SUCCESS = "cgroup_walk_last_success_timestamp_seconds";

    /**
     * Appends the families.
     *
     * @param openMetrics true for OpenMetrics 1.0 (TYPE/UNIT/HELP on the family name), false for the Prometheus
     *                    text format (TYPE/HELP on the sample name).
     * @param out         where to append (before OpenMetrics' {@code # EOF}).
     */
    void append(final boolean openMetrics, final StringBuilder out)
    {
        family(openMetrics, DURATION, "", "gauge", "seconds",
            "Duration of the walk of the hierarchy that this scrape shows.", seconds(lastDurationNanos, 9), out);
        family(openMetrics, FAILURES, "_total", "counter", "",
            "Walks of the hierarchy that failed since cgroup-walk serve started (answered with HTTP 500).",
            Long.toString(failures), out);
        family(openMetrics, LAST_SUCCESS, "", "gauge", "seconds",
            "Unix time at which the walk that this scrape shows ended.", seconds(lastSuccessMillis, 3), out);
    }

    private static void family(final boolean openMetrics, final String family, final String suffix,
        final String type, final String unit, final String help, final String value, final StringBuilder out)
    {
        final String name = openMetrics ? family : family + suffix;
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        if (openMetrics && !unit.isEmpty())
        {
            out.append("# UNIT ").append(name).append(' ').append(unit).append('\n');
        }
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append(family).append(suffix).append(' ').append(value).append('\n');
    }

    private static String seconds(final long units, final int decimals)
    {
        final long scale = decimals == 9 ? 1_000_000_000L : 1_000L;
        return String.format(Locale.ROOT, "%d.%0" + decimals + "d", units / scale, units % scale);
    }
}
