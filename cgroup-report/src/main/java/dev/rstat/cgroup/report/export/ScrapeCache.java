package dev.rstat.cgroup.report.export;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import dev.rstat.cgroup.report.Table;

import dev.rstat.cgroup.report.render.OpenMetricsRenderer;

/**
 * The latest walk and its rendered bodies, shared by all scrapes.
 * <p>
 * A scrape reuses the latest walk if that walk started less than the minimum interval ago, or if it finished after
 * the scrape arrived (the scrape waited for a walk in flight); otherwise it walks. Each format is rendered at most
 * once per walk, on first demand, with the server's health ({@link WalkHealth}) after the cgroup families. A failed
 * walk (the walker throws or returns null) or render is cached like a successful one, as a 500 body of one line, so a
 * burst of scrapes against a broken walker costs one walk too; each distinct failure is logged once, as one line
 * (the exception's message: no class name, no stack trace).
 *
 * <h2>Concurrency</h2>
 * One lock guards everything, and the walker and the renderers run while holding it: the walker is never called
 * concurrently (it may reuse its Columns, reader and aggregator from walk to walk), and scrapes that arrive during a
 * walk queue on the lock and then reuse that walk (single flight). Time comes from a monotonic nanosecond clock
 * ({@link System#nanoTime()} outside tests).
 */
final class ScrapeCache
{
    private static final int MAX_REMEMBERED_FAILURES = 1024;
    private static final String TEXT = "text/plain; charset=utf-8";
    private static final int INTERNAL_ERROR = 500;
    private static final int OK = 200;
    private static final String EOF = "# EOF\n";

    private final Supplier<Table> walker;
    private final long minIntervalNanos;
    private final LongSupplier clock;
    private final LongSupplier wallClockMillis;
    private final Consumer<String> log;
    private final ReentrantLock lock = new ReentrantLock();
    private final Set<String> logged = new HashSet<>();

    private boolean walked;
    private long walkStarted;
    private long walkFinished;
    private long walks;
    private long failures;
    private WalkHealth health;
    private Table report;
    private Body failure;
    private Body openMetrics;
    private Body prometheus;

    /**
     * @param walker           walks the hierarchy; never called concurrently.
     * @param minIntervalNanos minimum time between the starts of two walks, in nanoseconds.
     * @param clock            monotonic nanosecond clock.
     * @param wallClockMillis  wall clock, milliseconds since the epoch (for the last success time).
     * @param log              where each distinct failure goes, once, as one line.
     */
    ScrapeCache(final Supplier<Table> walker, final long minIntervalNanos, final LongSupplier clock,
        final LongSupplier wallClockMillis, final Consumer<String> log)
    {
        this.walker = Objects.requireNonNull(walker, "walker");
        this.minIntervalNanos = minIntervalNanos;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.wallClockMillis = Objects.requireNonNull(wallClockMillis, "wallClockMillis");
        this.log = Objects.requireNonNull(log, "log");
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
                failure = failure("walk failed: the walker returned no report");
            }
            report = walkedReport;
        }
        catch (final RuntimeException ex)
        {
            failure = failure("walk failed: " + describe(ex));
        }
        walked = true;
        walkFinished = clock.getAsLong();
        if (failure != null)
        {
            failures++;
        }
        else
        {
            health = new WalkHealth(walkFinished - walkStarted, failures, wallClockMillis.getAsLong());
        }
    }

    private Body render(final OpenMetricsRenderer renderer)
    {
        try
        {
            final StringWriter out = new StringWriter(64 * 1024);
            renderer.render(report, out);
            final StringBuilder text = new StringBuilder(out.getBuffer());
            final boolean openMetricsFormat = renderer.contentType().equals(
                OpenMetricsRenderer.OPENMETRICS_CONTENT_TYPE);
            if (openMetricsFormat && text.length() >= EOF.length() &&
                text.lastIndexOf(EOF) == text.length() - EOF.length())
            {
                text.setLength(text.length() - EOF.length());
            }
            health.append(openMetricsFormat, text);
            if (openMetricsFormat)
            {
                text.append(EOF);
            }
            return new Body(OK, renderer.contentType(), text.toString().getBytes(StandardCharsets.UTF_8));
        }
        catch (final IOException | RuntimeException ex)
        {
            return failure("render failed: " + describe(ex));
        }
    }

    private Body failure(final String message)
    {
        final String line = message.replace('\r', ' ').replace('\n', ' ');
        if (logged.size() < MAX_REMEMBERED_FAILURES && logged.add(line))
        {
            log.accept(logged.size() < MAX_REMEMBERED_FAILURES ? line :
                line + " (" + MAX_REMEMBERED_FAILURES + " distinct failures logged: no more will be)");
        }
        return new Body(INTERNAL_ERROR, TEXT, (line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** The exception's message, which names what failed; never its class (that is no help to a user). */
    private static String describe(final Throwable ex)
    {
        return ex.getMessage() == null || ex.getMessage().isBlank() ? "internal error" : ex.getMessage();
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
