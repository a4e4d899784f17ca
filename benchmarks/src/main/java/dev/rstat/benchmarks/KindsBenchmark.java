package dev.rstat.benchmarks;

import java.util.SplittableRandom;
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

import dev.rstat.Rstat;
import dev.rstat.RstatNode;
import dev.rstat.Schema;
import dev.rstat.StatGroup;

/**
 * Issue 11's write target: recording a value into a log histogram (its bucket found with one
 * {@code numberOfLeadingZeros}, then one bucket add) against adding the same value to a sum statistic, on the same
 * already-linked leaf at depth 8, one thread. Both read the value from the same table of 1,024 values spread over
 * 2^0 .. 2^40, so that the bucket is not predictable and both pay the same load.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Threads(1)
public class KindsBenchmark
{
    /**
     * @param leaf the tree and the values.
     */
    @Benchmark
    public void sumAdd(final Leaf leaf)
    {
        leaf.group.add(leaf.leaf, leaf.sum, leaf.next());
    }

    /**
     * @param leaf the tree and the values.
     */
    @Benchmark
    public void logHistogramRecord(final Leaf leaf)
    {
        leaf.group.record(leaf.leaf, leaf.latency, leaf.next());
    }

    /**
     * A leaf at depth 8 of a tree whose group has a counter and a 40-bucket log histogram.
     */
    @State(Scope.Thread)
    public static class Leaf
    {
        private static final int VALUES = 1024;

        Rstat rstat;
        StatGroup group;
        RstatNode leaf;
        int sum;
        int latency;
        private final long[] values = new long[VALUES];
        private int cursor;

        /**
         * Builds the chain and links the leaf.
         */
        @Setup(Level.Trial)
        public void build()
        {
            rstat = Rstat.builder(Schema.builder().group("k", g -> g.counter("sum")
                .stat("latency", s -> s.logHistogram(40))).build()).stripes(Trees.STRIPES).build();
            group = rstat.group("k");
            sum = group.indexOf("sum");
            latency = group.indexOf("latency");
            RstatNode n = rstat.root();
            for (int depth = 1; depth <= 8; depth++)
            {
                n = rstat.create(n, depth + 1, "d" + depth);
            }
            leaf = n;
            final SplittableRandom random = new SplittableRandom(42);
            for (int i = 0; i < VALUES; i++)
            {
                values[i] = random.nextLong(1L << random.nextInt(41));
            }
            group.add(leaf, sum, 1);
            group.record(leaf, latency, 1);
        }

        long next()
        {
            final int c = cursor;
            cursor = (c + 1) & (VALUES - 1);
            return values[c];
        }
    }
}
