package dev.rstat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Forces one interleaving: the first thread that reaches {@code point} for {@code node} (and, optionally, on the
 * {@code nth} time) waits there until {@link #release()}. Installed with {@link #install}, removed by
 * {@link #close()}; every wait is bounded, so a broken engine fails the test instead of hanging it.
 */
final class Pause implements AutoCloseable
{
    private static final long TIMEOUT_SECONDS = 20;

    private final CountDownLatch reached = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);
    private final Interleavings.Point point;
    private final RstatNode node;
    private final Thread thread;
    private int remaining;

    private Pause(final Interleavings.Point point, final RstatNode node, final Thread thread, final int nth)
    {
        this.point = point;
        this.node = node;
        this.thread = thread;
        this.remaining = nth;
    }

    /**
     * @param point  to pause at.
     * @param node   the point must be about ({@code null}: any node).
     * @param thread that pauses ({@code null}: any thread).
     * @param nth    pause on the nth time the point is reached (1: the first).
     * @return the installed pause.
     */
    static Pause install(final Interleavings.Point point, final RstatNode node, final Thread thread, final int nth)
    {
        final Pause pause = new Pause(point, node, thread, nth);
        Interleavings.hook = pause::at;
        return pause;
    }

    private void at(final Interleavings.Point p, final RstatNode n)
    {
        if (p != point || (node != null && n != node) || (thread != null && Thread.currentThread() != thread))
        {
            return;
        }
        synchronized (this)
        {
            if (remaining == 0 || --remaining > 0)
            {
                return;
            }
        }
        reached.countDown();
        await(released);
    }

    /**
     * Waits until the paused thread is at the point.
     */
    void awaitReached()
    {
        if (!await(reached))
        {
            throw new AssertionError("no thread reached " + point + " for " + node);
        }
    }

    /**
     * Lets the paused thread go on.
     */
    void release()
    {
        released.countDown();
    }

    @Override
    public void close()
    {
        Interleavings.hook = null;
        released.countDown();
    }

    /**
     * Waits until {@code condition} holds (for a thread that should be parked on a lock, or finished).
     *
     * @param condition to wait for.
     * @return whether it held within the timeout.
     */
    static boolean eventually(final BooleanSupplier condition)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                return false;
            }
            Thread.onSpinWait();
        }
        return true;
    }

    /**
     * @param t a thread.
     * @return whether it is parked (on a lock or a latch) or has finished.
     */
    static boolean parkedOrDone(final Thread t)
    {
        final Thread.State state = t.getState();
        return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING ||
            state == Thread.State.BLOCKED || state == Thread.State.TERMINATED;
    }

    private static boolean await(final CountDownLatch latch)
    {
        try
        {
            return latch.await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
