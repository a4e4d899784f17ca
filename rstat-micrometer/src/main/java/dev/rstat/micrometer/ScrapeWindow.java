package dev.rstat.micrometer;

import java.util.concurrent.locks.ReentrantLock;

import io.micrometer.core.instrument.Clock;

/**
 * Single-flight refreshes, at most one per window: the first meter read of a scrape runs the refresh (flush the
 * tree, update the meter set), every other read of the same window only reads what it refreshed. Concurrent first
 * reads (two registries scraped at once) wait for one refresh instead of running one each.
 * <p>
 * Time comes from a Micrometer {@link Clock} (monotonic), so tests step a {@code MockClock} instead of sleeping.
 */
final class ScrapeWindow
{
    private final Clock clock;
    private final long windowNanos;
    private final Runnable refresh;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile boolean refreshed;
    private volatile long refreshedAt;
    private volatile long generation;

    /**
     * @param clock       of the window.
     * @param windowNanos how long values stay fresh after a refresh, more than 0.
     * @param refresh     the refresh, run under the window's lock.
     */
    ScrapeWindow(final Clock clock, final long windowNanos, final Runnable refresh)
    {
        this.clock = clock;
        this.windowNanos = windowNanos;
        this.refresh = refresh;
    }

    /**
     * Refreshes unless a refresh ran less than a window ago; returns at once when called from inside the refresh
     * (a registry that reads a meter while the refresh registers it).
     */
    void ensureFresh()
    {
        if (isFresh(clock.monotonicTime()) || lock.isHeldByCurrentThread())
        {
            return;
        }
        lock.lock();
        try
        {
            if (!isFresh(clock.monotonicTime()))
            {
                runLocked();
            }
        }
        finally
        {
            lock.unlock();
        }
    }

    /** Refreshes now, whatever the window says, and starts a new window. */
    void refreshNow()
    {
        lock.lock();
        try
        {
            if (lock.getHoldCount() == 1)
            {
                runLocked();
            }
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * Runs {@code action} under the window's lock, with no refresh running meanwhile.
     *
     * @param action to run.
     */
    void locked(final Runnable action)
    {
        lock.lock();
        try
        {
            action.run();
        }
        finally
        {
            lock.unlock();
        }
    }

    /** @return how many refreshes ran: values cached per refresh are stale once it moves. */
    long generation()
    {
        return generation;
    }

    private boolean isFresh(final long now)
    {
        return refreshed && now - refreshedAt < windowNanos;
    }

    private void runLocked()
    {
        try
        {
            refresh.run();
        }
        finally
        {
            generation++;
            refreshedAt = clock.monotonicTime();
            refreshed = true;
        }
    }
}
