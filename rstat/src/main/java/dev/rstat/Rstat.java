package dev.rstat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * A tree of nodes with per-stripe statistics that are aggregated up the tree on demand, the way the Linux kernel's
 * rstat aggregates cgroup statistics.
 * <pre>
 *                 root                      writers add to their stripe's cell; a node's first write since
 *               /      \                    its last flush queues it on the stripe; a flush links the queued
 *            C1          C2                 nodes and their ancestors into that stripe's update tree:
 *           /  \        /  \                stripe 0 tree:  root ← C1 ← G11      (G11 updated on stripe 0)
 *        G11   G12   G21   G22              stripe 1 tree:  root ← C2 ← G21, G22 (G21, G22 on stripe 1)
 *
 *   flush(root): stripe 0 visits G11, C1, root; stripe 1 visits G22, G21, C2, root — children before parents,
 *   only what changed; each visit moves delta = cell - last into the node's subtree total and its parent's pending.
 * </pre>
 * The statistics live in {@link StatGroup stat groups} declared by a {@link Schema}; each group has its own update
 * trees and flush lock. {@link StatGroup} states the write, flush and read contract (obligations and guarantees)
 * and draws the memory layout.
 *
 * <h2>Lifecycle and concurrency</h2>
 * <ol>
 * <li>{@link #create(RstatNode, long, String)}, {@link #remove(RstatNode)} and {@link #size()} may be called from any
 * thread at any time, concurrently with writes, flushes and reads, and {@code create} and {@code size} also from a
 * flush listener or a {@code flushAndRead} reader. Creates and removes are serialised by a structure lock that
 * writers never take, and that is never held while waiting for a flush lock: a removal marks the node dying under
 * it, releases it, flushes every group, then takes it again to retire the node. So no lock order can deadlock.</li>
 * <li>Removing a node first flushes it into its parent in every group (the kernel's release path), so ancestors
 * never lose a removed node's past contribution: its usage stays in the parent's subtree totals. Every add to the
 * node that returned before {@code remove} was called is included; a write racing the removal is included if it
 * reached its cell before the removal's flush read it, and dropped otherwise. Removing a node that still has live
 * children, or the root, throws; so does calling {@code remove} from a listener or reader.</li>
 * <li>Handles are never reused; storage slots are. A removed node's slot is given to a new node only after the
 * {@linkplain Builder#slotReuseDelay(Duration) reuse delay} (default 10 s), which bounds how long a writer that
 * passed the handle check just before the removal may stall before its add (obligation 3 of {@link StatGroup}).
 * Set the delay to {@code null} to never reuse slots. Flushes and reads through a removed handle are safe with any
 * delay, zero included (guarantee 7 of {@link StatGroup}).</li>
 * <li>With a {@linkplain FlushPolicy#withPeriodicFlush(Duration) periodic flush}, a daemon thread flushes every
 * group's root at the given interval. A failure (a listener's exception) is counted
 * ({@link #periodicFlushFailures()}), handed to the {@linkplain Builder#onPeriodicFlushFailure failure handler}
 * (default: the flusher thread's uncaught-exception handler), and the flusher goes on.</li>
 * </ol>
 *
 * <h2>Memory</h2>
 * Per node, with {@code S} stripes and {@code K} statistics in a group: {@code S × (2K + 2) × 8} bytes of blocks
 * plus {@code 2K × 8} bytes of totals for that group, 4 bytes of slot table and a 40-byte {@link RstatNode} handle
 * (plus its name). With 4 counters and 2 stripes that is 160 + 64 + 4 + 40 = 268 bytes per node before the name.
 * Storage is allocated in chunks of at most 16 KiB per array (or one node, where a node needs more), so a tree holds at most one partly used chunk per
 * array beyond its nodes' storage: it grows with its nodes ({@link #allocatedBytes()}).
 */
public final class Rstat implements AutoCloseable
{
    static final int NODE_CHUNK_SHIFT = 10;
    static final int NODE_CHUNK_SLOTS = 1 << NODE_CHUNK_SHIFT;
    static final int NODE_CHUNK_MASK = NODE_CHUNK_SLOTS - 1;
    /** Slots are stored as {@code slot + 1} in 32 bits, and {@code -1} marks the end of a list. */
    static final int MAX_SLOTS = Integer.MAX_VALUE - 1;

    private final Schema schema;
    private final int stripeCount;
    private final StatGroup[] groups;
    private final List<StatGroup> groupList;
    private final FlushPolicy policy;
    private final long reuseDelayNanos;
    private final Consumer<? super Throwable> periodicFailureHandler;
    private final LongAdder periodicFailures = new LongAdder();
    private final ReentrantLock structureLock = new ReentrantLock();
    private final Quarantine quarantine = new Quarantine();
    private final ScheduledExecutorService periodic;
    private final RstatNode root;

    private volatile RstatNode[][] nodes = new RstatNode[0][];
    private int nextFreshSlot;
    /** The last incarnation given to a node (under the structure lock): incarnations are never repeated. */
    private long lastIncarnation;
    private volatile int liveNodes;

    private Rstat(final Builder builder)
    {
        this.schema = builder.schema;
        this.stripeCount = builder.stripes;
        this.policy = builder.policy;
        this.reuseDelayNanos = builder.reuseDelay == null ? -1 : saturatedNanos(builder.reuseDelay);
        this.periodicFailureHandler = builder.periodicFailureHandler;
        final List<GroupSchema> declared = schema.groups();
        this.groups = new StatGroup[declared.size()];
        for (int i = 0; i < groups.length; i++)
        {
            groups[i] = new StatGroup(this, declared.get(i), stripeCount, policy);
        }
        this.groupList = Collections.unmodifiableList(Arrays.asList(groups));
        structureLock.lock();
        try
        {
            this.root = attach(null, builder.rootId, builder.rootName);
        }
        finally
        {
            structureLock.unlock();
        }
        if (policy.hasPeriodicFlush())
        {
            periodic = Executors.newSingleThreadScheduledExecutor(r ->
            {
                final Thread t = new Thread(r, "rstat-periodic-flush");
                t.setDaemon(true);
                return t;
            });
            final long every = saturatedNanos(policy.periodicFlush());
            periodic.scheduleWithFixedDelay(this::periodicFlush, every, every, TimeUnit.NANOSECONDS);
        }
        else
        {
            periodic = null;
        }
    }

    /**
     * @param schema the statistics to keep.
     * @return a builder.
     */
    public static Builder builder(final Schema schema)
    {
        return new Builder(schema);
    }

    /**
     * @return the schema.
     */
    public Schema schema()
    {
        return schema;
    }

    /**
     * @return the number of stripes.
     */
    public int stripes()
    {
        return stripeCount;
    }

    /**
     * @return the flush policy.
     */
    public FlushPolicy policy()
    {
        return policy;
    }

    /**
     * @return the root node, created with the tree.
     */
    public RstatNode root()
    {
        return root;
    }

    /**
     * @return the stat groups in schema order.
     */
    public List<StatGroup> groups()
    {
        return groupList;
    }

    /**
     * @param name of a group.
     * @return the group.
     */
    public StatGroup group(final String name)
    {
        return groups[schema.group(name).index()];
    }

    /**
     * @param index of a group in the schema.
     * @return the group.
     */
    public StatGroup group(final int index)
    {
        return groups[index];
    }

    /**
     * @return the number of live nodes, the root included (a node being removed still counts).
     */
    public int size()
    {
        return liveNodes;
    }

    /**
     * @return a snapshot of the live nodes, the root included, in no particular order (a node being removed may or
     *         may not be in it); for exporters that discover nodes created since their last look. O(slots).
     */
    public List<RstatNode> nodes()
    {
        structureLock.lock();
        try
        {
            final List<RstatNode> live = new ArrayList<>(liveNodes);
            for (int slot = 0; slot < nextFreshSlot; slot++)
            {
                final RstatNode node = nodeAt(slot);
                if (node != null && node.isAliveIn(this))
                {
                    live.add(node);
                }
            }
            return live;
        }
        finally
        {
            structureLock.unlock();
        }
    }

    /**
     * @param node a handle.
     * @return whether it is a live node of this tree (false once its removal has begun, or for another tree's).
     */
    public boolean contains(final RstatNode node)
    {
        return node.isAliveIn(this);
    }

    /**
     * Creates a node under {@code parent}.
     *
     * @param parent a live node of this tree.
     * @param id     the caller's id for the node (a cgroup id); not required to be unique.
     * @param name   the caller's name for the node.
     * @return the new node's handle.
     */
    public RstatNode create(final RstatNode parent, final long id, final String name)
    {
        Objects.requireNonNull(parent, "parent");
        structureLock.lock();
        try
        {
            if (!parent.isAliveIn(this))
            {
                throw new IllegalStateException("parent is removed or foreign: parent=" + parent + " id=" + id);
            }
            final RstatNode node = attach(parent, id, name);
            parent.childAdded();
            for (final StatGroup group : groups)
            {
                group.created(node);
            }
            return node;
        }
        finally
        {
            structureLock.unlock();
        }
    }

    /**
     * Removes a leaf: flushes its pending deltas into its parent in every group, then retires its handle. If a flush
     * listener throws, the removal still completes everywhere, then the first failure is rethrown.
     *
     * @param node a live node without live children, not the root.
     * @throws IllegalStateException for a removed or foreign node, a node with live children, or a call from a flush
     *                               listener or {@code flushAndRead} reader of this tree.
     */
    public void remove(final RstatNode node)
    {
        Objects.requireNonNull(node, "node");
        refuseInsideFlush("remove", node);
        structureLock.lock();
        try
        {
            if (!node.isAliveIn(this))
            {
                throw new IllegalStateException("node is already removed or foreign: node=" + node);
            }
            if (node.parent == null)
            {
                throw new IllegalArgumentException("the root cannot be removed: node=" + node);
            }
            if (node.liveChildren() > 0)
            {
                throw new IllegalStateException(
                    "node has live children: node=" + node + " liveChildren=" + node.liveChildren());
            }
            node.owner = null;
        }
        finally
        {
            structureLock.unlock();
        }
        Throwable failure = null;
        for (final StatGroup group : groups)
        {
            try
            {
                group.flushForRemoval(node);
            }
            catch (final Throwable t)
            {
                failure = failure == null ? t : failure;
            }
        }
        structureLock.lock();
        try
        {
            node.parent.childRemoved();
            liveNodes--;
            if (reuseDelayNanos >= 0)
            {
                quarantine.add(node.slot, System.nanoTime());
            }
        }
        finally
        {
            structureLock.unlock();
        }
        if (failure != null)
        {
            throw unchecked(failure, "flush listener failed during removal: node=" + node);
        }
    }

    /**
     * Flushes every group's root, exactly. Used by the periodic flusher; handy before a bulk read. Every group is
     * flushed even if a listener of one throws; the first failure is then rethrown.
     */
    public void flushAll()
    {
        Throwable failure = null;
        for (final StatGroup group : groups)
        {
            try
            {
                group.flush(root);
            }
            catch (final RuntimeException | Error t)
            {
                failure = failure == null ? t : failure;
            }
        }
        if (failure != null)
        {
            throw unchecked(failure, "flush listener failed");
        }
    }

    /**
     * @return how many periodic flushes of a group failed (a listener threw) since creation.
     */
    public long periodicFlushFailures()
    {
        return periodicFailures.sum();
    }

    /**
     * @return the bytes of the arrays this tree holds (blocks, totals, slot table), not counting the handles and
     *         their names: what the tree's storage costs, chunk slack included.
     */
    public long allocatedBytes()
    {
        long bytes = 0;
        for (final StatGroup group : groups)
        {
            bytes += group.allocatedBytes();
        }
        final RstatNode[][] table = nodes;
        bytes += arrayBytes(table.length, Integer.BYTES);
        for (final RstatNode[] chunk : table)
        {
            bytes += chunk == null ? 0 : arrayBytes(chunk.length, Integer.BYTES);
        }
        structureLock.lock();
        try
        {
            return bytes + quarantine.allocatedBytes();
        }
        finally
        {
            structureLock.unlock();
        }
    }

    /**
     * Stops the periodic flusher, if any. The tree stays usable.
     */
    @Override
    public void close()
    {
        if (periodic != null)
        {
            periodic.shutdownNow();
        }
    }

    RstatNode nodeAt(final int slot)
    {
        return nodes[slot >>> NODE_CHUNK_SHIFT][slot & NODE_CHUNK_MASK];
    }

    /**
     * Obligation 2 of {@link StatGroup}: no flush, flushing read or removal from inside a flush of this tree.
     */
    void refuseInsideFlush(final String call, final RstatNode node)
    {
        for (final StatGroup group : groups)
        {
            if (group.holdsFlushLock())
            {
                throw new IllegalStateException(call + " called inside a flush of this tree (from a flush listener " +
                    "or a flushAndRead reader), which must not flush or remove: group=" + group.name() +
                    " node=" + node);
            }
        }
    }

    static RuntimeException unchecked(final Throwable failure, final String context)
    {
        if (failure instanceof RuntimeException)
        {
            throw (RuntimeException)failure;
        }
        if (failure instanceof Error)
        {
            throw (Error)failure;
        }
        return new IllegalStateException(context + ": " + failure, failure);
    }

    static long arrayBytes(final int length, final int elementBytes)
    {
        return (16L + (long)length * elementBytes + 7) & ~7L;
    }

    private void periodicFlush()
    {
        for (final StatGroup group : groups)
        {
            try
            {
                group.flush(root);
            }
            catch (final Throwable t)
            {
                periodicFailures.increment();
                try
                {
                    periodicFailureHandler.accept(t);
                }
                catch (final Throwable ignored)
                {
                    // the handler's own failure must not stop the flusher either
                }
            }
        }
    }

    private RstatNode attach(final RstatNode parent, final long id, final String name)
    {
        final int slot;
        final boolean reused;
        if (reuseDelayNanos >= 0 && !quarantine.isEmpty() &&
            System.nanoTime() - quarantine.oldestSince() >= reuseDelayNanos)
        {
            slot = quarantine.poll();
            reused = true;
        }
        else
        {
            slot = freshSlot();
            reused = false;
        }
        for (final StatGroup group : groups)
        {
            group.attach(slot, parent == null ? -1 : parent.slot, reused);
        }
        final RstatNode node = new RstatNode(this, slot, parent, id, name, ++lastIncarnation);
        nodes[slot >>> NODE_CHUNK_SHIFT][slot & NODE_CHUNK_MASK] = node;
        liveNodes++;
        return node;
    }

    private int freshSlot()
    {
        final int slot = nextFreshSlot;
        if (slot >= MAX_SLOTS)
        {
            throw new IllegalStateException("too many nodes: slots=" + slot);
        }
        final int chunk = slot >>> NODE_CHUNK_SHIFT;
        RstatNode[][] table = nodes;
        if (chunk >= table.length)
        {
            table = Arrays.copyOf(table, Math.max(chunk + 1, table.length * 2));
        }
        if (table[chunk] == null)
        {
            table[chunk] = new RstatNode[NODE_CHUNK_SLOTS];
            nodes = table;
        }
        nextFreshSlot = slot + 1;
        return slot;
    }

    private static long saturatedNanos(final Duration d)
    {
        try
        {
            return d.toNanos();
        }
        catch (final ArithmeticException tooLong)
        {
            return Long.MAX_VALUE;
        }
    }

    /**
     * Builds an {@link Rstat}. Not thread-safe.
     */
    public static final class Builder
    {
        private final Schema schema;
        private int stripes = Runtime.getRuntime().availableProcessors();
        private long rootId = 1;
        private String rootName = "/";
        private FlushPolicy policy = FlushPolicy.always();
        private Duration reuseDelay = Duration.ofSeconds(10);
        private Consumer<? super Throwable> periodicFailureHandler = t ->
        {
            final Thread thread = Thread.currentThread();
            thread.getUncaughtExceptionHandler().uncaughtException(thread, t);
        };

        private Builder(final Schema schema)
        {
            this.schema = Objects.requireNonNull(schema, "schema");
        }

        /**
         * @param stripes number of stripes (per-CPU slots); default: available processors.
         * @return this builder.
         */
        public Builder stripes(final int stripes)
        {
            if (stripes < 1 || stripes > 4096)
            {
                throw new IllegalArgumentException("stripes must be in [1, 4096]: stripes=" + stripes);
            }
            this.stripes = stripes;
            return this;
        }

        /**
         * @param id   of the root (the kernel's root cgroup id is 1, the default).
         * @param name of the root (default "/").
         * @return this builder.
         */
        public Builder root(final long id, final String name)
        {
            this.rootId = id;
            this.rootName = name;
            return this;
        }

        /**
         * @param policy when reads flush and whether a background thread flushes.
         * @return this builder.
         */
        public Builder flushPolicy(final FlushPolicy policy)
        {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * @param delay before a removed node's storage slot may be reused, or {@code null} to never reuse slots.
         * @return this builder.
         */
        public Builder slotReuseDelay(final Duration delay)
        {
            if (delay != null && delay.isNegative())
            {
                throw new IllegalArgumentException("reuse delay must not be negative: delay=" + delay);
            }
            this.reuseDelay = delay;
            return this;
        }

        /**
         * @param handler called on the periodic flusher's thread with each failure of a periodic flush (a
         *                listener's exception); the flusher goes on either way. Default: the thread's
         *                uncaught-exception handler.
         * @return this builder.
         */
        public Builder onPeriodicFlushFailure(final Consumer<? super Throwable> handler)
        {
            this.periodicFailureHandler = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /**
         * @return the tree, with its root.
         */
        public Rstat build()
        {
            return new Rstat(this);
        }
    }
}
