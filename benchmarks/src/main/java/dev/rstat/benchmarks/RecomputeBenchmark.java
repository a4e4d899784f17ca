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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Target 2's baseline: a {@link FullRecompute} of the whole tree ({@value Trees#STATS} stats, {@value Trees#STRIPES}
 * stripes, fanout 10) at 1k and 1M nodes.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Threads(1)
public class RecomputeBenchmark
{
    /**
     * @param tree the baseline tree.
     * @return the root total, for the blackhole.
     */
    @Benchmark
    public long recompute(final FlatTree tree)
    {
        return tree.baseline.recompute();
    }

    /**
     * A baseline tree whose cells hold pseudo-random counts.
     */
    @State(Scope.Benchmark)
    public static class FlatTree
    {
        /** Nodes in the tree, the root included. */
        @Param({"1000", "1000000"})
        public int nodes;

        FullRecompute baseline;

        /**
         * Builds the tree and fills its cells.
         */
        @Setup(Level.Trial)
        public void build()
        {
            baseline = new FullRecompute(nodes, 10, Trees.STATS, Trees.STRIPES);
            final SplittableRandom random = new SplittableRandom(7L);
            for (int node = 0; node < nodes; node++)
            {
                for (int stat = 0; stat < Trees.STATS; stat++)
                {
                    for (int stripe = 0; stripe < Trees.STRIPES; stripe++)
                    {
                        baseline.add(stripe, node, stat, random.nextInt(1000));
                    }
                }
            }
        }
    }
}
