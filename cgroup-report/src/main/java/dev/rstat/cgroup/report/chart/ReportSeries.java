package dev.rstat.cgroup.report.chart;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.rstat.cgroup.report.Field;
import dev.rstat.cgroup.report.Sample;
import dev.rstat.cgroup.report.Table;
import dev.rstat.cgroup.stat.StatInfo;
import dev.rstat.cgroup.stat.StatSign;
import dev.rstat.cgroup.stat.ValueState;

/**
 * The values of one metric over time for every cgroup of a report: the sample times, and per cgroup path its depth
 * and one value per sample ({@link Double#NaN} where the cgroup had none). Gathered sample by sample, from a report
 * CSV ({@link ReportCsv}) or from the tables of a running report ({@link #add(String, Table)}). Not thread-safe.
 */
public final class ReportSeries
{
    private final String metric;
    private final List<String> candidates;
    private final List<Instant> times = new ArrayList<>();
    private final Map<String, Integer> timeIndex = new HashMap<>();
    private final Map<String, double[]> values = new LinkedHashMap<>();
    private final Map<String, Integer> depths = new HashMap<>();
    private String column;

    /**
     * @param metric     what the series are, for titles ({@code CPU}, {@code memory}).
     * @param candidates field names to take the values from, the first one present wins (e.g. {@code
     *                   cpu.stat.usage_usec:rate}, then {@code cpuacct.usage:rate}).
     */
    public ReportSeries(final String metric, final List<String> candidates)
    {
        this.metric = Objects.requireNonNull(metric, "metric");
        this.candidates = List.copyOf(candidates);
    }

    /**
     * The CPU time of each cgroup as a percentage of one CPU: {@code cpu.stat.usage_usec:rate} (cgroup2) or
     * {@code cpuacct.usage:rate} (v1).
     *
     * @return empty series.
     */
    public static ReportSeries cpu()
    {
        return new ReportSeries("CPU", List.of("cpu.stat.usage_usec:rate", "cpuacct.usage:rate"));
    }

    /**
     * The memory of each cgroup: {@code memory.current} (cgroup2) or {@code memory.usage_in_bytes} (v1).
     *
     * @return empty series.
     */
    public static ReportSeries memory()
    {
        return new ReportSeries("memory", List.of("memory.current", "memory.usage_in_bytes"));
    }

    /**
     * @return what the series are.
     */
    public String metric()
    {
        return metric;
    }

    /**
     * @return the field names the values may come from.
     */
    public List<String> candidates()
    {
        return candidates;
    }

    /**
     * @return the field the values came from, or null if none was seen.
     */
    public String column()
    {
        return column;
    }

    /**
     * Chooses the column among header names: the first candidate that is one of them.
     *
     * @param names the field names present.
     * @return the chosen name, or null.
     */
    String choose(final List<String> names)
    {
        if (column == null)
        {
            for (final String candidate : candidates)
            {
                if (names.contains(candidate))
                {
                    column = candidate;
                    break;
                }
            }
        }
        return column;
    }

    /**
     * Adds one value.
     *
     * @param timestamp the sample's time (ISO-8601, as the report writes it).
     * @param path      the cgroup's path.
     * @param depth     its depth.
     * @param value     the value, {@link Double#NaN} for none.
     * @throws IllegalArgumentException if the timestamp is not ISO-8601.
     */
    public void add(final String timestamp, final String path, final int depth, final double value)
    {
        Integer t = timeIndex.get(timestamp);
        if (t == null)
        {
            try
            {
                times.add(Instant.parse(timestamp));
            }
            catch (final DateTimeParseException ex)
            {
                throw new IllegalArgumentException("not an ISO-8601 timestamp: timestamp=" + timestamp, ex);
            }
            t = times.size() - 1;
            timeIndex.put(timestamp, t);
        }
        double[] row = values.get(path);
        if (row == null)
        {
            row = new double[Math.max(8, times.size())];
            Arrays.fill(row, Double.NaN);
            values.put(path, row);
            depths.put(path, depth);
        }
        if (t >= row.length)
        {
            final int old = row.length;
            row = Arrays.copyOf(row, Math.max(t + 1, old * 2));
            Arrays.fill(row, old, row.length, Double.NaN);
            values.put(path, row);
        }
        row[t] = value;
    }

    /**
     * Adds the rows of one sample of a running report.
     *
     * @param timestamp the sample's time (ISO-8601).
     * @param table     its rows and fields.
     */
    public void add(final String timestamp, final Table table)
    {
        final Sample sample = table.sample();
        final List<String> names = new ArrayList<>();
        for (final Field field : table.fields())
        {
            names.add(field.name(sample.columns()));
        }
        final String chosen = choose(names);
        if (chosen == null)
        {
            return;
        }
        final Field field = Field.parse(sample.columns(), chosen);
        final StatInfo info = sample.info(field);
        for (final int row : table.rows())
        {
            double v = Double.NaN;
            if (sample.state(row, field) == ValueState.NUMBER)
            {
                final long raw = sample.value(row, field);
                v = (info.sign() == StatSign.SIGNED || raw >= 0 ? raw : ((raw >>> 1) | (raw & 1)) * 2.0) /
                    Math.pow(10, info.scale());
            }
            add(timestamp, sample.path(row), sample.depth(row), v);
        }
    }

    /**
     * @return the sample times, in the order they were added.
     */
    public List<Instant> times()
    {
        return List.copyOf(times);
    }

    /**
     * @return the cgroup paths, in the order they first appeared.
     */
    public List<String> paths()
    {
        return List.copyOf(values.keySet());
    }

    /**
     * @param path a cgroup path.
     * @return its depth, or -1 if it is not in the series.
     */
    public int depth(final String path)
    {
        return depths.getOrDefault(path, -1);
    }

    /**
     * @param path a cgroup path.
     * @return its value per sample time ({@link Double#NaN} where it had none); empty if it is not in the series.
     */
    public double[] values(final String path)
    {
        final double[] row = values.get(path);
        if (row == null)
        {
            return new double[0];
        }
        final double[] copy = Arrays.copyOf(row, times.size());
        if (row.length < times.size())
        {
            Arrays.fill(copy, row.length, copy.length, Double.NaN);
        }
        return copy;
    }
}
