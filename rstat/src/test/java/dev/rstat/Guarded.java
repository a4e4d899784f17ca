package dev.rstat;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The stress tests' thread bodies: the first failure of any thread is kept for the test thread to assert on.
 */
final class Guarded
{
    private Guarded()
    {
    }

    /**
     * @param failure keeps the first failure.
     * @param body    the thread's work.
     * @return a runnable that runs {@code body} and records what it throws.
     */
    static Runnable guard(final AtomicReference<Throwable> failure, final Body body)
    {
        return () ->
        {
            try
            {
                body.run();
            }
            catch (final Throwable t)
            {
                failure.compareAndSet(null, t);
            }
        };
    }

    /**
     * Runs a stress test's threads: starts them all, opens {@code start}, waits for the first {@code writers}
     * (the writers), then clears {@code running} so the others (flushers, readers, churn) stop, and waits for them.
     *
     * @param threads the threads, writers first.
     * @param writers how many of them are writers.
     * @param start   the latch every thread waits on.
     * @param running cleared once the writers are done.
     * @throws InterruptedException if interrupted while waiting.
     */
    static void runWritersThenStop(final List<Thread> threads, final int writers, final CountDownLatch start,
        final AtomicBoolean running) throws InterruptedException
    {
        threads.forEach(Thread::start);
        start.countDown();
        for (int w = 0; w < writers; w++)
        {
            threads.get(w).join();
        }
        running.set(false);
        for (final Thread t : threads)
        {
            t.join();
        }
    }

    /** A thread's work, which may throw. */
    @FunctionalInterface
    interface Body
    {
        void run() throws Exception;
    }
}
