package dev.rstat;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import org.eclipse.collections.impl.list.mutable.primitive.IntArrayList;
import org.eclipse.collections.impl.list.mutable.primitive.LongArrayList;

/**
 * One stat group of an {@link Rstat} tree: its per-stripe cells and update trees, its flushed totals, its flush
 * lock and its subscribers. Flushing one group never walks another group's trees.
 *
 * <h2>Model</h2>
 * Writers {@link #add(RstatNode, int, long) add} deltas to their own stripe's cell of a statistic. The first write
 * to a node on a stripe since that stripe last flushed it also <em>queues</em> the node on the stripe (O(1), the
 * kernel's lockless {@code css_rstat_updated} of 6.17). A {@link #flush(RstatNode) flush} first moves every
 * stripe's queue onto that stripe's <em>update tree</em>: each queued node and every ancestor not yet on the tree is
 * linked under its parent (kernel invariant: if a node is on the tree, so are all its ancestors). It then detaches
 * the flushed node's part of each update tree and visits every child before its parent. For each visited node and
 * statistic it computes {@code delta = cell - last} (modular, so wrap-around is harmless), advances {@code last} by
 * exactly that delta, and adds {@code delta + pending} to the node's subtree total and to its parent's
 * {@code pending}. Only the flushed node's subtree is detached: the parent stays linked, so a later flush of the
 * parent applies the pending deltas exactly once.
 *
 * <h2>Kinds and aggregations</h2>
 * Each statistic is {@linkplain StatDescriptor self-describing}. How the flush treats it:
 * <ul>
 * <li><b>SUM</b> (counters, gauges, every bucket of a histogram) is carried by deltas as above, so what a removed
 * node added stays in its ancestors.</li>
 * <li><b>PEAK</b> is carried by marks: a writer raises its stripe's cell ({@link #recordMax}); a flushed node's
 * subtree mark becomes the highest of its cells and its children's marks, and a rise is passed to the parent's
 * pending mark. Marks never go down.</li>
 * <li><b>MIN, MAX, AVG, COUNT_ZERO</b> are <em>recomputed</em>, because a child's value can go down or its node go
 * away. Groups that declare one keep a list of live children per node (maintained only under the flush lock). After
 * every stripe is folded, each node the flush visited is recomputed once, deepest first, from its own value and its
 * live children's aggregates, and so is its live-node count: O(children) per flushed node, never O(subtree). A node's
 * creation and a leaf's removal change its ancestors' aggregates, so both queue a node (the new one, or the removed
 * one's parent) like a write does.</li>
 * <li><b>Unstriped</b> statistics have one cell per node, in the node's totals block, written atomically and folded
 * on stripe 0: no per-stripe copies for what is rarely written.</li>
 * </ul>
 *
 * <h2>Reads</h2>
 * <ul>
 * <li>{@link #subtree(RstatNode, int)}: the node's subtree total as of the last flush that covered it; no flush.</li>
 * <li>{@link #local(RstatNode, int)}: the node's own total as of the last flush that covered it (O(stripes)).</li>
 * <li>{@link #read(RstatNode, int)}: flushes the node's subtree unless the group's {@link FlushPolicy threshold}
 * says the pending change is too small and the last root flush is recent enough, then reads the subtree total.</li>
 * <li>{@link #flush(RstatNode)}: forced and exact (guarantee 1 below).</li>
 * <li>{@link #flushAndRead(RstatNode, Consumer)}: the consistent mode (guarantee 6).</li>
 * </ul>
 *
 * <h2>Concurrency contract</h2>
 * Obligations of the caller:
 * <ol>
 * <li>Handles come from this tree ({@link Rstat#root()}, {@link Rstat#create}) and reach other threads through a
 * happens-before edge (any safe publication: a concurrent map, a volatile field, a queue, a thread start).</li>
 * <li>A {@link FlushListener} and a {@code flushAndRead} reader run with a flush lock held. They may
 * {@code add}, mark nodes {@code updated}, {@code create} nodes, and read {@code subtree}, {@code local} and
 * {@code size}; they must not flush, read with a flush ({@code read}, {@code flushIfNeeded}), {@code flushAndRead}
 * or {@code remove} in any group of the same tree. The engine refuses those with an {@link IllegalStateException}
 * instead of deadlocking or corrupting the flush in progress.</li>
 * <li>A write must not race the removal of its own node unless the tree's
 * {@linkplain Rstat.Builder#slotReuseDelay slot reuse delay} is longer than the writer can stall between its
 * handle check and its add: a writer that passed the check just before the removal and stalls until the slot is
 * reused adds to the new owner. With the default 10 s delay that is a stall of ten seconds; with a zero delay the
 * caller must not write to a node it is removing concurrently (the aggregators of this project write and remove
 * from one thread).</li>
 * </ol>
 * Guarantees of the engine:
 * <ol>
 * <li><b>Exact flush.</b> Every {@code add} that returned before {@code flush(n)} was called is included, when
 * {@code flush(n)} returns, in the subtree totals of its node and of every ancestor of it up to {@code n}, and in its
 * node's local total; and no add is ever counted twice. This holds for {@code read} when it flushes, and for a call
 * that is combined with a concurrent flush (guarantee 4).</li>
 * <li><b>Racing adds.</b> An {@code add} racing a flush lands in that flush or in a later one, never lost, never
 * twice: cells are never reset, {@code last} only moves by what was propagated, and the flusher clears a node's link
 * before it reads the node's cells while the writer adds to its cell before it reads the link (each side separated
 * by a full fence: the writer's atomic add, the flusher's one fence per stripe after detaching), so either the
 * flusher sees the add or the writer sees its node unlinked and queues it again.</li>
 * <li><b>Publication rule.</b> Only flushes change the update trees, under the group's flush lock and the
 * stripe's lock; writers only queue. A writer queues its node under the stripe's lock and publishes it as queued
 * only after it is the queue's head, so a writer that sees its node queued or linked knows it is on the queue or on
 * the tree, with every ancestor. A flush that finds a stripe's queue empty and its own node unlinked there (a
 * lock-free peek, taken with the flush lock held) therefore knows that no add that returned before is pending below
 * it on that stripe: either it would be queued, or linked with all its ancestors, or the flush that unlinked it
 * has completed and folded the add (guarantee 2). This is what lets an empty flush cost O(stripes) without taking
 * a stripe lock.</li>
 * <li><b>Single flight.</b> Flushes of one group are serialised by the group's flush lock. A caller that finds that
 * a flush covering its node started after it arrived and has completed returns without flushing again, so N threads
 * reading the root at once cause one flush that does work.</li>
 * <li><b>Write cost.</b> A write to a node that is already queued or linked on the writer's stripe is one
 * compare-and-set on the stripe's own cell (an atomic add after contention, which also moves the thread to another
 * stripe) and one read of the link word in the same block: no lock, no allocation. The first write to a node on a
 * stripe since it was flushed there also takes the stripe's lock to push the node on the stripe's queue: O(1),
 * whatever the depth. A flush costs O(stripes) when nothing is queued and nothing is linked under its node.
 * Otherwise it links every queued node of the group and the ancestors they need (each node once per flush period,
 * wherever it is in the tree, level by level so that the cache misses of one level overlap), then folds the nodes
 * linked under its node: never O(tree).</li>
 * <li><b>Not a snapshot.</b> A flush is not atomic across stripes: each stripe is read at a different instant, and
 * writers are never stopped. Between flushes a partially flushed child may read higher than its parent (exactly as
 * in the kernel). {@link #flushAndRead(RstatNode, Consumer)} runs the reader with the flush lock still held right
 * after a flush of the node, so within that subtree every parent's counters include all that its children show; it
 * costs holding the group's flush lock for the duration of the reader (other flushers wait, writers do not). Gauges
 * are sums of signed deltas; a gauge may read transiently negative when a decrement on one stripe was flushed
 * before the matching increment on another.</li>
 * <li><b>Stale handles.</b> Every write, flush and read through a removed handle throws
 * {@link IllegalStateException}. A flush re-checks its handle once it holds the flush lock, and a read re-checks it
 * after loading the value, so a call that races the removal and the reuse of the node's slot (with any reuse delay,
 * zero included) throws or returns the removed node's last values, and never touches or returns the new owner's.</li>
 * <li><b>Failures.</b> An exception or {@link Error} thrown by a listener never stops the engine's own work: the
 * flush folds every detached node on every stripe, then rethrows the first failure; a removal completes in every
 * group (the node leaves its parent, its slot is released), then rethrows.</li>
 * <li><b>Every kind is exact.</b> Guarantees 1 and 2 hold for every kind: a returned {@code recordMax} is in the
 * next flush even when another writer raised the cell above it and has not queued the node yet (the call queues
 * the node unless the cell's value is already flushed); a returned {@code record} is a bucket add. When a flush of
 * {@code n} returns, every recomputed aggregate of every node in {@code n}'s subtree equals its recomputation from
 * scratch over the live subtree, as of the adds, creations and removals that returned before the flush.
 * Listeners run during the fold, before the recompute pass: they see sums and marks, not yet the new MIN, MAX, AVG
 * and COUNT_ZERO.</li>
 * </ol>
 *
 * <h2>Memory layout</h2>
 * <pre>
 *  K columns (one per scalar statistic, one per histogram bucket), in this order: A striped additive (counters,
 *  gauges, buckets), then the striped peaks up to S, then the U = K - S unstriped; R recomputed aggregates.
 *  one block of 2S + 2 longs per (node, stripe) in that stripe's chunk arrays:
 *  +-------------+-------------------+---------+-----+-----------+---------+-----+-----------+
 *  | prev | next | parent | children | cell[0] | ... | cell[K-1] | last[0] | ... | last[K-1] |
 *  +-------------+-------------------+---------+-----+-----------+---------+-----+-----------+
 *    word 0        word 1              2 .. S + 1                  S + 2 .. 2S + 1
 *    link word  : low half (read by writers without a lock): 0 when the node has nothing pending on the stripe,
 *                 -2 while it is queued (the high half then holds the queue entry below it, slot + 1), -3 while a
 *                 flush is linking it, and on the tree its next sibling on the parent's updated-children list
 *                 (slot + 1; -1 ends the list and marks the busy root); high half on the tree: the previous sibling
 *    tree word  : children: head of the node's own updated-children list (low half); parent: the parent's
 *                 slot + 1 (high half, 0 for the root), written once at creation
 *  one block per node in the group's totals chunk arrays (the last two parts only in a group with R &gt; 0):
 *  | subtree[K] | pending[K] | ucell[U] | ulast[U] | agg[R] | children: first|next | prev|depth | count | stamp |
 *  | attached |
 *    subtree: SUM totals and peak marks; pending: what children passed up, not yet folded; ucell/ulast: the
 *    unstriped cells; agg: the recomputed aggregates (AVG keeps the live sum); children: the node's list of live
 *    children (slot + 1 halves); count: live nodes in the subtree; stamp: the last flush that queued it for the
 *    recompute pass
 *  per stripe: a queue head (slot + 1 of the last queued node, 0 for none) on its own 128-byte line, and a lock.
 *  chunks of C slots (C = the power of two &lt;= 1,024 that keeps one chunk array within 16 KiB), never moved:
 *  blocks[(chunk &lt;&lt; stripeShift) + stripe] (stripeShift = ceil(log2(stripes))), totals[chunk]; a node's local
 *  total is the sum over stripes of its last[].
 * </pre>
 *
 * <h2>Why</h2>
 * <ul>
 * <li>One block per (node, stripe), as the kernel keeps one {@code cgroup_rstat_cpu} per (cgroup, cpu): a write
 * touches the cell and the link word of one block, and the link and detach passes touch the two adjacent words
 * that hold every link and the parent's slot. Spreading these over separate arrays made every write two chains of
 * loads and every flushed node about ten cache misses.</li>
 * <li>Each stripe's blocks live in that stripe's own arrays (the kernel's per-CPU areas), so threads writing on
 * different stripes never share a cache line, even when they write the same node.</li>
 * <li>Writers queue instead of linking. Linking a node walks up its ancestors, one dependent cache miss each; done
 * by the writer, every first write paid that walk alone. Done by the flush for all queued nodes together, level by
 * level, the misses of a level are independent and overlap: at 1M nodes this took the flush from about one cache
 * miss per flushed node to about two thirds of one.</li>
 * <li>{@code prev} makes unlinking a flushed node from its parent's list O(1) (the kernel scans the list), so
 * flushing or removing 100,000 linked siblings one at a time stays linear.</li>
 * <li>Chunks are bounded in bytes, so a tree's memory grows with its nodes (a root-only tree with 1,000 statistics
 * and 16 stripes holds one node's worth, not 1,024 nodes' worth), and never move, so writers need no lock to find
 * their block while the tree grows.</li>
 * </ul>
 */
public final class StatGroup
{
    static final int NONE = 0;
    static final int END = -1;
    static final long LOW = 0xFFFF_FFFFL;
    static final long HIGH = ~LOW;
    /** Link word (low half) of a node that is on its stripe's queue, not yet on the update tree. */
    static final int QUEUED = -2;
    /** Link word (low half) of a node that a flush is linking, between its child and its own turn. */
    static final int PENDING = -3;
    static final int TREE = 1;
    static final int CELLS = 2;
    private static final int HEAD_STRIDE = 16;
    static final int MAX_CHUNK_BYTES = 16 * 1024;
    static final int MAX_CHUNK_SLOTS = 1024;

    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final int UNITS_STRIDE = 16;
    private static final FlushListener[] NO_LISTENERS = new FlushListener[0];

    /** Extra words per node in the totals block of a group with recomputed aggregates. */
    private static final int EX_LINKS = 0;
    private static final int EX_PREV_DEPTH = 1;
    private static final int EX_COUNT = 2;
    private static final int EX_STAMP = 3;
    private static final int EX_ATTACHED = 4;
    private static final int EXTRAS = 5;

    private final Rstat rstat;
    private final GroupSchema schema;
    private final int statCount;
    private final int additiveColumns;
    private final int stripedColumns;
    private final int unstripedColumns;
    private final int blockLongs;
    private final int lastBase;
    private final int totalLongs;
    private final int ucellBase;
    private final int ulastBase;
    private final int aggBase;
    private final int exBase;
    private final int[] recomputeColumns;
    private final Aggregation[] recomputeAggregations;
    private final int[] primarySlot;
    private final int[] histogramBuckets;
    private final long[] histogramBucketSize;
    private final LongArrayList recomputeKeys = new LongArrayList();
    private static final int CODE_MIN = 0;
    private static final int CODE_MAX = 1;
    private static final int CODE_SUM = 2;
    private static final int CODE_ZERO = 3;
    /** Per recomputed aggregate: how it combines (MIN, MAX, a sum for AVG, a zero count for COUNT_ZERO). */
    private final int[] recomputeCodes;
    /** The recompute pass's accumulators, one per recomputed aggregate (used under the flush lock only). */
    private final long[] accumulators;
    /** How many stripes of the current flush added nodes to the recompute pass. */
    private int recomputeStripes;
    private final int chunkShift;
    private final int chunkMask;
    private final int stripeShift;
    private final int stripeCount;
    private final long[] counterBits;
    private final ReentrantLock[] stripeLocks;
    private final long[] queueHeads;
    private final FlushPolicy policy;
    private final long thresholdUnits;
    private final long[] units;

    private final ReentrantLock flushLock = new ReentrantLock();
    private final IntArrayList flushList = new IntArrayList();
    private final IntArrayList linkLevel = new IntArrayList();
    private final IntArrayList nextLinkLevel = new IntArrayList();
    private volatile long[][] blocks = new long[0][];
    /**
     * Whether sticky writes spread over the stripes: false until a sticky write's compare-and-set on stripe 0 fails
     * (another thread wrote the same cell at that moment), then true for good, as {@code LongAdder} writes its base
     * until it first sees contention and its cells after.
     */
    private volatile boolean striped;
    private volatile long[][] totals = new long[0][];
    private volatile FlushListener[] listeners = NO_LISTENERS;

    private volatile long flushStarts;
    private long lastStart;
    private RstatNode lastRoot;
    private volatile long lastRootFlushNanos;
    private volatile long flushes;
    private volatile long combined;
    private volatile long nodesFlushed;
    private volatile long recomputed;
    private volatile long childrenVisited;
    private final LongAdder skipped = new LongAdder();

    StatGroup(final Rstat rstat, final GroupSchema schema, final int stripeCount, final FlushPolicy policy)
    {
        this.rstat = rstat;
        this.schema = schema;
        this.statCount = schema.statCount();
        this.additiveColumns = schema.additiveColumns();
        this.stripedColumns = schema.stripedColumns();
        this.unstripedColumns = statCount - stripedColumns;
        this.blockLongs = 2 * stripedColumns + 2;
        this.lastBase = CELLS + stripedColumns;
        this.recomputeColumns = schema.recomputeColumns();
        this.recomputeAggregations = schema.recomputeAggregations();
        this.recomputeCodes = new int[recomputeAggregations.length];
        for (int j = 0; j < recomputeCodes.length; j++)
        {
            final Aggregation a = recomputeAggregations[j];
            recomputeCodes[j] = a == Aggregation.MIN ? CODE_MIN : a == Aggregation.MAX ? CODE_MAX
                : a == Aggregation.COUNT_ZERO ? CODE_ZERO : CODE_SUM;
        }
        this.accumulators = new long[recomputeAggregations.length];
        this.ucellBase = 2 * statCount;
        this.ulastBase = ucellBase + unstripedColumns;
        this.aggBase = ulastBase + unstripedColumns;
        this.exBase = aggBase + recomputeColumns.length;
        this.totalLongs = exBase + (recomputeColumns.length > 0 ? EXTRAS : 0);
        this.primarySlot = new int[statCount];
        this.histogramBuckets = new int[statCount];
        this.histogramBucketSize = new long[statCount];
        for (int c = 0; c < statCount; c++)
        {
            final StatDescriptor d = schema.descriptor(c);
            primarySlot[c] = d.column() == c && d.kind() != StatKind.PEAK && d.aggregation().isRecomputed() ?
                schema.recomputeSlot(c, d.aggregation()) : -1;
            if (d.kind().isHistogram() && d.column() == c)
            {
                histogramBuckets[c] = d.width();
                histogramBucketSize[c] = d.bucketSize();
            }
        }
        final int fit = Math.max(1, MAX_CHUNK_BYTES / (blockLongs * Long.BYTES));
        this.chunkShift = Math.min(Integer.numberOfTrailingZeros(Integer.highestOneBit(fit)),
            Integer.numberOfTrailingZeros(MAX_CHUNK_SLOTS));
        this.chunkMask = (1 << chunkShift) - 1;
        this.counterBits = new long[(statCount + Long.SIZE - 1) / Long.SIZE];
        for (int i = 0; i < statCount; i++)
        {
            final StatKind kind = schema.kind(i);
            if (kind != StatKind.GAUGE)
            {
                counterBits[i >>> 6] |= 1L << i;
            }
        }
        this.stripeCount = stripeCount;
        this.stripeShift = 32 - Integer.numberOfLeadingZeros(stripeCount - 1);
        this.stripeLocks = new ReentrantLock[stripeCount];
        for (int s = 0; s < stripeCount; s++)
        {
            stripeLocks[s] = new ReentrantLock();
        }
        this.queueHeads = new long[(stripeCount + 1) * HEAD_STRIDE];
        this.policy = policy;
        this.thresholdUnits = policy.hasThreshold() ? FlushPolicy.thresholdUnits(policy.batch(), stripeCount) : 0;
        this.units = policy.hasThreshold() ? new long[(stripeCount + 1) * UNITS_STRIDE] : null;
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
     * updated there. Until the group first sees two sticky writers collide on a cell, every sticky write goes to
     * stripe 0 (one compare-and-set, like an uncontended {@code LongAdder}); after that each thread writes the stripe
     * its probe picks and moves to another stripe whenever its compare-and-set fails.
     *
     * @param node  to update.
     * @param stat  index of the statistic ({@link #indexOf(String)}).
     * @param delta to add; must not be negative for a {@link StatKind#COUNTER}.
     */
    public void add(final RstatNode node, final int stat, final long delta)
    {
        checkHandle(node);
        if (Integer.compareUnsigned(stat, additiveColumns) >= 0)
        {
            addUnstriped(node, stat, delta);
            return;
        }
        if (delta < 0 && ((counterBits[stat >>> 6] >>> stat) & 1L) != 0)
        {
            throw negativeDelta(node, stat, delta);
        }
        write(node, stat, delta);
    }

    /**
     * The sticky write of a checked column: one compare-and-set on the calling thread's stripe, then the link read.
     */
    private void write(final RstatNode node, final int stat, final long delta)
    {
        final int slot = node.slot;
        final int chunk = (slot >>> chunkShift) << stripeShift;
        final int base = (slot & chunkMask) * blockLongs;
        final int cell = base + CELLS + stat;
        final int stripe;
        final long[] block;
        if (!striped)
        {
            stripe = 0;
            block = blocks[chunk];
            if (!casAdd(block, cell, delta))
            {
                contended();
            }
        }
        else
        {
            final int bucket = StripeProbe.bucket(Thread.currentThread());
            final int probe = StripeProbe.probe(bucket);
            stripe = StripeProbe.stripeOf(probe, stripeCount);
            block = blocks[chunk + stripe];
            if (!casAdd(block, cell, delta))
            {
                StripeProbe.contended(bucket, probe);
            }
        }
        afterWrite(stripe, node, block, base, delta);
    }

    /**
     * Adds {@code delta} to a statistic of {@code node} on an explicit stripe (the kernel API's {@code cpu}) and
     * marks the node updated there. An {@linkplain StatDescriptor#striped() unstriped} statistic has one cell
     * whatever the stripe.
     *
     * @param stripe in {@code [0, stripes())}.
     * @param node   to update.
     * @param stat   index of the statistic.
     * @param delta  to add; must not be negative for a {@link StatKind#COUNTER}.
     */
    public void add(final int stripe, final RstatNode node, final int stat, final long delta)
    {
        checkHandle(node);
        if (Integer.compareUnsigned(stripe, stripeCount) >= 0)
        {
            throw new IndexOutOfBoundsException("stripe out of range: group=" + schema.name() + " stripe=" + stripe +
                " stripes=" + stripeCount);
        }
        if (Integer.compareUnsigned(stat, additiveColumns) >= 0)
        {
            addUnstriped(node, stat, delta);
            return;
        }
        if (delta < 0 && ((counterBits[stat >>> 6] >>> stat) & 1L) != 0)
        {
            throw negativeDelta(node, stat, delta);
        }
        final int slot = node.slot;
        final long[] block = blocks[((slot >>> chunkShift) << stripeShift) + stripe];
        final int base = (slot & chunkMask) * blockLongs;
        LONGS.getAndAdd(block, base + CELLS + stat, delta);
        afterWrite(stripe, node, block, base, delta);
    }

    /**
     * Records {@code value} into a histogram statistic of {@code node}: one count in the bucket the value falls in
     * ({@link StatDescriptor#bucketOf(long)}), written like {@link #add(RstatNode, int, long)}.
     *
     * @param node  to update.
     * @param stat  index of a {@link StatKind#LINEAR_HISTOGRAM} or {@link StatKind#LOG_HISTOGRAM} statistic.
     * @param value a non-negative value.
     */
    public void record(final RstatNode node, final int stat, final long value)
    {
        checkHandle(node);
        final int buckets = Integer.compareUnsigned(stat, additiveColumns) < 0 ? histogramBuckets[stat] : 0;
        if (buckets == 0 || value < 0)
        {
            throw badRecord(node, stat, value);
        }
        write(node, stat + StatDescriptor.bucket(value, buckets, histogramBucketSize[stat]), 1L);
    }

    /**
     * Raises a {@link StatKind#PEAK} statistic of {@code node} to {@code value} if it is higher (a compare-and-set
     * loop on the calling thread's stripe, or on the node's one cell for an unstriped peak) and marks the node
     * updated unless what the cell holds has already been flushed.
     *
     * @param node  to update.
     * @param stat  index of a peak statistic.
     * @param value a non-negative value.
     */
    public void recordMax(final RstatNode node, final int stat, final long value)
    {
        checkHandle(node);
        if (Integer.compareUnsigned(stat, statCount) >= 0 || schema.kind(stat) != StatKind.PEAK || value < 0)
        {
            throw new IllegalArgumentException("recordMax needs a peak statistic and a value >= 0: group=" +
                schema.name() + " stat=" + stat + describe(stat) + " value=" + value + " node=" + node.id());
        }
        final int slot = node.slot;
        if (stat >= stripedColumns)
        {
            final long[] t = totals[slot >>> chunkShift];
            final int tBase = (slot & chunkMask) * totalLongs;
            final int cell = tBase + ucellBase + stat - stripedColumns;
            long cur;
            while ((cur = (long)LONGS.getVolatile(t, cell)) < value && !LONGS.compareAndSet(t, cell, cur, value))
            {
                Thread.onSpinWait();
            }
            final long[] block = blocks[(slot >>> chunkShift) << stripeShift];
            final int base = (slot & chunkMask) * blockLongs;
            if ((int)(long)LONGS.getVolatile(block, base) == NONE &&
                (long)LONGS.getVolatile(t, cell) != (long)LONGS.getAcquire(t, tBase + ulastBase + stat - stripedColumns))
            {
                queue(0, node);
            }
            return;
        }
        final int stripe = currentStripe();
        final long[] block = blocks[((slot >>> chunkShift) << stripeShift) + stripe];
        final int base = (slot & chunkMask) * blockLongs;
        final int cell = base + CELLS + stat;
        long cur;
        while ((cur = (long)LONGS.getVolatile(block, cell)) < value && !LONGS.compareAndSet(block, cell, cur, value))
        {
            Thread.onSpinWait();
        }
        // the cell holds at least value; unless that much is already flushed (last == cell), the node must be
        // queued or linked: a writer that raised the cell but has not queued yet must not let this call's value
        // slip past a flush that starts after it returns
        if ((int)(long)LONGS.getVolatile(block, base) == NONE &&
            (long)LONGS.getVolatile(block, cell) != (long)LONGS.getAcquire(block, base + lastBase + stat))
        {
            queue(stripe, node);
        }
    }

    /**
     * Sets an {@linkplain StatDescriptor#striped() unstriped} {@link StatKind#GAUGE} of {@code node} to
     * {@code value} (one atomic exchange) and marks the node updated. A striped gauge has no single cell to set:
     * change it with signed {@link #add(RstatNode, int, long) adds}.
     *
     * @param node  to update.
     * @param stat  index of an unstriped gauge.
     * @param value its new value.
     */
    public void set(final RstatNode node, final int stat, final long value)
    {
        checkHandle(node);
        if (Integer.compareUnsigned(stat, statCount) >= 0 || stat < stripedColumns ||
            schema.kind(stat) != StatKind.GAUGE)
        {
            throw new IllegalArgumentException("set needs an unstriped gauge (a striped one changes by adds): " +
                "group=" + schema.name() + " stat=" + stat + describe(stat) + " node=" + node.id());
        }
        final int slot = node.slot;
        final long[] t = totals[slot >>> chunkShift];
        final long before = (long)LONGS.getAndSet(t, (slot & chunkMask) * totalLongs + ucellBase + stat -
            stripedColumns, value);
        afterUnstripedWrite(node, value - before);
    }

    private void addUnstriped(final RstatNode node, final int stat, final long delta)
    {
        if (Integer.compareUnsigned(stat, statCount) >= 0 || stat < stripedColumns ||
            schema.kind(stat) == StatKind.PEAK)
        {
            if (Integer.compareUnsigned(stat, statCount) >= 0)
            {
                throw new IndexOutOfBoundsException("stat out of range: group=" + schema.name() + " stat=" + stat +
                    " stats=" + statCount);
            }
            throw new IllegalArgumentException("add needs a counter, gauge or histogram bucket (a peak is raised " +
                "with recordMax): group=" + schema.name() + " stat=" + stat + describe(stat) + " node=" + node.id());
        }
        if (delta < 0 && ((counterBits[stat >>> 6] >>> stat) & 1L) != 0)
        {
            throw negativeDelta(node, stat, delta);
        }
        final int slot = node.slot;
        LONGS.getAndAdd(totals[slot >>> chunkShift], (slot & chunkMask) * totalLongs + ucellBase + stat -
            stripedColumns, delta);
        afterUnstripedWrite(node, delta);
    }

    /**
     * After a write to an unstriped cell (its atomic read-modify-write is the full fence of guarantee 2): an
     * unstriped cell is folded on stripe 0, so the node is queued there.
     */
    private void afterUnstripedWrite(final RstatNode node, final long delta)
    {
        final int slot = node.slot;
        final long[] block = blocks[(slot >>> chunkShift) << stripeShift];
        afterWrite(0, node, block, (slot & chunkMask) * blockLongs, delta);
    }

    private String describe(final int stat)
    {
        return Integer.compareUnsigned(stat, statCount) < 0 ? " (" + schema.descriptor(stat) + ")" : "";
    }

    private IllegalArgumentException negativeDelta(final RstatNode node, final int stat, final long delta)
    {
        return new IllegalArgumentException("negative delta for a counter: group=" + schema.name() +
            " stat=" + schema.statName(stat) + " delta=" + delta + " node=" + node.id());
    }

    private IllegalArgumentException badRecord(final RstatNode node, final int stat, final long value)
    {
        return new IllegalArgumentException("record needs a histogram statistic and a value >= 0: group=" +
            schema.name() + " stat=" + stat + describe(stat) + " value=" + value + " node=" + node.id());
    }

    /**
     * Binds one statistic of one node for repeated writes: a {@link StatCell} writes like
     * {@link #add(RstatNode, int, long)} without finding the cell again (the cost of a {@code LongAdder.add}).
     *
     * @param node a live node of this tree.
     * @param stat index of the statistic.
     * @return the cell.
     */
    public StatCell cell(final RstatNode node, final int stat)
    {
        checkHandle(node);
        Objects.checkIndex(stat, statCount);
        if (stat >= additiveColumns)
        {
            throw new IllegalArgumentException("a bound cell needs a striped counter, gauge or histogram bucket: " +
                "group=" + schema.name() + " stat=" + stat + describe(stat));
        }
        final int slot = node.slot;
        final long[][] dir = blocks;
        final long[][] arrays = new long[stripeCount][];
        for (int s = 0; s < stripeCount; s++)
        {
            arrays[s] = dir[((slot >>> chunkShift) << stripeShift) + s];
        }
        return new StatCell(this, rstat, node, arrays, (slot & chunkMask) * blockLongs, stat,
            ((counterBits[stat >>> 6] >>> stat) & 1L) != 0, units != null);
    }

    /**
     * The sticky write: one compare-and-set, as {@code LongAdder} does, whose failure is the sign that another
     * writer shares the cell; the delta is then added atomically anyway.
     *
     * @return whether the compare-and-set succeeded (no contention seen).
     */
    static boolean casAdd(final long[] block, final int cell, final long delta)
    {
        final long v = (long)LONGS.get(block, cell);
        if (LONGS.compareAndSet(block, cell, v, v + delta))
        {
            return true;
        }
        LONGS.getAndAdd(block, cell, delta);
        return false;
    }

    private void contended()
    {
        striped = stripeCount > 1;
    }

    /**
     * After a write's add: queues the node if its link word says it has nothing pending on the stripe (the add
     * before this read, and the flush's clear-fence-read, make the pair exact: guarantee 2), and counts the
     * threshold's units.
     */
    void afterWrite(final int stripe, final RstatNode node, final long[] block, final int base, final long delta)
    {
        if ((int)(long)LONGS.getVolatile(block, base) == NONE)
        {
            queue(stripe, node);
        }
        if (units != null)
        {
            countUnits(stripe, delta);
        }
    }

    /**
     * Marks {@code node} updated on the calling thread's sticky stripe without touching any statistic: for
     * subscribers that keep their own per-stripe data ({@code cgroup_rstat_updated}).
     *
     * @param node that has pending work.
     */
    public void updated(final RstatNode node)
    {
        updated(currentStripe(), node);
    }

    /**
     * Marks {@code node} updated on an explicit stripe without touching any statistic. A subscriber that writes its
     * own per-stripe data before this call finds that data in the next flush of an ancestor (guarantee 2 of the
     * class contract holds for it as for {@code add}: this call's link read is preceded by a full fence).
     *
     * @param stripe in {@code [0, stripes())}.
     * @param node   that has pending work.
     */
    public void updated(final int stripe, final RstatNode node)
    {
        checkHandle(node);
        Objects.checkIndex(stripe, stripeCount);
        VarHandle.fullFence();
        if (!isLinked(stripe, node.slot))
        {
            queue(stripe, node);
        }
    }

    /**
     * @return the stripe the calling thread currently writes to with the sticky-stripe methods.
     */
    public int currentStripe()
    {
        return striped ? StripeProbe.stripeOf(StripeProbe.probe(StripeProbe.bucket(Thread.currentThread())),
            stripeCount) : 0;
    }

    private void checkHandle(final RstatNode node)
    {
        if (!node.isAliveIn(rstat))
        {
            throw staleHandle(node);
        }
    }

    private IllegalStateException staleHandle(final RstatNode node)
    {
        return new IllegalStateException("stale or foreign node handle: group=" + schema.name() + " node=" + node);
    }

    void countUnits(final int stripe, final long delta)
    {
        final int u = (stripe + 1) * UNITS_STRIDE;
        LONGS.setOpaque(units, u, FlushPolicy.saturatedAdd((long)LONGS.getOpaque(units, u), FlushPolicy.units(delta)));
    }

    private boolean isLinked(final int stripe, final int slot)
    {
        final long[] block = blocks[((slot >>> chunkShift) << stripeShift) + stripe];
        return (int)(long)LONGS.getVolatile(block, (slot & chunkMask) * blockLongs) != NONE;
    }

    /**
     * The write slow path ({@code css_rstat_updated} after its lockless check): pushes the node on the stripe's
     * queue, O(1), under the stripe's lock. The queue's next pointer lives in the node's own link word (high half),
     * and the word reads {@code QUEUED} (low half) only after the node is the queue's head, so a writer that sees
     * it queued knows the next flush will find it. A node that is being removed is not queued; its removal flush
     * folds whatever its cells hold.
     */
    void queue(final int stripe, final RstatNode node)
    {
        final ReentrantLock lock = stripeLocks[stripe];
        lock.lock();
        try
        {
            if (Interleavings.hook != null)
            {
                Interleavings.at(Interleavings.Point.WRITE_SLOW_PATH, node);
            }
            final int slot = node.slot;
            final long[] b = blocks[((slot >>> chunkShift) << stripeShift) + stripe];
            final int base = (slot & chunkMask) * blockLongs;
            if (node.isAliveIn(rstat) && (int)b[base] == NONE)
            {
                final int head = (stripe + 1) * HEAD_STRIDE;
                final long below = queueHeads[head];
                LONGS.setVolatile(queueHeads, head, (long)(slot + 1));
                LONGS.setVolatile(b, base, (below << 32) | (QUEUED & LOW));
            }
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * Moves the stripe's queue onto the update tree: every queued node and every ancestor not yet on the tree is
     * pushed at the head of its parent's updated-children list. Works level by level (the queued nodes, then the
     * parents they needed, then theirs), so the cache misses of one level are independent and overlap, where a walk
     * up from one node at a time would wait for each. Caller holds the flush lock and the stripe's lock.
     *
     * @param extra a node to link as well ({@code -1}: none), for the removal flush.
     */
    private void linkQueued(final int stripe, final int extra)
    {
        final long[][] dir = blocks;
        IntArrayList level = linkLevel;
        IntArrayList next = nextLinkLevel;
        level.clear();
        final int head = (stripe + 1) * HEAD_STRIDE;
        int queued = (int)queueHeads[head];
        if (queued != NONE)
        {
            LONGS.setVolatile(queueHeads, head, 0L);
        }
        while (queued != NONE)
        {
            final int x = queued - 1;
            level.add(x);
            queued = (int)(dir[((x >>> chunkShift) << stripeShift) + stripe][(x & chunkMask) * blockLongs] >>> 32);
        }
        if (extra >= 0)
        {
            final long[] b = dir[((extra >>> chunkShift) << stripeShift) + stripe];
            LONGS.setVolatile(b, (extra & chunkMask) * blockLongs, PENDING & LOW);
            level.add(extra);
        }
        while (!level.isEmpty())
        {
            next.clear();
            for (int i = 0; i < level.size(); i++)
            {
                final int x = level.get(i);
                final long[] b = dir[((x >>> chunkShift) << stripeShift) + stripe];
                final int base = (x & chunkMask) * blockLongs;
                final int parentPlusOne = (int)((long)LONGS.getOpaque(b, base + TREE) >>> 32);
                long link = END & LOW;
                if (parentPlusOne != 0)
                {
                    final int p = parentPlusOne - 1;
                    final long[] pb = dir[((p >>> chunkShift) << stripeShift) + stripe];
                    final int pBase = (p & chunkMask) * blockLongs;
                    if ((int)pb[pBase] == NONE)
                    {
                        LONGS.setVolatile(pb, pBase, PENDING & LOW);
                        next.add(p);
                    }
                    final long parentTree = pb[pBase + TREE];
                    final int first = (int)parentTree;
                    if (first != NONE)
                    {
                        final int h = first - 1;
                        final long[] hb = dir[((h >>> chunkShift) << stripeShift) + stripe];
                        final int hBase = (h & chunkMask) * blockLongs;
                        LONGS.setOpaque(hb, hBase, (hb[hBase] & LOW) | ((long)(x + 1) << 32));
                        link = first;
                    }
                    LONGS.setOpaque(pb, pBase + TREE, (parentTree & HIGH) | (x + 1));
                }
                LONGS.setVolatile(b, base, link);
            }
            final IntArrayList done = level;
            level = next;
            next = done;
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
     * returned before this call is included when it returns. Single-flight: if a flush covering {@code node} started
     * after this call and completed while it waited for the lock, this call returns without flushing again.
     *
     * @param node whose subtree to flush.
     * @throws IllegalStateException for a removed or foreign handle, or when called from a listener or a
     *                               {@code flushAndRead} reader of this tree.
     */
    public void flush(final RstatNode node)
    {
        checkHandle(node);
        rstat.refuseInsideFlush("flush", node);
        flushExact(node, false);
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
        checkHandle(node);
        rstat.refuseInsideFlush("read", node);
        if (units != null &&
            pendingUnits() < thresholdUnits &&
            System.nanoTime() - lastRootFlushNanos < policy.periodNanos())
        {
            skipped.increment();
            return false;
        }
        flushExact(node, false);
        return true;
    }

    /**
     * Flushes {@code node}'s subtree (exactly, single-flight) and runs {@code reader} while still holding the
     * group's flush lock, so no other flush changes totals while it reads: within the subtree every parent's
     * counters then include everything its children show. Costs holding the flush lock for the reader's duration.
     *
     * @param node   whose subtree to flush.
     * @param reader reads totals with {@link #subtree(RstatNode, int)} and {@link #local(RstatNode, int)}; must not
     *               flush (obligation 2 of the class contract).
     */
    public void flushAndRead(final RstatNode node, final Consumer<StatGroup> reader)
    {
        checkHandle(node);
        rstat.refuseInsideFlush("flushAndRead", node);
        flushLock.lock();
        try
        {
            flushExact(node, false);
            reader.accept(this);
        }
        finally
        {
            flushLock.unlock();
        }
    }

    boolean holdsFlushLock()
    {
        return flushLock.isHeldByCurrentThread();
    }

    /**
     * The removal flush: always runs (never combined), takes every stripe's lock even where the node looks unlinked
     * (a writer that passed the alive check before the removal began may be queuing it right now: it is waited
     * for), and folds a node that is unlinked but whose cells changed (a write that raced the start of the removal)
     * by linking it first, so its parent holds the delta as pending.
     */
    void flushForRemoval(final RstatNode node)
    {
        flushExact(node, true);
    }

    private void flushExact(final RstatNode node, final boolean removal)
    {
        final long arrival = flushStarts;
        Interleavings.at(Interleavings.Point.BEFORE_FLUSH_LOCK, node);
        flushLock.lock();
        try
        {
            if (!removal)
            {
                checkHandle(node);
                if (lastStart > arrival && lastRoot != null && lastRoot.isAncestorOrSelfOf(node))
                {
                    combined++;
                    return;
                }
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
            Throwable failure = null;
            recomputeKeys.clear();
            recomputeStripes = 0;
            for (int s = 0; s < stripeCount; s++)
            {
                final Throwable f = flushStripe(s, node, removal);
                failure = failure == null ? f : failure;
            }
            if (recomputeColumns.length != 0)
            {
                recompute();
                if (removal)
                {
                    detachFromParent(node.slot);
                    queue(0, node.parent);
                }
            }
            lastStart = start;
            lastRoot = removal ? null : node;
            if (isRoot && units != null)
            {
                lastRootFlushNanos = System.nanoTime();
            }
            flushes++;
            if (failure != null)
            {
                throw Rstat.unchecked(failure, "flush listener failed: group=" + schema.name());
            }
        }
        finally
        {
            flushLock.unlock();
        }
    }

    /**
     * Links the stripe's queue, detaches {@code root}'s part of the stripe's update tree into the flush list (parents
     * before children, under the stripe's lock), then folds the list backwards: every child before its parent.
     */
    private Throwable flushStripe(final int stripe, final RstatNode root, final boolean removal)
    {
        if (!removal && (long)LONGS.getVolatile(queueHeads, (stripe + 1) * HEAD_STRIDE) == 0 &&
            !isLinked(stripe, root.slot))
        {
            return null;
        }
        final IntArrayList list = flushList;
        list.clear();
        final ReentrantLock lock = stripeLocks[stripe];
        lock.lock();
        try
        {
            final boolean fold = removal && !isLinked(stripe, root.slot) && hasUnfoldedCells(stripe, root.slot);
            linkQueued(stripe, fold ? root.slot : -1);
            detach(stripe, root.slot, list);
        }
        finally
        {
            lock.unlock();
        }
        if (list.isEmpty())
        {
            return null;
        }
        // one fence for the whole detach: every cleared link is ordered before the cell reads in fold(), which
        // pairs with the writer's add-then-read-link (the writer either sees its node unlinked or its add is read)
        VarHandle.fullFence();
        return fold(stripe, list);
    }

    private boolean hasUnfoldedCells(final int stripe, final int slot)
    {
        final long[] b = blocks[((slot >>> chunkShift) << stripeShift) + stripe];
        final int base = (slot & chunkMask) * blockLongs;
        for (int c = 0; c < stripedColumns; c++)
        {
            if ((long)LONGS.getVolatile(b, base + CELLS + c) != b[base + lastBase + c])
            {
                return true;
            }
        }
        if (stripe == 0 && unstripedColumns != 0)
        {
            final long[] t = totals[slot >>> chunkShift];
            final int tBase = (slot & chunkMask) * totalLongs;
            for (int u = 0; u < unstripedColumns; u++)
            {
                if ((long)LONGS.getVolatile(t, tBase + ucellBase + u) != t[tBase + ulastBase + u])
                {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Unlinks {@code root} from its parent's updated-children list and moves it and every node linked below it to
     * {@code list} (breadth first), clearing their links. Caller holds the stripe's lock.
     */
    private void detach(final int stripe, final int root, final IntArrayList list)
    {
        final long[][] dir = blocks;
        final long[] rb = dir[((root >>> chunkShift) << stripeShift) + stripe];
        final int rBase = (root & chunkMask) * blockLongs;
        final long rootLink = rb[rBase];
        final int next = (int)rootLink;
        if (next == NONE)
        {
            return;
        }
        final int prev = (int)(rootLink >>> 32);
        final int parentPlusOne = (int)(rb[rBase + TREE] >>> 32);
        if (parentPlusOne != 0)
        {
            if (prev == NONE)
            {
                final int p = parentPlusOne - 1;
                final long[] pb = dir[((p >>> chunkShift) << stripeShift) + stripe];
                final int pTree = (p & chunkMask) * blockLongs + TREE;
                LONGS.setOpaque(pb, pTree, (pb[pTree] & HIGH) | (next == END ? NONE : next));
            }
            else
            {
                final int v = prev - 1;
                final long[] vb = dir[((v >>> chunkShift) << stripeShift) + stripe];
                final int vBase = (v & chunkMask) * blockLongs;
                LONGS.setOpaque(vb, vBase, (vb[vBase] & HIGH) | (next & LOW));
            }
            if (next != END)
            {
                final int n = next - 1;
                final long[] nb = dir[((n >>> chunkShift) << stripeShift) + stripe];
                final int nBase = (n & chunkMask) * blockLongs;
                LONGS.setOpaque(nb, nBase, (nb[nBase] & LOW) | ((long)prev << 32));
            }
        }
        list.add(root);
        LONGS.setOpaque(rb, rBase, 0L);
        for (int k = 0; k < list.size(); k++)
        {
            final int x = list.get(k);
            final long[] xb = dir[((x >>> chunkShift) << stripeShift) + stripe];
            final int xTree = (x & chunkMask) * blockLongs + TREE;
            final long tree = xb[xTree];
            int child = (int)tree;
            if (child == NONE)
            {
                continue;
            }
            LONGS.setOpaque(xb, xTree, tree & HIGH);
            while (child != END)
            {
                final int c = child - 1;
                list.add(c);
                final long[] cb = dir[((c >>> chunkShift) << stripeShift) + stripe];
                final int cBase = (c & chunkMask) * blockLongs;
                child = (int)cb[cBase];
                LONGS.setOpaque(cb, cBase, 0L);
            }
        }
    }

    /**
     * Folds the detached nodes, children before parents: {@code delta = cell - last} per statistic, {@code last}
     * advanced by it, {@code delta + pending} into the node's subtree total and its parent's pending; then the
     * listeners. Never stops early: a listener's failure is kept and returned.
     */
    private Throwable fold(final int stripe, final IntArrayList list)
    {
        final LongArrayList stamps = recomputeColumns.length == 0 ? null : recomputeKeys;
        final long stamp = flushStarts;
        if (stamps != null)
        {
            recomputeStripes++;
        }
        final FlushListener[] subscribers = listeners;
        final long[][] dir = blocks;
        final long[][] tot = totals;
        final int k = statCount;
        Throwable failure = null;
        for (int i = list.size() - 1; i >= 0; i--)
        {
            final int x = list.get(i);
            final long[] b = dir[((x >>> chunkShift) << stripeShift) + stripe];
            final int base = (x & chunkMask) * blockLongs;
            final int parentPlusOne = (int)((long)LONGS.getOpaque(b, base + TREE) >>> 32);
            final long[] t = tot[x >>> chunkShift];
            final int tBase = (x & chunkMask) * totalLongs;
            final long[] pt;
            final int ptPending;
            if (parentPlusOne == 0)
            {
                pt = null;
                ptPending = 0;
            }
            else
            {
                final int p = parentPlusOne - 1;
                pt = tot[p >>> chunkShift];
                ptPending = (p & chunkMask) * totalLongs + k;
            }
            for (int c = 0; c < additiveColumns; c++)
            {
                final long cur = (long)LONGS.getOpaque(b, base + CELLS + c);
                final int last = base + lastBase + c;
                final long delta = cur - b[last];
                if (delta != 0)
                {
                    LONGS.setRelease(b, last, cur);
                }
                final int pending = tBase + k + c;
                final long owed = t[pending];
                if (owed != 0)
                {
                    t[pending] = 0;
                }
                final long carried = delta + owed;
                if (carried != 0)
                {
                    LONGS.setRelease(t, tBase + c, t[tBase + c] + carried);
                    if (pt != null)
                    {
                        pt[ptPending + c] += carried;
                    }
                }
            }
            for (int c = additiveColumns; c < stripedColumns; c++)
            {
                final long cur = (long)LONGS.getOpaque(b, base + CELLS + c);
                if (cur != b[base + lastBase + c])
                {
                    LONGS.setRelease(b, base + lastBase + c, cur);
                }
                foldPeak(t, tBase, c, cur, pt, ptPending);
            }
            if (unstripedColumns != 0)
            {
                foldUnstriped(t, tBase, pt, ptPending);
            }
            if (stamps != null && t[tBase + exBase + EX_STAMP] != stamp)
            {
                t[tBase + exBase + EX_STAMP] = stamp;
                final int depth = (int)(t[tBase + exBase + EX_PREV_DEPTH] >>> 32);
                stamps.add(((long)(Integer.MAX_VALUE - depth) << 32) | x);
            }
            if (subscribers.length != 0)
            {
                failure = notify(subscribers, rstat.nodeAt(x), stripe, failure);
            }
        }
        nodesFlushed += list.size();
        return failure;
    }

    /**
     * The recompute pass of the recomputed aggregates (MIN, MAX, AVG, COUNT_ZERO), after every stripe is folded so
     * that each node's own value is final: the nodes this flush visited on any stripe, each once, deepest first, so
     * every child is recomputed before its parent. A node recomputes from its own value and its live children's
     * aggregates: O(children) per flushed node, never O(subtree). A node created since its parent last flushed
     * joins its parent's list of children here (its creation queued it).
     */
    private void recompute()
    {
        final LongArrayList keys = recomputeKeys;
        if (keys.isEmpty())
        {
            return;
        }
        if (recomputeStripes > 1)
        {
            // each stripe's fold order has children first, but the union of several does not: deepest first
            keys.sortThis();
        }
        final long[][] tot = totals;
        final long[][] dir = blocks;
        final int r = recomputeColumns.length;
        long visited = 0;
        for (int i = 0; i < keys.size(); i++)
        {
            final int x = (int)keys.get(i);
            final long[] t = tot[x >>> chunkShift];
            final int tBase = (x & chunkMask) * totalLongs;
            final int ex = tBase + exBase;
            if (t[ex + EX_ATTACHED] == 0)
            {
                attachToParent(x, dir, tot);
            }
            long count = 1;
            final long[] acc = accumulators;
            for (int j = 0; j < r; j++)
            {
                final long own = own(x, recomputeColumns[j], t, tBase, dir);
                acc[j] = recomputeCodes[j] == CODE_ZERO ? (own == 0 ? 1 : 0) : own;
            }
            int child = (int)t[ex + EX_LINKS];
            while (child != NONE)
            {
                final int c = child - 1;
                final long[] ct = tot[c >>> chunkShift];
                final int cBase = (c & chunkMask) * totalLongs;
                count += ct[cBase + exBase + EX_COUNT];
                visited++;
                for (int j = 0; j < r; j++)
                {
                    final long theirs = ct[cBase + aggBase + j];
                    final int code = recomputeCodes[j];
                    acc[j] = code == CODE_MIN ? Math.min(acc[j], theirs)
                        : code == CODE_MAX ? Math.max(acc[j], theirs) : acc[j] + theirs;
                }
                child = (int)(ct[cBase + exBase + EX_LINKS] >>> 32);
            }
            for (int j = 0; j < r; j++)
            {
                LONGS.setRelease(t, tBase + aggBase + j, acc[j]);
            }
            LONGS.setRelease(t, ex + EX_COUNT, count);
        }
        recomputed += keys.size();
        childrenVisited += visited;
        keys.clear();
    }

    /** A node's own value of a column: the sum of its stripes' {@code last}, or its unstriped {@code last}. */
    private long own(final int x, final int column, final long[] t, final int tBase, final long[][] dir)
    {
        if (column >= stripedColumns)
        {
            return t[tBase + ulastBase + column - stripedColumns];
        }
        final int chunk = (x >>> chunkShift) << stripeShift;
        final int i = (x & chunkMask) * blockLongs + lastBase + column;
        long sum = 0;
        for (int s = 0; s < stripeCount; s++)
        {
            sum += dir[chunk + s][i];
        }
        return sum;
    }

    /** Pushes {@code x} at the head of its parent's list of live children. Caller holds the flush lock. */
    private void attachToParent(final int x, final long[][] dir, final long[][] tot)
    {
        final long[] t = tot[x >>> chunkShift];
        final int ex = (x & chunkMask) * totalLongs + exBase;
        t[ex + EX_ATTACHED] = 1;
        final int parentPlusOne = (int)(dir[(x >>> chunkShift) << stripeShift][(x & chunkMask) * blockLongs + TREE]
            >>> 32);
        if (parentPlusOne == 0)
        {
            return;
        }
        final int p = parentPlusOne - 1;
        final long[] pt = tot[p >>> chunkShift];
        final int pex = (p & chunkMask) * totalLongs + exBase;
        final int first = (int)pt[pex + EX_LINKS];
        if (first != NONE)
        {
            final int f = first - 1;
            final long[] ft = tot[f >>> chunkShift];
            final int fex = (f & chunkMask) * totalLongs + exBase;
            ft[fex + EX_PREV_DEPTH] = (ft[fex + EX_PREV_DEPTH] & HIGH) | (x + 1);
        }
        t[ex + EX_LINKS] = (t[ex + EX_LINKS] & LOW) | ((long)first << 32);
        t[ex + EX_PREV_DEPTH] &= HIGH;
        pt[pex + EX_LINKS] = (pt[pex + EX_LINKS] & HIGH) | (x + 1);
    }

    /** Unlinks a removed node from its parent's list of live children, O(1). Caller holds the flush lock. */
    private void detachFromParent(final int x)
    {
        final long[][] tot = totals;
        final long[] t = tot[x >>> chunkShift];
        final int ex = (x & chunkMask) * totalLongs + exBase;
        if (t[ex + EX_ATTACHED] == 0)
        {
            return;
        }
        t[ex + EX_ATTACHED] = 0;
        final int next = (int)(t[ex + EX_LINKS] >>> 32);
        final int prev = (int)t[ex + EX_PREV_DEPTH];
        if (prev == NONE)
        {
            final int p = (int)(blocks[(x >>> chunkShift) << stripeShift][(x & chunkMask) * blockLongs + TREE] >>>
                32) - 1;
            final long[] pt = tot[p >>> chunkShift];
            final int pex = (p & chunkMask) * totalLongs + exBase;
            pt[pex + EX_LINKS] = (pt[pex + EX_LINKS] & HIGH) | (next & LOW);
        }
        else
        {
            final int v = prev - 1;
            final long[] vt = tot[v >>> chunkShift];
            final int vex = (v & chunkMask) * totalLongs + exBase;
            vt[vex + EX_LINKS] = (vt[vex + EX_LINKS] & LOW) | ((long)next << 32);
        }
        if (next != NONE)
        {
            final int n = next - 1;
            final long[] nt = tot[n >>> chunkShift];
            final int nex = (n & chunkMask) * totalLongs + exBase;
            nt[nex + EX_PREV_DEPTH] = (nt[nex + EX_PREV_DEPTH] & HIGH) | (prev & LOW);
        }
        t[ex + EX_LINKS] &= LOW;
        t[ex + EX_PREV_DEPTH] &= HIGH;
    }

    /**
     * A peak's fold: its subtree mark rises to the highest of its own cell and what its children passed up, and
     * passes a rise on to its parent's pending mark.
     */
    private void foldPeak(final long[] t, final int tBase, final int c, final long own, final long[] pt,
        final int ptPending)
    {
        final int pending = tBase + statCount + c;
        final long passed = t[pending];
        if (passed != 0)
        {
            t[pending] = 0;
        }
        final long mark = Math.max(own, passed);
        if (mark > t[tBase + c])
        {
            LONGS.setRelease(t, tBase + c, mark);
            if (pt != null && mark > pt[ptPending + c])
            {
                pt[ptPending + c] = mark;
            }
        }
    }

    /**
     * The unstriped cells' fold, on whichever stripe visits the node (a second visit in one flush finds nothing
     * new): the same delta or peak rule, from the node's one cell in its totals block.
     */
    private void foldUnstriped(final long[] t, final int tBase, final long[] pt, final int ptPending)
    {
        for (int c = stripedColumns; c < statCount; c++)
        {
            final int u = c - stripedColumns;
            final long cur = (long)LONGS.getVolatile(t, tBase + ucellBase + u);
            final long last = t[tBase + ulastBase + u];
            if (cur != last)
            {
                LONGS.setRelease(t, tBase + ulastBase + u, cur);
            }
            if (schema.kind(c) == StatKind.PEAK)
            {
                foldPeak(t, tBase, c, cur, pt, ptPending);
                continue;
            }
            final int pending = tBase + statCount + c;
            final long owed = t[pending];
            if (owed != 0)
            {
                t[pending] = 0;
            }
            final long carried = cur - last + owed;
            if (carried != 0)
            {
                LONGS.setRelease(t, tBase + c, t[tBase + c] + carried);
                if (pt != null)
                {
                    pt[ptPending + c] += carried;
                }
            }
        }
    }

    private static Throwable notify(final FlushListener[] subscribers, final RstatNode node, final int stripe,
        final Throwable failure)
    {
        Throwable first = failure;
        for (final FlushListener listener : subscribers)
        {
            try
            {
                listener.onFlush(node, node.parent, stripe);
            }
            catch (final Throwable t)
            {
                first = first == null ? t : first;
            }
        }
        return first;
    }

    private long pendingUnits()
    {
        long sum = 0;
        for (int s = 0; s < stripeCount; s++)
        {
            sum = FlushPolicy.saturatedAdd(sum, (long)LONGS.getOpaque(units, (s + 1) * UNITS_STRIDE));
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
     * Reads the statistic's subtree value by its primary {@linkplain StatDescriptor#aggregation() aggregation} as of
     * the last flush that covered {@code node}, without flushing: the subtree sum for SUM (what was flushed up to
     * the node, removed descendants included), the live subtree's MIN, MAX or zero count, the live subtree's sum for
     * AVG ({@link #average(RstatNode, int)} divides it), the subtree mark of a peak, one bucket's subtree count for a
     * histogram column.
     *
     * @param node to read.
     * @param stat index of the statistic (any column of a histogram).
     * @return the flushed subtree value.
     */
    public long subtree(final RstatNode node, final int stat)
    {
        checkHandle(node);
        Objects.checkIndex(stat, statCount);
        Interleavings.at(Interleavings.Point.BEFORE_READ, node);
        final int slot = node.slot;
        final int p = primarySlot[stat];
        final long value = (long)LONGS.getAcquire(totals[slot >>> chunkShift], (slot & chunkMask) * totalLongs +
            (p < 0 ? stat : aggBase + p));
        checkHandle(node);
        return value;
    }

    /**
     * Reads one aggregate of the statistic over {@code node}'s subtree as of the last flush that covered it, without
     * flushing.
     *
     * @param node        to read.
     * @param stat        index of the statistic.
     * @param aggregation one of the statistic's declared aggregations (SUM is kept for every counter and gauge;
     *                    MAX is a peak's).
     * @return the aggregate (for AVG, the live subtree's sum; see {@link #average(RstatNode, int)}).
     * @throws IllegalArgumentException if the statistic does not keep that aggregation.
     */
    public long aggregate(final RstatNode node, final int stat, final Aggregation aggregation)
    {
        checkHandle(node);
        Objects.checkIndex(stat, statCount);
        final StatDescriptor d = schema.descriptor(stat);
        final int index;
        if (aggregation == Aggregation.SUM && d.kind() != StatKind.PEAK ||
            aggregation == Aggregation.MAX && d.kind() == StatKind.PEAK)
        {
            index = stat;
        }
        else
        {
            final int slot = schema.recomputeSlot(stat, aggregation);
            if (slot < 0)
            {
                throw new IllegalArgumentException("statistic does not keep this aggregation: group=" +
                    schema.name() + " stat=" + d.name() + " aggregation=" + aggregation + " declared=" +
                    d.aggregations());
            }
            index = aggBase + slot;
        }
        Interleavings.at(Interleavings.Point.BEFORE_READ, node);
        final int slot = node.slot;
        final long value = (long)LONGS.getAcquire(totals[slot >>> chunkShift], (slot & chunkMask) * totalLongs + index);
        checkHandle(node);
        return value;
    }

    /**
     * @param node to read.
     * @param stat index of a statistic that keeps {@link Aggregation#AVG}.
     * @return the live subtree's sum of own values over its node count, as of the last flush that covered
     *         {@code node}.
     */
    public double average(final RstatNode node, final int stat)
    {
        final long sum = aggregate(node, stat, Aggregation.AVG);
        final long count = nodeCount(node);
        return count == 0 ? Double.NaN : (double)sum / count;
    }

    /**
     * @param node to read.
     * @return how many live nodes its subtree holds (itself included), as of the last flush that covered it; exact
     *         under create and remove once flushed.
     * @throws IllegalStateException if the group keeps no recomputed aggregate (only such groups count nodes).
     */
    public long nodeCount(final RstatNode node)
    {
        checkHandle(node);
        if (recomputeColumns.length == 0)
        {
            throw new IllegalStateException("node counts are kept by groups with a MIN, MAX, AVG or COUNT_ZERO " +
                "statistic: group=" + schema.name());
        }
        final int slot = node.slot;
        final long value = (long)LONGS.getAcquire(totals[slot >>> chunkShift], (slot & chunkMask) * totalLongs +
            exBase + EX_COUNT);
        checkHandle(node);
        return value;
    }

    /**
     * @param node to read.
     * @param stat index of a histogram statistic.
     * @return its subtree histogram (every bucket's subtree count) as of the last flush that covered {@code node}.
     */
    public Histogram histogram(final RstatNode node, final int stat)
    {
        return histogram(node, stat, false);
    }

    /**
     * @param node to read.
     * @param stat index of a histogram statistic.
     * @return the node's own histogram (its records only) as of the last flush that covered it.
     */
    public Histogram localHistogram(final RstatNode node, final int stat)
    {
        return histogram(node, stat, true);
    }

    private Histogram histogram(final RstatNode node, final int stat, final boolean own)
    {
        checkHandle(node);
        final StatDescriptor d = schema.descriptor(Objects.checkIndex(stat, statCount));
        if (!d.kind().isHistogram() || d.column() != stat)
        {
            throw new IllegalArgumentException("not a histogram's index: group=" + schema.name() + " stat=" + stat +
                describe(stat));
        }
        final long[] counts = new long[d.width()];
        for (int i = 0; i < counts.length; i++)
        {
            counts[i] = own ? local(node, stat + i) : subtree(node, stat + i);
        }
        return new Histogram(d, counts);
    }

    /**
     * Reads the node's own value (its updates only, not its descendants') as of the last flush that covered it,
     * without flushing: for counters, gauges and histogram buckets the sum over stripes (O(stripes)), for a peak the
     * highest mark on any stripe, for an unstriped statistic its one cell.
     *
     * @param node to read.
     * @param stat index of the statistic.
     * @return the flushed local value.
     */
    public long local(final RstatNode node, final int stat)
    {
        checkHandle(node);
        Objects.checkIndex(stat, statCount);
        Interleavings.at(Interleavings.Point.BEFORE_READ, node);
        final int slot = node.slot;
        long value = 0;
        if (stat >= stripedColumns)
        {
            value = (long)LONGS.getAcquire(totals[slot >>> chunkShift], (slot & chunkMask) * totalLongs + ulastBase +
                stat - stripedColumns);
        }
        else
        {
            final long[][] dir = blocks;
            final int chunk = (slot >>> chunkShift) << stripeShift;
            final int i = (slot & chunkMask) * blockLongs + lastBase + stat;
            final boolean peak = stat >= additiveColumns;
            for (int s = 0; s < stripeCount; s++)
            {
                final long v = (long)LONGS.getAcquire(dir[chunk + s], i);
                value = peak ? Math.max(value, v) : value + v;
            }
        }
        checkHandle(node);
        return value;
    }

    /**
     * @param node to inspect.
     * @return whether {@code node} is queued on any stripe or on any stripe's update tree (it or a node below it has
     *         pending work; a queued node's ancestors join the tree at the next flush).
     */
    public boolean isUpdated(final RstatNode node)
    {
        checkHandle(node);
        boolean linked = false;
        for (int s = 0; s < stripeCount && !linked; s++)
        {
            linked = isLinked(s, node.slot);
        }
        checkHandle(node);
        return linked;
    }

    /**
     * @param stripe a stripe.
     * @param node   to inspect.
     * @return whether {@code node} is queued on that stripe or on its update tree.
     */
    public boolean isUpdatedOn(final int stripe, final RstatNode node)
    {
        checkHandle(node);
        final boolean linked = isLinked(Objects.checkIndex(stripe, stripeCount), node.slot);
        checkHandle(node);
        return linked;
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
        return skipped.sum();
    }

    /**
     * @return how many nodes the recompute pass of MIN, MAX, AVG and COUNT_ZERO has recomputed since creation (each
     *         flushed node once per flush, whatever the number of stripes it was flushed on).
     */
    public long recomputedCount()
    {
        return recomputed;
    }

    /**
     * @return how many children the recompute pass has read since creation: the cost of recomputed aggregates, the
     *         sum over the recomputed nodes of their live children.
     */
    public long childrenVisitedCount()
    {
        return childrenVisited;
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

    /**
     * Prepares a fresh or reused slot for a new node: its chunk exists, its blocks are zero but for the parent link.
     *
     * @param slot       the node's slot.
     * @param parentSlot its parent's slot, {@code -1} for the root.
     * @param reused     whether the slot held a removed node (its storage is then zeroed first).
     */
    void attach(final int slot, final int parentSlot, final boolean reused)
    {
        final int chunk = slot >>> chunkShift;
        ensureChunk(chunk);
        final long[][] dir = blocks;
        final int base = (slot & chunkMask) * blockLongs;
        final long tree = (long)(parentSlot + 1) << 32;
        for (int s = 0; s < stripeCount; s++)
        {
            final long[] b = dir[(chunk << stripeShift) + s];
            if (reused)
            {
                for (int i = base; i < base + blockLongs; i++)
                {
                    LONGS.setRelease(b, i, 0L);
                }
            }
            LONGS.setRelease(b, base + TREE, tree);
        }
        final long[] t = totals[chunk];
        final int tBase = (slot & chunkMask) * totalLongs;
        if (reused)
        {
            for (int i = tBase; i < tBase + totalLongs; i++)
            {
                LONGS.setRelease(t, i, 0L);
            }
        }
        if (recomputeColumns.length != 0)
        {
            // a new node is a live subtree of one node holding zeros, until the flush its creation queued
            for (int j = 0; j < recomputeColumns.length; j++)
            {
                LONGS.setRelease(t, tBase + aggBase + j, recomputeAggregations[j] == Aggregation.COUNT_ZERO ? 1L : 0L);
            }
            final int ex = tBase + exBase;
            long depth = 0;
            if (parentSlot >= 0)
            {
                final long[] pt = totals[parentSlot >>> chunkShift];
                depth = (pt[(parentSlot & chunkMask) * totalLongs + exBase + EX_PREV_DEPTH] >>> 32) + 1;
            }
            LONGS.setRelease(t, ex + EX_PREV_DEPTH, depth << 32);
            LONGS.setRelease(t, ex + EX_COUNT, 1L);
            LONGS.setRelease(t, ex + EX_ATTACHED, parentSlot < 0 ? 1L : 0L);
        }
    }

    /**
     * Called by {@link Rstat#create} once the new node's handle is live: in a group with recomputed aggregates a
     * new node changes its ancestors' aggregates (a MIN now sees its zero, an AVG its count), so it is queued on
     * stripe 0 like a write; the flush that links it also joins it to its parent's list of live children.
     */
    void created(final RstatNode node)
    {
        if (recomputeColumns.length != 0)
        {
            queue(0, node);
        }
    }

    private void ensureChunk(final int chunk)
    {
        long[][] t = totals;
        if (chunk < t.length && t[chunk] != null)
        {
            return;
        }
        final int slots = 1 << chunkShift;
        long[][] b = blocks;
        if (chunk >= t.length)
        {
            final int length = Math.max(chunk + 1, t.length * 2);
            t = Arrays.copyOf(t, length);
            b = Arrays.copyOf(b, length << stripeShift);
        }
        for (int s = 0; s < stripeCount; s++)
        {
            b[(chunk << stripeShift) + s] = new long[slots * blockLongs];
        }
        t[chunk] = new long[slots * totalLongs];
        blocks = b;
        totals = t;
    }

    long allocatedBytes()
    {
        final long[][] t = totals;
        final long[][] b = blocks;
        long bytes = Rstat.arrayBytes(t.length, Integer.BYTES) + Rstat.arrayBytes(b.length, Integer.BYTES);
        for (final long[] chunk : t)
        {
            bytes += chunk == null ? 0 : Rstat.arrayBytes(chunk.length, Long.BYTES);
        }
        for (final long[] chunk : b)
        {
            bytes += chunk == null ? 0 : Rstat.arrayBytes(chunk.length, Long.BYTES);
        }
        return bytes;
    }
}
