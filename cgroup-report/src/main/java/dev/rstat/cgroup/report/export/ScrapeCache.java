package dev.rstat.cgroup.report.export;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import dev.rstat.cgroup.report.Table;

import dev.rstat.cgroup.report.render.OpenMetricsRenderer;

/**
 * The latest walk and its rendered bodies, shared by all scrapes.
 * <p>
 * A scrape reuses the latest walk if that walk started less than the minimum interval ago, or if it finished after
 * the scrape arrived (the scrape waited for a walk in flight); otherwise it walks. Each format is rendered at most
 * once per walk, on first demand. A failed walk (the walker throws or returns null) or render is cached like a
 * successful one, as a 500 body of one line, so a burst of scrapes against a broken walker costs one walk too.
 *
 * <h2>Concurrency</h2>
 * One lock guards everything, and the walker and the renderers run while holding it: the walker is never called
 * concurrently (it may reuse its Columns, reader and aggregator from walk to walk), and scrapes that arrive during a
 * walk queue on the lock and then reuse that walk (single flight). Time comes from a monotonic nanosecond clock
 * ({@link System#nanoTime()} outside tests).
 */
final class ScrapeCache
{
    private static final System.Logger LOGGER = System.getLogger(MetricsServer.class.getName());
    private static final String TEXT = "text/plain; charset=utf-8";
    private static final int INTERNAL_ERROR = 500;
    private static final int OK = 200;

    private final Supplier<Table> walker;
    private final long minIntervalNanos;
    private final LongSupplier clock;
    private final ReentrantLock lock = new ReentrantLock();

    private boolean walked;
    private long walkStarted;
    private long walkFinished;
    private long walks;
    private Table report;
    private Body failure;
    private Body openMetrics;
    private Body prometheus;

    /**
     * @param walker           walks the hierarchy; never called concurrently.
     * @param minIntervalNanos minimum time between the starts of two walks, in nanoseconds.
     * @param clock            monotonic nanosecond clock.
     */
    ScrapeCache(final Supplier<Table> walker, final long minIntervalNanos, final LongSupplier clock)
    {
        this.walker = Objects.requireNonNull(walker, "walker");
        this.minIntervalNanos = minIntervalNanos;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The body for one scrape, walking first if the latest walk is too old.
     *
     * @param wantOpenMetrics true for OpenMetrics, false for the Prometheus text format.
     * @return the body.
     */
    Body get(final boolean wantOpenMetrics)
    {
        final long arrival = clock.getAsLong();
        lock.lock();
        try
        {
            if (!walked || (walkFinished - arrival < 0 && clock.getAsLong() - walkStarted >= minIntervalNanos))
            {
                walk();
            }
            if (failure != null)
            {
                return failure;
            }
            if (wantOpenMetrics)
            {
                if (openMetrics == null)
                {
                    openMetrics = render(OpenMetricsRenderer.openMetrics());
                }
                return openMetrics;
            }
            if (prometheus == null)
            {
                prometheus = render(OpenMetricsRenderer.prometheusText());
            }
            return prometheus;
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * Number of walks so far.
     *
     * @return the count.
     */
    long walks()
    {
        lock.lock();
        try
        {
            return walks;
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * Number of scrapes waiting for the lock, i.e. for a walk or render in progress (an estimate, for tests).
     *
     * @return the count.
     */
    int waitingScrapes()
    {
        return lock.getQueueLength();
    }

    private void walk()
    {
        walkStarted = clock.getAsLong();
        walks++;
        walked = false;
        report = null;
        failure = null;
        openMetrics = null;
        prometheus = null;
        try
        {
            final Table walkedReport = walker.get();
            if (walkedReport == null)
            {
                failure = failure("walk failed: the walker returned no report", null);
            }
            report = walkedReport;
        }
        catch (final RuntimeException ex)
        {
            failure = failure("walk failed: " + describe(ex), ex);
        }
        walked = true;
        walkFinished = clock.getAsLong();
    }

    private Body render(final OpenMetricsRenderer renderer)
    {
        try
        {
            final StringWriter out = new StringWriter(64 * 1024);
            renderer.render(report, out);
            return new Body(OK, renderer.contentType(), out.toString().getBytes(StandardCharsets.UTF_8));
        }
        catch (final IOException | RuntimeException ex)
        {
            return failure("render failed: " + describe(ex), ex);
        }
    }

    private static Body failure(final String message, final Throwable cause)
    {
        final String line = message.replace('\r', ' ').replace('\n', ' ');
        LOGGER.log(System.Logger.Level.WARNING, line, cause);
        return new Body(INTERNAL_ERROR, TEXT, (line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static String describe(final Throwable ex)
    {
        return ex.getMessage() == null ? ex.getClass().getSimpleName() :
            ex.getClass().getSimpleName() + ": " + ex.getMessage();
    }

    /**
     * An HTTP response body.
     *
     * @param status      the HTTP status.
     * @param contentType the content type.
     * @param bytes       the body; not copied, never modified.
     */
    record Body(int status, String contentType, byte[] bytes)
    {
    }
}
