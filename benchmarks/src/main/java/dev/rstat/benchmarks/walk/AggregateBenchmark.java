package dev.rstat.benchmarks.walk;

import java.util.List;
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
import org.openjdk.jmh.annotations.Warmup;

import dev.rstat.cgroup.CgroupWalker;
import dev.rstat.cgroup.Hierarchy;
import dev.rstat.cgroup.Order;
import dev.rstat.cgroup.aggregate.HierarchyAggregator;
import dev.rstat.cgroup.render.Row;
import dev.rstat.cgroup.stat.Columns;
import dev.rstat.cgroup.stat.Problems;
import dev.rstat.cgroup.stat.StatCatalog;
import dev.rstat.cgroup.stat.StatReader;
import dev.rstat.cgroup.stat.StatSample;
import dev.rstat.cgroup.stat.ValueState;
import dev.rstat.cgroup.synthetic.SyntheticTree;

/**
 * Issue target B: the per-sample cost of {@link HierarchyAggregator#update} on a synthetic tree of
 * {@link Tree#cgroups} cgroups in which 1% of the cgroups changed since the previous sample, against the cost of
 * reading that sample. Times are per sample (one {@code update}, or one read of the whole tree).
 * <p>
 * Method ({@link Samples}): the trial setup reads the tree into rows ({@code before}: walker in
 * {@code descendants_pre} order, stat reader, one row per cgroup, as the CLI's sampler does with {@code --aggregate}),
 * advances it with {@link SyntheticTree#advance SyntheticTree.advance(root, 0.01, seed)} and reads it again
 * ({@code after}). A fresh aggregator is warmed with {@code update(before)} (the first sample builds the whole mirror
 * and is excluded), then fed {@code after}, {@code before}, {@code after} and {@code after}. Measured:
 * <ul>
 * <li>{@link #update}: alternately {@code update(before)} and {@code update(after)}: every call is a sample in which
 * the same 1% of the cgroups (and so their ancestors) changed, by {@code -Δ} or {@code +Δ};</li>
 * <li>{@link #updateUnchanged}: {@code update(after)} again and again: nothing changed, so no value is fed and the
 * flush visits nothing; what remains is the O(tree) part of {@code update} (ordering rows by depth, the path map,
 * comparing every value, limits, copying derived values into every row). {@code update - updateUnchanged} is what
 * the changes cost (feeding deltas, the rstat flush);</li>
 * <li>{@link #readSample} (needs only {@link Tree}): walking and reading the tree into rows, the cost the target
 * compares against.</li>
 * </ul>
 * The setup prints a {@code walk-bench:} line with the changed cgroups and the deltas of
 * {@link HierarchyAggregator#changedValues()} and {@link HierarchyAggregator#nodesFlushed()} for the first, a forward,
 * a backward and an unchanged sample; the teardown prints their averages over all (warm-up and measured) calls.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class AggregateBenchmark
{
    /** Fraction of cgroups changed between the two samples. */
    static final double FRACTION_CHANGED = 0.01;
    /** Seed choosing the changed cgroups. */
    static final long ADVANCE_SEED = 2;

    /**
     * Creates the benchmark (JMH instantiates it).
     */
    public AggregateBenchmark()
    {
    }

    /**
     * One sample with 1% of the cgroups changed.
     *
     * @param samples the two samples and the aggregator.
     * @return the aggregator.
     */
    @Benchmark
    public HierarchyAggregator update(final Samples samples)
    {
        return samples.next();
    }

    /**
     * One sample in which nothing changed: the O(tree) part of {@code update}.
     *
     * @param samples the two samples and the aggregator.
     * @return the aggregator.
     */
    @Benchmark
    public HierarchyAggregator updateUnchanged(final Samples samples)
    {
        return samples.same();
    }

    /**
     * Reads the whole tree into rows, as the sampler does before aggregating.
     *
     * @param tree the tree.
     * @return the rows.
     */
    @Benchmark
    public List<Row> readSample(final Tree tree)
    {
        return tree.read();
    }

    /**
     * The tree and what reads it: walker, stat reader, columns. Writes (or finds) the tree; the teardown fails the
     * trial if a read met a problem and deletes the tree unless it is shared.
     */
    @State(Scope.Benchmark)
    public static class Tree
    {
        /** Cgroups in the tree, the root included. */
        @Param({"10000", "100000"})
        public int cgroups;

        private BenchTree tree;
        private CgroupWalker walker;
        private Columns columns;
        private StatReader reader;
        private Problems problems;

        /**
         * Creates the state (JMH instantiates it).
         */
        public Tree()
        {
        }

        /**
         * Writes (or finds) the tree.
         */
        @Setup(Level.Trial)
        public void setUp()
        {
            tree = BenchTree.open("agg-" + cgroups, cgroups);
            final Hierarchy hierarchy = Hierarchy.at(tree.root());
            problems = new Problems(line -> { });
            columns = new Columns(StatCatalog.forVersion(hierarchy.version().number()));
            reader = new StatReader(columns, problems);
            walker = CgroupWalker.on(hierarchy).order(Order.DESCENDANTS_PRE).problems(problems).build();
        }

        /**
         * Fails on problems; deletes the tree unless shared.
         */
        @TearDown(Level.Trial)
        public void tearDown()
        {
            try
            {
                if (problems.any())
                {
                    throw new IllegalStateException("reads met problems: " + problems.summary());
                }
            }
            finally
            {
                tree.close();
            }
        }

        List<Row> read()
        {
            final RowCollector collector = new RowCollector(reader, WalkBenchmark.FILES, true);
            walker.walk(collector);
            return collector.rows();
        }
    }

    /**
     * Two samples of the tree, 1% of the cgroups apart, and an aggregator warmed with both.
     */
    @State(Scope.Benchmark)
    public static class Samples
    {
        private int cgroups;
        private List<Row> before;
        private List<Row> after;
        private HierarchyAggregator aggregator;
        private boolean nextIsBefore;
        private long calls;
        private long changedValuesAtStart;
        private long nodesFlushedAtStart;

        /**
         * Creates the state (JMH instantiates it).
         */
        public Samples()
        {
        }

        /**
         * Reads the two samples, warms the aggregator with the first and feeds it the second.
         *
         * @param tree the tree.
         */
        @Setup(Level.Trial)
        public void setUp(final Tree tree)
        {
            cgroups = tree.cgroups;
            before = tree.read();
            SyntheticTree.advance(tree.tree.root(), FRACTION_CHANGED, ADVANCE_SEED);
            after = tree.read();
            if (before.size() != cgroups || after.size() != cgroups || tree.problems.any())
            {
                throw new IllegalStateException("samples do not hold the whole tree: root=" + tree.tree.root() +
                    " before=" + before.size() + " after=" + after.size() + " expected=" + cgroups +
                    " problems=" + tree.problems.summary());
            }
            final int rawColumns = tree.columns.size();
            final int changedCgroups = changedRows(before, after, rawColumns);
            aggregator = new HierarchyAggregator(tree.columns);
            final long[] first = feed(before);
            final long[] forward = feed(after);
            final long[] backward = feed(before);
            feed(after);
            final long[] unchanged = feed(after);
            System.out.println("walk-bench: aggregate cgroups=" + cgroups + " rawColumns=" + rawColumns +
                " advanced=" + Math.round(FRACTION_CHANGED * cgroups) + " changedCgroups=" + changedCgroups +
                " first: changedValues=" + first[0] + " nodesFlushed=" + first[1] +
                " forward: changedValues=" + forward[0] + " nodesFlushed=" + forward[1] +
                " backward: changedValues=" + backward[0] + " nodesFlushed=" + backward[1] +
                " unchanged: changedValues=" + unchanged[0] + " nodesFlushed=" + unchanged[1]);
            nextIsBefore = true;
            changedValuesAtStart = aggregator.changedValues();
            nodesFlushedAtStart = aggregator.nodesFlushed();
        }

        /**
         * Prints the average deltas per call and closes the aggregator.
         */
        @TearDown(Level.Trial)
        public void tearDown()
        {
            if (calls > 0)
            {
                System.out.println("walk-bench: aggregate cgroups=" + cgroups + " calls=" + calls +
                    " perCall: changedValues=" + (aggregator.changedValues() - changedValuesAtStart) / calls +
                    " nodesFlushed=" + (aggregator.nodesFlushed() - nodesFlushedAtStart) / calls);
            }
            aggregator.close();
        }

        HierarchyAggregator next()
        {
            final List<Row> rows = nextIsBefore ? before : after;
            nextIsBefore = !nextIsBefore;
            aggregator.update(rows);
            calls++;
            return aggregator;
        }

        HierarchyAggregator same()
        {
            aggregator.update(after);
            calls++;
            return aggregator;
        }

        private long[] feed(final List<Row> rows)
        {
            final long values = aggregator.changedValues();
            final long flushed = aggregator.nodesFlushed();
            aggregator.update(rows);
            return new long[] {aggregator.changedValues() - values, aggregator.nodesFlushed() - flushed};
        }

        private static int changedRows(final List<Row> first, final List<Row> second, final int columns)
        {
            int changed = 0;
            for (int r = 0; r < first.size(); r++)
            {
                if (first.get(r).id() != second.get(r).id())
                {
                    throw new IllegalStateException("samples differ in shape: row=" + r);
                }
                final StatSample a = first.get(r).sample();
                final StatSample b = second.get(r).sample();
                for (int c = 0; c < columns; c++)
                {
                    final ValueState state = a.state(c);
                    if (state != b.state(c) || (state == ValueState.NUMBER && a.value(c) != b.value(c)))
                    {
                        changed++;
                        break;
                    }
                }
            }
            return changed;
        }
    }
}
