package dev.rstat.cgroup.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.jline.terminal.Size;

import dev.rstat.cgroup.CgroupWalker;
import dev.rstat.cgroup.Hierarchy;
import dev.rstat.cgroup.report.Sample;
import dev.rstat.cgroup.report.Sampler;
import dev.rstat.cgroup.report.Walk;
import dev.rstat.cgroup.report.render.TopFrame;
import dev.rstat.cgroup.report.render.TopLayout;
import dev.rstat.cgroup.report.render.TopSort;
import dev.rstat.cgroup.report.render.TopState;
import dev.rstat.cgroup.stat.Problems;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code cgroup-walk top}: a live, full-screen view of the hierarchy like {@code systemd-cgtop}, refreshed every
 * {@code --interval}; the layout is {@link TopLayout}'s, the keys {@link TopKeys}', the terminal
 * {@link TopTerminal}'s (JLine). When stdout is not a terminal (or with {@code --batch}) it prints one block per
 * sample instead, like {@code systemd-cgtop -b}: a header line, the column header and every row of the tree, for
 * {@code --count} samples (default: until Ctrl-C or until stdout is closed); the first block comes one interval after
 * the start, so that it has rates.
 */
@Command(
    name = "top",
    header = "A live view of the hierarchy like systemd-cgtop: tree, tasks, CPU, memory, I/O, pressure.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Shows the cgroup tree (indented, collapsible) with tasks, CPU use (%%CPU: of one CPU, like systemd-cgtop), " +
            "memory, I/O read and written per second and pressure (some avg10), refreshed every --interval; on a " +
            "hybrid host the joined view. Values are subtree values (hierarchical, as the kernel gives them; local " +
            "values summed over the subtree) or own shares (:self: a cgroup's value minus its children's).",
        "Keys: c m i t p sort by CPU, memory, I/O, tasks, path (the same key again reverses); + and - open one " +
            "level more or less; Enter opens or closes the selected cgroup; Up, Down, Page Up, Page Down, Home, End " +
            "move; / filters by path (Enter applies, Esc cancels, empty shows all); s switches own share and subtree " +
            "values; q or Ctrl-C quits.",
        "Fits the terminal, also when it is resized: no line wraps, long paths are shortened in the middle, and " +
            "columns that do not fit are left out in this order: IO-PSI, MEM-PSI, CPU-PSI, WRITE/s, READ/s, TASKS, " +
            "MEMORY, %%CPU (the path column keeps at least 20 characters, or a third of the width). The last " +
            "column of the screen stays empty, so that no terminal wraps a line.",
        "When stdout is not a terminal (a pipe, a file) or with --batch: one block per sample, like " +
            "systemd-cgtop -b, for --count samples."})
final class TopCommand implements Callable<Integer>
{
    @ParentCommand
    CgroupWalk parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--interval", paramLabel = "D", converter = DurationConverter.class,
        description = "Time between samples (default 1s).")
    Duration interval = Duration.ofSeconds(1);

    @Option(names = {"-n", "--count"}, paramLabel = "N", description = "Quit after N samples (default: no limit).")
    Long count;

    @Option(names = {"-b", "--batch"}, description = "Print blocks of plain text even when stdout is a terminal.")
    boolean batch;

    @Option(names = "--depth", paramLabel = "N", description = "Open the tree N levels below the start cgroup " +
        "(default " + TopState.DEFAULT_DEPTH + ").")
    int depth = TopState.DEFAULT_DEPTH;

    @Option(names = "--sort", paramLabel = "KEY", description = "cpu (default), memory, io, tasks or path.")
    String sort;

    @Option(names = "--filter", paramLabel = "TEXT", description = "Show only cgroups whose path contains TEXT " +
        "(and their ancestors).")
    String filter;

    @Option(names = "--self", description = "Start with own shares (:self) instead of subtree values.")
    boolean self;

    @Option(names = "--width", paramLabel = "N", description = "Batch mode: fit lines into N characters (0: no " +
        "limit; default $COLUMNS, else no limit when stdout is not a terminal).")
    Integer width;

    @Parameters(index = "0", arity = "0..1", paramLabel = "CGROUP", description = "Start cgroup path (default /).")
    String cgroup;

    TopCommand()
    {
    }

    @Override
    public Integer call() throws IOException, InterruptedException
    {
        final TopState state = state();
        if (count != null && count < 1)
        {
            throw usage("--count must be at least 1: count=" + count);
        }
        if (interval.isZero() || interval.isNegative())
        {
            throw usage("--interval must be positive: interval=" + interval);
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
        final Hierarchy hierarchy = CgroupWalk.hierarchy(parent.root);
        final PrintWriter err = spec.commandLine().getErr();
        final Problems problems = new Problems(line -> { });
        final Walk walk = cgroup == null ? Walk.all() : Walk.all().withStart(cgroup);
        final Sampler.Builder builder = Sampler.on(hierarchy).walk(walk).rates(true).problems(problems)
            .files(hierarchy.catalog().overviewFiles());
        final TopLayout.Header header = new TopLayout.Header(host(), describe(hierarchy), "");
        try (Sampler sampler = builder.build())
        {
            if (batch || !terminal())
            {
                batch(sampler, state, header);
            }
            else
            {
                interactive(sampler, state, header);
            }
        }
        if (problems.any())
        {
            err.println(Messages.skipSummary(problems, false));
            err.flush();
        }
        return CgroupWalk.OK;
    }

    private TopState state()
    {
        final TopState state = new TopState();
        if (depth < 1)
        {
            throw usage("--depth must be at least 1: depth=" + depth);
        }
        state.depth(depth);
        if (sort != null)
        {
            final TopSort key;
            try
            {
                key = TopSort.valueOf(sort.trim().toUpperCase(Locale.ROOT));
            }
            catch (final IllegalArgumentException ex)
            {
                throw usage("--sort must be cpu, memory, io, tasks or path: sort=" + sort);
            }
            if (key != state.sort())
            {
                state.sortBy(key);
            }
        }
        if (filter != null)
        {
            state.filter(filter);
        }
        if (self)
        {
            state.toggleOwnShare();
        }
        return state;
    }

    /** Plain text blocks, one per sample, the first one interval after the start (it has rates). */
    private void batch(final Sampler sampler, final TopState state, final TopLayout.Header header)
        throws InterruptedException
    {
        final PrintWriter out = spec.commandLine().getOut();
        final int fit = TerminalWidth.of(width, System.getenv("COLUMNS"));
        final long every = interval.toNanos();
        sampler.sample();
        long due = System.nanoTime() + every;
        final long total = count == null ? Long.MAX_VALUE : count;
        for (long i = 0; i < total; i++)
        {
            final long wait = due - System.nanoTime();
            if (wait > 0)
            {
                Thread.sleep(wait / 1_000_000, (int)(wait % 1_000_000));
            }
            due = Math.max(due + every, System.nanoTime() + every / 2);
            final Sample sample = sampler.sample();
            final TopFrame frame = TopLayout.layout(sample, state, at(header), fit, 0);
            if (i > 0)
            {
                out.println();
            }
            for (final String line : frame.lines())
            {
                out.println(line);
            }
            out.flush();
            StdoutClosedException.check(out);
        }
    }

    /** The full screen: a sample every interval, a redraw after every key and resize. */
    private void interactive(final Sampler sampler, final TopState state, final TopLayout.Header header)
        throws IOException, InterruptedException
    {
        final TopKeys keys = new TopKeys(state);
        final long every = interval.toNanos();
        try (TopTerminal screen = TopTerminal.open())
        {
            Sample sample = sampler.sample();
            TopLayout.Header stamped = at(header);
            long taken = 1;
            long due = System.nanoTime() + every;
            TopFrame frame = draw(screen, sample, state, stamped);
            while (true)
            {
                final TopTerminal.Event event = screen.next(due - System.nanoTime());
                if (event == null)
                {
                    if (count != null && taken >= count)
                    {
                        return;
                    }
                    sample = sampler.sample();
                    stamped = at(header);
                    taken++;
                    due = Math.max(due + every, System.nanoTime() + every / 2);
                }
                else if (keys.press(event.key(), event.text(), frame))
                {
                    return;
                }
                frame = draw(screen, sample, state, stamped);
            }
        }
    }

    private static TopFrame draw(final TopTerminal screen, final Sample sample, final TopState state,
        final TopLayout.Header header)
    {
        final Size size = screen.size();
        final int rows = size.getRows() > 0 ? size.getRows() : 24;
        final int columns = size.getColumns() > 0 ? size.getColumns() : TerminalWidth.FALLBACK;
        // one column less than the screen: a line that fills the last column makes terminals with automatic margins
        // (xterm, tmux) wrap the cursor, and tmux then marks the line as wrapped
        final TopFrame frame = TopLayout.layout(sample, state, header, Math.max(1, columns - 1), rows);
        screen.draw(frame, rows, columns);
        return frame;
    }

    private static TopLayout.Header at(final TopLayout.Header header)
    {
        return new TopLayout.Header(header.host(), header.hierarchy(),
            Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    }

    /** The hierarchy as the header names it: its directory and what it is. */
    static String describe(final Hierarchy hierarchy)
    {
        final String directory = hierarchy.directory().toString();
        if (hierarchy.isJoined())
        {
            final List<String> names = new ArrayList<>();
            for (final Hierarchy member : hierarchy.members())
            {
                names.add(member.version().number() == 2 ? "cgroup2" : member.controllers().isEmpty() ?
                    "name=" + member.name() : String.join(",", member.controllers()));
            }
            return directory + " (joined: " + String.join(" ", names) + ")";
        }
        return directory + (hierarchy.version().number() == 2 ? " (cgroup2)" : " (v1" +
            (hierarchy.controllers().isEmpty() ? "" : ": " + String.join(",", hierarchy.controllers())) + ")");
    }

    private static String host()
    {
        try
        {
            final String name = Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8).trim();
            return name.isEmpty() ? "localhost" : name;
        }
        catch (final IOException | RuntimeException ex)
        {
            return "localhost";
        }
    }

    /** Whether stdin and stdout are both terminals: the full screen reads keys and writes the screen. */
    private static boolean terminal()
    {
        return isTerminal(0) && isTerminal(1);
    }

    private static boolean isTerminal(final int fd)
    {
        try
        {
            final String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        }
        catch (final IOException | UnsupportedOperationException | SecurityException ex)
        {
            return false;
        }
    }

    private CommandLine.ParameterException usage(final String message)
    {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
