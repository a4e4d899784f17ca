package dev.rstat.cgroup.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import dev.rstat.cgroup.IoErrors;
import dev.rstat.cgroup.report.chart.PlotHtml;
import dev.rstat.cgroup.report.chart.ReportCsv;
import dev.rstat.cgroup.report.chart.ReportSeries;
import dev.rstat.cgroup.report.chart.TimeChart;
import dev.rstat.cgroup.stat.StatUnit;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cgroup-walk plot}: a report CSV drawn as a self-contained HTML page: the top N cgroups' CPU % and memory
 * over time, as lines or stacked areas, with legends that hide and show series.
 */
@Command(
    name = "plot",
    header = "Draws a report CSV as an HTML page: the top cgroups' CPU %% and memory over time.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Reads a CSV written by 'cgroup-walk report' and writes one self-contained HTML page (no network needed) " +
            "with two charts: CPU (cpu.stat.usage_usec:rate or cpuacct.usage:rate, %% of one CPU) and memory " +
            "(memory.current or memory.usage_in_bytes). Each shows the --top cgroups --level levels below the " +
            "report's top cgroup, ranked by their mean, the rest summed as 'other', and the top cgroup as a dashed " +
            "total line. Buttons switch between lines and stacked areas; a legend entry hides or shows its series."},
    footerHeading = "%nExamples:%n",
    footer = {
        "  cgroup-walk report --interval 5s --duration 10m -o report.csv && cgroup-walk plot report.csv -o report.html",
        "  cgroup-walk plot --top 5 --level 2 report.csv -o report.html"})
final class PlotCommand implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    @Option(names = "--top", paramLabel = "N", description = "Cgroups shown one by one per chart (default 8).")
    int top = ReportPlots.DEFAULT_TOP;

    @Option(names = "--level", paramLabel = "N", description = "How many levels below the report's top cgroup " +
        "they are (default 1: its children, which can be stacked).")
    int level = 1;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true,
        description = "The HTML file to write (atomically).")
    Path output;

    @Parameters(index = "0", paramLabel = "CSV", description = "A report CSV (cgroup-walk report).")
    Path input;

    PlotCommand()
    {
    }

    @Override
    public Integer call() throws IOException
    {
        ReportPlots.check(spec.commandLine(), top, level);
        final List<ReportSeries> series = List.of(ReportSeries.cpu(), ReportSeries.memory());
        try (Reader in = Files.newBufferedReader(input, StandardCharsets.UTF_8))
        {
            ReportCsv.read(in, input.toString(), series);
        }
        catch (final NoSuchFileException ex)
        {
            throw new UncheckedIOException("no such report file: file=" + input, ex);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read report: file=" + input + " error=" + IoErrors.reason(ex), ex);
        }
        final PrintWriter err = spec.commandLine().getErr();
        ReportPlots.write(series, top, level, "cgroups over time: " + input.getFileName(), output, err);
        return CgroupWalk.OK;
    }

    /** What {@code plot} and {@code report --html} share: the checks, the charts and the atomic write. */
    static final class ReportPlots
    {
        static final int DEFAULT_TOP = 8;

        private ReportPlots()
        {
        }

        static void check(final CommandLine commandLine, final int top, final int level)
        {
            if (top < 1)
            {
                throw new CommandLine.ParameterException(commandLine, "--top must be at least 1: top=" + top);
            }
            if (level < 1)
            {
                throw new CommandLine.ParameterException(commandLine, "--level must be at least 1: level=" + level);
            }
        }

        static void write(final List<ReportSeries> series, final int top, final int level, final String title,
            final Path output, final PrintWriter err) throws IOException
        {
            final ReportSeries cpu = series.get(0);
            final ReportSeries memory = series.get(1);
            if (cpu.column() == null && memory.column() == null)
            {
                throw new IllegalArgumentException("nothing to plot: the report has none of " + cpu.candidates() +
                    " or " + memory.candidates());
            }
            final List<TimeChart> charts = new java.util.ArrayList<>();
            if (cpu.column() != null)
            {
                charts.add(TimeChart.top(cpu, StatUnit.PERCENT, top, level));
            }
            if (memory.column() != null)
            {
                charts.add(TimeChart.top(memory, StatUnit.BYTES, top, level));
            }
            try
            {
                AtomicOutput.write(output, w -> PlotHtml.write(title, charts, w));
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot write output: file=" + output + " error=" +
                    IoErrors.reason(ex), ex);
            }
            final int samples = charts.get(0).times().size();
            err.println(Messages.PREFIX + "plot: " + samples + (samples == 1 ? " sample" : " samples") + " of " +
                (cpu.column() == null ? "" : cpu.column() + (memory.column() == null ? "" : " and ")) +
                (memory.column() == null ? "" : memory.column()) + " drawn to " + output);
            err.flush();
        }
    }
}
