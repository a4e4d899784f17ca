package dev.rstat.cgroup.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import dev.rstat.cgroup.Hierarchy;
import dev.rstat.cgroup.IoErrors;
import dev.rstat.cgroup.Order;
import dev.rstat.cgroup.report.Derivation;
import dev.rstat.cgroup.report.Field;
import dev.rstat.cgroup.report.Sample;
import dev.rstat.cgroup.report.Sampler;
import dev.rstat.cgroup.report.Walk;
import dev.rstat.cgroup.report.chart.FlameChart;
import dev.rstat.cgroup.report.chart.FlameHtml;
import dev.rstat.cgroup.report.chart.FlameSvg;
import dev.rstat.cgroup.stat.Problems;
import dev.rstat.cgroup.stat.StatCatalog;
import dev.rstat.cgroup.stat.StatInfo;
import dev.rstat.cgroup.stat.StatKind;
import dev.rstat.cgroup.stat.StatScope;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code cgroup-walk flame}: one sample of the hierarchy drawn as a flame (icicle) chart of one stat, a
 * self-contained HTML page (zoom, search) or a static SVG image.
 */
@Command(
    name = "flame",
    header = "Draws one stat of the hierarchy as a flame (icicle) chart: a self-contained HTML page or an SVG.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "One box per cgroup of the walk, as wide as its hierarchical value (a local value's :subtree sum), its " +
            "children side by side inside it in the walk's order; the part they leave uncovered is the cgroup's " +
            "own share. The tooltip gives the path, the value with its unit, the own share and the share of the " +
            "root. The HTML page zooms into a box on click and highlights the paths that contain the search text; " +
            "it needs no network.",
        "A counter (cpu.stat.usage_usec, cpuacct.usage) is drawn as its cumulative value, or with --interval as " +
            "its rate over that interval (two samples). Children whose values add up to more than their parent's " +
            "(live reads are not atomic) are scaled to fit it, and its tooltip says so."},
    footerHeading = "%nExamples:%n",
    footer = {
        "  cgroup-walk flame --stat memory.current -o memory.html",
        "  cgroup-walk flame --stat memory.usage_in_bytes --color memory.stat.rss:subtree -o memory.html",
        "  cgroup-walk flame --stat cpuacct.usage --interval 2s --format svg -o cpu.svg /system.slice"})
final class FlameCommand implements Callable<Integer>
{
    @ParentCommand
    CgroupWalk parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--stat", paramLabel = "FIELD", required = true,
        description = "The value the widths come from, as the CSV header names it (memory.current, " +
            "cpu.stat.usage_usec, memory.stat.anon): a hierarchical value, or a local one (drawn as its :subtree).")
    String stat;

    @Option(names = "--color", paramLabel = "FIELD",
        description = "Colour the boxes by this value (e.g. memory.stat.anon:self), pale yellow (lowest) to dark " +
            "red (highest); default: by depth.")
    String color;

    @Option(names = "--interval", paramLabel = "D", converter = DurationConverter.class,
        description = "Take two samples D apart and draw a counter's rate (CPU time as %% of one CPU).")
    Duration interval;

    @Option(names = "--format", paramLabel = "FORMAT", completionCandidates = Formats.class,
        description = "html (default; zoom and search) or svg (static, tooltips as titles).")
    String format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
        description = "Write to FILE (atomically) instead of stdout; a name ending in .svg means --format svg.")
    Path output;

    @Option(names = "--max-depth", paramLabel = "N", description = "Draw at most N levels below the start.")
    Integer maxDepth;

    @Option(names = "--title", paramLabel = "TEXT", description = "The chart's title (default: the stat, the " +
        "start cgroup and the time).")
    String title;

    @Option(names = {"-v", "--verbose"}, description = "Print a warning for each skipped cgroup or file.")
    boolean verbose;

    @Parameters(index = "0", arity = "0..1", paramLabel = "CGROUP", description = "Start cgroup path (default /).")
    String cgroup;

    FlameCommand()
    {
    }

    @Override
    public Integer call() throws IOException
    {
        final boolean svg = svg();
        if (interval != null && (interval.isZero() || interval.isNegative()))
        {
            throw usage("--interval must be positive: interval=" + interval);
        }
        if (maxDepth != null && maxDepth < 0)
        {
            throw usage("--max-depth must not be negative: max-depth=" + maxDepth);
        }
        if (output != null && output.toString().equals(CgroupWalk.STDOUT))
        {
            output = null;
        }
        final Hierarchy hierarchy = CgroupWalk.hierarchy(parent.root);
        final StatCatalog catalog = hierarchy.catalog();
        final List<String> files = new ArrayList<>();
        files.add(fileOf(catalog, stat, "--stat"));
        if (color != null && !files.contains(fileOf(catalog, color, "--color")))
        {
            files.add(fileOf(catalog, color, "--color"));
        }
        final PrintWriter err = spec.commandLine().getErr();
        final Problems problems = new Problems(verbose ? line -> err.println(Messages.PREFIX + line) : line -> { });
        Walk walk = Walk.all().withOrder(Order.DESCENDANTS_PRE);
        if (cgroup != null)
        {
            walk = walk.withStart(cgroup);
        }
        if (maxDepth != null)
        {
            walk = walk.withMaxDepth(maxDepth);
        }
        final String sampledAt = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
            .toString();
        try (Sampler sampler = Sampler.on(hierarchy).files(files).walk(walk).aggregate(true)
            .rates(interval != null).problems(problems).build())
        {
            Sample sample = sampler.sample();
            if (interval != null)
            {
                sleep(interval);
                sample = sampler.sample();
            }
            final Field value = widthField(sample);
            final Field colorField = color == null ? null : field(sample, color, "--color");
            final int[] rows = sample.rows(walk);
            final String name = value.name(sample.columns());
            final FlameChart chart = FlameChart.of(sample, rows, value, colorField, title != null ? title :
                name + " of " + (cgroup == null ? "/" : cgroup) + " at " + sampledAt +
                (interval != null && value.derivation() == Derivation.RATE ? " (over " + interval.toMillis() +
                    " ms)" : ""));
            write(chart, svg);
            if (output != null)
            {
                err.println(Messages.PREFIX + "flame: " + chart.size() + (chart.size() == 1 ? " cgroup" :
                    " cgroups") + " of " + name + " written to " + output);
            }
        }
        if (problems.any())
        {
            err.println(Messages.skipSummary(problems, verbose));
        }
        err.flush();
        return CgroupWalk.OK;
    }

    private boolean svg()
    {
        if (format == null)
        {
            return output != null && output.getFileName() != null &&
                output.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".svg");
        }
        return switch (format.toLowerCase(Locale.ROOT))
        {
            case "svg" -> true;
            case "html" -> false;
            default -> throw usage("flame writes html or svg: format=" + format);
        };
    }

    /** The file a field's column comes from, so that only it is read. */
    private String fileOf(final StatCatalog catalog, final String fieldName, final String option)
    {
        final String column = column(fieldName);
        final String file = catalog.fileOf(column);
        if (file == null)
        {
            throw usage(option + " names no file this hierarchy's catalog knows: " + fieldName +
                (catalog.version() == 1 ? " (a v1 hierarchy: e.g. memory.usage_in_bytes, cpuacct.usage)" :
                    " (e.g. memory.current, cpu.stat.usage_usec)"));
        }
        return file;
    }

    /** A field name without its derivation suffix. */
    private static String column(final String fieldName)
    {
        for (final Derivation d : Derivation.values())
        {
            if (d != Derivation.RAW && fieldName.endsWith(d.suffix()))
            {
                return fieldName.substring(0, fieldName.length() - d.suffix().length());
            }
        }
        return fieldName;
    }

    /**
     * The field the widths come from: as named if it is hierarchical; a local value's {@code :subtree}; with
     * {@code --interval} a counter's {@code :rate}.
     */
    private Field widthField(final Sample sample)
    {
        Field field = field(sample, stat, "--stat");
        final StatInfo info = sample.info(field);
        if (field.derivation() == Derivation.RAW)
        {
            if (interval != null && info.kind() == StatKind.COUNTER && info.scope() == StatScope.HIERARCHICAL)
            {
                field = new Field(field.column(), Derivation.RATE);
            }
            else if (info.scope() == StatScope.LOCAL)
            {
                field = new Field(field.column(), Derivation.SUBTREE);
            }
            if (!sample.fields().contains(field))
            {
                throw usage("no " + field.name(sample.columns()) + " in the sample: " + stat + " cannot be drawn");
            }
        }
        final StatInfo drawn = sample.info(field);
        if (!drawn.additive() || drawn.scope() != StatScope.HIERARCHICAL)
        {
            throw usage("--stat must be a value that adds up over the hierarchy (a counter or an amount, not a " +
                "limit, a setting or an own share): " + stat);
        }
        return field;
    }

    private Field field(final Sample sample, final String name, final String option)
    {
        final Field field = Field.parse(sample.columns(), name);
        if (field == null || !sample.fields().contains(field))
        {
            throw new IllegalArgumentException(option + " " + name + ": no cgroup of the walk has it (file not " +
                "there or key not in it)");
        }
        return field;
    }

    private void write(final FlameChart chart, final boolean svg) throws IOException
    {
        if (output != null)
        {
            try
            {
                AtomicOutput.write(output, w ->
                {
                    if (svg)
                    {
                        FlameSvg.write(chart, w);
                    }
                    else
                    {
                        FlameHtml.write(chart, w);
                    }
                });
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot write output: file=" + output + " error=" +
                    IoErrors.reason(ex), ex);
            }
            return;
        }
        final PrintWriter out = spec.commandLine().getOut();
        if (svg)
        {
            FlameSvg.write(chart, out);
        }
        else
        {
            FlameHtml.write(chart, out);
        }
        out.flush();
        StdoutClosedException.check(out);
    }

    private static void sleep(final Duration interval)
    {
        try
        {
            Thread.sleep(interval.toMillis());
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private CommandLine.ParameterException usage(final String message)
    {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    /** Completion candidates for {@code flame --format}. */
    static final class Formats implements Iterable<String>
    {
        @Override
        public java.util.Iterator<String> iterator()
        {
            return List.of("html", "svg").iterator();
        }
    }
}
