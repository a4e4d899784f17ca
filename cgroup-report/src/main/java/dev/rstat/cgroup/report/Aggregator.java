package dev.rstat.cgroup.report;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import org.eclipse.collections.impl.list.mutable.primitive.IntArrayList;

import dev.rstat.FlushListener;
import dev.rstat.Rstat;
import dev.rstat.RstatNode;
import dev.rstat.Schema;
import dev.rstat.StatGroup;
import dev.rstat.cgroup.stat.Columns;
import dev.rstat.cgroup.stat.StatCatalog;
import dev.rstat.cgroup.stat.StatInfo;
import dev.rstat.cgroup.stat.StatKind;
import dev.rstat.cgroup.stat.StatSample;
import dev.rstat.cgroup.stat.StatScope;
import dev.rstat.cgroup.stat.ValueState;

/**
 * Hierarchical aggregates of a sampled hierarchy through the rstat engine, at the cost of what changed.
 * <ul>
 * <li>{@link Derivation#SELF} for hierarchical values: the own share, value minus the live children's values;</li>
 * <li>{@link Derivation#SUBTREE} for local values: the sum over the subtree;</li>
 * <li>{@link Derivation#EFFECTIVE} for limits that bound the descendants and for CPU bandwidth: the tightest on the
 * path to the root (which limits these are is the {@link StatCatalog}'s knowledge);</li>
 * <li>{@link Derivation#DYING} for hierarchical amounts that have a local partner (v1 {@code memory.stat}
 * {@code total_cache} and {@code cache}): the hierarchical value minus the partner's subtree sum, what removed
 * descendants still hold.</li>
 * </ul>
 *
 * <h2>How it costs what changed</h2>
 * The mirror is an rstat tree with one gauge per additive column on one stripe; each cgroup's node carries its
 * cgroup's {@link Mirror} slot as rstat id. A node's cell is fed {@code +Δ} of its value and, for a hierarchical
 * value, {@code -Δ} of each child's, so that its flushed local total is its own share and its subtree total its value.
 * While the walk commits each cgroup's new read into its node ({@link StatSample#copyFrom}), only the values that
 * changed reach {@link #changed}: the node's pending delta gets {@code +Δ}, its parent's {@code -Δ}; children are read
 * before parents, so once a node is committed ({@link #committed}) its net change is known and is queued if not zero
 * (a parent that grew exactly by its children's growth queues nothing). {@link #update()} feeds the queue, flushes the
 * root, and the engine's flush subscriber, called once for every flushed node (the changed ones and their ancestors,
 * children first), copies that node's new own shares and subtree sums into its {@link Totals}. A limit that changed
 * marks its node. Effective limits are recomputed top-down from the marked nodes only, descending while
 * they change. A sample in which nothing changed feeds nothing, flushes nothing and recomputes nothing: no pass over
 * the tree, no sorting, no map. The first sample, and a sample in which a new additive column appears (the rstat
 * schema is fixed), build the mirror anew: O(tree) once.
 * <p>
 * A node that disappears has its contributions cancelled before its rstat node is removed, so usage of a removed
 * child stays in its parent's own share, as the kernel keeps it there.
 *
 * <h2>Roots</h2>
 * The hierarchy root's own share of a value the kernel computes differently at the root
 * ({@link StatCatalog#rootComputedDifferently(String)}: v1 {@code memory.usage_in_bytes} has no kernel memory and is
 * not charged) is left out. The v2 root's {@code cpu.stat} and {@code io.stat} come from system-wide counters: its own
 * share is what no child accounts for. Files the root lacks give it no derived values.
 * <p>
 * Not thread-safe: one per sampler.
 */
final class Aggregator implements Mirror.Listener, StatSample.Changes, AutoCloseable
{
    private static final long NO_LIMIT = -1L;
    private static final byte NONE = 0;
    private static final byte ADDITIVE = 1;
    private static final byte LIMIT = 2;
    private static final byte QUOTA = 3;
    private static final byte PERIOD = 4;
    private static final long ROOT_ID = -1;

    private final Columns columns;
    private final StatCatalog catalog;
    private final Mirror mirror;
    private final boolean atRoot;
    private final FlushListener subscriber = this::flushed;

    // what each column is: kind, and its additive index or limit slot
    private byte[] kind = new byte[0];
    private int[] index = new int[0];
    private boolean[] rootDiffers = new boolean[0];
    /** Per column, the local partner's column id for {@link Derivation#DYING}: -1 none, -2 not interned yet. */
    private int[] partner = new int[0];
    private int classified;
    private final IntArrayList additive = new IntArrayList();
    private boolean[] hierarchical = new boolean[0];
    private final IntArrayList limitColumns = new IntArrayList();
    private final IntArrayList ratioColumns = new IntArrayList();

    private Rstat rstat;
    private StatGroup group;
    private boolean rebuild = true;

    // the sample in progress
    private Node committing;
    private Node[] queuedNode = new Node[256];
    private int[] queuedStat = new int[256];
    private long[] queuedDelta = new long[256];
    private int queued;
    private final List<Node> dirty = new ArrayList<>();
    private boolean recomputeLimits = true;
    private int round;
    private long changedValues;

    /**
     * @param columns the sampler's columns.
     * @param mirror  the sampler's mirror of the hierarchy.
     * @param atRoot  whether the walks start at the hierarchy's root (whose values the kernel may compute
     *                differently), not below it.
     */
    Aggregator(final Columns columns, final Mirror mirror, final boolean atRoot)
    {
        this.columns = columns;
        this.catalog = columns.catalog();
        this.mirror = mirror;
        this.atRoot = atRoot;
        mirror.listen(this);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // During the walk
    // ---------------------------------------------------------------------------------------------------------------

    @Override
    public void created(final Node node)
    {
        node.totals = new Totals();
        if (!rebuild)
        {
            node.totals.rstat = rstat.create(rstatParent(node), node.slot, node.name);
            node.totals.summed = new long[additive.size()];
        }
        markLimits(node);
    }

    @Override
    public void retired(final Node node)
    {
        final Totals totals = node.totals;
        totals.retired = true;
        if (rebuild || totals.rstat == null)
        {
            return;
        }
        final RstatNode parent = node.parent == null ? null : node.parent.totals.rstat;
        final int n = additive.size();
        for (int k = 0; k < n; k++)
        {
            final long fed = fed(node.values, additive.get(k));
            if (fed != 0)
            {
                group.add(0, totals.rstat, k, -fed);
                if (hierarchical[k] && parent != null)
                {
                    group.add(0, parent, k, fed);
                }
            }
        }
        rstat.remove(totals.rstat);
        totals.rstat = null;
    }

    /**
     * The node whose read is about to be committed: {@link #changed} calls are about it.
     *
     * @param node the node.
     */
    void committing(final Node node)
    {
        committing = node;
    }

    @Override
    public void changed(final int column, final ValueState before, final long beforeValue, final ValueState after,
        final long afterValue)
    {
        if (column >= classified)
        {
            classify();
        }
        switch (kind[column])
        {
            case ADDITIVE ->
            {
                final long delta = afterValue - beforeValue;
                if (delta != 0 && !rebuild)
                {
                    final int k = index[column];
                    changedValues++;
                    pend(committing, k, delta);
                    if (hierarchical[k] && committing.parent != null)
                    {
                        pend(committing.parent, k, -delta);
                    }
                }
            }
            case LIMIT, QUOTA, PERIOD -> markLimits(committing);
            default ->
            {
                // not aggregated
            }
        }
    }

    /**
     * A node's read is committed: its children were committed before, so its net change is complete and is queued.
     *
     * @param node the node.
     */
    void committed(final Node node)
    {
        final Totals totals = node.totals;
        if (!totals.hasPending)
        {
            return;
        }
        totals.hasPending = false;
        final long[] pending = totals.pending;
        if (rebuild)
        {
            java.util.Arrays.fill(pending, 0);
            return;
        }
        for (int k = 0; k < pending.length; k++)
        {
            if (pending[k] != 0)
            {
                queue(node, k, pending[k]);
                pending[k] = 0;
            }
        }
    }

    private void pend(final Node node, final int k, final long delta)
    {
        final Totals totals = node.totals;
        if (totals.pending == null || totals.pending.length != additive.size())
        {
            totals.pending = new long[additive.size()];
        }
        totals.pending[k] += delta;
        totals.hasPending = true;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // After the walk
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * Feeds what changed, flushes, and recomputes the effective limits that may have changed.
     */
    void update()
    {
        classify();
        if (rebuild)
        {
            Arrays.fill(queuedNode, 0, queued, null);
            build();
        }
        else
        {
            for (int i = 0; i < queued; i++)
            {
                final Node node = queuedNode[i];
                final int k = queuedStat[i];
                final long delta = queuedDelta[i];
                queuedNode[i] = null;
                group.add(0, node.totals.rstat, k, delta);
            }
        }
        queued = 0;
        group.flush(rstat.root());
        limits();
    }

    /**
     * @return how many (cgroup, column) values changed and were fed to the rstat tree since creation.
     */
    long changedValues()
    {
        return changedValues;
    }

    /**
     * @return how many (node, stripe) pairs the rstat flushes visited since creation.
     */
    long nodesFlushed()
    {
        return group == null ? 0 : group.nodesFlushedCount();
    }

    /**
     * Which derivations a column has.
     *
     * @param column a column id.
     * @param derivation SELF, SUBTREE or EFFECTIVE.
     * @return whether the column has it.
     */
    boolean has(final int column, final Derivation derivation)
    {
        if (column >= classified)
        {
            classify();
        }
        return switch (derivation)
        {
            case SELF -> kind[column] == ADDITIVE && hierarchical[index[column]];
            case SUBTREE -> kind[column] == ADDITIVE && !hierarchical[index[column]];
            case EFFECTIVE -> kind[column] == LIMIT || kind[column] == QUOTA || kind[column] == PERIOD;
            case DYING -> partner(column) >= 0;
            default -> false;
        };
    }

    /** The local partner of a hierarchical additive column, if it is interned and is a local additive column. */
    private int partner(final int column)
    {
        if (partner[column] == -2)
        {
            final String name = kind[column] == ADDITIVE && hierarchical[index[column]] ?
                catalog.localPartner(columns.name(column)) : null;
            final int id = name == null ? -1 : columns.id(name);
            if (id >= 0 && id < classified && kind[id] == ADDITIVE && !hierarchical[index[id]])
            {
                partner[column] = id;
            }
            else if (name == null)
            {
                partner[column] = -1;
            }
            else
            {
                return -1;
            }
        }
        return partner[column];
    }

    /**
     * The state of a derived value of a node.
     *
     * @param node  the node.
     * @param field a SELF, SUBTREE or EFFECTIVE field.
     * @return its state.
     */
    ValueState state(final Node node, final Field field)
    {
        final int column = field.column();
        if (!has(column, field.derivation()))
        {
            return ValueState.MISSING;
        }
        if (field.derivation() == Derivation.DYING)
        {
            return node.values.state(column) == ValueState.NUMBER &&
                node.values.state(partner(column)) == ValueState.NUMBER ? ValueState.NUMBER : ValueState.MISSING;
        }
        if (field.derivation() != Derivation.EFFECTIVE)
        {
            final boolean own = node.values.state(column) == ValueState.NUMBER &&
                (field.derivation() != Derivation.SELF || node.depth != 0 || !atRoot || !rootDiffers[column]);
            return own ? ValueState.NUMBER : ValueState.MISSING;
        }
        final long[] limits = node.totals.limits;
        final int slot = index[column];
        if (slot >= limits.length)
        {
            return ValueState.MISSING;
        }
        if (kind[column] == PERIOD)
        {
            return limits[slot - 1] != NO_LIMIT || node.values.state(column) == ValueState.NUMBER ?
                ValueState.NUMBER : ValueState.MISSING;
        }
        return limits[slot] == NO_LIMIT ? ValueState.MAX : ValueState.NUMBER;
    }

    /**
     * The number of a derived value of a node, 0 unless its state is NUMBER.
     *
     * @param node  the node.
     * @param field a SELF, SUBTREE or EFFECTIVE field.
     * @return the value.
     */
    long value(final Node node, final Field field)
    {
        if (state(node, field) != ValueState.NUMBER)
        {
            return 0;
        }
        final int column = field.column();
        if (field.derivation() == Derivation.DYING)
        {
            final int local = partner(column);
            final long[] summed = node.totals.summed;
            final int k = index[local];
            return node.values.value(column) - (k < summed.length ? summed[k] : 0);
        }
        if (field.derivation() != Derivation.EFFECTIVE)
        {
            final long[] summed = node.totals.summed;
            final int k = index[column];
            return k < summed.length ? summed[k] : 0;
        }
        final long[] limits = node.totals.limits;
        final int slot = index[column];
        if (kind[column] == PERIOD && limits[slot - 1] == NO_LIMIT)
        {
            return node.values.value(column);
        }
        return limits[slot];
    }

    @Override
    public void close()
    {
        if (rstat != null)
        {
            rstat.close();
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The rstat mirror
    // ---------------------------------------------------------------------------------------------------------------

    /** The flush subscriber: a flushed node's own shares and subtree sums are final for this flush. */
    private void flushed(final RstatNode rnode, final RstatNode parent, final int stripe)
    {
        final long id = rnode.id();
        final Node node = id == ROOT_ID ? null : mirror.bySlot((int)id);
        if (node == null || node.totals.rstat != rnode || rnode.isRemoved())
        {
            return;
        }
        final long[] summed = node.totals.summed;
        final int n = Math.min(summed.length, additive.size());
        for (int k = 0; k < n; k++)
        {
            summed[k] = hierarchical[k] ? group.local(rnode, k) : group.subtree(rnode, k);
        }
    }

    /** Builds the rstat mirror of every node anew and feeds every value: O(tree), when the columns changed. */
    private void build()
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
        rstat = Rstat.builder(schema).stripes(1).slotReuseDelay(Duration.ZERO).root(ROOT_ID, "(mirror)").build();
        group = rstat.group("values");
        group.subscribe(subscriber);
        final List<Node> stack = new ArrayList<>();
        push(stack, mirror.top());
        while (!stack.isEmpty())
        {
            final Node node = stack.remove(stack.size() - 1);
            final Totals totals = node.totals;
            totals.rstat = rstat.create(rstatParent(node), node.slot, node.name);
            totals.summed = new long[n];
            totals.pending = null;
            totals.hasPending = false;
            final RstatNode parent = node.parent == null ? null : node.parent.totals.rstat;
            for (int k = 0; k < n; k++)
            {
                final long value = fed(node.values, additive.get(k));
                if (value != 0)
                {
                    changedValues++;
                    group.add(0, totals.rstat, k, value);
                    if (hierarchical[k] && parent != null)
                    {
                        group.add(0, parent, k, -value);
                    }
                }
            }
            push(stack, node);
        }
        rebuild = false;
        recomputeLimits = true;
    }

    private RstatNode rstatParent(final Node node)
    {
        return node.parent == null ? rstat.root() : node.parent.totals.rstat;
    }

    private static void push(final List<Node> stack, final Node node)
    {
        for (int i = node.childCount - 1; i >= 0; i--)
        {
            stack.add(node.children[i]);
        }
    }

    private static long fed(final StatSample values, final int column)
    {
        return values.state(column) == ValueState.NUMBER ? values.value(column) : 0;
    }

    private void queue(final Node node, final int k, final long delta)
    {
        if (queued == queuedNode.length)
        {
            final int capacity = queued * 2;
            queuedNode = Arrays.copyOf(queuedNode, capacity);
            queuedStat = Arrays.copyOf(queuedStat, capacity);
            queuedDelta = Arrays.copyOf(queuedDelta, capacity);
        }
        queuedNode[queued] = node;
        queuedStat[queued] = k;
        queuedDelta[queued] = delta;
        queued++;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Effective limits
    // ---------------------------------------------------------------------------------------------------------------

    private void markLimits(final Node node)
    {
        final Totals totals = node.totals;
        if (!totals.limitsDirty)
        {
            totals.limitsDirty = true;
            dirty.add(node);
        }
    }

    /** Recomputes the effective limits of the marked nodes (all, if the limit columns changed), top-down. */
    private void limits()
    {
        if (limitColumns.isEmpty() && ratioColumns.isEmpty())
        {
            clearDirty();
            return;
        }
        round++;
        final List<Node> stack = new ArrayList<>();
        if (recomputeLimits)
        {
            recomputeLimits = false;
            clearDirty();
            push(stack, mirror.top());
            propagate(stack, true);
            return;
        }
        dirty.sort(Comparator.comparingInt(node -> node.depth));
        for (final Node node : dirty)
        {
            node.totals.limitsDirty = false;
            if (!node.totals.retired && node.totals.limitRound != round)
            {
                stack.add(node);
                propagate(stack, false);
            }
        }
        dirty.clear();
    }

    private void clearDirty()
    {
        for (final Node node : dirty)
        {
            node.totals.limitsDirty = false;
        }
        dirty.clear();
    }

    /** Computes the nodes on the stack and, where a node's limits changed (or {@code all}), its children. */
    private void propagate(final List<Node> stack, final boolean all)
    {
        while (!stack.isEmpty())
        {
            final Node node = stack.remove(stack.size() - 1);
            if (computeLimits(node) || all)
            {
                push(stack, node);
            }
        }
    }

    /** The tightest limits on the path to the root, from the parent's; returns whether they changed. */
    private boolean computeLimits(final Node node)
    {
        final Totals totals = node.totals;
        final int nl = limitColumns.size();
        final int slots = nl + ratioColumns.size();
        boolean changed = false;
        if (totals.limits.length != slots)
        {
            totals.limits = new long[slots];
            changed = true;
        }
        final long[] limits = totals.limits;
        final long[] inherited = node.parent == null ? null : node.parent.totals.limits;
        final StatSample values = node.values;
        for (int j = 0; j < nl; j++)
        {
            final int column = limitColumns.get(j);
            final long own = values.state(column) == ValueState.NUMBER ? values.value(column) : NO_LIMIT;
            final long up = inherited == null || j >= inherited.length ? NO_LIMIT : inherited[j];
            final long tightest = Long.compareUnsigned(own, up) <= 0 ? own : up;
            changed |= limits[j] != tightest;
            limits[j] = tightest;
        }
        for (int j = nl; j < slots; j += 2)
        {
            final int quotaColumn = ratioColumns.get(j - nl);
            final int periodColumn = ratioColumns.get(j - nl + 1);
            long quota = NO_LIMIT;
            long period = NO_LIMIT;
            if (values.state(quotaColumn) == ValueState.NUMBER && values.state(periodColumn) == ValueState.NUMBER &&
                values.value(periodColumn) != 0)
            {
                quota = values.value(quotaColumn);
                period = values.value(periodColumn);
            }
            if (inherited != null && j + 1 < inherited.length && inherited[j] != NO_LIMIT &&
                (quota == NO_LIMIT || (double)inherited[j] / inherited[j + 1] < (double)quota / period))
            {
                quota = inherited[j];
                period = inherited[j + 1];
            }
            changed |= limits[j] != quota || limits[j + 1] != period;
            limits[j] = quota;
            limits[j + 1] = period;
        }
        totals.limitRound = round;
        return changed;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Columns
    // ---------------------------------------------------------------------------------------------------------------

    /** Classifies the columns interned since the last call; a new additive column means a rebuild. */
    private void classify()
    {
        final int size = columns.size();
        if (size == classified)
        {
            return;
        }
        kind = Arrays.copyOf(kind, size);
        index = Arrays.copyOf(index, size);
        rootDiffers = Arrays.copyOf(rootDiffers, size);
        partner = Arrays.copyOf(partner, size);
        for (int c = classified; c < size; c++)
        {
            partner[c] = -2;
            final StatInfo info = columns.info(c);
            final String name = columns.name(c);
            rootDiffers[c] = catalog.rootComputedDifferently(name);
            if (info.additive() && !columns.signed(c))
            {
                kind[c] = ADDITIVE;
                index[c] = additive.size();
                additive.add(c);
                hierarchical = Arrays.copyOf(hierarchical, additive.size());
                hierarchical[index[c]] = info.scope() == StatScope.HIERARCHICAL;
                rebuild = true;
            }
            else if (info.kind() == StatKind.LIMIT && catalog.boundsDescendants(name))
            {
                kind[c] = LIMIT;
                index[c] = limitColumns.size();
                limitColumns.add(c);
                recomputeLimits = true;
            }
        }
        classified = size;
        for (final StatCatalog.RatioLimit pair : catalog.ratioLimits())
        {
            final int quota = columns.id(pair.quota());
            final int period = columns.id(pair.period());
            if (quota >= 0 && period >= 0 && kind[quota] != QUOTA)
            {
                kind[quota] = QUOTA;
                kind[period] = PERIOD;
                ratioColumns.add(quota);
                ratioColumns.add(period);
                recomputeLimits = true;
            }
        }
        final int nl = limitColumns.size();
        for (int r = 0; r < ratioColumns.size(); r++)
        {
            index[ratioColumns.get(r)] = nl + r;
        }
    }
}
