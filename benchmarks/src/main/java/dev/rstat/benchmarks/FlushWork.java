package dev.rstat.benchmarks;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import dev.rstat.RstatNode;
import dev.rstat.StatGroup;

/**
 * JMH secondary results of the flush benchmarks: how many flushes ran and how many (node, stripe) pairs they
 * processed, so the report can show the nodes flushed per flush and the time per flushed node.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class FlushWork
{
    /** (node, stripe) pairs processed by the flushes of this iteration. */
    public long flushedNodes;
    /** Flushes in this iteration. */
    public long flushes;

    /**
     * Flushes {@code root} and counts the flush and the (node, stripe) pairs it processed.
     *
     * @param group the group to flush.
     * @param root  the node to flush.
     */
    public void flush(final StatGroup group, final RstatNode root)
    {
        final long before = group.nodesFlushedCount();
        group.flush(root);
        flushedNodes += group.nodesFlushedCount() - before;
        flushes++;
    }

    /**
     * Resets the counters for the next iteration.
     */
    @Setup(Level.Iteration)
    public void reset()
    {
        flushedNodes = 0;
        flushes = 0;
    }
}
