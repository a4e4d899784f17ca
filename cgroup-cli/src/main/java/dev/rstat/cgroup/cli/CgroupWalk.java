package dev.rstat.cgroup.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.PatternSyntaxException;

import dev.rstat.cgroup.IoErrors;
import dev.rstat.cgroup.CgroupNotFoundException;
import dev.rstat.cgroup.CgroupWalker;
import dev.rstat.cgroup.Hierarchy;
import dev.rstat.cgroup.Mounts;
import dev.rstat.cgroup.Order;
import dev.rstat.cgroup.report.FieldSelection;
import dev.rstat.cgroup.report.DyingSummary;
import dev.rstat.cgroup.report.RowSelection;
import dev.rstat.cgroup.report.Sample;
import dev.rstat.cgroup.report.Sampler;
import dev.rstat.cgroup.report.Table;
import dev.rstat.cgroup.report.Walk;
import dev.rstat.cgroup.report.kvmstats.KvmStatsWriter;
import dev.rstat.cgroup.report.render.Format;
import dev.rstat.cgroup.report.render.MaxAs;
import dev.rstat.cgroup.report.render.Renderer;
import dev.rstat.cgroup.stat.Problems;

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
 * the output cannot be written, {@value #USAGE} for usage errors, {@value StdoutClosedException#EXIT_STATUS} (quietly)
 * when stdout was closed by its reader, as for a command that dies of {@code SIGPIPE}.
 */
@Command(
    name = "cgroup-walk",
    resourceBundle = "dev.rstat.cgroup.cli.HelpText",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    description = {
        "Walks a cgroup hierarchy in one of the kernel's cgroup_iter orders and prints stat files of each cgroup.",
        "CGROUP is the start cgroup's path relative to the hierarchy root (default /, the whole hierarchy)."},
    subcommands = {
        MountsCommand.class,
        SnapshotCommand.class,
        ReportCommand.class,
        FlameCommand.class,
        PlotCommand.class,
        ServeCommand.class,
        PublishCommand.class,
        StatCommand.class,
        CompletionCommand.class,
        ReadCommand.class,
        TopCommand.class,
        CommandLine.HelpCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        " 0:walk completed (also when some cgroups vanished or files were unreadable: summary on stderr)",
        " 1:root or start cgroup unusable, or output not writable",
        " 2:usage error",
        " 141:stdout was closed by its reader (e.g. | head): what a shell reports for a command killed by SIGPIPE"},
    footerHeading = "%nExamples:%n",
    footer = {
        "  cgroup-walk                         this machine's cgroups (v1 joined by path)",
        "  cgroup-walk --order descendants_post --format csv /system.slice",
        "  cgroup-walk --root /sys/fs/cgroup/memory --max-depth 1",
        "  cgroup-walk --id 1234 --order ancestors_up",
        "  cgroup-walk --aggregate --sort cpu.stat.usage_usec:self --top 5",
        "  cgroup-walk --interval 1s --count 5 --format csv --filter 'system\\.slice'",
        "  cgroup-walk report --interval 5s --duration 10m --output report.csv",
        "  cgroup-walk flame --stat memory.current -o memory.html",
        "  cgroup-walk plot report.csv -o report.html",
        "  cgroup-walk --aggregate --format openmetrics",
        "  cgroup-walk serve --listen 127.0.0.1:9400",
        "  cgroup-walk top                     a live view like systemd-cgtop (q quits)",
        "  cgroup-walk snapshot --out /tmp/snap && cgroup-walk --root /tmp/snap",
        "  cgroup-walk --format kvm-stats -o stats.bin && cgroup-walk read stats.bin",
        "  cgroup-walk publish --file /dev/shm/cgroup-stats && cgroup-walk stat --file /dev/shm/cgroup-stats",
        "  cgroup-walk -- -name-with-leading-dash   (-- ends the options)"})
public final class CgroupWalk implements Callable<Integer>
{
    /** Exit code: walk completed. */
    public static final int OK = 0;
    /** Exit code: root/start cgroup unusable or output not writable. */
    public static final int UNUSABLE = 1;
    /** Exit code: usage error. */
    public static final int USAGE = 2;

    /** The narrowest help layout. */
    static final int HELP_MIN_WIDTH = 40;

    /** The {@code -o}/{@code --output} value that means stdout. */
    static final String STDOUT = "-";

    /** Environment variable that makes an internal error print its stack trace. */
    static final String DEBUG = "CGROUP_WALK_DEBUG";

    @Spec
    CommandSpec spec;

    @Option(names = "--root", paramLabel = "DIR", scope = ScopeType.INHERIT,
        description = "Hierarchy root: a cgroup mount (e.g. /sys/fs/cgroup/memory), a directory below one, or a " +
            "snapshot; /sys/fs/cgroup on a hybrid or legacy host is the joined view. Default: the cgroup2 " +
            "hierarchy on a unified host, else the joined view of all hierarchies by cgroup path.")
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

    @Option(names = "--format", paramLabel = "FORMAT", converter = FormatConverter.class,
        completionCandidates = FormatConverter.Candidates.class,
        description = "text (default), csv, json (JSON Lines), openmetrics (OpenMetrics 1.0), prometheus " +
            "(Prometheus text 0.0.4; for these two, add --aggregate to get scope=\"self\" values) or kvm-stats " +
            "(binary: KVM's binary statistics layout extended for a tree, see docs/kvm-stats-format.md; needs -o " +
            "FILE or a stdout that is not a terminal; 'cgroup-walk read FILE' prints it).")
    Format format = Format.TEXT;

    @Option(names = "--max-as", paramLabel = "VALUE", converter = MaxAsConverter.class,
        description = "How CSV writes a limit that is not set (the kernel's max in memory.max, pids.max, cpu.max): " +
            "max (default), empty, or an integer such as -1; with empty or a number, pandas and DuckDB read the " +
            "limit columns as numbers.")
    MaxAs maxAs = MaxAs.KERNEL;

    @Option(names = "--raw", description = "Exact numbers instead of human units (text format).")
    boolean raw;

    @Option(names = "--width", paramLabel = "N", description = {"Fit the text table into N characters (0: no " +
        "limit). Default: $COLUMNS if set, else the terminal's width when stdout is a terminal (80 if unknown), " +
        "else no limit. Columns that do not fit are left out from the right end of the header (the path column " +
        "stays; stderr names the first one left out); long paths are shortened in the middle " +
        "(/system.slice/\u2026/foo.scope); lines never wrap."})
    Integer width;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
        description = "Write to FILE instead of stdout, atomically (temporary file, then rename); - is stdout.")
    Path output;

    @Option(names = "--aggregate",
        description = {"Add hierarchical aggregates through the rstat engine: <value>:self (a hierarchical value " +
            "minus its children's: the cgroup's own share; usage of removed children stays in the parent), " +
            "<value>:subtree (a local value summed over the subtree), <limit>:effective (the tightest limit on the " +
            "path to the root). Reads the whole hierarchy; the walk options choose the rows printed."})
    boolean aggregate;

    @CommandLine.Mixin
    DeriveOption derive = new DeriveOption();

    @Option(names = "--interval", paramLabel = "D", converter = DurationConverter.class,
        description = "Sample repeatedly, every D (500ms, 5s, 1m...). Adds <counter>:rate columns from the second " +
            "sample on (CPU and pressure time as %% of one CPU / of wall time, others per second). CSV output is " +
            "long format with a timestamp column; JSON lines get a timestamp field.")
    Duration interval;

    @Option(names = "--count", paramLabel = "N", description = "Take N samples (needs --interval; default: until " +
        "--duration has passed or Ctrl-C).")
    Long count;

    @Option(names = "--duration", paramLabel = "T", converter = DurationConverter.class,
        description = "Sample for T (needs --interval).")
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

    @Option(names = "--dying-threshold", paramLabel = "SIZE", converter = ByteSizeConverter.class,
        description = "Text format: note on stderr when removed (dying) cgroups still hold more than SIZE of " +
            "memory (v1 memory.stat; default 64M, 0 always).")
    long dyingThreshold = 64L << 20;

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
        // straight to file descriptor 1, not through System.out: a PrintStream swallows the IOException of a closed
        // pipe without telling the PrintWriter on top, which then could not see it (StdoutClosedException)
        final PrintWriter out = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.out),
            StandardCharsets.UTF_8), true);
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
        final int width = TerminalWidth.of(null, System.getenv("COLUMNS"));
        return commandLine(out, err, width == 0 ? TerminalWidth.FALLBACK : width);
    }

    /**
     * @param out       standard output.
     * @param err       standard error.
     * @param helpWidth the width of the help text.
     * @return the configured picocli command line.
     */
    static CommandLine commandLine(final PrintWriter out, final PrintWriter err, final int helpWidth)
    {
        final CommandLine commandLine = new CommandLine(new CgroupWalk());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setParameterExceptionHandler(CgroupWalk::usageError);
        commandLine.setExecutionExceptionHandler(CgroupWalk::failure);
        HelpLayout.install(commandLine, Math.max(helpWidth, HELP_MIN_WIDTH));
        return commandLine;
    }

    private static int usageError(final CommandLine.ParameterException ex, final String[] args)
    {
        final CommandLine commandLine = ex.getCommandLine();
        final PrintWriter err = commandLine.getErr();
        err.println(Messages.line(ex.getMessage()));
        final StringWriter suggestions = new StringWriter();
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, new PrintWriter(suggestions, true));
        suggestions.toString().lines().forEach(line -> err.println(Messages.PREFIX + line.strip()));
        err.println(Messages.PREFIX + "try '" + commandLine.getCommandSpec().qualifiedName() +
            " --help' for more information");
        err.flush();
        return USAGE;
    }

    private static int failure(
        final Exception ex, final CommandLine commandLine, final CommandLine.ParseResult parseResult)
    {
        if (ex instanceof StdoutClosedException)
        {
            return StdoutClosedException.EXIT_STATUS;
        }
        final PrintWriter err = commandLine.getErr();
        if (ex instanceof CgroupNotFoundException || ex instanceof UncheckedIOException ||
            ex instanceof IllegalArgumentException || ex instanceof dev.rstat.agrona.CountersFileException)
        {
            err.println(Messages.line(ex.getMessage()));
        }
        else if (ex instanceof IOException)
        {
            err.println(Messages.line("input/output error: " + IoErrors.reason(ex)));
        }
        else
        {
            err.println(Messages.line("internal error: " + ex.getMessage() + " (please report it; " + DEBUG +
                "=1 prints the stack trace)"));
            if (System.getenv(DEBUG) != null)
            {
                ex.printStackTrace(err);
            }
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
        final Problems problems = new Problems(verbose ? line -> err.println(Messages.PREFIX + line) : line -> { });
        final boolean repeated = interval != null;
        final Sampler.Builder builder = Sampler.on(hierarchy).walk(walk()).aggregate(aggregate)
            .derive(derive.derivations()).rates(repeated)
            .problems(problems);
        if (stats != null)
        {
            builder.files(stats);
        }
        final SampleView view = new SampleView(selection(), fields(hierarchy), columnGlobs == null,
            new EmptySelectionWarnings(stats, columnGlobs, filter, err, hierarchy.directory()));
        final Instant sampledAt = Instant.now();
        try (Sampler sampler = builder.build())
        {
            if (repeated)
            {
                final Duration every = interval;
                final SampleSink sink = (output == null ?
                    SampleSink.toStdout(format, raw, spec.commandLine().getOut(), err) :
                    SampleSink.toFile(format, raw, output, err)).withTextRenderer(renderer(err)).withMaxAs(maxAs);
                new SamplingLoop(sampler, view, sink, err, output != null && SamplingLoop.stderrIsTerminal())
                    .run(every, count, duration);
            }
            else
            {
                final Sample sample = sampler.sample();
                final Table table = view.of(sample);
                if (format == Format.KVM_STATS)
                {
                    export(table, sampledAt);
                }
                else
                {
                    render(table);
                    dyingNote(sample, err);
                }
            }
        }
        catch (final RowSelection.UnknownFieldException ex)
        {
            throw usage(ex.getMessage());
        }
        catch (final CgroupNotFoundException ex)
        {
            final String command = cgroup == null || cgroup.indexOf('/') >= 0 ? null :
                Messages.closest(cgroup, spec.subcommands().keySet());
            if (command != null)
            {
                throw usage("no such command or cgroup: " + cgroup + " (did you mean '" + command + "'?)");
            }
            throw ex;
        }
        if (problems.any())
        {
            err.println(Messages.skipSummary(problems, verbose));
            err.flush();
        }
        return OK;
    }

    /** The text format's note on memory held by removed cgroups, above {@code --dying-threshold}. */
    private void dyingNote(final Sample sample, final PrintWriter err)
    {
        final boolean whole = id == null && cgroup == null && maxDepth == null &&
            (order == Order.DESCENDANTS_PRE || order == Order.DESCENDANTS_POST);
        if (format == Format.TEXT)
        {
            DyingSummary.of(sample, whole).filter(summary -> summary.bytes() > dyingThreshold)
                .ifPresent(summary -> err.println(spec.commandLine().getCommandName() + ": " + summary.line()));
        }
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
            return FieldSelection.compact(hierarchy.catalog());
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

    /**
     * The renderer, its text table fitted to {@link TerminalWidth} on stdout (to {@code --width} only, in a file);
     * the columns left out are named once on stderr.
     */
    private Renderer renderer(final PrintWriter err)
    {
        final int fit = output == null ? TerminalWidth.of(width, System.getenv("COLUMNS")) :
            width == null ? 0 : width;
        if (format == Format.CSV)
        {
            return Renderer.csv(maxAs);
        }
        final boolean[] told = new boolean[1];
        return Renderer.of(format, raw, fit, names ->
        {
            if (!told[0])
            {
                told[0] = true;
                err.println(Messages.PREFIX + names.size() + (names.size() == 1 ? " column" : " columns") +
                    " left out to fit " + fit + " characters, from " + names.get(0) + " on (--width 0 shows all, " +
                    "--columns chooses)");
                err.flush();
            }
        });
    }

    private void export(final Table table, final Instant sampledAt)
    {
        final ByteBuffer bytes = KvmStatsWriter.encode(table, sampledAt);
        if (output != null)
        {
            BinaryOutput.toFile(output, bytes);
        }
        else
        {
            spec.commandLine().getOut().flush();
            BinaryOutput.toStdout(bytes);
        }
    }

    private void render(final Table table) throws IOException
    {
        final Renderer renderer = renderer(spec.commandLine().getErr());
        if (output != null)
        {
            try
            {
                AtomicOutput.write(output, w -> renderer.render(table, w));
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot write output: file=" + output + " error=" +
                    IoErrors.reason(ex), ex);
            }
        }
        else
        {
            final PrintWriter out = spec.commandLine().getOut();
            renderer.render(table, out);
            out.flush();
            StdoutClosedException.check(out);
        }
    }

    private void validate()
    {
        if (output != null && output.toString().equals(STDOUT))
        {
            output = null;
        }
        if (interval == null && (count != null || duration != null))
        {
            throw usage((count != null ? "--count" : "--duration") + " needs --interval (e.g. --interval 1s " +
                (count != null ? "--count " + count : "--duration 1m") + ")");
        }
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
        if (width != null && width != 0 && width < TerminalWidth.MIN)
        {
            throw usage("--width must be 0 (no limit) or at least " + TerminalWidth.MIN + ": width=" + width);
        }
        if (format == Format.KVM_STATS && (interval != null || count != null || duration != null))
        {
            throw usage("--format kvm-stats takes one sample (one file per sample)");
        }
        if (format == Format.KVM_STATS && output == null && BinaryOutput.isTerminal(1))
        {
            throw usage("--format kvm-stats is binary and stdout is a terminal: give -o FILE or redirect stdout");
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
            return RootCheck.hierarchy(root);
        }
        return Mounts.discover().defaultView();
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

    /** Converts {@code --max-as} values. */
    static final class MaxAsConverter implements CommandLine.ITypeConverter<MaxAs>
    {
        @Override
        public MaxAs convert(final String value)
        {
            try
            {
                return MaxAs.parse(value);
            }
            catch (final IllegalArgumentException ex)
            {
                throw new CommandLine.TypeConversionException(ex.getMessage());
            }
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
