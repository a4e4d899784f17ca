package dev.rstat.cgroup.cli;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.PatternSyntaxException;

import dev.rstat.cgroup.CgroupNotFoundException;
import dev.rstat.cgroup.CgroupWalker;
import dev.rstat.cgroup.Hierarchy;
import dev.rstat.cgroup.Mounts;
import dev.rstat.cgroup.Order;
import dev.rstat.cgroup.report.FieldSelection;
import dev.rstat.cgroup.report.RowSelection;
import dev.rstat.cgroup.report.Sampler;
import dev.rstat.cgroup.report.Table;
import dev.rstat.cgroup.report.Walk;
import dev.rstat.cgroup.report.render.Format;
import dev.rstat.cgroup.report.render.Renderer;
import dev.rstat.cgroup.stat.Problems;
import dev.rstat.cgroup.stat.StatCatalog;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code cgroup-walk}: walks a cgroup hierarchy in a BPF {@code cgroup_iter} order and prints the selected stat files
 * of each cgroup as a table, CSV or JSON Lines.
 *
 * <p>Exit codes: {@value #OK} when the walk completed (even if some cgroups vanished or some files could not be read;
 * then a one-line summary goes to stderr), {@value #UNUSABLE} when the hierarchy root or start cgroup is unusable or
 * the output cannot be written, {@value #USAGE} for usage errors.
 */
@Command(
    name = "cgroup-walk",
    resourceBundle = "dev.rstat.cgroup.cli.HelpText",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
        "Walks a cgroup hierarchy in one of the kernel's cgroup_iter orders and prints stat files of each cgroup.",
        "CGROUP is the start cgroup's path relative to the hierarchy root (default /, the whole hierarchy)."},
    subcommands = {
        MountsCommand.class,
        SnapshotCommand.class,
        ReportCommand.class,
        ServeCommand.class,
        PublishCommand.class,
        StatCommand.class,
        AutoComplete.GenerateCompletion.class,
        CommandLine.HelpCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        " 0:walk completed (also when some cgroups vanished or files were unreadable: summary on stderr)",
        " 1:root or start cgroup unusable, or output not writable",
        " 2:usage error"},
    footerHeading = "%nExamples:%n",
    footer = {
        "  cgroup-walk                                   the cgroup2 hierarchy as a table",
        "  cgroup-walk --order descendants_post --format csv /system.slice",
        "  cgroup-walk --root /sys/fs/cgroup/memory --stats memory.usage_in_bytes --max-depth 1",
        "  cgroup-walk --id 1234 --order ancestors_up",
        "  cgroup-walk --aggregate --sort cpu.stat.usage_usec:self --top 5",
        "  cgroup-walk --interval 1s --count 5 --format csv --filter 'system\\.slice'",
        "  cgroup-walk report --interval 5s --duration 10m --output report.csv",
        "  cgroup-walk --aggregate --format openmetrics     (or: cgroup-walk serve --listen 127.0.0.1:9400)",
        "  cgroup-walk snapshot --out /tmp/snap && cgroup-walk --root /tmp/snap",
        "  cgroup-walk publish --file /dev/shm/cgroup-stats   (read it: cgroup-walk stat --file ...)",
        "  cgroup-walk -- -name-with-leading-dash       (-- ends the options)"})
public final class CgroupWalk implements Callable<Integer>
{
    /** Exit code: walk completed. */
    public static final int OK = 0;
    /** Exit code: root/start cgroup unusable or output not writable. */
    public static final int UNUSABLE = 1;
    /** Exit code: usage error. */
    public static final int USAGE = 2;

    @Spec
    CommandSpec spec;

    @Option(names = "--root", paramLabel = "DIR", scope = ScopeType.INHERIT,
        description = "Hierarchy root: a cgroup mount (e.g. /sys/fs/cgroup/memory), a directory below one, or a " +
            "snapshot. Default: this machine's cgroup2 hierarchy.")
    Path root;

    @Option(names = "--order", paramLabel = "ORDER", converter = OrderConverter.class,
        completionCandidates = OrderCandidates.class,
        description = "descendants_pre (default), descendants_post, ancestors_up, self_only, children.")
    Order order = Order.DESCENDANTS_PRE;

    @Option(names = "--id", paramLabel = "ID", converter = UnsignedLongConverter.class,
        description = "Start at the cgroup with this id (inode number) instead of a path.")
    Long id;

    @Option(names = "--limit", paramLabel = "N", description = "Stop after N cgroups.")
    Long limit;

    @Option(names = "--max-depth", paramLabel = "N",
        description = "Go at most N levels away from the start cgroup (0 = start only).")
    Integer maxDepth;

    @Option(names = "--stats", paramLabel = "FILE", split = ",", descriptionKey = "walk.stats",
        description = "Files to read, comma-separated, or 'all' (default: the catalog's list).")
    List<String> stats;

    @Option(names = "--columns", paramLabel = "GLOB", split = ",",
        description = {"Columns to print, as glob patterns (memory.stat.*, *:self, cpu.stat.usage_usec*), or 'all'. " +
            "Default: all for csv/json; for text without --stats a compact set (pids, CPU, memory, io bytes, " +
            "pressure) plus their derived columns."})
    List<String> columnGlobs;

    @Option(names = "--format", paramLabel = "FORMAT", description = "text (default), csv, json (JSON Lines), openmetrics (OpenMetrics 1.0) or prometheus " +
            "(Prometheus text 0.0.4); for the last two, add --aggregate to get scope=\"self\" values.")
    Format format = Format.TEXT;

    @Option(names = "--raw", description = "Exact numbers instead of human units (text format).")
    boolean raw;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
        description = "Write to FILE instead of stdout, atomically (temporary file, then rename).")
    Path output;

    @Option(names = "--aggregate",
        description = {"Add hierarchical aggregates through the rstat engine: <value>:self (a hierarchical value " +
            "minus its children's: the cgroup's own share; usage of removed children stays in the parent), " +
            "<value>:subtree (a local value summed over the subtree), <limit>:effective (the tightest limit on the " +
            "path to the root). Reads the whole hierarchy; the walk options choose the rows printed."})
    boolean aggregate;

    @Option(names = "--derive", paramLabel = "STAT", split = ",", converter = DerivationConverter.class,
        completionCandidates = DerivationConverter.Candidates.class,
        description = "Add subtree statistics of every numeric value, each over the cgroup's live subtree, itself " +
            "included: max, min, avg (<value>:max, <value>:min, <value>:avg) and zero (<value>:zero: how many " +
            "cgroups hold 0), comma-separated. Implies --aggregate.")
    java.util.Set<dev.rstat.cgroup.report.Derivation> derive = java.util.EnumSet.noneOf(
        dev.rstat.cgroup.report.Derivation.class);

    @Option(names = "--interval", paramLabel = "D", converter = DurationConverter.class,
        description = "Sample repeatedly, every D (500ms, 5s, 1m...). Adds <counter>:rate columns from the second " +
            "sample on (CPU and pressure time as %% of one CPU / of wall time, others per second). CSV output is " +
            "long format with a timestamp column; JSON lines get a timestamp field.")
    Duration interval;

    @Option(names = "--count", paramLabel = "N", description = "Take N samples (with --interval; default: until " +
        "--duration has passed or Ctrl-C).")
    Long count;

    @Option(names = "--duration", paramLabel = "T", converter = DurationConverter.class,
        description = "Sample for T (with --interval).")
    Duration duration;

    @Option(names = "--sort", paramLabel = "FIELD[:asc]",
        description = "Order siblings by a column (as named in the CSV header), path or id; largest first unless " +
            ":asc. The tree stays a tree: each cgroup is followed by its sorted children.")
    String sort;

    @Option(names = "--top", paramLabel = "N", description = "Keep the first N children of every cgroup (after " +
        "--sort), like below's --top.")
    Integer top;

    @Option(names = "--filter", paramLabel = "REGEX",
        description = "Keep only cgroups whose path contains a match of REGEX (Java syntax).")
    String filter;

    @Option(names = {"-v", "--verbose"}, description = "Print a warning for each skipped cgroup or file.")
    boolean verbose;

    @Parameters(index = "0", arity = "0..1", paramLabel = "CGROUP", description = "Start cgroup path (default /).")
    String cgroup;

    /**
     * Creates the command (picocli populates the fields).
     */
    public CgroupWalk()
    {
    }

    /**
     * Runs the command and exits with its exit code.
     *
     * @param args command-line arguments.
     */
    public static void main(final String[] args)
    {
        final PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        final PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        final int code = run(out, err, args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /**
     * Runs the command with the given streams (for tests and embedding).
     *
     * @param out  standard output.
     * @param err  standard error.
     * @param args command-line arguments.
     * @return the exit code.
     */
    public static int run(final PrintWriter out, final PrintWriter err, final String... args)
    {
        return commandLine(out, err).execute(args);
    }

    /**
     * @param out standard output.
     * @param err standard error.
     * @return the configured picocli command line.
     */
    static CommandLine commandLine(final PrintWriter out, final PrintWriter err)
    {
        final CommandLine commandLine = new CommandLine(new CgroupWalk());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setParameterExceptionHandler(CgroupWalk::usageError);
        commandLine.setExecutionExceptionHandler(CgroupWalk::failure);
        return commandLine;
    }

    private static int usageError(final CommandLine.ParameterException ex, final String[] args)
    {
        final CommandLine commandLine = ex.getCommandLine();
        final PrintWriter err = commandLine.getErr();
        err.println(commandLine.getCommandName() + ": " + ex.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("Try '" + commandLine.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return USAGE;
    }

    private static int failure(
        final Exception ex, final CommandLine commandLine, final CommandLine.ParseResult parseResult)
    {
        final PrintWriter err = commandLine.getErr();
        final String name = commandLine.getCommandSpec().root().name();
        if (ex instanceof CgroupNotFoundException || ex instanceof UncheckedIOException ||
            ex instanceof IOException || ex instanceof IllegalArgumentException ||
            ex instanceof dev.rstat.agrona.CountersFileException)
        {
            err.println(name + ": " + ex.getMessage());
        }
        else
        {
            err.println(name + ": internal error: " + ex);
            ex.printStackTrace(err);
        }
        err.flush();
        return UNUSABLE;
    }

    @Override
    public Integer call() throws IOException
    {
        validate();
        final Hierarchy hierarchy = hierarchy(root);
        final PrintWriter err = spec.commandLine().getErr();
        final Problems problems = new Problems(verbose ? err::println : line -> { });
        final boolean repeated = interval != null || count != null || duration != null;
        final Sampler.Builder builder = Sampler.on(hierarchy).walk(walk()).aggregate(aggregate).derive(derive).rates(repeated)
            .problems(problems);
        if (stats != null)
        {
            builder.files(stats);
        }
        final SampleView view = new SampleView(selection(), fields(hierarchy), columnGlobs == null);
        try (Sampler sampler = builder.build())
        {
            if (repeated)
            {
                final Duration every = interval == null ? Duration.ofSeconds(1) : interval;
                final SampleSink sink = output == null ?
                    SampleSink.toStdout(format, raw, spec.commandLine().getOut(), err) :
                    SampleSink.toFile(format, raw, output, err);
                new SamplingLoop(sampler, view, sink, err, output != null && SamplingLoop.stderrIsTerminal())
                    .run(every, count, duration);
            }
            else
            {
                render(view.of(sampler.sample()));
            }
        }
        catch (final RowSelection.UnknownFieldException ex)
        {
            throw usage(ex.getMessage());
        }
        if (problems.any())
        {
            err.println(problems.summary());
            err.flush();
        }
        return OK;
    }

    private Walk walk()
    {
        Walk walk = Walk.all().withOrder(order);
        if (id != null)
        {
            walk = walk.withStartId(id);
        }
        else if (cgroup != null)
        {
            walk = walk.withStart(cgroup);
        }
        if (limit != null)
        {
            walk = walk.withLimit(limit);
        }
        if (maxDepth != null)
        {
            walk = walk.withMaxDepth(maxDepth);
        }
        return walk;
    }

    private FieldSelection fields(final Hierarchy hierarchy)
    {
        if (columnGlobs != null)
        {
            return columnGlobs.size() == 1 && columnGlobs.get(0).equals(Sampler.ALL_FILES) ? null :
                new FieldSelection(columnGlobs);
        }
        if (format == Format.TEXT && stats == null)
        {
            return FieldSelection.compact(StatCatalog.forVersion(hierarchy.version().number()));
        }
        return null;
    }

    private RowSelection selection()
    {
        try
        {
            return new RowSelection(filter, sort, top);
        }
        catch (final PatternSyntaxException ex)
        {
            throw usage("invalid --filter regex: " + ex.getDescription() + ": regex=" + filter);
        }
    }

    private void render(final Table table) throws IOException
    {
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
    }

    private void validate()
    {
        if (id != null && cgroup != null)
        {
            throw usage("give a CGROUP path or --id, not both: path=" + cgroup + " id=" + Long.toUnsignedString(id));
        }
        if (limit != null && limit < 0)
        {
            throw usage("--limit must not be negative: limit=" + limit);
        }
        if ((format == Format.OPENMETRICS || format == Format.PROMETHEUS) &&
            (interval != null || count != null || duration != null))
        {
            throw usage("--format " + format.name().toLowerCase(java.util.Locale.ROOT) +
                " takes one sample; use 'cgroup-walk serve' for a live endpoint");
        }
        if (top != null && top < 0)
        {
            throw usage("--top must not be negative: top=" + top);
        }
        if (count != null && count < 1)
        {
            throw usage("--count must be at least 1: count=" + count);
        }
        if (interval != null && (interval.isZero() || interval.isNegative()))
        {
            throw usage("--interval must be positive: interval=" + interval);
        }
        if (maxDepth != null && maxDepth < 0)
        {
            throw usage("--max-depth must not be negative: max-depth=" + maxDepth);
        }
        if (stats != null)
        {
            try
            {
                Sampler.checkFiles(stats);
            }
            catch (final IllegalArgumentException ex)
            {
                throw usage("invalid --stats entry: " + ex.getMessage());
            }
        }
        if (cgroup != null)
        {
            try
            {
                CgroupWalker.pathNames(cgroup);
            }
            catch (final IllegalArgumentException ex)
            {
                throw usage(ex.getMessage());
            }
        }
    }

    private CommandLine.ParameterException usage(final String message)
    {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    /**
     * The hierarchy to walk: {@code --root} if given, else this machine's cgroup2 hierarchy.
     *
     * @param root the {@code --root} value, or null.
     * @return the hierarchy.
     * @throws CgroupNotFoundException if there is none.
     */
    static Hierarchy hierarchy(final Path root)
    {
        if (root != null)
        {
            return Hierarchy.at(root);
        }
        return Mounts.discover().defaultRoot();
    }

    /** Converts {@code --order} values leniently ({@link Order#parse}). */
    static final class OrderConverter implements CommandLine.ITypeConverter<Order>
    {
        @Override
        public Order convert(final String value)
        {
            try
            {
                return Order.parse(value);
            }
            catch (final IllegalArgumentException ex)
            {
                throw new CommandLine.TypeConversionException(ex.getMessage());
            }
        }
    }

    /** Completion candidates for {@code --order}. */
    static final class OrderCandidates implements Iterable<String>
    {
        @Override
        public Iterator<String> iterator()
        {
            final List<String> names = new ArrayList<>();
            for (final Order value : Order.values())
            {
                names.add(value.kernelName());
            }
            return names.iterator();
        }
    }

    /** Converts unsigned 64-bit decimal ids. */
    static final class UnsignedLongConverter implements CommandLine.ITypeConverter<Long>
    {
        @Override
        public Long convert(final String value)
        {
            try
            {
                return Long.parseUnsignedLong(value);
            }
            catch (final NumberFormatException ex)
            {
                throw new CommandLine.TypeConversionException("not an unsigned 64-bit id: " + value);
            }
        }
    }
}
