package dev.rstat.cgroup.report.render;

import java.io.IOException;
import java.io.Writer;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.eclipse.collections.impl.list.mutable.primitive.IntArrayList;

import dev.rstat.cgroup.report.Sample;
import dev.rstat.cgroup.report.Table;

/**
 * Renders a report as OpenMetrics 1.0 text ({@link #openMetrics()}) or as the Prometheus text format 0.0.4
 * ({@link #prometheusText()}). Both carry the same samples; they differ only in metadata: OpenMetrics has
 * {@code # TYPE}, {@code # UNIT}, {@code # HELP} on the family name ({@code cgroup_cpu_usage_seconds}) and ends with
 * {@code # EOF}; the Prometheus format has {@code # HELP} and {@code # TYPE} on the sample name
 * ({@code cgroup_cpu_usage_seconds_total}), no UNIT and no EOF. {@code promtool check metrics} only reads the
 * Prometheus format: it takes OpenMetrics {@code # UNIT}/{@code # EOF} lines for comments but then sees counter
 * samples without a TYPE or HELP of their own, and fails.
 *
 * <h2>What is exported</h2>
 * Numbers of columns of kind COUNTER (as counters), GAUGE and LIMIT (as gauges), the {@code total} of pressure files
 * (stall time, a counter), and the period of a CPU bandwidth limit ({@code cpu.max.period},
 * {@code cpu.cfs_period_us}: a setting, but the quota means nothing without it). Not exported: texts, other
 * settings and unknown keys (INFO), the {@code avg10/60/300} pressure averages, {@code :rate} columns (rates are
 * PromQL's job), and values that are missing, unsupported or vanished. {@code max} is {@code +Inf} for limits and
 * not exported otherwise. No timestamps.
 *
 * <h2>Families</h2>
 * {@code cgroup_<file words>_<key words>[_self|_subtree][_effective][_<unit>]}, sanitised to lower-case
 * {@code [a-z0-9_]} (any other run of characters becomes one {@code _}; colons are reserved for recording rules),
 * where
 * <ul>
 * <li>the file words are the file name with a {@code <controller>.stat} file losing {@code .stat} and a leading
 * {@code cgroup.} dropped: {@code cpu.stat.usage_usec} gives {@code cgroup_cpu_usage_seconds},
 * {@code cgroup.stat.nr_descendants} gives {@code cgroup_nr_descendants}, {@code cgroup.procs} gives
 * {@code cgroup_procs}, {@code memory.events.local.oom} gives {@code cgroup_memory_events_local_oom};</li>
 * <li>units are base units: microseconds, nanoseconds and USER_HZ ticks (1/100 s) become {@code seconds}, bytes
 * {@code bytes}, percentages a {@code ratio}, v1 pages {@code pages}; the last word of the name that already says
 * the unit ({@code usec}, {@code us}, {@code ns}, {@code time}, {@code in_bytes}, {@code bytes}) is dropped, so the
 * family always ends with {@code _<unit>} as its {@code # UNIT} requires ({@code blkio.io_service_time_recursive}
 * gives {@code cgroup_blkio_io_service_recursive_seconds}). Values are converted exactly in decimal
 * ({@code usage_usec 1234567} is {@code 1.234567}). Counts have no unit;</li>
 * <li>words {@code promtool check metrics} takes for abbreviated units ({@code sec}, {@code ms}, {@code s},
 * {@code b}, {@code m}, {@code h}, {@code d}, ...) are spelled out when known ({@code memory.stat.sec_pagetables}
 * gives {@code cgroup_memory_secondary_pagetables_bytes}) and otherwise glued to the next word;</li>
 * <li>counters' samples are {@code <family>_total}.</li>
 * </ul>
 * Keyed files, by format ({@link dev.rstat.cgroup.stat.StatFormat} from the catalog):
 * <ul>
 * <li>flat keyed: the key is part of the name ({@code memory.stat.pgfault} gives {@code cgroup_memory_pgfault_total});
 * in a file whose keys are data rather than names (no known keys: {@code misc.current},
 * {@code blkio.throttle.read_bps_device}) the key is a label, {@code device} if it is {@code MAJ:MIN}, else
 * {@code key};</li>
 * <li>{@code io.*} nested files: the row is a {@code device} label and the key names the family; {@code io.stat}
 * keys are renamed so that the name ends with its unit: {@code rbytes wbytes dbytes rios wios dios} give
 * {@code cgroup_io_read_bytes_total}, {@code cgroup_io_written_bytes_total}, {@code cgroup_io_discarded_bytes_total},
 * {@code cgroup_io_reads_total}, {@code cgroup_io_writes_total}, {@code cgroup_io_discards_total}. {@code io.max}
 * keeps the kernel's keys and has no unit because they are per second: {@code cgroup_io_max_rbps},
 * {@code cgroup_io_max_wiops} (likewise v1 {@code blkio.throttle.*_device});</li>
 * <li>pressure files: the row is part of the name, because {@code full} is a subset of {@code some} and they must
 * never be summed: {@code cpu.pressure.some.total} gives {@code cgroup_cpu_pressure_some_stalled_seconds_total},
 * {@code memory.pressure.full.total} {@code cgroup_memory_pressure_full_stalled_seconds_total};</li>
 * <li>{@code *numa_stat}: the key names the family and the node is a {@code node} label without its {@code N}
 * ({@code memory.numa_stat.anon.N0} gives {@code cgroup_memory_numa_stat_anon_bytes{node="0"}}); the v1 sum over
 * nodes ({@code total=N}) is a family of its own ending in {@code _all_nodes};</li>
 * <li>other nested files ({@code rdma.current}): the row is a {@code key} label and the key names the family;</li>
 * <li>v1 blkio {@code DEV OP VALUE} files: one family per file with {@code device} and {@code op} (lower case)
 * labels, and the file-level {@code Total} line in a family ending in {@code _all_devices};</li>
 * <li>per-CPU files and tables: {@code cpu<n>} becomes a {@code cpu="<n>"} label;</li>
 * <li>{@code hugetlb.<size>.*}: the size is a {@code size} label ({@code cgroup_hugetlb_current_bytes{size="2MB"}}).
 * </li>
 * </ul>
 *
 * <h2>Labels and scope</h2>
 * Every sample has {@code cgroup} (the path), {@code id} (the cgroup id, unsigned), the labels above, and
 * {@code scope}: {@code subtree} for values that include descendants (raw hierarchical values, {@code :subtree}
 * columns) and {@code self} for values that do not (raw local values, {@code :self} columns), so that
 * {@code sum(x{scope="self"})} never counts anything twice. Values that are not additive but cover the descendants
 * (limits, peaks, v1 {@code failcnt}, PSI) are {@code scope="subtree"}.
 * <p>
 * A gauge and its derived column share a family: {@code cgroup_procs{scope="self"}} is the kernel's count and
 * {@code cgroup_procs{scope="subtree"}} the sum over the subtree; {@code cgroup_memory_current_bytes{scope="self"}}
 * the own share. The derived {@code :self} and {@code :subtree} columns of a <em>counter</em> are not counters: reads
 * of a live hierarchy are not atomic (a parent read before its busy children gets an own share that jitters, and can
 * even be negative) and removing a cgroup moves or drops usage, so they can go down, which Prometheus' {@code rate()}
 * would take for a counter reset and turn into a spike as large as the whole value. They are therefore gauges, in a
 * family of their own with {@code _self} or {@code _subtree} before the unit and the same {@code scope} label:
 * {@code cgroup_cpu_usage_seconds_total{scope="subtree"}} (counter, the kernel's {@code usage_usec}) and
 * {@code cgroup_cpu_usage_self_seconds{scope="self"}} (gauge, its own share; use {@code deriv()} or
 * {@code delta()}); {@code cgroup_cpu_nr_periods_total{scope="self"}} and
 * {@code cgroup_cpu_nr_periods_subtree{scope="subtree"}}. Negative own shares are exported as they are.
 * <p>
 * Limits: the limit set in the cgroup keeps the file's family ({@code cgroup_memory_max_bytes}); the
 * {@code :effective} limit (the tightest on the path to the root) is a family of its own with {@code _effective}
 * before the unit ({@code cgroup_memory_max_effective_bytes}, {@code cgroup_cpu_max_quota_effective_seconds}) and
 * {@code scope="subtree"}, so that {@code cgroup_memory_current_bytes / cgroup_memory_max_effective_bytes} matches
 * label for label.
 * <p>
 * Label values escape backslash, double quote and line feed as both formats define. The {@code cgroup} label is the
 * exact path (a cgroup name may hold any byte but NUL and {@code /}); in labels read from files (keys, devices) other
 * control characters (C0, DEL, C1) become the text {@code \xNN} (C1: <code>&#92;u00NN</code>) with its backslash
 * escaped, as the text format shows them, so no file puts one into a scrape; everything else, including non-ASCII, is
 * written as is (UTF-8 when the Writer encodes UTF-8, as both formats require).
 *
 * <h2>Order and uniqueness</h2>
 * Families in name order, each with its {@code TYPE}/{@code UNIT}/{@code HELP} once and all its samples together:
 * rows in report order, and within a row the family's columns in column-name order. Families without samples are
 * left out. The HELP text names the source file and key and explains each scope present. Two columns never produce
 * the same sample name and labels ({@code MetricPlan}: a colliding column falls back to a name built from its whole
 * column name). A row with the same path and id as an earlier row is skipped.
 * <p>
 * Stateless and thread-safe.
 */
public final class OpenMetricsRenderer implements Renderer
{
    /** Content type of OpenMetrics 1.0 text. */
    public static final String OPENMETRICS_CONTENT_TYPE = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    /** Content type of the Prometheus text format 0.0.4. */
    public static final String PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private static final OpenMetricsRenderer OPENMETRICS = new OpenMetricsRenderer(true);
    private static final OpenMetricsRenderer PROMETHEUS = new OpenMetricsRenderer(false);
    private static final String INF = "+Inf";

    private final boolean openMetrics;

    private OpenMetricsRenderer(final boolean openMetrics)
    {
        this.openMetrics = openMetrics;
    }

    /**
     * The OpenMetrics 1.0 renderer.
     *
     * @return the renderer.
     */
    public static OpenMetricsRenderer openMetrics()
    {
        return OPENMETRICS;
    }

    /**
     * The Prometheus text format 0.0.4 renderer.
     *
     * @return the renderer.
     */
    public static OpenMetricsRenderer prometheusText()
    {
        return PROMETHEUS;
    }

    /**
     * The HTTP content type of this renderer's output.
     *
     * @return {@link #OPENMETRICS_CONTENT_TYPE} or {@link #PROMETHEUS_CONTENT_TYPE}.
     */
    public String contentType()
    {
        return openMetrics ? OPENMETRICS_CONTENT_TYPE : PROMETHEUS_CONTENT_TYPE;
    }

    @Override
    public void render(final Table table, final Writer out) throws IOException
    {
        final Sample sample = table.sample();
        final MetricPlan plan = MetricPlan.of(sample.columns(), table.fields());
        final int[] unique = distinct(sample, table.rows());
        final String[] rowLabels = new String[unique.length];
        final StringBuilder text = new StringBuilder(64);
        for (int r = 0; r < unique.length; r++)
        {
            text.setLength(0);
            text.append("{cgroup=\"");
            escapeLabelValue(sample.path(unique[r]), text);
            text.append("\",id=\"");
            Cells.appendNumber(sample.id(unique[r]), 0, false, text);
            text.append('"');
            rowLabels[r] = text.toString();
        }
        final StringBuilder samples = new StringBuilder(4096);
        for (final MetricPlan.Family family : plan.families())
        {
            samples.setLength(0);
            final List<ColumnMetric> metrics = family.metrics();
            final String[] labelSuffixes = labelSuffixes(metrics);
            final String sampleName = family.sampleName();
            for (int r = 0; r < unique.length; r++)
            {
                for (int k = 0; k < labelSuffixes.length; k++)
                {
                    final int mark = samples.length();
                    samples.append(sampleName).append(rowLabels[r]).append(labelSuffixes[k]);
                    if (value(sample, unique[r], metrics.get(k), samples))
                    {
                        samples.append('\n');
                    }
                    else
                    {
                        samples.setLength(mark);
                    }
                }
            }
            if (samples.length() > 0)
            {
                out.append(header(family));
                out.append(samples);
            }
        }
        if (openMetrics)
        {
            out.append("# EOF\n");
        }
        out.flush();
    }

    private String header(final MetricPlan.Family family)
    {
        final String type = family.counter() ? "counter" : "gauge";
        final StringBuilder header = new StringBuilder(256);
        if (openMetrics)
        {
            header.append("# TYPE ").append(family.name()).append(' ').append(type).append('\n');
            if (!family.unit().isEmpty())
            {
                header.append("# UNIT ").append(family.name()).append(' ').append(family.unit()).append('\n');
            }
            header.append("# HELP ").append(family.name()).append(' ');
            escapeHelp(family.help(), true, header);
            header.append('\n');
        }
        else
        {
            header.append("# HELP ").append(family.sampleName()).append(' ');
            escapeHelp(family.help(), false, header);
            header.append('\n');
            header.append("# TYPE ").append(family.sampleName()).append(' ').append(type).append('\n');
        }
        return header.toString();
    }

    private static String[] labelSuffixes(final List<ColumnMetric> metrics)
    {
        final String[] suffixes = new String[metrics.size()];
        final StringBuilder text = new StringBuilder(64);
        for (int k = 0; k < suffixes.length; k++)
        {
            final ColumnMetric metric = metrics.get(k);
            text.setLength(0);
            for (int i = 0; i < metric.labelNames().size(); i++)
            {
                text.append(',').append(metric.labelNames().get(i)).append("=\"");
                escapeKeyLabelValue(metric.labelValues().get(i), text);
                text.append('"');
            }
            text.append("} ");
            suffixes[k] = text.toString();
        }
        return suffixes;
    }

    private static int[] distinct(final Sample sample, final int[] rows)
    {
        final Set<String> seen = new HashSet<>(rows.length * 2);
        final IntArrayList unique = new IntArrayList(rows.length);
        for (final int row : rows)
        {
            if (seen.add(Long.toUnsignedString(sample.id(row)) + '\u0000' + sample.path(row)))
            {
                unique.add(row);
            }
        }
        return unique.toArray();
    }

    /** Appends a sample's value; false (nothing appended) if it has none to export. */
    private static boolean value(final Sample sample, final int row, final ColumnMetric metric,
        final StringBuilder out)
    {
        switch (sample.state(row, metric.field()))
        {
            case NUMBER ->
            {
                appendDecimal(sample.value(row, metric.field()), metric.decimals(), metric.signed(), out);
                return true;
            }
            case MAX ->
            {
                if (metric.limit())
                {
                    out.append(INF);
                }
                return metric.limit();
            }
            default ->
            {
                return false;
            }
        }
    }

    /** {@link #decimal} without a String: appends, then drops trailing zeros after the point. */
    private static void appendDecimal(final long value, final int decimals, final boolean signed,
        final StringBuilder out)
    {
        Cells.appendNumber(value, decimals, signed, out);
        if (decimals == 0)
        {
            return;
        }
        int end = out.length();
        while (out.charAt(end - 1) == '0')
        {
            end--;
        }
        if (out.charAt(end - 1) == '.')
        {
            end--;
        }
        out.setLength(end);
    }

    /**
     * Exact decimal text of a fixed-point value, without trailing zeros after the point.
     *
     * @param value    unsigned (or two's complement if signed) value, times {@code 10^decimals}.
     * @param decimals number of decimal places.
     * @param signed   whether the value is signed.
     * @return the text, e.g. {@code 1.234567}, {@code 1}, {@code 0.000005}.
     */
    static String decimal(final long value, final int decimals, final boolean signed)
    {
        final String text = Cells.number(value, decimals, signed);
        if (decimals == 0)
        {
            return text;
        }
        int end = text.length();
        while (text.charAt(end - 1) == '0')
        {
            end--;
        }
        if (text.charAt(end - 1) == '.')
        {
            end--;
        }
        return text.substring(0, end);
    }

    /**
     * Appends a label value escaped for both formats: backslash, double quote and line feed. Used for the cgroup
     * path, which stays exact (other control characters included, as both formats allow) so that it matches
     * {@code /proc/PID/cgroup} and other exporters' labels.
     *
     * @param value the value.
     * @param out   where to append it.
     */
    static void escapeLabelValue(final String value, final StringBuilder out)
    {
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            switch (c)
            {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
    }

    /**
     * Appends a label value that was read from a file (a key, a device) escaped as {@link #escapeLabelValue}, and
     * other control characters as the text {@code \xNN} (<code>&#92;u00NN</code> for C1) with its backslash escaped,
     * so that nothing a file holds puts a control character into the exposition.
     *
     * @param value the value.
     * @param out   where to append it.
     */
    static void escapeKeyLabelValue(final String value, final StringBuilder out)
    {
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            if (c < 0x20 && c != '\n' || c == 0x7f)
            {
                out.append(String.format("\\\\x%02x", (int)c));
            }
            else if (c >= 0x80 && c <= 0x9f)
            {
                out.append(String.format("\\\\u%04x", (int)c));
            }
            else
            {
                escapeLabelValue(String.valueOf(c), out);
            }
        }
    }

    /**
     * Appends a HELP text escaped: backslash and line feed, and in OpenMetrics also double quote (the Prometheus
     * format knows no {@code \"} escape in HELP).
     *
     * @param help        the text.
     * @param openMetrics whether the output is OpenMetrics.
     * @param out         where to append it.
     */
    static void escapeHelp(final String help, final boolean openMetrics, final StringBuilder out)
    {
        for (int i = 0; i < help.length(); i++)
        {
            final char c = help.charAt(i);
            if (c == '\\')
            {
                out.append("\\\\");
            }
            else if (c == '\n')
            {
                out.append("\\n");
            }
            else if (c == '"' && openMetrics)
            {
                out.append("\\\"");
            }
            else
            {
                out.append(c);
            }
        }
    }
}
