package dev.rstat.benchmarks;

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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import dev.rstat.Rstat;
import dev.rstat.RstatNode;
import dev.rstat.StatGroup;

/**
 * Target 3: a forced root flush with nothing pending, at 1k and 1M nodes (fanout 10).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Threads(1)
public class EmptyFlushBenchmark
{
    /**
     * @param tree a tree on which nothing is pending.
     */
    @Benchmark
    public void flushRoot(final CleanTree tree)
    {
        tree.group.flush(tree.root);
    }

    /**
     * A tree that nobody writes to.
     */
    @State(Scope.Benchmark)
    public static class CleanTree
    {
        /** Nodes in the tree, the root included. */
        @Param({"1000", "1000000"})
        public int nodes;

        Rstat rstat;
        StatGroup group;
        RstatNode root;

        /**
         * Builds the tree and flushes it once.
         */
        @Setup(Level.Trial)
        public void build()
        {
            rstat = Trees.newRstat();
            group = rstat.group(Trees.GROUP);
            root = rstat.root();
            Trees.build(rstat, nodes, 10, i -> "n" + i);
            group.flush(root);
        }

        /**
         * Checks that nothing became pending.
         */
        @TearDown(Level.Trial)
        public void check()
        {
            if (group.isUpdated(root))
            {
                throw new IllegalStateException("the clean tree has pending updates");
            }
            rstat.close();
        }
    }
}
