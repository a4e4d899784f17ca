package dev.rstat.cgroup.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.rstat.cgroup.report.Sampler;
import dev.rstat.cgroup.report.Table;

/**
 * Samples a hierarchy every {@code interval} until {@code count} samples were taken, {@code duration} has passed, or
 * the process is interrupted (Ctrl-C, SIGTERM): then the sample in progress is completed, the output committed (a
 * file is renamed into place complete and valid), and the run ends normally. Samples are due on a fixed schedule
 * from the start, so walk times do not make the series drift, but two samples never start less than half an
 * interval apart (a slow first walk does not cause a burst of catch-up samples). While it runs, a progress line
 * goes to stderr when stderr is a terminal.
 */
final class SamplingLoop
{
    private static final long HOOK_WAIT_SECONDS = 30;

    private final Sampler sampler;
    private final SampleView view;
    private final SampleSink sink;
    private final PrintWriter err;
    private final boolean progress;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch done = new CountDownLatch(1);

    SamplingLoop(final Sampler sampler, final SampleView view,
        final SampleSink sink, final PrintWriter err, final boolean progress)
    {
        this.sampler = sampler;
        this.view = view;
        this.sink = sink;
        this.err = err;
        this.progress = progress;
    }

    /**
     * @param interval between samples.
     * @param count    samples to take, or null for no limit.
     * @param duration how long to sample, or null for no limit.
     * @return whether the run was interrupted.
     * @throws IOException if the output cannot be written.
     */
    boolean run(final Duration interval, final Long count, final Duration duration) throws IOException
    {
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
        }, "cgroup-walk-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        final long start = System.nanoTime();
        final long every = interval.toNanos();
        final long total = count != null ? count : Long.MAX_VALUE;
        final long expected = count != null ? count : duration != null ? duration.toNanos() / every + 1 : -1;
        boolean committed = false;
        try
        {
            long previous = start - every;
            for (long i = 0; i < total; i++)
            {
                final long due = previous + every;
                if (duration != null && due - start > duration.toNanos())
                {
                    break;
                }
                final long wait = due - System.nanoTime();
                if (wait > 0 && stop.await(wait, TimeUnit.NANOSECONDS) || stop.getCount() == 0)
                {
                    break;
                }
                previous = Math.max(due, System.nanoTime() - every / 2);
                final String timestamp = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
                final Table table = view.of(sampler.sample());
                sink.write(timestamp, table);
                if (progress)
                {
                    err.print("\rsampled " + (i + 1) + (expected < 0 ? "" : "/" + expected) + " at " +
                        timestamp + ", " + table.rows().length + " cgroups   ");
                    err.flush();
                }
            }
            sink.commit();
            committed = true;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            sink.commit();
            committed = true;
        }
        finally
        {
            if (!committed)
            {
                sink.abort();
            }
            if (progress)
            {
                err.println();
                err.flush();
            }
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
        return stop.getCount() == 0;
    }

    /**
     * @return whether stderr is a terminal (for the progress line).
     */
    static boolean stderrIsTerminal()
    {
        try
        {
            final String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        }
        catch (final IOException | UnsupportedOperationException | SecurityException ex)
        {
            return false;
        }
    }
}
