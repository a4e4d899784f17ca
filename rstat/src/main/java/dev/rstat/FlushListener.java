package dev.rstat;

/**
 * A subscriber to flushes: the {@code bpf_rstat_flush(cgrp, parent, cpu)} hook.
 * <p>
 * During a flush of a {@link StatGroup}, the listener is called once for every (node, stripe) pair that had pending
 * work, in the flush order: every child before its parent, and the flushed node last on each stripe. It runs on the
 * flushing thread with the group's flush lock held, after the engine has propagated the node's own statistics, so an
 * application can keep its own per-stripe data beside the engine's and aggregate it with the engine's ordering and
 * bookkeeping: fold {@code cur - prev} of {@code node} on {@code stripe} into the node's total and the parent's
 * pending, exactly as the kernel selftest's {@code flusher} program does.
 * <p>
 * When the listener is called for a (node, stripe), the engine has already folded that node's cells on that stripe:
 * {@code subtree(node, ...)} and {@code local(node, ...)} read the node's totals as this flush leaves them (final for
 * the flush once the node's last stripe has been visited). During a {@linkplain Rstat#remove removal} the listener is
 * called for the removed node itself, whose handle already reports {@link RstatNode#isRemoved()} (reads through it
 * throw): that call is the listener's chance to fold its own per-stripe data for the node into the parent.
 * <p>
 * A listener should not block. It may add, mark nodes updated, create nodes and read {@code subtree}/{@code local};
 * it must not flush, read with a flush or remove in any group of the same tree (the engine refuses with an
 * {@link IllegalStateException}: obligation 2 of {@link StatGroup}). An exception or {@link Error} thrown by a
 * listener does not stop the flush: every detached node is still folded, then the first failure is rethrown.
 */
@FunctionalInterface
public interface FlushListener
{
    /**
     * @param node   being flushed.
     * @param parent of the node, or {@code null} for the root.
     * @param stripe on which the node had pending work.
     */
    void onFlush(RstatNode node, RstatNode parent, int stripe);
}
