package dev.rstat.benchmarks;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Target 2: a root flush after {@value UpdatedTree#UPDATES} random leaves were updated once each, at 1k and 1M
 * nodes.
 * <ul>
 * <li>{@link #addsAndFlush}: the whole cycle, 100 adds then the flush (the adds link the leaves and their unlinked
 * ancestors, the flush detaches and folds them).</li>
 * <li>{@link #addsOnly}: the same 100 adds without a flush, so to nodes that stay linked; the report subtracts it
 * from the cycle to get the flush (plus the linking the adds did, which is the update tree's price).</li>
 * <li>{@link #flushOnly}: cross-check with the adds in a per-invocation setup (JMH's {@code Level.Invocation},
 * acceptable here since a flush takes microseconds; the adds leave the touched lines warm in cache).</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Threads(1)
public class FlushBenchmark
{
    /**
     * @param tree the tree.
     * @param work counts flushed nodes.
     */
    @Benchmark
    public void addsAndFlush(final UpdatedTree tree, final FlushWork work)
    {
        tree.addHundred();
        work.flush(tree.group, tree.root);
    }

    /**
     * @param tree the tree.
     */
    @Benchmark
    public void addsOnly(final UpdatedTree tree)
    {
        tree.addHundred();
    }

    /**
     * @param tree    the tree.
     * @param pending makes the 100 adds before each call.
     * @param work    counts flushed nodes.
     */
    @Benchmark
    public void flushOnly(final UpdatedTree tree, final Pending pending, final FlushWork work)
    {
        work.flush(tree.group, tree.root);
    }

    /**
     * Makes the 100 adds before each {@link #flushOnly} call, outside the measurement.
     */
    @State(Scope.Thread)
    public static class Pending
    {
        /**
         * @param tree the tree to update.
         */
        @Setup(Level.Invocation)
        public void addHundred(final UpdatedTree tree)
        {
            tree.addHundred();
        }
    }
}
