package dev.rstat.benchmarks;

import java.util.concurrent.atomic.LongAdder;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.ThreadParams;

import dev.rstat.RstatNode;
import dev.rstat.StatCell;

/**
 * One benchmark thread's view of {@link UpdatePath}: its own leaf (thread {@code i} writes leaf {@code i % 2}, so two
 * threads write different leaves under the same parent) and its own explicit stripe ({@code i % stripes}, like a
 * thread pinned to a CPU).
 */
@State(Scope.Thread)
public class UpdateWriter
{
    int stripe;
    RstatNode leaf;
    StatCell cell;
    LongAdder adder;
    EagerNode eager;

    /**
     * @param path    the shared tree.
     * @param threads this thread's index.
     */
    @Setup(Level.Trial)
    public void bind(final UpdatePath path, final ThreadParams threads)
    {
        final int index = threads.getThreadIndex();
        stripe = index % Trees.STRIPES;
        leaf = path.leaves[index % path.leaves.length];
        cell = path.cells[index % path.cells.length];
        adder = path.adders[index % path.adders.length];
        eager = path.eagerLeaves[index % path.eagerLeaves.length];
    }
}
