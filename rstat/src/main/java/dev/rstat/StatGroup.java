package dev.rstat;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import org.eclipse.collections.impl.list.mutable.primitive.IntArrayList;

/**
 * One stat group of an {@link Rstat} tree: its per-stripe cells and update trees, its flushed totals, its flush
 * lock and its subscribers. Flushing one group never walks another group's trees.
 *
 * <h2>Model</h2>
 * Writers {@link #add(RstatNode, int, long) add} deltas to their own stripe's cell of a statistic and mark the node
 * {@link #updated(RstatNode) updated} on that stripe: the node and every ancestor up to the first one already linked
 * are linked into the stripe's <em>update tree</em> (kernel invariant: if a node is on the tree, so are all its
 * ancestors). A {@link #flush(RstatNode) flush} of a node walks, for each stripe, only that node's part of the update
 * tree, visits every child before its parent, and for each visited node and statistic computes
 * {@code delta = cell - last} (modular, so wrap-around is harmless), advances {@code last} by exactly that delta,
 * adds {@code delta + pending} to the node's subtree total and to its parent's {@code pending}. Only the flushed
 * node's subtree is detached from the tree: the parent stays linked, so a later flush of the parent applies the
 * pending deltas exactly once. A flush costs O(updated nodes under the flushed node), never O(tree).
 *
 * <h2>Reads</h2>
 * <ul>
 * <li>{@link #subtree(RstatNode, int)}: the node's subtree total as of the last flush that covered it; no flush.</li>
 * <li>{@link #local(RstatNode, int)}: the node's own total as of the last flush that covered it (O(stripes)).</li>
 * <li>{@link #read(RstatNode, int)}: flushes the node's subtree unless the group's {@link FlushPolicy threshold}
 * says the pending change is too small and the last root flush is recent enough, then reads the subtree total.</li>
 * <li>{@link #flush(RstatNode)}: forced and exact: after it returns, every {@code add} that happened before the call
 * is included in the subtree totals of the node and its descendants.</li>
 * <li>{@link #flushAndRead(RstatNode, Consumer)}: the consistent mode (see below).</li>
 * </ul>
 *
 * <h2>Concurrency contract</h2>
 * <ul>
 * <li>Any number of threads may write at any time, concurrently with flushes, reads, creates and removes. A write
 * is wait-free on the fast path: one compare-and-set on the stripe's cell (falling back to an atomic add and a new
 * stripe after contention) and one read of the node's link word; only the first write to a node on a stripe since
 * that stripe's part of the tree was last flushed takes the stripe's link lock, for O(depth) links.</li>
 * <li>An update racing a flush lands in that flush or in the next one, never lost and never counted twice: cells
 * are never reset, {@code last} only moves by what was propagated, and the flusher clears a node's link before it
 * reads the node's cells while the writer adds to its cell before it reads the link (each side separated by a full
 * fence: the writer's atomic add, the flusher's one fence per stripe after detaching), so either the flusher sees the add or the writer sees the node unlinked and links it again.</li>
 * <li>Flushes of one group are serialised by the group's flush lock and are <b>single-flight</b>: a caller that
 * finds that a flush covering its node started after it arrived and has completed returns without flushing again,
 * so N threads reading the root at once cause one flush that does work (the others find nothing pending).</li>
 * <li>A flush is not an atomic snapshot across stripes: each stripe is read at a different instant, and writers
 * are never stopped. Between flushes, a partially flushed child may read higher than its parent (exactly as in the
 * kernel). {@link #flushAndRead(RstatNode, Consumer)} runs the reader with the flush lock still held right after a
 * flush of the node, so within that node's subtree every parent's counters include all that its children show; it
 * costs holding the group's flush lock for the duration of the reader (other flushers wait, writers do not).</li>
 * <li>Gauges are sums of signed deltas; a gauge read may be transiently negative when a decrement on one stripe was
 * flushed before the matching increment on another.</li>
 * </ul>
 *
 * <h2>Memory layout</h2>
 * Storage is struct-of-arrays in chunks of {@value Rstat#CHUNK_SLOTS} node slots, so that chunks never move when
 * the tree grows. Per stripe: {@code cells} and {@code last} ({@code long}, {@code statCount} per slot), and the
 * update-tree links {@code next}, {@code prev}, {@code children} ({@code int} per slot, storing {@code slot + 1},
 * {@code 0} for none, {@code -1} for the end of a sibling list or the busy root). Per group: {@code subtree} and
 * {@code pending} ({@code long}, {@code statCount} per slot). A node's local total is the sum over stripes of its
 * {@code last} cells, so it needs no storage of its own. Each stripe's arrays are written by the writers on that
 * stripe only, which keeps threads on different stripes off each other's cache lines.
 */
public final class StatGroup
{
    static final int NONE = 0;
    static final int END = -1;

    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);
    private static final int UNITS_STRIDE = 16;
    private static final FlushListener[] NO_LISTENERS = new FlushListener[0];

    private final Rstat rstat;
    private final GroupSchema schema;
    private final int statCount;
    private final long[] counterBits;
    private final int stripeCount;
    private final Stripe[] stripes;
    private final FlushPolicy policy;
    private final long thresholdUnits;
    private final long[] units;

    private final ReentrantLock flushLock = new ReentrantLock();
    private final IntArrayList flushList = new IntArrayList();
    private volatile long[][] subtree = new long[0][];
    private volatile long[][] pending = new long[0][];
    private volatile FlushListener[] listeners = NO_LISTENERS;

    private volatile long flushStarts;
    private long lastStart;
    private RstatNode lastRoot;
    private volatile long lastRootFlushNanos;
    private volatile long flushes;
    private volatile long combined;
    private volatile long skipped;
    private volatile long nodesFlushed;

    StatGroup(final Rstat rstat, final GroupSchema schema, final int stripeCount, final FlushPolicy policy)
    {
        this.rstat = rstat;
        this.schema = schema;
        this.statCount = schema.statCount();
        this.counterBits = new long[(statCount + Long.SIZE - 1) / Long.SIZE];
        for (int i = 0; i < statCount; i++)
        {
            if (schema.kind(i) == StatKind.COUNTER)
            {
                counterBits[i >>> 6] |= 1L << i;
            }
        }
        this.stripeCount = stripeCount;
        this.stripes = new Stripe[stripeCount];
        for (int i = 0; i < stripeCount; i++)
        {
            stripes[i] = new Stripe();
        }
        this.policy = policy;
        this.thresholdUnits = policy.hasThreshold() ? policy.batch() * stripeCount : 0;
        this.units = policy.hasThreshold() ? new long[stripeCount * UNITS_STRIDE + UNITS_STRIDE] : null;
        this.lastRootFlushNanos = System.nanoTime();
    }

    /**
     * @return the group's name.
     */
    public String name()
    {
        return schema.name();
    }

    /**
     * @return the group's declared statistics.
     */
    public GroupSchema schema()
    {
        return schema;
    }

    /**
     * @param statName name of a statistic of this group.
     * @return its index, to use on the hot path.
     */
    public int indexOf(final String statName)
    {
        return schema.indexOf(statName);
    }

    /**
     * @return the number of stripes.
     */
    public int stripes()
    {
        return stripeCount;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Writes
    // ------------------------------------------------------------------------------------------------------------

    /**
     * Adds {@code delta} to a statistic of {@code node} on the calling thread's sticky stripe and marks the node
     * updated there.
     *
     * @param node  to update.
     * @param stat  index of the statistic ({@link #indexOf(String)}).
     * @param delta to add; must not be negative for a {@link StatKind#COUNTER}.
     */
    public void add(final RstatNode node, final int stat, final long delta)
    {
        checkWrite(node, stat, delta);
        final int[] probe = StripeProbe.probe();
        final int h = probe[0];
        final int stripeIndex = StripeProbe.stripeOf(h, stripeCount);
        final Stripe stripe = stripes[stripeIndex];
        final int slot = node.slot;
        final long[] cells = stripe.cells[slot >>> Rstat.CHUNK_SHIFT];
        final int i = (slot & Rstat.CHUNK_MASK) * statCount + stat;
        final long v = (long)LONGS.get(cells, i);
        if (!LONGS.compareAndSet(cells, i, v, v + delta))
        {
            probe[0] = StripeProbe.rehash(h);
            LONGS.getAndAdd(cells, i, delta);
        }
        afterWrite(stripeIndex, stripe, node, delta);
    }

    /**
     * Adds {@code delta} to a statistic of {@code node} on an explicit stripe (the kernel API's {@code cpu}) and
     * marks the node updated there.
     *
     * @param stripe in {@code [0, stripes())}.
     * @param node   to update.
     * @param stat   index of the statistic.
     * @param delta  to add; must not be negative for a {@link StatKind#COUNTER}.
     */
    public void add(final int stripe, final RstatNode node, final int stat, final long delta)
    {
        checkWrite(node, stat, delta);
        final Stripe s = stripes[Objects.checkIndex(stripe, stripeCount)];
        final int slot = node.slot;
        LONGS.getAndAdd(s.cells[slot >>> Rstat.CHUNK_SHIFT], (slot & Rstat.CHUNK_MASK) * statCount + stat, delta);
        afterWrite(stripe, s, node, delta);
    }

    /**
     * Marks {@code node} updated on the calling thread's sticky stripe without touching any statistic: for
     * subscribers that keep their own per-stripe data ({@code cgroup_rstat_updated}).
     *
     * @param node that has pending work.
     */
    public void updated(final RstatNode node)
    {
        checkAlive(node);
        final int stripeIndex = StripeProbe.stripeOf(StripeProbe.probe()[0], stripeCount);
        final Stripe stripe = stripes[stripeIndex];
        if (isUnlinked(stripe, node.slot))
        {
            link(stripe, node);
        }
    }

    /**
     * Marks {@code node} updated on an explicit stripe without touching any statistic.
     *
     * @param stripe in {@code [0, stripes())}.
     * @param node   that has pending work.
     */
    public void updated(final int stripe, final RstatNode node)
    {
        checkAlive(node);
        final Stripe s = stripes[Objects.checkIndex(stripe, stripeCount)];
        if (isUnlinked(s, node.slot))
        {
            link(s, node);
        }
    }

    /**
     * @return the stripe the calling thread currently writes to with the sticky-stripe methods.
     */
    public int currentStripe()
    {
        return StripeProbe.stripeOf(StripeProbe.probe()[0], stripeCount);
    }

    private void checkWrite(final RstatNode node, final int stat, final long delta)
    {
        checkAlive(node);
        Objects.checkIndex(stat, statCount);
        if (delta < 0 && ((counterBits[stat >>> 6] >>> stat) & 1L) != 0)
        {
            throw new IllegalArgumentException("negative delta for a counter: group=" + schema.name() +
                " stat=" + schema.statName(stat) + " delta=" + delta + " node=" + node.id());
        }
    }

    private void checkAlive(final RstatNode node)
    {
        if (node.state != RstatNode.ALIVE || node.owner != rstat)
        {
            throw new IllegalStateException(
                "stale or foreign node handle: group=" + schema.name() + " node=" + node);
        }
    }

    private void afterWrite(final int stripeIndex, final Stripe stripe, final RstatNode node, final long delta)
    {
        if (units != null)
        {
            final int u = (stripeIndex + 1) * UNITS_STRIDE;
            LONGS.setOpaque(units, u, (long)LONGS.getOpaque(units, u) + Math.abs(delta));
        }
        if (isUnlinked(stripe, node.slot))
        {
            link(stripe, node);
        }
    }

    private static boolean isUnlinked(final Stripe stripe, final int slot)
    {
        return (int)INTS.getVolatile(stripe.next[slot >>> Rstat.CHUNK_SHIFT], slot & Rstat.CHUNK_MASK) == NONE;
    }

    /**
     * Links the node and its not-yet-linked ancestors into the stripe's update tree (cgroup_rstat_updated's slow
     * path). A node that is being removed is not linked: its racing writes may be dropped.
     */
    private static void link(final Stripe stripe, final RstatNode node)
    {
        stripe.linkLock.lock();
        try
        {
            if (node.state != RstatNode.ALIVE)
            {
                return;
            }
            RstatNode n = node;
            while (true)
            {
                final int slot = n.slot;
                final int[] next = stripe.next[slot >>> Rstat.CHUNK_SHIFT];
                final int i = slot & Rstat.CHUNK_MASK;
                if (next[i] != NONE)
                {
                    return;
                }
                final RstatNode p = n.parent;
                if (p == null)
                {
                    INTS.setVolatile(next, i, END);
                    Interleavings.at(Interleavings.Point.LINKED_ONE, n);
                    return;
                }
                final int ps = p.slot;
                final int[] parentChildren = stripe.children[ps >>> Rstat.CHUNK_SHIFT];
                final int pi = ps & Rstat.CHUNK_MASK;
                final int head = parentChildren[pi];
                if (head != NONE)
                {
                    stripe.prev[(head - 1) >>> Rstat.CHUNK_SHIFT][(head - 1) & Rstat.CHUNK_MASK] = slot + 1;
                }
                stripe.prev[slot >>> Rstat.CHUNK_SHIFT][i] = NONE;
                parentChildren[pi] = slot + 1;
                INTS.setVolatile(next, i, head == NONE ? END : head);
                Interleavings.at(Interleavings.Point.LINKED_ONE, n);
                n = p;
            }
        }
        finally
        {
            stripe.linkLock.unlock();
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // Flush
    // ------------------------------------------------------------------------------------------------------------

    /**
     * Subscribes a listener to this group's flushes.
     *
     * @param listener to call for every flushed (node, stripe).
     */
    public void subscribe(final FlushListener listener)
    {
        Objects.requireNonNull(listener, "listener");
        flushLock.lock();
        try
        {
            final FlushListener[] current = listeners;
            final FlushListener[] next = Arrays.copyOf(current, current.length + 1);
            next[current.length] = listener;
            listeners = next;
        }
        finally
        {
            flushLock.unlock();
        }
    }

    /**
     * Removes a listener subscribed with {@link #subscribe(FlushListener)}.
     *
     * @param listener to remove.
     * @return whether it was subscribed.
     */
    public boolean unsubscribe(final FlushListener listener)
    {
        flushLock.lock();
        try
        {
            final FlushListener[] current = listeners;
            for (int i = 0; i < current.length; i++)
            {
                if (current[i] == listener)
                {
                    final FlushListener[] next = new FlushListener[current.length - 1];
                    System.arraycopy(current, 0, next, 0, i);
                    System.arraycopy(current, i + 1, next, i, current.length - i - 1);
                    listeners = next;
                    return true;
                }
            }
            return false;
        }
        finally
        {
            flushLock.unlock();
        }
    }

    /**
     * Flushes the pending updates of {@code node}'s subtree, ignoring the threshold. Exact: every {@code add} that
     * happened before this call is included when it returns. Single-flight: if a flush covering {@code node} started
     * after this call and completed while it waited for the lock, this call returns without flushing again.
     *
     * @param node whose subtree to flush.
     */
    public void flush(final RstatNode node)
    {
        checkAlive(node);
        flushExact(node);
    }

    /**
     * Flushes {@code node}'s subtree unless the group's {@link FlushPolicy} threshold applies: fewer than
     * {@code batch × stripes} units of change are pending and the last root flush is younger than the period.
     *
     * @param node whose subtree to flush.
     * @return whether a flush ran (or was joined); {@code false} if skipped by the threshold.
     */
    public boolean flushIfNeeded(final RstatNode node)
    {
        checkAlive(node);
        if (units != null &&
            pendingUnits() < thresholdUnits &&
            System.nanoTime() - lastRootFlushNanos < policy.periodNanos())
        {
            skipped++;
            return false;
        }
        flushExact(node);
        return true;
    }

    /**
     * Flushes {@code node}'s subtree (exactly, single-flight) and runs {@code reader} while still holding the
     * group's flush lock, so no other flush changes totals while it reads: within the subtree every parent's
     * counters then include everything its children show. Costs holding the flush lock for the reader's duration.
     *
     * @param node   whose subtree to flush.
     * @param reader reads totals with {@link #subtree(RstatNode, int)} and {@link #local(RstatNode, int)}.
     */
    public void flushAndRead(final RstatNode node, final Consumer<StatGroup> reader)
    {
        checkAlive(node);
        flushLock.lock();
        try
        {
            flushExact(node);
            reader.accept(this);
        }
        finally
        {
            flushLock.unlock();
        }
    }

    void flushForRemoval(final RstatNode node)
    {
        flushExact(node, true);
    }

    private void flushExact(final RstatNode node)
    {
        flushExact(node, false);
    }

    /**
     * @param removal the node is being removed: take every stripe's link lock even when the node looks unlinked, so a
     *                writer that is linking it right now (it passed the alive check before the removal began) is
     *                waited for and its link is detached here, never left behind on a slot that will be reused.
     */
    private void flushExact(final RstatNode node, final boolean removal)
    {
        final long arrival = flushStarts;
        Interleavings.at(Interleavings.Point.BEFORE_FLUSH_LOCK, node);
        flushLock.lock();
        try
        {
            if (!removal && lastStart > arrival && lastRoot != null && lastRoot.isAncestorOrSelfOf(node))
            {
                combined++;
                return;
            }
            final long start = flushStarts + 1;
            flushStarts = start;
            final boolean isRoot = node.parent == null;
            if (isRoot && units != null)
            {
                for (int s = 0; s < stripeCount; s++)
                {
                    LONGS.setOpaque(units, (s + 1) * UNITS_STRIDE, 0L);
                }
            }
            RuntimeException failure = null;
            for (int s = 0; s < stripeCount; s++)
            {
                final RuntimeException f = flushStripe(s, node, !removal);
                failure = failure == null ? f : failure;
            }
            lastStart = start;
            lastRoot = node;
            if (isRoot && units != null)
            {
                lastRootFlushNanos = System.nanoTime();
            }
            flushes++;
            if (failure != null)
            {
                throw failure;
            }
        }
        finally
        {
            flushLock.unlock();
        }
    }

    /**
     * Detaches {@code root}'s part of one stripe's update tree into the flush list (parents before children,
     * under the stripe's link lock), then processes the list backwards: every child before its parent.
     */
    private RuntimeException flushStripe(final int stripeIndex, final RstatNode root, final boolean peek)
    {
        final Stripe stripe = stripes[stripeIndex];
        if (peek && isUnlinked(stripe, root.slot))
        {
            return null;
        }
        final IntArrayList list = flushList;
        list.clear();
        stripe.linkLock.lock();
        try
        {
            final int rootSlot = root.slot;
            final int[] rootNext = stripe.next[rootSlot >>> Rstat.CHUNK_SHIFT];
            final int ri = rootSlot & Rstat.CHUNK_MASK;
            final int rootLink = rootNext[ri];
            if (rootLink == NONE)
            {
                return null;
            }
            final RstatNode parent = root.parent;
            if (parent != null)
            {
                final int prev = stripe.prev[rootSlot >>> Rstat.CHUNK_SHIFT][ri];
                if (prev == NONE)
                {
                    final int ps = parent.slot;
                    stripe.children[ps >>> Rstat.CHUNK_SHIFT][ps & Rstat.CHUNK_MASK] = rootLink == END ? NONE : rootLink;
                }
                else
                {
                    INTS.setVolatile(stripe.next[(prev - 1) >>> Rstat.CHUNK_SHIFT], (prev - 1) & Rstat.CHUNK_MASK,
                        rootLink);
                }
                if (rootLink != END)
                {
                    stripe.prev[(rootLink - 1) >>> Rstat.CHUNK_SHIFT][(rootLink - 1) & Rstat.CHUNK_MASK] = prev;
                }
            }
            list.add(rootSlot);
            INTS.setOpaque(rootNext, ri, NONE);
            stripe.prev[rootSlot >>> Rstat.CHUNK_SHIFT][ri] = NONE;
            for (int k = 0; k < list.size(); k++)
            {
                final int slot = list.get(k);
                final int[] children = stripe.children[slot >>> Rstat.CHUNK_SHIFT];
                final int ci = slot & Rstat.CHUNK_MASK;
                int child = children[ci];
                children[ci] = NONE;
                while (child != NONE && child != END)
                {
                    final int c = child - 1;
                    list.add(c);
                    final int[] cNext = stripe.next[c >>> Rstat.CHUNK_SHIFT];
                    final int cn = c & Rstat.CHUNK_MASK;
                    child = cNext[cn];
                    INTS.setOpaque(cNext, cn, NONE);
                    stripe.prev[c >>> Rstat.CHUNK_SHIFT][cn] = NONE;
                }
            }
        }
        finally
        {
            stripe.linkLock.unlock();
        }
        // one fence for the whole detach: every cleared link is ordered before the cell reads in process(), which
        // pairs with the writer's add-then-read-link (the writer either sees its node unlinked or its add is read)
        VarHandle.fullFence();
        return process(stripeIndex, stripe, list);
    }

    private RuntimeException process(final int stripeIndex, final Stripe stripe, final IntArrayList list)
    {
        final FlushListener[] subscribers = listeners;
        final long[][] subtreeDir = subtree;
        final long[][] pendingDir = pending;
        final int n = statCount;
        RuntimeException failure = null;
        for (int k = list.size() - 1; k >= 0; k--)
        {
            final int slot = list.get(k);
            final RstatNode node = rstat.nodeAt(slot);
            final RstatNode parent = node.parent;
            final int chunk = slot >>> Rstat.CHUNK_SHIFT;
            final int base = (slot & Rstat.CHUNK_MASK) * n;
            final long[] cells = stripe.cells[chunk];
            final long[] last = stripe.last[chunk];
            final long[] sub = subtreeDir[chunk];
            final long[] pend = pendingDir[chunk];
            final long[] parentPend = parent == null ? null : pendingDir[parent.slot >>> Rstat.CHUNK_SHIFT];
            final int parentBase = parent == null ? 0 : (parent.slot & Rstat.CHUNK_MASK) * n;
            for (int c = 0; c < n; c++)
            {
                final int i = base + c;
                final long cur = (long)LONGS.getVolatile(cells, i);
                final long delta = cur - last[i];
                if (delta != 0)
                {
                    LONGS.setRelease(last, i, cur);
                }
                final long carried = delta + pend[i];
                pend[i] = 0;
                if (carried != 0)
                {
                    LONGS.setRelease(sub, i, sub[i] + carried);
                    if (parentPend != null)
                    {
                        parentPend[parentBase + c] += carried;
                    }
                }
            }
            for (final FlushListener listener : subscribers)
            {
                try
                {
                    listener.onFlush(node, parent, stripeIndex);
                }
                catch (final RuntimeException ex)
                {
                    failure = failure == null ? ex : failure;
                }
            }
        }
        nodesFlushed += list.size();
        return failure;
    }

    private long pendingUnits()
    {
        long sum = 0;
        for (int s = 0; s < stripeCount; s++)
        {
            sum += (long)LONGS.getOpaque(units, (s + 1) * UNITS_STRIDE);
        }
        return sum;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Reads
    // ------------------------------------------------------------------------------------------------------------

    /**
     * Flushes {@code node}'s subtree subject to the {@link FlushPolicy} threshold, then reads its subtree total.
     *
     * @param node to read.
     * @param stat index of the statistic.
     * @return the subtree total: the node's own updates plus all its descendants' that have been flushed up to it.
     */
    public long read(final RstatNode node, final int stat)
    {
        flushIfNeeded(node);
        return subtree(node, stat);
    }

    /**
     * Reads the subtree total as of the last flush that covered {@code node}, without flushing.
     *
     * @param node to read.
     * @param stat index of the statistic.
     * @return the flushed subtree total.
     */
    public long subtree(final RstatNode node, final int stat)
    {
        checkAlive(node);
        Objects.checkIndex(stat, statCount);
        Interleavings.at(Interleavings.Point.BEFORE_READ, node);
        final int slot = node.slot;
        return (long)LONGS.getAcquire(
            subtree[slot >>> Rstat.CHUNK_SHIFT], (slot & Rstat.CHUNK_MASK) * statCount + stat);
    }

    /**
     * Reads the node's own total (its updates only, not its descendants') as of the last flush that covered it,
     * without flushing. O(stripes).
     *
     * @param node to read.
     * @param stat index of the statistic.
     * @return the flushed local total.
     */
    public long local(final RstatNode node, final int stat)
    {
        checkAlive(node);
        Objects.checkIndex(stat, statCount);
        Interleavings.at(Interleavings.Point.BEFORE_READ, node);
        final int slot = node.slot;
        final int chunk = slot >>> Rstat.CHUNK_SHIFT;
        final int i = (slot & Rstat.CHUNK_MASK) * statCount + stat;
        long sum = 0;
        for (final Stripe stripe : stripes)
        {
            sum += (long)LONGS.getAcquire(stripe.last[chunk], i);
        }
        return sum;
    }

    /**
     * @param node to inspect.
     * @return whether {@code node} is on any stripe's update tree (has pending work under it).
     */
    public boolean isUpdated(final RstatNode node)
    {
        checkAlive(node);
        for (final Stripe stripe : stripes)
        {
            if (!isUnlinked(stripe, node.slot))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * @param stripe a stripe.
     * @param node   to inspect.
     * @return whether {@code node} is on that stripe's update tree.
     */
    public boolean isUpdatedOn(final int stripe, final RstatNode node)
    {
        checkAlive(node);
        return !isUnlinked(stripes[Objects.checkIndex(stripe, stripeCount)], node.slot);
    }

    /**
     * @return how many flushes did work (were not joined or skipped) since creation.
     */
    public long flushCount()
    {
        return flushes;
    }

    /**
     * @return how many flush calls returned because a concurrent flush already covered them (single-flight).
     */
    public long combinedFlushCount()
    {
        return combined;
    }

    /**
     * @return how many {@link #flushIfNeeded(RstatNode)} calls the threshold skipped.
     */
    public long skippedFlushCount()
    {
        return skipped;
    }

    /**
     * @return how many (node, stripe) pairs flushes have processed since creation.
     */
    public long nodesFlushedCount()
    {
        return nodesFlushed;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Storage, called by Rstat under its structure lock
    // ------------------------------------------------------------------------------------------------------------

    void ensureChunk(final int chunk)
    {
        final int longs = Rstat.CHUNK_SLOTS * statCount;
        subtree = Rstat.withChunk(subtree, chunk, longs);
        pending = Rstat.withChunk(pending, chunk, longs);
        for (final Stripe stripe : stripes)
        {
            stripe.cells = Rstat.withChunk(stripe.cells, chunk, longs);
            stripe.last = Rstat.withChunk(stripe.last, chunk, longs);
            stripe.next = Rstat.withChunk(stripe.next, chunk);
            stripe.prev = Rstat.withChunk(stripe.prev, chunk);
            stripe.children = Rstat.withChunk(stripe.children, chunk);
        }
    }

    /**
     * Resets a reused slot. Only called for slots whose previous node was removed (and so flushed and unlinked on
     * every stripe) longer ago than the reuse delay.
     */
    void resetSlot(final int slot)
    {
        final int chunk = slot >>> Rstat.CHUNK_SHIFT;
        final int from = (slot & Rstat.CHUNK_MASK) * statCount;
        final int to = from + statCount;
        flushLock.lock();
        try
        {
            Arrays.fill(subtree[chunk], from, to, 0L);
            Arrays.fill(pending[chunk], from, to, 0L);
            for (final Stripe stripe : stripes)
            {
                Arrays.fill(stripe.cells[chunk], from, to, 0L);
                Arrays.fill(stripe.last[chunk], from, to, 0L);
            }
            VarHandle.fullFence();
        }
        finally
        {
            flushLock.unlock();
        }
    }

    long allocatedBytes()
    {
        long chunks = 0;
        for (final long[] c : subtree)
        {
            chunks += c == null ? 0 : 1;
        }
        return chunks * Rstat.CHUNK_SLOTS * bytesPerSlot();
    }

    long bytesPerSlot()
    {
        return (long)stripeCount * (2L * Long.BYTES * statCount + 3L * Integer.BYTES) + 2L * Long.BYTES * statCount;
    }

    /**
     * One stripe's cells and update tree ({@code cgroup_rstat_cpu} for every node of the group).
     */
    private static final class Stripe
    {
        final ReentrantLock linkLock = new ReentrantLock();
        volatile long[][] cells = new long[0][];
        volatile long[][] last = new long[0][];
        volatile int[][] next = new int[0][];
        volatile int[][] prev = new int[0][];
        volatile int[][] children = new int[0][];
    }
}
