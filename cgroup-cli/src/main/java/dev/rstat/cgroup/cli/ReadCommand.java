package dev.rstat.cgroup.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.PatternSyntaxException;

import dev.rstat.cgroup.report.Field;
import dev.rstat.cgroup.report.FieldSelection;
import dev.rstat.cgroup.report.RowSelection;
import dev.rstat.cgroup.report.Table;
import dev.rstat.cgroup.report.kvmstats.KvmStatsFile;
import dev.rstat.cgroup.report.render.Format;
import dev.rstat.cgroup.report.render.Renderer;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cgroup-walk read FILE}: prints a {@code kvm-stats} file ({@code --format kvm-stats}) as the text, CSV, JSON
 * or OpenMetrics formats print a sample: the same rows in the same order, the same fields.
 */
@Command(
    name = "read",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    description = {
        "Prints a kvm-stats file (written by 'cgroup-walk --format kvm-stats -o FILE') as a table, CSV, JSON Lines " +
            "or OpenMetrics: the rows and fields that were exported, in their order.",
        "A truncated or corrupted file is refused with a one-line error naming the byte offset and the field. " +
            "The format: docs/kvm-stats-format.md."})
public final class ReadCommand implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    @Option(names = "--format", paramLabel = "FORMAT", converter = FormatConverter.class,
        completionCandidates = FormatConverter.Candidates.class,
        description = "text (default), csv, json, openmetrics or prometheus.")
    Format format = Format.TEXT;

    @Option(names = "--raw", description = "Exact numbers instead of human units (text format).")
    boolean raw;

    @Option(names = "--columns", paramLabel = "GLOB", split = ",",
        description = "Fields to print, as glob patterns, or 'all'. Default: all (for text, the compact set when " +
            "the file has it).")
    List<String> columnGlobs;

    @Option(names = "--filter", paramLabel = "REGEX", description = "Keep only cgroups whose path matches REGEX.")
    String filter;

    @Option(names = "--sort", paramLabel = "FIELD[:asc]", description = "Order siblings by a field, path or id.")
    String sort;

    @Option(names = "--top", paramLabel = "N", description = "Keep the first N children of every cgroup.")
    Integer top;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE atomically.")
    Path output;

    @Parameters(index = "0", paramLabel = "FILE", description = "A kvm-stats file.")
    Path file;

    /**
     * Creates the command.
     */
    public ReadCommand()
    {
    }

    @Override
    public Integer call() throws IOException
    {
        if (format == Format.KVM_STATS)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "read prints text formats: use text, csv, " +
                "json, openmetrics or prometheus");
        }
        final RowSelection rows;
        try
        {
            rows = new RowSelection(filter, sort, top);
        }
        catch (final PatternSyntaxException ex)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "invalid --filter regex: " +
                ex.getDescription() + ": regex=" + filter);
        }
        final KvmStatsFile stats = KvmStatsFile.read(file);
        final Table all = stats.table();
        final List<Field> fields = fields(all);
        final Table table;
        try
        {
            table = new Table(all.sample(), rows.apply(all.sample(), all.rows()), fields);
        }
        catch (final RowSelection.UnknownFieldException ex)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), ex.getMessage());
        }
        final Renderer renderer = Renderer.of(format, raw);
        if (output != null)
        {
            try
            {
                AtomicOutput.write(output, w -> renderer.render(table, w));
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot write output: file=" + output + " error=" + ex, ex);
            }
        }
        else
        {
            final PrintWriter out = spec.commandLine().getOut();
            renderer.render(table, out);
            out.flush();
        }
        return CgroupWalk.OK;
    }

    private List<Field> fields(final Table all)
    {
        final FieldSelection selection;
        if (columnGlobs != null)
        {
            if (columnGlobs.size() == 1 && columnGlobs.get(0).equals("all"))
            {
                return all.fields();
            }
            selection = new FieldSelection(columnGlobs);
        }
        else if (format == Format.TEXT)
        {
            selection = FieldSelection.compact(all.sample().columns().catalog());
        }
        else
        {
            return all.fields();
        }
        final Set<Field> chosen = new HashSet<>(selection.apply(all.sample()));
        final List<Field> kept = new ArrayList<>();
        for (final Field field : all.fields())
        {
            if (chosen.contains(field))
            {
                kept.add(field);
            }
        }
        return kept.isEmpty() && columnGlobs == null ? all.fields() : kept;
    }

}
