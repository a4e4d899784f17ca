package dev.rstat.cgroup.report;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.eclipse.collections.impl.list.mutable.primitive.IntArrayList;

import dev.rstat.Aggregation;
import dev.rstat.Rstat;
import dev.rstat.RstatNode;
import dev.rstat.Schema;
import dev.rstat.StatGroup;
import dev.rstat.cgroup.stat.Columns;
import dev.rstat.cgroup.stat.StatKind;
import dev.rstat.cgroup.stat.ValueState;

/**
 * The subtree statistics of {@code --derive}: for every numeric column (counters, gauges, pressure; not limits,
 * which have {@code :effective}, nor text) the MAX, MIN, AVG and zero count over each cgroup's live subtree, kept by
 * the rstat engine's recomputed aggregations.
 *
 * <h2>How</h2>
 * An rstat tree mirrors the sampled hierarchy (one node per cgroup, created and removed with it), its one group
 * holding, per column, unstriped gauges the sampler {@link StatGroup#set sets} to the cgroup's value (one writer, so
 * one cell per node is enough): {@code max} (aggregated by MAX; a cgroup without the value holds
 * {@link Long#MIN_VALUE}, which no real value is below), {@code min} (MIN; {@link Long#MAX_VALUE}), {@code zero}
 * (COUNT_ZERO of an indicator that is 0 exactly when the value is 0), {@code sum} and {@code n} (both AVG, whose
 * aggregate is the live subtree's sum: of the values, and of 1 per cgroup that has one). After each walk only the
 * cells whose value changed are set, so the one flush of the root recomputes only the changed cgroups and their
 * ancestors, each from its children: O(children of the changed cgroups), never O(tree). Comparing the values costs
 * one pass over what the walk read. A new numeric column (the engine's schema is fixed) rebuilds the tree: O(tree),
 * once.
 * <p>
 * Values are compared as signed 64-bit numbers (cgroupfs values of these kinds stay below 2^63).
 * <p>
 * Not thread-safe: one per sampler.
 */
final class SubtreeStatistics implements Mirror.Listener, AutoCloseable
{
    private static final long ROOT_ID = -1;
    private static final int MAX = 0;
    private static final int MIN = 1;
    private static final int ZERO = 2;
    private static final int SUM = 3;
    private static final int COUNT = 4;
    private static final int PER_COLUMN = 5;

    private final Columns columns;
    private final Mirror mirror;
    private final Set<Derivation> derive;
    private final IntArrayList numeric = new IntArrayList();
    private int[] indexOf = new int[0];
    private int classified;
    private Rstat rstat;
    private StatGroup group;
    private int[][] stat = new int[0][];
    private boolean rebuild = true;
    private long nodesFlushed;

    /**
     * @param columns the sampler's columns.
     * @param mirror  the sampler's mirror of the hierarchy.
     * @param derive  which of MAX, MIN, AVG, ZERO to keep.
     */
    SubtreeStatistics(final Columns columns, final Mirror mirror, final Set<Derivation> derive)
    {
        this.columns = columns;
        this.mirror = mirror;
        this.derive = derive.isEmpty() ? EnumSet.noneOf(Derivation.class) : EnumSet.copyOf(derive);
        for (final Derivation d : this.derive)
        {
            if (!d.isSubtreeStatistic())
            {
                throw new IllegalArgumentException("not a subtree statistic: derivation=" + d);
            }
        }
        mirror.listen(this);
    }

    @Override
    public void created(final Node node)
    {
        node.extremes = new Entry();
        if (!rebuild)
        {
            attach(node);
        }
    }

    @Override
    public void retired(final Node node)
    {
        final Entry entry = node.extremes;
        if (entry != null && entry.rstat != null && rstat.contains(entry.rstat))
        {
            rstat.remove(entry.rstat);
        }
        if (entry != null)
        {
            entry.rstat = null;
        }
    }

    /**
     * After a walk: sets what changed, flushes once.
     */
    void update()
    {
        classify();
        if (rebuild)
        {
            build();
        }
        final List<Node> stack = new ArrayList<>();
        push(stack, mirror.top());
        while (!stack.isEmpty())
        {
            final Node node = stack.remove(stack.size() - 1);
            feed(node);
            push(stack, node);
        }
        final long before = group.nodesFlushedCount();
        group.flush(rstat.root());
        nodesFlushed += group.nodesFlushedCount() - before;
    }

    /**
     * @param column    a column.
     * @param derivation MAX, MIN, AVG or ZERO.
     * @return whether the column has that derived value.
     */
    boolean has(final int column, final Derivation derivation)
    {
        return derive.contains(derivation) && column < indexOf.length && indexOf[column] >= 0 &&
            indexOf[column] < stat.length;
    }

    /**
     * @param node  a node of the latest walk.
     * @param field a MAX, MIN, AVG or ZERO field.
     * @return NUMBER if some cgroup of the subtree has the value, else MISSING.
     */
    ValueState state(final Node node, final Field field)
    {
        if (!has(field.column(), field.derivation()) || node.extremes == null || node.extremes.rstat == null)
        {
            return ValueState.MISSING;
        }
        final int[] s = stat[indexOf[field.column()]];
        return group.aggregate(node.extremes.rstat, s[COUNT], Aggregation.AVG) > 0 ? ValueState.NUMBER
            : ValueState.MISSING;
    }

    /**
     * @param node  a node of the latest walk.
     * @param field a MAX, MIN, AVG or ZERO field.
     * @return the value (an AVG with {@link Derivation#AVG_DECIMALS} more decimals), 0 unless NUMBER.
     */
    long value(final Node node, final Field field)
    {
        if (state(node, field) != ValueState.NUMBER)
        {
            return 0;
        }
        final RstatNode n = node.extremes.rstat;
        final int[] s = stat[indexOf[field.column()]];
        return switch (field.derivation())
        {
            case MAX -> group.aggregate(n, s[MAX], Aggregation.MAX);
            case MIN -> group.aggregate(n, s[MIN], Aggregation.MIN);
            case ZERO -> group.aggregate(n, s[ZERO], Aggregation.COUNT_ZERO);
            case AVG ->
            {
                final long count = group.aggregate(n, s[COUNT], Aggregation.AVG);
                final double mean = (double)group.aggregate(n, s[SUM], Aggregation.AVG) / count;
                yield Math.round(mean * 100);
            }
            default -> 0;
        };
    }

    /**
     * @return (node, stripe) pairs the flushes processed so far.
     */
    long nodesFlushed()
    {
        return nodesFlushed;
    }

    @Override
    public void close()
    {
        if (rstat != null)
        {
            rstat.close();
        }
    }

    private void classify()
    {
        final int size = columns.size();
        if (classified == size)
        {
            return;
        }
        if (indexOf.length < size)
        {
            final int[] grown = new int[Math.max(size, indexOf.length * 2)];
            java.util.Arrays.fill(grown, -1);
            System.arraycopy(indexOf, 0, grown, 0, indexOf.length);
            indexOf = grown;
        }
        for (int column = classified; column < size; column++)
        {
            final StatKind kind = columns.info(column).kind();
            if (kind == StatKind.COUNTER || kind == StatKind.GAUGE || kind == StatKind.PRESSURE)
            {
                indexOf[column] = numeric.size();
                numeric.add(column);
                rebuild = true;
            }
        }
        classified = size;
    }

    /** Builds the rstat mirror anew: O(tree), when numeric columns appeared. */
    private void build()
    {
        if (rstat != null)
        {
            rstat.close();
        }
        final int n = numeric.size();
        final Schema schema = Schema.builder().group("derive", g ->
        {
            for (int k = 0; k < n; k++)
            {
                final String name = columns.name(numeric.get(k));
                g.stat(name + ":max", s -> s.gauge().aggregate(Aggregation.MAX).unstriped());
                g.stat(name + ":min", s -> s.gauge().aggregate(Aggregation.MIN).unstriped());
                g.stat(name + ":zero", s -> s.gauge().aggregate(Aggregation.COUNT_ZERO).unstriped());
                g.stat(name + ":sum", s -> s.gauge().aggregate(Aggregation.AVG).unstriped());
                g.stat(name + ":n", s -> s.gauge().aggregate(Aggregation.AVG).unstriped());
            }
        }).build();
        rstat = Rstat.builder(schema).stripes(1).slotReuseDelay(Duration.ZERO).root(ROOT_ID, "(mirror)").build();
        group = rstat.group("derive");
        stat = new int[n][PER_COLUMN];
        for (int k = 0; k < n; k++)
        {
            final String name = columns.name(numeric.get(k));
            stat[k][MAX] = group.indexOf(name + ":max");
            stat[k][MIN] = group.indexOf(name + ":min");
            stat[k][ZERO] = group.indexOf(name + ":zero");
            stat[k][SUM] = group.indexOf(name + ":sum");
            stat[k][COUNT] = group.indexOf(name + ":n");
        }
        final List<Node> stack = new ArrayList<>();
        push(stack, mirror.top());
        while (!stack.isEmpty())
        {
            final Node node = stack.remove(stack.size() - 1);
            if (node.extremes == null)
            {
                node.extremes = new Entry();
            }
            attach(node);
            push(stack, node);
        }
        rebuild = false;
    }

    private void attach(final Node node)
    {
        final Entry entry = node.extremes;
        final RstatNode parent = node.parent == null ? rstat.root() : node.parent.extremes.rstat;
        entry.rstat = rstat.create(parent, node.slot, node.name);
        // a new node's cells hold 0, which is what a cgroup with value 0 feeds; force every cell to be set once
        entry.fed = new long[stat.length * PER_COLUMN];
        java.util.Arrays.fill(entry.fed, Long.MIN_VALUE + 1);
    }

    private void feed(final Node node)
    {
        final Entry entry = node.extremes;
        if (entry == null || entry.rstat == null)
        {
            return;
        }
        for (int k = 0; k < stat.length; k++)
        {
            final int column = numeric.get(k);
            final boolean present = node.values.state(column) == ValueState.NUMBER;
            final long value = present ? node.values.value(column) : 0;
            final int[] s = stat[k];
            set(entry, k, MAX, s[MAX], present ? value : Long.MIN_VALUE);
            set(entry, k, MIN, s[MIN], present ? value : Long.MAX_VALUE);
            set(entry, k, ZERO, s[ZERO], present && value == 0 ? 0 : 1);
            set(entry, k, SUM, s[SUM], value);
            set(entry, k, COUNT, s[COUNT], present ? 1 : 0);
        }
    }

    private void set(final Entry entry, final int k, final int which, final int statIndex, final long value)
    {
        final int i = k * PER_COLUMN + which;
        if (entry.fed[i] != value)
        {
            entry.fed[i] = value;
            group.set(entry.rstat, statIndex, value);
        }
    }

    private static void push(final List<Node> stack, final Node node)
    {
        if (node == null)
        {
            return;
        }
        for (int i = node.childCount - 1; i >= 0; i--)
        {
            stack.add(node.children[i]);
        }
    }

    /** Per node: its rstat node and the values last set into its cells. */
    static final class Entry
    {
        RstatNode rstat;
        long[] fed;
    }
}
