package dev.rstat.benchmarks;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

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
     * Resets the counters for the next iteration.
     */
    @Setup(Level.Iteration)
    public void reset()
    {
        flushedNodes = 0;
        flushes = 0;
    }
}
