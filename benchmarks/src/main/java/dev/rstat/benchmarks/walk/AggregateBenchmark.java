package dev.rstat.benchmarks.walk;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.eclipse.collections.impl.list.mutable.primitive.IntArrayList;
import org.eclipse.collections.impl.list.mutable.primitive.LongArrayList;

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

import dev.rstat.Rstat;
import dev.rstat.RstatNode;
import dev.rstat.Schema;
import dev.rstat.StatGroup;
import dev.rstat.cgroup.CgroupWalker;
import dev.rstat.cgroup.Hierarchy;
import dev.rstat.cgroup.Order;
import dev.rstat.cgroup.report.HierarchyAggregator;
import dev.rstat.cgroup.report.render.Row;
import dev.rstat.cgroup.stat.Columns;
import dev.rstat.cgroup.stat.Problems;
import dev.rstat.cgroup.stat.StatCatalog;
import dev.rstat.cgroup.stat.StatReader;
import dev.rstat.cgroup.stat.StatInfo;
import dev.rstat.cgroup.stat.StatSample;
import dev.rstat.cgroup.stat.StatScope;
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
 * <li>{@link #updateUnchanged}: alternately {@code update(after)} and {@code update(afterCopy)}, a deep copy of
 * {@code after} (so that the rows in play take as much memory as in {@link #update}): nothing changed, so no value is
 * fed and the flush visits nothing; what remains is the O(tree) part of {@code update} (ordering rows by depth, the
 * path map, comparing every value, limits, copying derived values into every row). {@code update - updateUnchanged}
 * is what the changes cost (feeding deltas, the rstat flush);</li>
 * <li>{@link #rstatFlush} ({@link Deltas}): only the rstat work of such a sample, on a mirror built directly with the
 * engine API the way the aggregator builds its own (one gauge per additive column, one stripe): the same
 * {@code add(+Δ)} (and {@code -Δ} on the parent for hierarchical values) for exactly the values that changed, then
 * a flush of the root; alternately with {@code +Δ} and {@code -Δ}. This is the part that should scale with the
 * changes; its setup checks that it feeds as many values and flushes as many nodes as the aggregator does;</li>
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
     * Only the rstat work of a sample with 1% of the cgroups changed: feed the changed values, flush the root.
     *
     * @param deltas the changed values and the mirror.
     * @return nodes flushed so far.
     */
    @Benchmark
    public long rstatFlush(final Deltas deltas)
    {
        return deltas.apply();
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
        private List<Row> afterCopy;
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
            afterCopy = new ArrayList<>(after.size());
            for (final Row row : after)
            {
                afterCopy.add(new Row(row.id(), row.path(), row.depth(), row.sample().copy()));
            }
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
            final List<Row> rows = nextIsBefore ? afterCopy : after;
            nextIsBefore = !nextIsBefore;
            aggregator.update(rows);
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

    /**
     * The values that changed between two samples of the tree, 1% of the cgroups apart, and an rstat mirror of the
     * tree built as {@link HierarchyAggregator} builds its own.
     */
    @State(Scope.Benchmark)
    public static class Deltas
    {
        private Rstat rstat;
        private StatGroup group;
        private RstatNode[] node;
        private RstatNode[] parent;
        private int[] stat;
        private long[] delta;
        private long sign = 1;

        /**
         * Creates the state (JMH instantiates it).
         */
        public Deltas()
        {
        }

        /**
         * Reads the two samples, builds the mirror, records the changed values and checks them against an aggregator.
         *
         * @param tree the tree.
         */
        @Setup(Level.Trial)
        public void setUp(final Tree tree)
        {
            final List<Row> before = tree.read();
            SyntheticTree.advance(tree.tree.root(), FRACTION_CHANGED, ADVANCE_SEED);
            final List<Row> after = tree.read();
            final Columns columns = tree.columns;
            final IntArrayList additive = new IntArrayList();
            for (int c = 0; c < columns.size(); c++)
            {
                final StatInfo info = columns.info(c);
                if (info.additive() && !columns.signed(c))
                {
                    additive.add(c);
                }
            }
            final Schema schema = Schema.builder().group("values", g ->
            {
                for (int k = 0; k < additive.size(); k++)
                {
                    g.gauge(columns.name(additive.get(k)));
                }
            }).build();
            rstat = Rstat.builder(schema).stripes(1).slotReuseDelay(Duration.ZERO).root(0, "(mirror)").build();
            group = rstat.group("values");
            final Map<String, RstatNode> byPath = new HashMap<>(after.size() * 2);
            final List<RstatNode> nodes = new ArrayList<>();
            final List<RstatNode> parents = new ArrayList<>();
            final IntArrayList stats = new IntArrayList();
            final LongArrayList deltas = new LongArrayList();
            for (int r = 0; r < after.size(); r++)
            {
                final Row row = after.get(r);
                final RstatNode up = byPath.get(parentPath(row.path()));
                final RstatNode self = rstat.create(up == null ? rstat.root() : up, row.id(), row.path());
                byPath.put(row.path(), self);
                final StatSample a = before.get(r).sample();
                final StatSample b = row.sample();
                for (int k = 0; k < additive.size(); k++)
                {
                    final int column = additive.get(k);
                    final long d = number(b, column) - number(a, column);
                    if (d != 0)
                    {
                        nodes.add(self);
                        parents.add(columns.info(column).scope() == StatScope.HIERARCHICAL ? up : null);
                        stats.add(k);
                        deltas.add(d);
                    }
                }
            }
            node = nodes.toArray(new RstatNode[0]);
            parent = parents.toArray(new RstatNode[0]);
            stat = stats.toArray();
            delta = deltas.toArray();
            apply();
            final long flushed = group.nodesFlushedCount();
            apply();
            final long perSample = group.nodesFlushedCount() - flushed;
            final HierarchyAggregator check = new HierarchyAggregator(tree.columns);
            check.update(before);
            final long values = check.changedValues();
            final long nodesFlushed = check.nodesFlushed();
            check.update(after);
            System.out.println("walk-bench: rstat cgroups=" + tree.cgroups + " values=" + delta.length +
                " nodesFlushed=" + perSample + " aggregator: changedValues=" + (check.changedValues() - values) +
                " nodesFlushed=" + (check.nodesFlushed() - nodesFlushed));
            check.close();
        }

        /**
         * Closes the mirror.
         */
        @TearDown(Level.Trial)
        public void tearDown()
        {
            rstat.close();
        }

        long apply()
        {
            final long s = sign;
            sign = -sign;
            for (int i = 0; i < node.length; i++)
            {
                group.add(0, node[i], stat[i], s * delta[i]);
                if (parent[i] != null)
                {
                    group.add(0, parent[i], stat[i], -s * delta[i]);
                }
            }
            group.flush(rstat.root());
            return group.nodesFlushedCount();
        }

        private static long number(final StatSample sample, final int column)
        {
            return sample.state(column) == ValueState.NUMBER ? sample.value(column) : 0;
        }

        private static String parentPath(final String path)
        {
            final int slash = path.lastIndexOf('/');
            if (slash < 0 || "/".equals(path))
            {
                return null;
            }
            return slash == 0 ? "/" : path.substring(0, slash);
        }
    }
}
