package dev.rstat.benchmarks;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Target 1, 1 thread(s): the cost of one write to an already-linked leaf at depth {@value UpdatePath#DEPTH},
 * side by side with a {@code LongAdder} per node and with eager propagation to 8 ancestors. One writer thread.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Threads(1)
public class UpdateOneThreadBenchmark
{
    /**
     * @param path   the tree.
     * @param writer this thread's leaf and stripe.
     */
    @Benchmark
    public void rstatAdd(final UpdatePath path, final UpdateWriter writer)
    {
        path.group.add(path.leaves[0], UpdatePath.STAT, 1);
    }

    /**
     * @param path   the tree.
     * @param writer this thread's leaf and stripe.
     */
    @Benchmark
    public void rstatAddStripe(final UpdatePath path, final UpdateWriter writer)
    {
        path.group.add(writer.stripe, path.leaves[0], UpdatePath.STAT, 1);
    }

    /**
     * @param path   the tree.
     * @param writer this thread's leaf and stripe.
     */
    @Benchmark
    public void rstatCellAdd(final UpdatePath path, final UpdateWriter writer)
    {
        path.cells[0].add(1);
    }

    /**
     * @param path   the tree.
     * @param writer this thread's leaf and stripe.
     */
    @Benchmark
    public void rstatCellAddStripe(final UpdatePath path, final UpdateWriter writer)
    {
        path.cells[0].add(writer.stripe, 1);
    }

    /**
     * @param path   the tree.
     * @param writer this thread's leaf and stripe.
     */
    @Benchmark
    public void longAdder(final UpdatePath path, final UpdateWriter writer)
    {
        path.adders[0].add(1);
    }

    /**
     * @param path   the tree.
     * @param writer this thread's leaf and stripe.
     */
    @Benchmark
    public void eager(final UpdatePath path, final UpdateWriter writer)
    {
        path.eagerLeaves[0].charge(1);
    }
}
