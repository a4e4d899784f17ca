package dev.rstat.benchmarks.walk;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.AuxCounters;
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
import org.openjdk.jmh.annotations.Warmup;

import dev.rstat.cgroup.Hierarchy;
import dev.rstat.cgroup.report.Sample;
import dev.rstat.cgroup.report.Sampler;
import dev.rstat.cgroup.stat.Problems;
import dev.rstat.cgroup.synthetic.SyntheticTree;

/**
 * The aggregation's cost per sample against the cost of reading the sample, on a synthetic tree of
 * {@link Tree#cgroups} cgroups, through the public sampling API ({@link Sampler}).
 * <ul>
 * <li>{@link #update}: one sample of an aggregating sampler after {@link SyntheticTree#advance} changed 1% of the
 * cgroups (and so their ancestors) since its previous sample. The score is the whole sample; the auxiliary counters
 * split it into {@code readUs} (walk, reads, change detection) and {@code aggregateUs} (feeding the changed values,
 * the rstat flush and its subscriber, the effective limits of the changed cgroups), from
 * {@link Sampler.Statistics}.</li>
 * <li>{@link #updateUnchanged}: the same when nothing changed since the previous sample: what the aggregation costs
 * when there is nothing to do.</li>
 * <li>{@link #readSample}: one sample of a sampler that does not aggregate: the cost of reading, which the targets
 * compare the aggregation with.</li>
 * </ul>
 * Each trial takes a first sample (which builds the mirror of the whole tree) before measuring. Times are single
 * shots of one sample each, per iteration (one sample at 100,000 cgroups takes seconds); the trees are shared by all
 * forks through {@value BenchTree#DIR_PROPERTY} when set.
 */
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AggregateBenchmark
{
    /** Fraction of cgroups changed between two samples. */
    static final double FRACTION_CHANGED = 0.01;

    /**
     * Creates the benchmark (JMH instantiates it).
     */
    public AggregateBenchmark()
    {
    }

    /**
     * One sample in which 1% of the cgroups changed.
     *
     * @param changed the sampler and the tree, advanced before each iteration.
     * @param split   where the sample's cost is split into reading and aggregating.
     * @return the sample's size.
     */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @Warmup(iterations = 3)
    @Measurement(iterations = 8)
    public int update(final Changed changed, final Split split)
    {
        return split.measure(changed.tree.aggregating);
    }

    /**
     * One sample in which nothing changed since the previous one.
     *
     * @param tree  the sampler and the tree.
     * @param split where the sample's cost is split into reading and aggregating.
     * @return the sample's size.
     */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @Warmup(iterations = 3)
    @Measurement(iterations = 8)
    public int updateUnchanged(final Tree tree, final Split split)
    {
        return split.measure(tree.aggregating);
    }

    /**
     * One sample without aggregation: the walk and the reads.
     *
     * @param tree the plain sampler and the tree.
     * @return the sample's size.
     */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @Warmup(iterations = 3)
    @Measurement(iterations = 8)
    public int readSample(final Tree tree)
    {
        final Sample sample = tree.plain.sample();
        return sample.size();
    }

    /**
     * The tree and two samplers of it (aggregating, plain) that read the CLI's default files. Each took one sample in
     * the setup; the teardown fails the trial if a sample met a problem or missed cgroups.
     */
    @State(Scope.Benchmark)
    public static class Tree
    {
        /** Cgroups in the tree, the root included. */
        @Param({"10000", "100000"})
        public int cgroups;

        BenchTree tree;
        Sampler aggregating;
        Sampler plain;
        private Problems problems;

        /**
         * Creates the state (JMH instantiates it).
         */
        public Tree()
        {
        }

        /**
         * Writes (or finds) the tree and takes each sampler's first sample.
         */
        @Setup(Level.Trial)
        public void setUp()
        {
            tree = BenchTree.open("agg-" + cgroups, cgroups);
            problems = new Problems(line -> { });
            final Hierarchy hierarchy = Hierarchy.at(tree.root());
            aggregating = Sampler.on(hierarchy).files(WalkBenchmark.FILES).aggregate(true).problems(problems).build();
            plain = Sampler.on(hierarchy).files(WalkBenchmark.FILES).problems(problems).build();
            check(aggregating.sample().size());
            check(plain.sample().size());
            System.out.println("walk-bench: aggregate cgroups=" + cgroups + " first sample: changedValues=" +
                aggregating.statistics().changedValues() + " nodesFlushed=" +
                aggregating.statistics().nodesFlushed() + " aggregateUs=" +
                aggregating.statistics().lastAggregateNanos() / 1000);
        }

        private void check(final int rows)
        {
            if (rows != cgroups || problems.any())
            {
                throw new IllegalStateException("sample does not hold the whole tree: root=" + tree.root() + " rows=" +
                    rows + " expected=" + cgroups + " problems=" + problems.summary());
            }
        }

        /**
         * Fails on problems; closes the samplers; deletes the tree unless shared.
         */
        @TearDown(Level.Trial)
        public void tearDown()
        {
            try
            {
                if (problems.any())
                {
                    throw new IllegalStateException("samples met problems: " + problems.summary());
                }
            }
            finally
            {
                aggregating.close();
                plain.close();
                tree.close();
            }
        }
    }

    /**
     * The tree, advanced by 1% before each iteration, so that every measured sample has 1% of the cgroups changed.
     */
    @State(Scope.Benchmark)
    public static class Changed
    {
        Tree tree;
        private long seed = 1;
        private long changedValues;
        private long nodesFlushed;

        /**
         * Creates the state (JMH instantiates it).
         */
        public Changed()
        {
        }

        /**
         * Advances the tree.
         *
         * @param state the tree.
         */
        @Setup(Level.Iteration)
        public void advance(final Tree state)
        {
            tree = state;
            changedValues = state.aggregating.statistics().changedValues();
            nodesFlushed = state.aggregating.statistics().nodesFlushed();
            SyntheticTree.advance(state.tree.root(), FRACTION_CHANGED, ++seed);
        }

        /**
         * Prints what the iteration's sample fed and flushed.
         */
        @TearDown(Level.Iteration)
        public void report()
        {
            final Sampler.Statistics statistics = tree.aggregating.statistics();
            System.out.println("walk-bench: aggregate cgroups=" + tree.cgroups + " changed sample: changedValues=" +
                (statistics.changedValues() - changedValues) + " nodesFlushed=" +
                (statistics.nodesFlushed() - nodesFlushed));
        }
    }

    /** A measured sample's read and aggregate parts, in microseconds, as auxiliary results. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Split
    {
        /** Walk, reads and change detection of the iteration's sample, in microseconds. */
        public double readUs;
        /** Aggregation of the iteration's sample, in microseconds. */
        public double aggregateUs;

        /**
         * Creates the state (JMH instantiates it).
         */
        public Split()
        {
        }

        /**
         * Clears the counters (one sample per iteration).
         */
        @Setup(Level.Iteration)
        public void clear()
        {
            readUs = 0;
            aggregateUs = 0;
        }

        int measure(final Sampler sampler)
        {
            final int rows = sampler.sample().size();
            readUs += sampler.statistics().lastReadNanos() / 1e3;
            aggregateUs += sampler.statistics().lastAggregateNanos() / 1e3;
            return rows;
        }
    }
}
