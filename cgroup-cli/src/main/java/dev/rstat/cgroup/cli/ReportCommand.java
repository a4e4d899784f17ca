package dev.rstat.cgroup.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.PatternSyntaxException;

import dev.rstat.cgroup.Hierarchy;
import dev.rstat.cgroup.Order;
import dev.rstat.cgroup.report.RowSelection;
import dev.rstat.cgroup.report.Sampler;
import dev.rstat.cgroup.report.Walk;
import dev.rstat.cgroup.report.chart.ReportSeries;
import dev.rstat.cgroup.report.render.Format;
import dev.rstat.cgroup.report.render.MaxAs;
import dev.rstat.cgroup.stat.Problems;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code cgroup-walk report}: samples the hierarchy repeatedly into a long-format CSV (one row per cgroup per
 * sample, with a timestamp column), with rates and hierarchical aggregates, ready for pandas, DuckDB or a spreadsheet.
 * The file appears atomically and is complete and valid even when the run is interrupted with Ctrl-C.
 */
@Command(
    name = "report",
    header = "Samples the hierarchy repeatedly into a long-format CSV (or JSON Lines) with rates and aggregates.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Samples the hierarchy every --interval for --duration (or --count samples, or until Ctrl-C) into a " +
            "long-format CSV: timestamp,id,path,depth and one column per value, with <counter>:rate from the " +
            "second sample on and the --aggregate columns (<value>:self, <value>:subtree, <limit>:effective).",
        "With --output the file is written atomically and is complete even after Ctrl-C (what was sampled is " +
            "kept); a progress line goes to stderr when it is a terminal."})
final class ReportCommand implements Callable<Integer>
{
    @ParentCommand
    CgroupWalk parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--interval", paramLabel = "D", converter = DurationConverter.class,
        description = "Time between samples (default 5s).")
    Duration interval = Duration.ofSeconds(5);

    @Option(names = "--duration", paramLabel = "T", converter = DurationConverter.class,
        description = "How long to sample (default: until --count samples or Ctrl-C).")
    Duration duration;

    @Option(names = "--count", paramLabel = "N", description = "How many samples to take.")
    Long count;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
        description = "Write the CSV to FILE (atomically) instead of stdout.")
    Path output;

    @Option(names = "--html", paramLabel = "FILE",
        description = "Also draw the samples as an HTML page (as 'cgroup-walk plot' does with the CSV): the top " +
            "cgroups' CPU %% and memory over time.")
    Path html;

    @Option(names = "--top", paramLabel = "N", description = "With --html: cgroups shown one by one (default 8).")
    int top = PlotCommand.ReportPlots.DEFAULT_TOP;

    @Option(names = "--level", paramLabel = "N", description = "With --html: how many levels below the start " +
        "they are (default 1, its children).")
    int level = 1;

    @Option(names = "--stats", paramLabel = "FILE", split = ",",
        description = "Files to read (default as for cgroup-walk).")
    List<String> stats;

    @CommandLine.Mixin
    DeriveOption derive = new DeriveOption();

    @Option(names = "--no-aggregate", negatable = false, description = "Leave out the :self/:subtree/:effective " +
        "columns (they need a full walk of the hierarchy per sample).")
    boolean noAggregate;

    @Option(names = "--format", paramLabel = "FORMAT", completionCandidates = ReportFormats.class,
        description = "csv (default) or json (JSON Lines).")
    Format format = Format.CSV;

    @Option(names = "--max-as", paramLabel = "VALUE", converter = CgroupWalk.MaxAsConverter.class,
        description = "How a limit that is not set (max) is written: max (default), empty, or an integer; with " +
            "empty or a number, pandas and DuckDB read the limit columns as numbers.")
    MaxAs maxAs = MaxAs.KERNEL;

    @Option(names = "--filter", paramLabel = "REGEX", description = "Keep only cgroups whose path matches.")
    String filter;

    @Option(names = "--max-depth", paramLabel = "N", description = "Report at most N levels below the start.")
    Integer maxDepth;

    @Option(names = {"-v", "--verbose"}, description = "Print a warning for each skipped cgroup or file.")
    boolean verbose;

    @Parameters(index = "0", arity = "0..1", paramLabel = "CGROUP", description = "Start cgroup path (default /).")
    String cgroup;

    ReportCommand()
    {
    }

    @Override
    public Integer call() throws IOException
    {
        if (interval.isZero() || interval.isNegative())
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "--interval must be positive: interval=" +
                interval);
        }
        if (format != Format.CSV && format != Format.JSON)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "report writes csv or json: format=" +
                format.name().toLowerCase(java.util.Locale.ROOT));
        }
        PlotCommand.ReportPlots.check(spec.commandLine(), top, level);
        final List<ReportSeries> series = html == null ? List.of() :
            List.of(ReportSeries.cpu(), ReportSeries.memory());
        final RowSelection selection;
        try
        {
            selection = new RowSelection(filter, null, null);
        }
        catch (final PatternSyntaxException ex)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "invalid --filter regex: " +
                ex.getDescription() + ": regex=" + filter);
        }
        if (output != null && output.toString().equals(CgroupWalk.STDOUT))
        {
            output = null;
        }
        final Hierarchy hierarchy = CgroupWalk.hierarchy(parent.root);
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
        final Sampler.Builder builder = Sampler.on(hierarchy).walk(walk).aggregate(!noAggregate).derive(derive.derivations()).rates(true)
            .problems(problems);
        if (stats != null)
        {
            builder.files(stats);
        }
        try (Sampler sampler = builder.build())
        {
            final SampleSink sink = output == null ?
                SampleSink.toStdout(format, true, spec.commandLine().getOut(), err) :
                SampleSink.toFile(format, true, output, err);
            sink.withMaxAs(maxAs).withRecorders(series);
            if (html != null)
            {
                // written when the CSV is committed, inside the sampling loop: also after Ctrl-C, before exit
                sink.afterCommit(() -> PlotCommand.ReportPlots.write(series, top, level, "cgroups over time" +
                    (cgroup == null ? "" : ": " + cgroup), html, err));
            }
            final boolean interrupted = new SamplingLoop(sampler, new SampleView(selection, null, false,
                new EmptySelectionWarnings(stats, null, filter, err, hierarchy.directory())), sink, err,
                output != null && SamplingLoop.stderrIsTerminal()).run(interval, count, duration);
            if (output != null)
            {
                err.println(Messages.PREFIX + "report: " + sink.samples() + " samples written to " + output +
                    (interrupted ? " (interrupted)" : ""));
            }

        }
        if (problems.any())
        {
            err.println(Messages.skipSummary(problems, verbose));
        }
        err.flush();
        return CgroupWalk.OK;
    }

    /** Completion candidates for {@code report --format}: only what report writes. */
    static final class ReportFormats implements Iterable<String>
    {
        @Override
        public java.util.Iterator<String> iterator()
        {
            return List.of("csv", "json").iterator();
        }
    }
}
