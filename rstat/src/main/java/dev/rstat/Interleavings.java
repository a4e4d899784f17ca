package dev.rstat;

/**
 * A test seam: named points on the engine's slow paths where a test may pause a thread to force one interleaving
 * of a race (a writer in its slow path while another writer and a flusher run; a flush or read whose handle is removed and
 * whose slot is reused while it waits). Production code never sets a hook; each point then costs one read of a
 * static volatile field, and no point lies on the write fast path.
 */
final class Interleavings
{
    /** Where a thread is. */
    enum Point
    {
        /** In the write slow path, with the stripe's lock held, before the node is published as queued. */
        WRITE_SLOW_PATH,
        /** In a flush, after the handle was first checked and before the group's flush lock is taken. */
        BEFORE_FLUSH_LOCK,
        /** In {@code subtree()}/{@code local()}, right before the node's storage is read. */
        BEFORE_READ
    }

    /** Called at every point by the thread that reaches it. */
    @FunctionalInterface
    interface Hook
    {
        /**
         * @param point reached.
         * @param node  the point is about.
         */
        void at(Point point, RstatNode node);
    }

    static volatile Hook hook;

    private Interleavings()
    {
    }

    static void at(final Point point, final RstatNode node)
    {
        final Hook h = hook;
        if (h != null)
        {
            h.at(point, node);
        }
    }
}
