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

import dev.rstat.Aggregation;
import dev.rstat.Rstat;
import dev.rstat.RstatNode;
import dev.rstat.Schema;
import dev.rstat.StatGroup;

/**
 * Issue 11's flush figure: a root flush after 100 random leaves of a 1M-node tree (fanout 10) changed, when the
 * group's {@value Trees#STATS} gauges aggregate by MAX (recomputed from each flushed node's live children) against
 * the same tree aggregating by SUM (carried by deltas). As in {@link FlushBenchmark}, the report subtracts
 * {@link #addsOnly} from {@link #addsAndFlush} and divides by the flushed nodes.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Threads(1)
public class AggregationFlushBenchmark
{
    /**
     * @param tree the tree.
     * @param work counts flushed nodes.
     */
    @Benchmark
    public void addsAndFlush(final AggregatedTree tree, final FlushWork work)
    {
        tree.addHundred();
        work.flush(tree.group, tree.root);
    }

    /**
     * @param tree the tree.
     */
    @Benchmark
    public void addsOnly(final AggregatedTree tree)
    {
        tree.addHundred();
    }

    /**
     * The tree, its gauges aggregated by {@link #aggregation}, and a fixed pseudo-random sequence of leaves.
     */
    @State(Scope.Benchmark)
    public static class AggregatedTree
    {
        /** SUM or MAX. */
        @Param({"SUM", "MAX"})
        public String aggregation;

        /** Nodes in the tree, the root included. */
        @Param({"1000000"})
        public int nodes;

        Rstat rstat;
        StatGroup group;
        RstatNode root;
        private RstatNode[] draws;
        private int cursor;
        private long sign = 1;

        /**
         * Builds the tree and the leaf sequence.
         */
        @Setup(Level.Trial)
        public void build()
        {
            final Aggregation a = Aggregation.valueOf(aggregation);
            rstat = Rstat.builder(Schema.builder().group(Trees.GROUP, g ->
            {
                for (int i = 0; i < Trees.STATS; i++)
                {
                    g.stat("g" + i, s -> s.gauge().aggregate(a));
                }
            }).build()).stripes(Trees.STRIPES).build();
            group = rstat.group(Trees.GROUP);
            root = rstat.root();
            final int fanout = 10;
            final RstatNode[] handles = Trees.build(rstat, nodes, fanout, i -> "n" + i);
            group.flush(root);
            final int[] drawn = Trees.randomDraws(Trees.leaves(nodes, fanout), UpdatedTree.DRAWS, 42L);
            draws = new RstatNode[UpdatedTree.DRAWS];
            for (int i = 0; i < draws.length; i++)
            {
                draws[i] = handles[drawn[i]];
            }
        }

        /**
         * Changes stat 0 of the next 100 leaves, +1 and -1 in turn (so a MAX goes up and down).
         */
        public void addHundred()
        {
            int c = cursor;
            final long s = sign;
            for (int i = 0; i < UpdatedTree.UPDATES; i++)
            {
                group.add(draws[c], 0, s);
                c = (c + 1) & (UpdatedTree.DRAWS - 1);
            }
            cursor = c;
            sign = -s;
        }

        /**
         * Stops the tree's background work, if any.
         */
        @TearDown(Level.Trial)
        public void close()
        {
            rstat.close();
        }
    }
}
