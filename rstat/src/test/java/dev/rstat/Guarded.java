package dev.rstat;

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

    /** A thread's work, which may throw. */
    @FunctionalInterface
    interface Body
    {
        void run() throws Exception;
    }
}
