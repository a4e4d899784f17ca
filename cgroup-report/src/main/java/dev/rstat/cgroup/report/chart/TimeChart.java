package dev.rstat.cgroup.report.chart;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import dev.rstat.cgroup.stat.StatUnit;

/**
 * One chart of a report page: a metric of the top N cgroups over time. The cgroups are the ones {@code level} levels
 * below the report's top cgroup (by default its children, which do not contain each other, so their areas can be
 * stacked), ranked by their mean over the samples; the rest of them is summed into one "other" series, and the top
 * cgroup itself is the "total" reference line (what its children leave is its own share). Immutable.
 *
 * @param title  the chart's title.
 * @param column the report field the values come from.
 * @param unit   their unit ({@link StatUnit#PERCENT} of one CPU, {@link StatUnit#BYTES}).
 * @param times  the sample times.
 * @param lines  the series: the top cgroups by mean (largest first), then "other" if any, then the total.
 */
public record TimeChart(String title, String column, StatUnit unit, List<Instant> times, List<Line> lines)
{
    /** Colours of the series, in rank order (colour-blind friendly, Okabe-Ito and Tableau-like). */
    private static final String[] PALETTE = {"#0072b2", "#e69f00", "#009e73", "#cc79a7", "#d55e00", "#56b4e9",
        "#7f3c8d", "#8c6d31", "#11a579", "#e73f74", "#3969ac", "#80ba5a"};
    private static final String OTHER_COLOR = "#b0b0b0";
    private static final String TOTAL_COLOR = "#333333";

    /** What a series is. */
    public enum Kind
    {
        /** One cgroup. */
        CGROUP,
        /** The sum of the cgroups of the level that are not in the top N. */
        OTHER,
        /** The top cgroup (the sum of everything below it and its own share): drawn as a reference, not stacked. */
        TOTAL
    }

    /**
     * One series.
     *
     * @param label  the cgroup's path (or {@code other (K cgroups)}).
     * @param kind   what it is.
     * @param color  its CSS colour.
     * @param mean   its mean over the samples where it has a value (NaN if none).
     * @param values one value per sample time, NaN where none.
     */
    public record Line(String label, Kind kind, String color, double mean, double[] values)
    {
    }

    /**
     * Validates and copies.
     *
     * @param title  the chart's title.
     * @param column the report field.
     * @param unit   the unit.
     * @param times  the times.
     * @param lines  the series.
     */
    public TimeChart
    {
        times = List.copyOf(times);
        lines = List.copyOf(lines);
    }

    /**
     * The top N chart of a series.
     *
     * @param series the values.
     * @param unit   their unit.
     * @param top    how many cgroups to show one by one (at least 1).
     * @param level  how many levels below the top cgroup they are (at least 1).
     * @return the chart.
     */
    public static TimeChart top(final ReportSeries series, final StatUnit unit, final int top, final int level)
    {
        if (top < 1 || level < 1)
        {
            throw new IllegalArgumentException("top and level must be at least 1: top=" + top + " level=" + level);
        }
        final List<Instant> times = series.times();
        final List<String> paths = series.paths();
        String root = null;
        for (final String path : paths)
        {
            if (root == null || series.depth(path) < series.depth(root))
            {
                root = path;
            }
        }
        final List<Line> lines = new ArrayList<>();
        final String title = series.metric() + (series.column() == null ? "" : " (" + series.column() + ")");
        if (root == null)
        {
            return new TimeChart(title, series.column(), unit, times, lines);
        }
        final String prefix = root.equals("/") ? "/" : root + "/";
        final int depth = series.depth(root) + level;
        final List<Line> candidates = new ArrayList<>();
        for (final String path : paths)
        {
            if (series.depth(path) == depth && path.startsWith(prefix))
            {
                final double[] values = series.values(path);
                candidates.add(new Line(path, Kind.CGROUP, null, mean(values), values));
            }
        }
        candidates.sort(Comparator.comparingDouble((Line l) -> Double.isNaN(l.mean()) ? Double.NEGATIVE_INFINITY :
            l.mean()).reversed().thenComparing(Line::label));
        for (int i = 0; i < Math.min(top, candidates.size()); i++)
        {
            final Line l = candidates.get(i);
            lines.add(new Line(l.label(), Kind.CGROUP, PALETTE[i % PALETTE.length], l.mean(), l.values()));
        }
        if (candidates.size() > top)
        {
            final double[] sum = new double[times.size()];
            Arrays.fill(sum, Double.NaN);
            for (int i = top; i < candidates.size(); i++)
            {
                final double[] values = candidates.get(i).values();
                for (int t = 0; t < sum.length; t++)
                {
                    if (!Double.isNaN(values[t]))
                    {
                        sum[t] = (Double.isNaN(sum[t]) ? 0 : sum[t]) + values[t];
                    }
                }
            }
            final int rest = candidates.size() - top;
            lines.add(new Line("other (" + rest + (rest == 1 ? " cgroup)" : " cgroups)"), Kind.OTHER, OTHER_COLOR,
                mean(sum), sum));
        }
        final double[] total = series.values(root);
        lines.add(new Line(root + " (total)", Kind.TOTAL, TOTAL_COLOR, mean(total), total));
        return new TimeChart(title, series.column(), unit, times, lines);
    }

    private static double mean(final double[] values)
    {
        double sum = 0;
        int n = 0;
        for (final double v : values)
        {
            if (!Double.isNaN(v))
            {
                sum += v;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }
}
