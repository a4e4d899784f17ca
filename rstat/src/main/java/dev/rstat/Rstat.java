package dev.rstat;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A tree of nodes with per-stripe statistics that are aggregated up the tree on demand, the way the Linux kernel's
 * rstat aggregates cgroup statistics.
 * <pre>
 *                 root                      writers add to their stripe's cell, then link the node
 *               /      \                    and its unlinked ancestors into that stripe's update tree:
 *            C1          C2
 *           /  \        /  \                stripe 0 tree:  root ← C1 ← G11      (G11 updated on stripe 0)
 *        G11   G12   G21   G22              stripe 1 tree:  root ← C2 ← G21, G22 (G21, G22 on stripe 1)
 *
 *   flush(root): stripe 0 visits G11, C1, root; stripe 1 visits G22, G21, C2, root — children before parents,
 *   only what changed; each visit moves delta = cell - last into the node's subtree total and its parent's pending.
 * </pre>
 * The statistics live in {@link StatGroup stat groups} declared by a {@link Schema}; each group has its own update
 * trees and flush lock. See {@link StatGroup} for the write, flush and read contract.
 *
 * <h2>Lifecycle and concurrency</h2>
 * <ul>
 * <li>{@link #create(RstatNode, long, String)} and {@link #remove(RstatNode)} may be called from any thread at any
 * time, concurrently with writes, flushes and reads; they are serialised by a structure lock that writers never
 * take.</li>
 * <li>Removing a node first flushes its pending deltas into its parent in every group (the kernel's release path),
 * so ancestors never lose a removed node's past contribution; its usage stays in the parent's subtree totals.
 * Removing a node that still has live children, or the root, throws.</li>
 * <li>A write that races the removal of its node may be dropped; a write through a handle that was already removed
 * throws {@link IllegalStateException}. Handles are never reused. Storage slots are: a removed node's slot is given
 * to a new node only after the {@linkplain Builder#slotReuseDelay(Duration) reuse delay} (default 10 s), so a writer
 * that passed the removed check just before the removal would have to stall for that long between the check and its
 * add to touch the new node's cells. Set the delay to {@code null} to never reuse slots.</li>
 * </ul>
 *
 * <h2>Memory</h2>
 * Per node, with {@code S} stripes and {@code K} statistics in a group: {@code S × (16K + 12) + 16K} bytes of
 * chunked arrays for that group (cells, last, three update-tree links per stripe; subtree and pending totals),
 * plus 4 bytes of slot table and a 48-byte {@link RstatNode} handle (plus its name). With 4 counters and 2 stripes
 * that is 24 + 128 + 64 + 4 + 48 = 268 bytes per node before the name.
 */
public final class Rstat implements AutoCloseable
{
    static final int CHUNK_SHIFT = 10;
    static final int CHUNK_SLOTS = 1 << CHUNK_SHIFT;
    static final int CHUNK_MASK = CHUNK_SLOTS - 1;

    private final Schema schema;
    private final int stripeCount;
    private final StatGroup[] groups;
    private final List<StatGroup> groupList;
    private final FlushPolicy policy;
    private final long reuseDelayNanos;
    private final ReentrantLock structureLock = new ReentrantLock();
    private final Quarantine quarantine = new Quarantine();
    private final ScheduledExecutorService periodic;
    private final RstatNode root;

    private volatile RstatNode[][] nodes = new RstatNode[0][];
    private int nextFreshSlot;
    private int liveNodes;

    private Rstat(final Builder builder)
    {
        this.schema = builder.schema;
        this.stripeCount = builder.stripes;
        this.policy = builder.policy;
        this.reuseDelayNanos = builder.reuseDelay == null ? -1 : builder.reuseDelay.toNanos();
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
            final int slot = allocateSlot();
            this.root = new RstatNode(this, slot, null, builder.rootId, builder.rootName);
            publish(root);
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
            final long every = policy.periodicFlush().toNanos();
            periodic.scheduleWithFixedDelay(this::flushAll, every, every, TimeUnit.NANOSECONDS);
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
     * @return the number of live nodes, the root included.
     */
    public int size()
    {
        structureLock.lock();
        try
        {
            return liveNodes;
        }
        finally
        {
            structureLock.unlock();
        }
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
            if (parent.owner != this || parent.state != RstatNode.ALIVE)
            {
                throw new IllegalStateException("parent is removed or foreign: parent=" + parent + " id=" + id);
            }
            final int slot = allocateSlot();
            final RstatNode node = new RstatNode(this, slot, parent, id, name);
            parent.liveChildren++;
            publish(node);
            return node;
        }
        finally
        {
            structureLock.unlock();
        }
    }

    /**
     * Removes a leaf: flushes its pending deltas into its parent in every group, then retires its handle.
     *
     * @param node a live node without live children, not the root.
     */
    public void remove(final RstatNode node)
    {
        Objects.requireNonNull(node, "node");
        structureLock.lock();
        try
        {
            if (node.owner != this || node.state != RstatNode.ALIVE)
            {
                throw new IllegalStateException("node is already removed or foreign: node=" + node);
            }
            if (node.parent == null)
            {
                throw new IllegalArgumentException("the root cannot be removed: node=" + node);
            }
            if (node.liveChildren > 0)
            {
                throw new IllegalStateException(
                    "node has live children: node=" + node + " liveChildren=" + node.liveChildren);
            }
            node.state = RstatNode.DYING;
            for (final StatGroup group : groups)
            {
                group.flushForRemoval(node);
            }
            node.state = RstatNode.DEAD;
            node.parent.liveChildren--;
            liveNodes--;
            if (reuseDelayNanos >= 0)
            {
                quarantine.add(node, System.nanoTime());
            }
        }
        finally
        {
            structureLock.unlock();
        }
    }

    /**
     * Flushes every group's root, exactly. Used by the periodic flusher; handy before a bulk read.
     */
    public void flushAll()
    {
        for (final StatGroup group : groups)
        {
            group.flush(root);
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

    /**
     * @return bytes of storage arrays (shim).
     */
    public long allocatedBytes()
    {
        long sum = 0;
        for (final StatGroup g : groups)
        {
            sum += g.allocatedBytes();
        }
        return sum;
    }

    /**
     * @return periodic failures (shim).
     */
    public long periodicFlushFailures()
    {
        return 0;
    }

    RstatNode nodeAt(final int slot)
    {
        return nodes[slot >>> CHUNK_SHIFT][slot & CHUNK_MASK];
    }

    private void publish(final RstatNode node)
    {
        nodes[node.slot >>> CHUNK_SHIFT][node.slot & CHUNK_MASK] = node;
        liveNodes++;
    }

    private int allocateSlot()
    {
        if (!quarantine.isEmpty() && System.nanoTime() - quarantine.oldestSince() >= reuseDelayNanos)
        {
            final int slot = quarantine.poll().slot;
            nodes[slot >>> CHUNK_SHIFT][slot & CHUNK_MASK] = null;
            for (final StatGroup group : groups)
            {
                group.resetSlot(slot);
            }
            return slot;
        }
        final int slot = nextFreshSlot;
        if (slot == Integer.MAX_VALUE)
        {
            throw new IllegalStateException("too many nodes: slots=" + slot);
        }
        final int chunk = slot >>> CHUNK_SHIFT;
        if ((slot & CHUNK_MASK) == 0)
        {
            nodes = withChunk(nodes, chunk);
            for (final StatGroup group : groups)
            {
                group.ensureChunk(chunk);
            }
        }
        nextFreshSlot = slot + 1;
        return slot;
    }

    static long[][] withChunk(final long[][] dir, final int chunk, final int length)
    {
        final long[][] grown = chunk < dir.length ? dir : Arrays.copyOf(dir, Math.max(chunk + 1, dir.length * 2));
        if (grown[chunk] == null)
        {
            grown[chunk] = new long[length];
        }
        return grown;
    }

    static int[][] withChunk(final int[][] dir, final int chunk)
    {
        final int[][] grown = chunk < dir.length ? dir : Arrays.copyOf(dir, Math.max(chunk + 1, dir.length * 2));
        if (grown[chunk] == null)
        {
            grown[chunk] = new int[CHUNK_SLOTS];
        }
        return grown;
    }

    private static RstatNode[][] withChunk(final RstatNode[][] dir, final int chunk)
    {
        final RstatNode[][] grown =
            chunk < dir.length ? dir : Arrays.copyOf(dir, Math.max(chunk + 1, dir.length * 2));
        if (grown[chunk] == null)
        {
            grown[chunk] = new RstatNode[CHUNK_SLOTS];
        }
        return grown;
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
         * @param handler shim.
         * @return this builder.
         */
        public Builder onPeriodicFlushFailure(final java.util.function.Consumer<Throwable> handler)
        {
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

    /**
     * Removed nodes waiting for their slot to be reused, oldest first: a growable ring of (node, removal time).
     */
    private static final class Quarantine
    {
        private RstatNode[] nodes = new RstatNode[16];
        private long[] since = new long[16];
        private int head;
        private int size;

        boolean isEmpty()
        {
            return size == 0;
        }

        long oldestSince()
        {
            return since[head];
        }

        void add(final RstatNode node, final long nanos)
        {
            if (size == nodes.length)
            {
                final RstatNode[] grownNodes = new RstatNode[size * 2];
                final long[] grownSince = new long[size * 2];
                for (int i = 0; i < size; i++)
                {
                    grownNodes[i] = nodes[(head + i) % nodes.length];
                    grownSince[i] = since[(head + i) % nodes.length];
                }
                nodes = grownNodes;
                since = grownSince;
                head = 0;
            }
            final int tail = (head + size) % nodes.length;
            nodes[tail] = node;
            since[tail] = nanos;
            size++;
        }

        RstatNode poll()
        {
            final RstatNode node = nodes[head];
            nodes[head] = null;
            head = (head + 1) % nodes.length;
            size--;
            return node;
        }
    }
}
