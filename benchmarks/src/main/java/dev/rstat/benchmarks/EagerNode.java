package dev.rstat.benchmarks;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Baseline: eager propagation, one {@link AtomicLong} per node that every write adds to on the node and on each of
 * its ancestors (cgroup v1 {@code cpuacct_charge()} walks {@code parent_ca()} the same way). Reads are O(1), writes
 * O(depth) atomic read-modify-writes on cache lines shared with every writer below the same ancestor.
 */
public final class EagerNode
{
    private final EagerNode parent;
    private final AtomicLong usage = new AtomicLong();

    /**
     * @param parent of the node, or {@code null} for the root.
     */
    public EagerNode(final EagerNode parent)
    {
        this.parent = parent;
    }

    /**
     * Adds {@code delta} to this node and every ancestor.
     *
     * @param delta to add.
     */
    public void charge(final long delta)
    {
        for (EagerNode n = this; n != null; n = n.parent)
        {
            n.usage.getAndAdd(delta);
        }
    }

    /**
     * @return the node's total (its own writes and its descendants').
     */
    public long usage()
    {
        return usage.get();
    }
}
