package dev.rstat.cgroup.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import dev.rstat.agrona.CounterTypes;
import dev.rstat.agrona.CountersFile;
import dev.rstat.agrona.CountersFileReader;
import dev.rstat.agrona.CountersView;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cgroup-walk stat}: reads a live counters file from another process, the way Agrona's {@code AeronStat}
 * reads Aeron's: a table of every counter, refreshed every interval. It maps the file read-only and takes no lock
 * of the writer; it keeps each counter's (generation, registration id) with its label, so it re-reads a label only
 * when a slot was reused, and tells when the generation changed (the publisher restarted or its data was replaced).
 */
@Command(
    name = "stat",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Prints the counters of a live counters file written by 'cgroup-walk publish' (or an embedded " +
            "RstatPublisher): id, registration id, value (times 10^exponent of its key: rates in percent or per " +
            "second), type and label, refreshed every --interval, like Agrona's AeronStat. Reads without any lock " +
            "of the writer.",
        "A line 'generation changed' says the publisher restarted or replaced its data: everything cached was " +
            "dropped."},
    footerHeading = "%nExamples:%n",
    footer = {"  cgroup-walk stat --file /dev/shm/cgroup-stats --count 1",
        "  cgroup-walk stat --filter 'memory.current$'"})
final class StatCommand implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    @Option(names = "--file", paramLabel = "FILE", defaultValue = "/dev/shm/cgroup-stats",
        description = "The counters file (default ${DEFAULT-VALUE}).")
    Path file;

    @Option(names = "--interval", paramLabel = "D", defaultValue = "1s", converter = DurationConverter.class,
        description = "Time between refreshes (default ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(names = "--count", paramLabel = "N", description = "Print N tables, then exit (default: until Ctrl-C).")
    Long count;

    @Option(names = "--filter", paramLabel = "REGEX", description = "Only counters whose label contains a match.")
    String filter;

    StatCommand()
    {
    }

    @Override
    public Integer call() throws InterruptedException
    {
        RepeatChecks.check(spec, interval, count);
        final Pattern pattern;
        try
        {
            pattern = filter == null ? null : Pattern.compile(filter);
        }
        catch (final PatternSyntaxException ex)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "invalid --filter regex: " +
                ex.getDescription() + ": regex=" + filter);
        }
        final PrintWriter out = spec.commandLine().getOut();
        final boolean clear = System.console() != null && (count == null || count > 1);
        final CountDownLatch stop = new CountDownLatch(1);
        final Thread hook = new Thread(stop::countDown, "cgroup-walk-stat-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try (CountersView view = CountersView.open(file))
        {
            long printed = 0;
            while (true)
            {
                print(out, view, pattern, clear);
                printed++;
                if (count != null && printed >= count ||
                    stop.await(interval.toNanos(), TimeUnit.NANOSECONDS))
                {
                    break;
                }
                final long before = view.generation();
                if (view.refresh() == CountersView.Change.NEW_GENERATION)
                {
                    out.println("generation changed: " + before + " -> " + view.generation() +
                        " (publisher restarted or its data replaced): cached counters dropped");
                }
            }
        }
        finally
        {
            try
            {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
            catch (final IllegalStateException shuttingDown)
            {
                // exiting anyway
            }
        }
        out.flush();
        return CgroupWalk.OK;
    }

    private void print(final PrintWriter out, final CountersView view, final Pattern pattern, final boolean clear)
    {
        final CountersFileReader reader = view.reader();
        if (clear)
        {
            out.print("\u001b[H\u001b[2J");
        }
        out.println(Instant.now() + " - " + reader.file() + " generation=" + view.generation() + " state=" +
            CountersFile.stateName(reader.state()) + " publisher-pid=" + reader.publisherPid() + " samples=" +
            reader.samples() + (view.consistent() ? "" : " (read while a sample was written)"));
        out.println("=".repeat(80));
        out.printf("%8s %12s %20s %-9s %s%n", "id", "reg-id", "value", "type", "label");
        for (int i = 0; i < view.size(); i++)
        {
            final CountersView.Counter counter = view.counter(i);
            if (pattern != null && !pattern.matcher(counter.label()).find())
            {
                continue;
            }
            out.printf("%8d %12d %20s %-9s %s%n", counter.id(), counter.registrationId(),
                format(counter, view.value(i)), CounterTypes.typeName(counter.typeId()), counter.label());
        }
        out.println("--");
        out.flush();
    }

    /**
     * The value as a number of its unit: the counter times 10^exponent (a rate kept in hundredths prints
     * {@code 197.12}), unsigned unless the key says signed, {@code max} for a limit's all-ones.
     */
    static String format(final CountersView.Counter counter, final long value)
    {
        if (!counter.signed() && value == -1L && counter.typeId() == CounterTypes.LIMIT)
        {
            return "max";
        }
        final String digits = counter.signed() ? Long.toString(value) : Long.toUnsignedString(value);
        if (counter.exponent() == 0)
        {
            return digits;
        }
        return new java.math.BigDecimal(new java.math.BigInteger(digits), -counter.exponent()).toPlainString();
    }
}
