package dev.rstat.benchmarks;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns JMH's JSON results and {@link Footprint}'s figures into one {@code name: value} line per figure, with the
 * ratios the targets are stated in and PASS or MISS against each target.
 * <p>
 * Usage: {@code Report <jmh.json>... [--footprint <figures-file>]}, or {@code Report --shm <jmh.json>...} for the
 * shared-memory figures of {@code benchmarks/run-shm} alone. A figure whose benchmark did not run prints
 * {@code n/a}.
 */
public final class Report
{
    private static final String[][] FLUSH_TREES = {
        {"1k", "nodes=1000", "fanout=10", "leaves=all"},
        {"1m", "nodes=1000000", "fanout=10", "leaves=all"},
        {"1m_depth3", "nodes=1000000", "fanout=100", "leaves=all"},
        {"1m_hot1k", "nodes=1000000", "fanout=10", "leaves=hot1k"},
    };
    private static final String[][] CALIBRATION = {
        {"calib_nanotime_ns", "nanoTime"},
        {"calib_lock_unlock_ns", "lockUnlock"},
        {"calib_volatile_store_ns", "volatileStore"},
        {"calib_threadlocal_get_ns", "threadLocalGet"},
        {"calib_cas_ns", "compareAndSet"},
        {"calib_atomic_add_ns", "atomicGetAndAdd"},
    };
    private static final String[][] WRITE_CONTROLS = {
        {"control_longadder_ns", "longAdder"},
        {"control_atomic_add_ns", "atomicAdd"},
        {"control_atomic_add_link_read_ns", "atomicAddThenLinkRead"},
        {"control_plus_directory_ns", "plusDirectory"},
        {"control_plus_checks_ns", "plusChecks"},
        {"control_plus_checks_via_group_ns", "plusChecksViaGroup"},
        {"control_engine_stripe_ns", "engineStripe"},
        {"control_cas_link_read_ns", "casThenLinkRead"},
        {"control_sticky_stripe_choice_ns", "stickyStripe"},
        {"control_engine_sticky_ns", "engineSticky"},
    };

    private final List<String> lines = new ArrayList<>();
    private final Map<String, Double> values = new LinkedHashMap<>();
    private int targets;
    private int met;

    private Report()
    {
    }

    /**
     * @param args JMH JSON result files, then optionally {@code --footprint <file>}.
     * @throws IOException if a file cannot be read.
     */
    public static void main(final String[] args) throws IOException
    {
        final List<Path> jsonFiles = new ArrayList<>();
        Map<String, Double> footprint = Collections.emptyMap();
        boolean shmOnly = false;
        for (int i = 0; i < args.length; i++)
        {
            if ("--shm".equals(args[i]))
            {
                shmOnly = true;
            }
            else if ("--footprint".equals(args[i]) && i + 1 < args.length)
            {
                footprint = readFigures(Path.of(args[++i]));
            }
            else
            {
                jsonFiles.add(Path.of(args[i]));
            }
        }
        final JmhResults results = JmhResults.read(jsonFiles);
        for (final String line : shmOnly ? shmLines(results) : lines(results, footprint))
        {
            System.out.println(line);
        }
    }

    /**
     * @param file {@code name: value} lines, as {@link Footprint} writes them.
     * @return the figures by name.
     * @throws IOException if the file cannot be read.
     */
    public static Map<String, Double> readFigures(final Path file) throws IOException
    {
        final Map<String, Double> figures = new LinkedHashMap<>();
        int number = 0;
        for (final String line : Files.readAllLines(file, StandardCharsets.UTF_8))
        {
            number++;
            if (line.isBlank())
            {
                continue;
            }
            final int colon = line.indexOf(':');
            try
            {
                figures.put(line.substring(0, colon).trim(), Double.parseDouble(line.substring(colon + 1).trim()));
            }
            catch (final RuntimeException ex)
            {
                throw new IllegalArgumentException(
                    "malformed figure line: file=" + file + " line=" + number + " text=" + line, ex);
            }
        }
        return figures;
    }

    /**
     * @param jmh       the benchmark results.
     * @param footprint the footprint figures (may be empty).
     * @return the report lines.
     */
    public static List<String> lines(final JmhResults jmh, final Map<String, Double> footprint)
    {
        final Report report = new Report();
        report.update(jmh, "UpdateOneThreadBenchmark", "");
        report.update(jmh, "UpdateTwoThreadsSameLeafBenchmark", "_2t_same");
        report.update(jmh, "UpdateTwoThreadsDifferentLeavesBenchmark", "_2t_diff");
        report.controls(jmh);
        report.flush(jmh);
        report.kinds(jmh);
        report.memory(footprint);
        report.calibration(jmh);
        if (jmh.find("SharedMemoryReadBenchmark.shmReadAll") != null ||
            jmh.find("PublishSampleBenchmark.publish") != null)
        {
            report.shm(jmh);
        }
        report.lines.add("targets_met: " + report.met + " of " + report.targets);
        return report.lines;
    }

    /**
     * @param jmh the results of {@code benchmarks/run-shm}.
     * @return the shared-memory figures and their targets alone.
     */
    public static List<String> shmLines(final JmhResults jmh)
    {
        final Report report = new Report();
        report.shm(jmh);
        report.lines.add("targets_met: " + report.met + " of " + report.targets);
        return report.lines;
    }

    /**
     * Issue 12: reading every value of a 10,000-cgroup, 20-value counters file from another process against a
     * {@code /metrics} scrape of the same values parsed back, and publishing a sample into the file against the
     * walk that produced it.
     */
    private void shm(final JmhResults jmh)
    {
        final double read = score(jmh, "shm_read_all_ms", "SharedMemoryReadBenchmark.shmReadAll");
        final double open = score(jmh, "shm_open_and_read_all_ms", "SharedMemoryReadBenchmark.shmOpenAndReadAll");
        final double scrape = score(jmh, "scrape_and_parse_ms", "SharedMemoryReadBenchmark.scrapeAndParse");
        atMost("shm_read_over_scrape_ratio", read / scrape, 0.02);
        value("shm_open_and_read_over_scrape_ratio", open / scrape);
        final double publish = score(jmh, "shm_publish_sample_ms", "PublishSampleBenchmark.publish");
        final double walk = score(jmh, "shm_walk_sample_ms", "PublishSampleBenchmark.walk");
        atMost("shm_publish_over_walk_ratio", publish / walk, 0.05);
    }

    private void update(final JmhResults jmh, final String benchmark, final String suffix)
    {
        final double rstat = score(jmh, "update_linked" + suffix + "_ns", benchmark + ".rstatAdd");
        final double stripe = score(jmh, "update_linked_stripe" + suffix + "_ns", benchmark + ".rstatAddStripe");
        final double adder = score(jmh, "longadder_add" + suffix + "_ns", benchmark + ".longAdder");
        final double eager = score(jmh, "eager_depth8" + suffix + "_ns", benchmark + ".eager");
        final double cell = score(jmh, "update_cell" + suffix + "_ns", benchmark + ".rstatCellAdd");
        final double cellStripe = score(jmh, "update_cell_stripe" + suffix + "_ns", benchmark + ".rstatCellAddStripe");
        value("update_cell_vs_longadder" + suffix + "_ratio", cell / adder);
        value("update_cell_stripe_vs_longadder" + suffix + "_ratio", cellStripe / adder);
        value("eager_over_update_cell" + suffix + "_ratio", eager / cell);
        if (suffix.isEmpty())
        {
            atMost("update_vs_longadder_ratio", rstat / adder, 1.2);
            atMost("update_stripe_vs_longadder_ratio", stripe / adder, 1.2);
        }
        else
        {
            value("update_vs_longadder" + suffix + "_ratio", rstat / adder);
            value("update_stripe_vs_longadder" + suffix + "_ratio", stripe / adder);
        }
        atLeast("eager_over_update" + suffix + "_ratio", eager / rstat, 5);
        atLeast("eager_over_update_stripe" + suffix + "_ratio", eager / stripe, 5);
    }

    private void flush(final JmhResults jmh)
    {
        for (final String[] tree : FLUSH_TREES)
        {
            final String t = tree[0];
            final String[] params = {tree[1], tree[2], tree[3]};
            if (t.endsWith("hot1k") && jmh.find("FlushBenchmark.addsAndFlush", params) == null)
            {
                continue;
            }
            final double adds = score(jmh, "adds_100_" + t + "_ns", "FlushBenchmark.addsOnly", params);
            final double cycle = score(jmh, "cycle_100_" + t + "_ns", "FlushBenchmark.addsAndFlush", params);
            final double flush = cycle - adds;
            value("flush_100_" + t + "_ns", flush);
            final JmhResults.Result result = jmh.find("FlushBenchmark.addsAndFlush", params);
            final double nodes = result == null ? Double.NaN
                : result.secondary("flushedNodes") / result.secondary("flushes");
            value("flushed_nodes_per_flush_" + t, nodes);
            value("flush_ns_per_flushed_node_" + t, flush / nodes);
            if (jmh.find("FlushBenchmark.flushOnly", params) != null)
            {
                final double only = score(jmh, "flush_only_invocation_" + t + "_ns", "FlushBenchmark.flushOnly",
                    params);
                value("linking_100_" + t + "_ns", flush - only);
            }
        }
        value("flush_100_1m_over_1k_ratio", get("flush_100_1m_ns") / get("flush_100_1k_ns"));
        value("flush_100_1m_depth3_over_1k_ratio", get("flush_100_1m_depth3_ns") / get("flush_100_1k_ns"));
        if (values.containsKey("flush_100_1m_hot1k_ns"))
        {
            value("flush_100_1m_hot1k_over_1k_ratio", get("flush_100_1m_hot1k_ns") / get("flush_100_1k_ns"));
        }
        value("cycle_100_1m_over_1k_ratio", get("cycle_100_1m_ns") / get("cycle_100_1k_ns"));
        value("flush_per_node_1m_over_1k_ratio",
            get("flush_ns_per_flushed_node_1m") / get("flush_ns_per_flushed_node_1k"));
        final double miss = score(jmh, "cache_miss_ns", "CalibrationBenchmark.cacheMiss");
        atMost("flush_per_node_over_miss_1m", get("flush_ns_per_flushed_node_1m") / miss, 1.5);
        final double recompute1k = score(jmh, "recompute_1k_ns", "RecomputeBenchmark.recompute", "nodes=1000");
        final double recompute1m = score(jmh, "recompute_1m_ns", "RecomputeBenchmark.recompute", "nodes=1000000");
        value("recompute_over_flush_1k_ratio", recompute1k / get("flush_100_1k_ns"));
        atLeast("recompute_over_flush_1m_ratio", recompute1m / get("flush_100_1m_ns"), 250);
        value("recompute_over_cycle_1m_ratio", recompute1m / get("cycle_100_1m_ns"));
        final double empty1k = score(jmh, "flush_empty_1k_ns", "EmptyFlushBenchmark.flushRoot", "nodes=1000");
        final double empty1m = score(jmh, "flush_empty_1m_ns", "EmptyFlushBenchmark.flushRoot", "nodes=1000000");
        below("flush_empty_ns", Math.max(empty1k, empty1m), 100);
    }

    /**
     * Issue 11: a log histogram's record against a sum's add, and a MAX group's flush against a SUM group's, where
     * the run has them.
     */
    private void kinds(final JmhResults jmh)
    {
        if (jmh.find("KindsBenchmark.sumAdd") != null)
        {
            final double add = score(jmh, "kinds_sum_add_ns", "KindsBenchmark.sumAdd");
            final double record = score(jmh, "kinds_log_histogram_record_ns", "KindsBenchmark.logHistogramRecord");
            atMost("log_histogram_record_over_sum_add_ratio", record / add, 1.5);
        }
        if (jmh.find("AggregationFlushBenchmark.addsAndFlush", "aggregation=SUM") == null)
        {
            return;
        }
        for (final String a : new String[] {"SUM", "MAX"})
        {
            final String t = a.toLowerCase(java.util.Locale.ROOT);
            final double adds = score(jmh, "agg_adds_100_" + t + "_1m_ns", "AggregationFlushBenchmark.addsOnly",
                "aggregation=" + a);
            final double cycle = score(jmh, "agg_cycle_100_" + t + "_1m_ns", "AggregationFlushBenchmark.addsAndFlush",
                "aggregation=" + a);
            final JmhResults.Result result = jmh.find("AggregationFlushBenchmark.addsAndFlush", "aggregation=" + a);
            final double nodes = result.secondary("flushedNodes") / result.secondary("flushes");
            value("agg_flushed_nodes_per_flush_" + t + "_1m", nodes);
            value("agg_flush_ns_per_flushed_node_" + t + "_1m", (cycle - adds) / nodes);
        }
        value("flush_max_over_sum_per_node_1m_ratio",
            get("agg_flush_ns_per_flushed_node_max_1m") / get("agg_flush_ns_per_flushed_node_sum_1m"));
    }

    /**
     * The write path rebuilt one step at a time ({@link WritePathControlsBenchmark}), where the run has it.
     */
    private void controls(final JmhResults jmh)
    {
        for (final String[] control : WRITE_CONTROLS)
        {
            if (jmh.find("WritePathControlsBenchmark." + control[1]) != null)
            {
                score(jmh, control[0], "WritePathControlsBenchmark." + control[1]);
            }
        }
    }

    private void calibration(final JmhResults jmh)
    {
        for (final String[] primitive : CALIBRATION)
        {
            if (jmh.find("CalibrationBenchmark." + primitive[1]) != null)
            {
                score(jmh, primitive[0], "CalibrationBenchmark." + primitive[1]);
            }
        }
    }

    private void memory(final Map<String, Double> footprint)
    {
        final double named = footprint.getOrDefault("bytes_per_node", Double.NaN);
        atMost("bytes_per_node", named, 320);
        final double rootOnly = footprint.getOrDefault("root_only_tree_bytes", Double.NaN);
        final double oneNode = footprint.getOrDefault("root_only_node_storage_bytes", Double.NaN);
        atMost("root_only_tree_bytes", rootOnly, 2 * oneNode);
        for (final Map.Entry<String, Double> figure : footprint.entrySet())
        {
            if (!"bytes_per_node".equals(figure.getKey()) && !"root_only_tree_bytes".equals(figure.getKey()))
            {
                value(figure.getKey(), figure.getValue());
            }
        }
    }

    private double score(final JmhResults jmh, final String name, final String benchmark, final String... params)
    {
        final JmhResults.Result result = jmh.find(benchmark, params);
        if (result == null)
        {
            return value(name, Double.NaN);
        }
        values.put(name, result.score());
        lines.add(name + ": " + format(result.score()) +
            (Double.isNaN(result.error()) ? "" : "  ±" + format(result.error())));
        return result.score();
    }

    private double value(final String name, final double value)
    {
        values.put(name, value);
        lines.add(name + ": " + format(value));
        return value;
    }

    private double get(final String name)
    {
        return values.getOrDefault(name, Double.NaN);
    }

    private void atMost(final String name, final double value, final double limit)
    {
        target(name, value, value <= limit, "<= " + plain(limit));
    }

    private void atLeast(final String name, final double value, final double limit)
    {
        target(name, value, value >= limit, ">= " + plain(limit));
    }

    private void below(final String name, final double value, final double limit)
    {
        target(name, value, value < limit, "< " + plain(limit));
    }

    private void target(final String name, final double value, final boolean pass, final String target)
    {
        values.put(name, value);
        if (Double.isNaN(value))
        {
            lines.add(name + ": n/a  (target " + target + ")");
            return;
        }
        targets++;
        if (pass)
        {
            met++;
        }
        lines.add(name + ": " + format(value) + "  " + (pass ? "PASS" : "MISS") + " (target " + target + ")");
    }

    private static String plain(final double limit)
    {
        if (Double.isNaN(limit))
        {
            return "n/a";
        }
        return BigDecimal.valueOf(limit).stripTrailingZeros().toPlainString();
    }

    static String format(final double value)
    {
        if (Double.isNaN(value) || Double.isInfinite(value))
        {
            return "n/a";
        }
        final double magnitude = Math.abs(value);
        if (magnitude >= 1000)
        {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        if (magnitude < 0.1 && magnitude > 0)
        {
            // small ratios (targets such as <= 0.02) keep enough digits to be judged by eye
            return String.format(Locale.ROOT, "%.4f", value);
        }
        return String.format(Locale.ROOT, magnitude >= 10 ? "%.1f" : "%.2f", value);
    }
}
