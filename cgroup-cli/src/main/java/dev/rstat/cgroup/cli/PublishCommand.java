package dev.rstat.cgroup.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.rstat.cgroup.Hierarchy;
import dev.rstat.cgroup.report.Sample;
import dev.rstat.cgroup.report.Sampler;
import dev.rstat.cgroup.report.Walk;
import dev.rstat.cgroup.report.export.SampleCountersPublisher;
import dev.rstat.cgroup.stat.Problems;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code cgroup-walk publish}: samples the hierarchy every interval into a live, memory-mapped counters file in
 * Agrona's layout that other processes read without a lock ({@code cgroup-walk stat}, Agrona's
 * {@code CountersReader}). Runs until Ctrl-C or SIGTERM (or {@code --count} samples), then marks the file closed.
 */
@Command(
    name = "publish",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Publishes the hierarchy into a memory-mapped counters file (Agrona's CountersManager layout behind a " +
            "header with a generation), updated in place every --interval: one counter per cgroup, value and " +
            "scope, labelled '<path> <value>', its type id from the value's kind.",
        "Counters of removed cgroups are freed and their slots reused only after --reuse-timeout; a cgroup " +
            "recreated under the same path gets new counters (new registration ids). Read it with " +
            "'cgroup-walk stat --file FILE'."},
    footerHeading = "%nExamples:%n",
    footer = {"  cgroup-walk publish --file /dev/shm/cgroup-stats --interval 1s",
        "  cgroup-walk stat --file /dev/shm/cgroup-stats --count 1"})
final class PublishCommand implements Callable<Integer>
{
    private static final long HOOK_WAIT_SECONDS = 30;

    @ParentCommand
    CgroupWalk parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--file", paramLabel = "FILE", defaultValue = "/dev/shm/cgroup-stats",
        description = "The counters file (default ${DEFAULT-VALUE}); it is created under a temporary name and " +
            "renamed into place, replacing an earlier one.")
    Path file;

    @Option(names = "--interval", paramLabel = "D", defaultValue = "1s", converter = DurationConverter.class,
        description = "Time between samples (default ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(names = "--count", paramLabel = "N", description = "Stop after N samples (default: until Ctrl-C).")
    Long count;

    @Option(names = "--reuse-timeout", paramLabel = "D", defaultValue = "10s", converter = DurationConverter.class,
        description = "How long a freed counter's slot stays unused before it is reused (default ${DEFAULT-VALUE}).")
    Duration reuseTimeout;

    @Option(names = "--stats", paramLabel = "FILE", split = ",",
        description = "Files to read, or 'all' (default as for cgroup-walk).")
    List<String> stats;

    @CommandLine.Mixin
    DeriveOption derive = new DeriveOption();

    @Option(names = "--no-aggregate", description = "Leave out the :self/:subtree/:effective values.")
    boolean noAggregate;

    @Option(names = {"-v", "--verbose"}, description = "Print a warning for each skipped cgroup or file.")
    boolean verbose;

    @Parameters(index = "0", arity = "0..1", paramLabel = "CGROUP", description = "Start cgroup (default /).")
    String cgroup;

    PublishCommand()
    {
    }

    @Override
    public Integer call() throws InterruptedException
    {
        RepeatChecks.check(spec, interval, count);
        if (reuseTimeout.isNegative())
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "--reuse-timeout must not be negative: " +
                "reuse-timeout=" + reuseTimeout);
        }
        final Hierarchy hierarchy = CgroupWalk.hierarchy(parent.root);
        final PrintWriter err = spec.commandLine().getErr();
        final Problems problems = new Problems(verbose ? line -> err.println(Messages.PREFIX + line) : line -> { });
        final Walk walk = cgroup == null ? Walk.all() : Walk.all().withStart(cgroup);
        final Sampler.Builder builder = Sampler.on(hierarchy).walk(walk).aggregate(!noAggregate)
            .derive(derive.derivations())
            .rates(true).problems(problems);
        if (stats != null)
        {
            builder.files(stats);
        }
        final CountDownLatch stop = new CountDownLatch(1);
        final CountDownLatch done = new CountDownLatch(1);
        final Thread hook = new Thread(() ->
        {
            stop.countDown();
            try
            {
                done.await(HOOK_WAIT_SECONDS, TimeUnit.SECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }, "cgroup-walk-publish-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        long samples = 0;
        try (Sampler sampler = builder.build())
        {
            final Sample first = sampler.sample();
            try (SampleCountersPublisher publisher = SampleCountersPublisher.create(file,
                SampleCountersPublisher.capacityFor(first), reuseTimeout))
            {
                publisher.publish(first);
                samples++;
                err.println("cgroup-walk: publishing " + first.rows().length + " cgroups to " +
                    publisher.writer().file() + " every " + interval.toMillis() + "ms" + " (generation " +
                    publisher.writer().generation() + "; Ctrl-C to stop)");
                err.flush();
                final long every = interval.toNanos();
                long due = System.nanoTime() + every;
                while (count == null || samples < count)
                {
                    final long wait = due - System.nanoTime();
                    if (wait > 0 && stop.await(wait, TimeUnit.NANOSECONDS) || stop.getCount() == 0)
                    {
                        break;
                    }
                    due = Math.max(due + every, System.nanoTime() + every / 2);
                    publisher.publish(sampler.sample());
                    samples++;
                }
            }
            // before `done`: on SIGTERM the JVM halts once the shutdown hook returns
            err.println("cgroup-walk publish: " + samples + " samples published to " + file.toAbsolutePath() +
                "; file marked closed");
            if (problems.any())
            {
                err.println(Messages.skipSummary(problems, verbose));
            }
            err.flush();
        }
        finally
        {
            done.countDown();
            try
            {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
            catch (final IllegalStateException shuttingDown)
            {
                // the hook is running: it waits for `done`, which is now counted down
            }
        }
        return CgroupWalk.OK;
    }
}
