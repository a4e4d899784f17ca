package dev.rstat.cgroup.report;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.collections.api.map.primitive.MutableLongObjectMap;
import org.eclipse.collections.impl.list.mutable.primitive.IntArrayList;
import org.eclipse.collections.impl.map.mutable.primitive.LongObjectHashMap;

import dev.rstat.Rstat;
import dev.rstat.RstatNode;
import dev.rstat.Schema;
import dev.rstat.StatGroup;
import dev.rstat.cgroup.report.render.Row;
import dev.rstat.cgroup.stat.Columns;
import dev.rstat.cgroup.stat.StatInfo;
import dev.rstat.cgroup.stat.StatKind;
import dev.rstat.cgroup.stat.StatSample;
import dev.rstat.cgroup.stat.StatScope;
import dev.rstat.cgroup.stat.StatSign;
import dev.rstat.cgroup.stat.ValueState;

/**
 * Mirrors a walked cgroup hierarchy in an rstat tree keyed by cgroup id and derives, per value:
 * <ul>
 * <li>{@code <column>:subtree} for {@link StatScope#LOCAL local} values: the sum over the cgroup and all its walked
 * descendants (on a quiescent v1 memory hierarchy, the subtree of plain {@code memory.stat.cache} equals the kernel's
 * own {@code memory.stat.total_cache});</li>
 * <li>{@code <column>:self} for {@link StatScope#HIERARCHICAL hierarchical} values: the cgroup's own share, its value
 * minus its live children's. Usage of removed children stays in the parent (the kernel keeps it there), so it shows
 * up in the parent's own share. The files of a live hierarchy are not read atomically, so a busy parent can read lower
 * than the sum of its children: its own share is then negative, and is printed as such (signed) rather than hidden
 * by clamping, so that the own shares of a subtree always add up to its root's value;</li>
 * <li>{@code <column>:effective} for limits ({@code memory.max}, {@code memory.high}, {@code memory.swap.max},
 * {@code pids.max}, {@code io.max}, {@code cpu.max}, v1 {@code memory.limit_in_bytes}, {@code cpu.cfs_quota_us}):
 * the tightest limit on the path to the root, {@code max} if there is none (also for a cgroup without the file, which
 * still inherits its ancestors' limits); for CPU bandwidth, the quota/period pair with the lowest ratio.</li>
 * </ul>
 *
 * <h2>How the rstat engine is used</h2>
 * The tree keeps one gauge per additive column, on one stripe, in one stat group. Each sample feeds only
 * what changed since the previous sample: for a local value, {@code +Δ} on the cgroup; for a hierarchical value,
 * {@code +Δ} on the cgroup and {@code -Δ} on its parent, so that a node's flushed <em>local</em> total is its value
 * minus its children's (its own share) and its <em>subtree</em> total is its value again. A root flush then visits
 * only the cgroups that changed and their ancestors: the rstat work per sample is O(changed values × depth), while
 * comparing a sample with the previous one and copying the derived values out stay plain array passes over the rows.
 * A cgroup that disappears (or was recreated under another id) has its contributions cancelled and is removed from
 * the tree. Root rules fall out: the root's {@code cpu.stat} comes from global CPU time, so its own share
 * is what no child accounts for (never negative on a real host); files the root lacks give it no derived values.
 *
 * <h2>Rows</h2>
 * A sample is a list of {@link Row}s in any order; a row's parent is the row whose path is its path minus the last
 * component, so the walked set should be a whole subtree (walk {@code descendants_pre} or {@code descendants_post}).
 * Rows whose parent was not walked hang directly under the mirror's root. Derived values are written into the
 * rows' samples; their columns are interned into the shared {@link Columns} as {@code name:self}, etc.
 * <p>
 * Not thread-safe: one per sampling loop.
 */
public final class HierarchyAggregator implements AutoCloseable
{
    /** Suffix of a local value's subtree sum. */
    public static final String SUBTREE = ":subtree";
    /** Suffix of a hierarchical value's own share. */
    public static final String SELF = ":self";
    /** Suffix of a limit's tightest value on the path to the root. */
    public static final String EFFECTIVE = ":effective";

    private static final long NO_LIMIT = -1L;
    private static final String[] LIMIT_FILES = {
        "memory.max", "memory.high", "memory.swap.max", "memory.swap.high", "memory.zswap.max", "pids.max",
        "memory.limit_in_bytes", "memory.memsw.limit_in_bytes", "memory.kmem.limit_in_bytes"};
    private static final String[][] RATIO_LIMITS = {
        {"cpu.max.quota", "cpu.max.period"}, {"cpu.cfs_quota_us", "cpu.cfs_period_us"}};

    private final Columns columns;
    private final MutableLongObjectMap<Tracked> tracked = new LongObjectHashMap<>();
    private final IntArrayList additive = new IntArrayList();
    private final IntArrayList limits = new IntArrayList();
    private final IntArrayList ratios = new IntArrayList();
    private int[] additiveDerived = new int[0];
    private boolean[] hierarchical = new boolean[0];
    private int[] limitDerived = new int[0];
    private int[] ratioDerived = new int[0];
    private int scannedColumns;
    private Rstat rstat;
    private StatGroup group;
    private int round;
    private long changedValues;

    /**
     * @param columns shared with the stat reader; derived columns are interned into it.
     */
    public HierarchyAggregator(final Columns columns)
    {
        this.columns = columns;
    }

    /**
     * @param name of a column.
     * @return whether the name is a derived column's.
     */
    public static boolean isDerived(final String name)
    {
        return name.endsWith(SUBTREE) || name.endsWith(SELF) || name.endsWith(EFFECTIVE);
    }

    /**
     * Feeds one sample of the hierarchy, removes cgroups that are gone, flushes, and writes the derived values into
     * every row's sample.
     *
     * @param rows one sample: every walked cgroup once, in any order.
     */
    public void update(final List<Row> rows)
    {
        round++;
        if (scanNewColumns() || rstat == null)
        {
            rebuild();
        }
        final List<Row> ordered = byDepth(rows);
        final Map<String, Tracked> byPath = new HashMap<>(ordered.size() * 2);
        final Tracked[] ofRow = new Tracked[ordered.size()];
        for (int r = 0; r < ordered.size(); r++)
        {
            final Row row = ordered.get(r);
            final Tracked parent = byPath.get(parentPath(row.path()));
            Tracked t = tracked.get(row.id());
            if (t != null && t.parent != parent)
            {
                retire(t);
                t = null;
            }
            if (t == null)
            {
                t = new Tracked(row.id(), row.depth(), parent,
                    rstat.create(parent == null ? rstat.root() : parent.node, row.id(), row.path()),
                    additive.size(), limits.size() + ratios.size());
                tracked.put(row.id(), t);
            }
            t.seen = round;
            byPath.put(row.path(), t);
            ofRow[r] = t;
            feed(t, row.sample());
            effective(t, row.sample());
        }
        removeVanished();
        group.flush(rstat.root());
        for (int r = 0; r < ordered.size(); r++)
        {
            derive(ofRow[r], ordered.get(r).sample());
        }
    }

    /**
     * @return how many (cgroup, column) values changed and were fed to the rstat tree since creation.
     */
    public long changedValues()
    {
        return changedValues;
    }

    /**
     * @return how many (node, stripe) pairs the rstat flushes visited since creation.
     */
    public long nodesFlushed()
    {
        return group == null ? 0 : group.nodesFlushedCount();
    }

    /**
     * @return the number of cgroups mirrored.
     */
    public int size()
    {
        return tracked.size();
    }

    @Override
    public void close()
    {
        if (rstat != null)
        {
            rstat.close();
        }
    }

    private void feed(final Tracked t, final StatSample sample)
    {
        final int n = additive.size();
        for (int k = 0; k < n; k++)
        {
            final int column = additive.get(k);
            final long value = sample.state(column) == ValueState.NUMBER ? sample.value(column) : 0;
            final long delta = value - t.fed[k];
            if (delta != 0)
            {
                changedValues++;
                t.fed[k] = value;
                add(t.node, k, delta);
                if (hierarchical[k] && t.parent != null)
                {
                    add(t.parent.node, k, -delta);
                }
            }
        }
    }

    private void effective(final Tracked t, final StatSample sample)
    {
        final int nl = limits.size();
        for (int j = 0; j < nl; j++)
        {
            final int column = limits.get(j);
            final long own = sample.state(column) == ValueState.NUMBER ? sample.value(column) : NO_LIMIT;
            final long inherited = t.parent == null ? NO_LIMIT : t.parent.limit[j];
            t.limit[j] = Long.compareUnsigned(own, inherited) <= 0 ? own : inherited;
        }
        final int nr = ratios.size() / 2;
        for (int j = 0; j < nr; j++)
        {
            final int quotaColumn = ratios.get(2 * j);
            final int periodColumn = ratios.get(2 * j + 1);
            final int slot = nl + 2 * j;
            long quota = NO_LIMIT;
            long period = NO_LIMIT;
            if (sample.state(quotaColumn) == ValueState.NUMBER && sample.state(periodColumn) == ValueState.NUMBER &&
                sample.value(periodColumn) != 0)
            {
                quota = sample.value(quotaColumn);
                period = sample.value(periodColumn);
            }
            if (t.parent != null && t.parent.limit[slot] != NO_LIMIT &&
                (quota == NO_LIMIT || tighter(t.parent.limit[slot], t.parent.limit[slot + 1], quota, period)))
            {
                quota = t.parent.limit[slot];
                period = t.parent.limit[slot + 1];
            }
            t.limit[slot] = quota;
            t.limit[slot + 1] = period;
        }
    }

    private static boolean tighter(final long quotaA, final long periodA, final long quotaB, final long periodB)
    {
        return (double)quotaA / periodA < (double)quotaB / periodB;
    }

    private void derive(final Tracked t, final StatSample sample)
    {
        final int n = additive.size();
        for (int k = 0; k < n; k++)
        {
            final int column = additive.get(k);
            if (sample.state(column) == ValueState.NUMBER)
            {
                sample.putNumber(additiveDerived[k], hierarchical[k] ? group.local(t.node, k) :
                    group.subtree(t.node, k));
            }
        }
        final int nl = limits.size();
        for (int j = 0; j < nl; j++)
        {
            putLimit(sample, limitDerived[j], t.limit[j]);
        }
        final int nr = ratios.size() / 2;
        for (int j = 0; j < nr; j++)
        {
            final int slot = nl + 2 * j;
            putLimit(sample, ratioDerived[2 * j], t.limit[slot]);
            if (t.limit[slot] != NO_LIMIT)
            {
                sample.putNumber(ratioDerived[2 * j + 1], t.limit[slot + 1]);
            }
            else if (sample.state(ratios.get(2 * j + 1)) == ValueState.NUMBER)
            {
                sample.putNumber(ratioDerived[2 * j + 1], sample.value(ratios.get(2 * j + 1)));
            }
        }
    }

    private static void putLimit(final StatSample sample, final int column, final long limit)
    {
        if (limit == NO_LIMIT)
        {
            sample.putState(column, ValueState.MAX);
        }
        else
        {
            sample.putNumber(column, limit);
        }
    }

    private void removeVanished()
    {
        final List<Tracked> gone = new ArrayList<>();
        tracked.forEachValue(t ->
        {
            if (t.seen != round)
            {
                gone.add(t);
            }
        });
        gone.sort((a, b) -> Integer.compare(b.depth, a.depth));
        for (final Tracked t : gone)
        {
            cancelAndRemove(t);
        }
    }

    /**
     * Cancels everything a cgroup fed into the tree and removes it (and, first, any tracked descendants).
     */
    private void retire(final Tracked victim)
    {
        final List<Tracked> subtree = new ArrayList<>();
        tracked.forEachValue(t ->
        {
            for (Tracked a = t; a != null; a = a.parent)
            {
                if (a == victim)
                {
                    subtree.add(t);
                    return;
                }
            }
        });
        subtree.sort((a, b) -> Integer.compare(b.depth, a.depth));
        for (final Tracked t : subtree)
        {
            cancelAndRemove(t);
        }
    }

    /**
     * Cancels everything one cgroup without tracked children fed into the tree and removes it.
     */
    private void cancelAndRemove(final Tracked t)
    {
        final int n = additive.size();
        for (int k = 0; k < n; k++)
        {
            final long fed = t.fed[k];
            if (fed != 0)
            {
                add(t.node, k, -fed);
                if (hierarchical[k] && t.parent != null)
                {
                    add(t.parent.node, k, fed);
                }
                t.fed[k] = 0;
            }
        }
        rstat.remove(t.node);
        tracked.remove(t.id);
    }

    /** Adds {@code delta} to additive column {@code k} of a node (stripe 0). */
    private void add(final RstatNode node, final int k, final long delta)
    {
        group.add(0, node, k, delta);
    }

    private boolean scanNewColumns()
    {
        boolean grew = false;
        final int size = columns.size();
        for (int c = scannedColumns; c < size; c++)
        {
            final String name = columns.name(c);
            if (isDerived(name) || name.endsWith(RateTracker.RATE))
            {
                continue;
            }
            final StatInfo info = columns.info(c);
            if (info.additive() && !columns.signed(c))
            {
                additive.add(c);
                grew = true;
            }
            else if (info.kind() == StatKind.LIMIT && isMaxLimit(name))
            {
                limits.add(c);
                grew = true;
            }
        }
        scannedColumns = size;
        for (final String[] pair : RATIO_LIMITS)
        {
            final int quota = columns.id(pair[0]);
            final int period = columns.id(pair[1]);
            if (quota >= 0 && period >= 0 && !containsPair(quota))
            {
                ratios.add(quota);
                ratios.add(period);
                grew = true;
            }
        }
        if (grew)
        {
            internDerived();
        }
        return grew;
    }

    private boolean containsPair(final int quota)
    {
        for (int i = 0; i < ratios.size(); i += 2)
        {
            if (ratios.get(i) == quota)
            {
                return true;
            }
        }
        return false;
    }

    private static boolean isMaxLimit(final String name)
    {
        if (name.startsWith("io.max.") || (name.startsWith("hugetlb.") && name.endsWith(".max")))
        {
            return true;
        }
        for (final String file : LIMIT_FILES)
        {
            if (file.equals(name))
            {
                return true;
            }
        }
        return false;
    }

    private void internDerived()
    {
        final int n = additive.size();
        additiveDerived = new int[n];
        hierarchical = new boolean[n];
        for (int k = 0; k < n; k++)
        {
            final int c = additive.get(k);
            final StatInfo info = columns.info(c);
            hierarchical[k] = info.scope() == StatScope.HIERARCHICAL;
            additiveDerived[k] = hierarchical[k] ?
                columns.intern(columns.name(c) + SELF, columns.file(c),
                    info.withScope(StatScope.LOCAL).withSign(StatSign.SIGNED)) :
                columns.intern(columns.name(c) + SUBTREE, columns.file(c), info.withScope(StatScope.HIERARCHICAL));
        }
        limitDerived = new int[limits.size()];
        for (int j = 0; j < limitDerived.length; j++)
        {
            final int c = limits.get(j);
            limitDerived[j] = columns.intern(columns.name(c) + EFFECTIVE, columns.file(c), columns.info(c));
        }
        ratioDerived = new int[ratios.size()];
        for (int j = 0; j < ratioDerived.length; j++)
        {
            final int c = ratios.get(j);
            ratioDerived[j] = columns.intern(columns.name(c) + EFFECTIVE, columns.file(c), columns.info(c));
        }
        scannedColumns = columns.size();
    }

    private void rebuild()
    {
        if (rstat != null)
        {
            rstat.close();
        }
        final int n = additive.size();
        final Schema schema = Schema.builder().group("values", stats ->
        {
            for (int k = 0; k < n; k++)
            {
                stats.gauge(columns.name(additive.get(k)));
            }
        }).build();
        rstat = Rstat.builder(schema).stripes(1).slotReuseDelay(Duration.ZERO).root(0, "(mirror)").build();
        group = rstat.group("values");
        tracked.clear();
    }

    private static List<Row> byDepth(final List<Row> rows)
    {
        final Row[] sorted = rows.toArray(new Row[0]);
        Arrays.sort(sorted, (a, b) -> Integer.compare(a.depth(), b.depth()));
        return Arrays.asList(sorted);
    }

    /**
     * @param path of a cgroup relative to its hierarchy root ({@code /a/b}); names never contain {@code /}.
     * @return the parent's path ({@code /a}), or null for the root.
     */
    public static String parentPath(final String path)
    {
        final int slash = path.lastIndexOf('/');
        if (slash < 0 || path.equals("/"))
        {
            return null;
        }
        return slash == 0 ? "/" : path.substring(0, slash);
    }

    /**
     * One mirrored cgroup: its rstat node, what it last fed, and its effective limits.
     */
    private static final class Tracked
    {
        final long id;
        final int depth;
        final Tracked parent;
        final RstatNode node;
        final long[] fed;
        final long[] limit;
        int seen;

        Tracked(final long id, final int depth, final Tracked parent, final RstatNode node, final int additive,
            final int limits)
        {
            this.id = id;
            this.depth = depth;
            this.parent = parent;
            this.node = node;
            this.fed = new long[additive];
            this.limit = new long[limits];
        }
    }
}
