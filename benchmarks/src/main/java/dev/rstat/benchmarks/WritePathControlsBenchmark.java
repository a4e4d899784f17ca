package dev.rstat.benchmarks;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Controls for the write path (issue 7): the engine's {@code add} rebuilt one step at a time outside the engine, so
 * that each step's cost is the difference between two neighbours measured in the same run, next to
 * {@link LongAdder#add} and the engine's own two write paths.
 * <ol>
 * <li>{@code atomicAdd}: one {@code getAndAdd} on a {@code long[]} cell (the explicit stripe's atomic alone);</li>
 * <li>{@code atomicAddThenLinkRead}: plus the volatile read of the link word beside the cell, and its branch;</li>
 * <li>{@code plusDirectory}: plus finding the cell from the node's slot through the chunk directory;</li>
 * <li>{@code plusChecks}: plus the handle, stat, stripe and counter-sign checks and the threshold test: every
 * instruction of {@code add(stripe, ...)} (compare with {@code engineStripe});</li>
 * <li>{@code stickyStripe}: the sticky path's stripe choice alone (thread id, bucket, probe, stripe);</li>
 * <li>{@code casThenLinkRead}: the sticky path's plain read and compare-and-set, plus the link read.</li>
 * </ol>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Threads(1)
public class WritePathControlsBenchmark
{
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

    /**
     * @param s the cells.
     */
    @Benchmark
    public void atomicAdd(final Cells s)
    {
        LONGS.getAndAdd(s.block, s.base + 1, 1L);
    }

    /**
     * @param s the cells.
     */
    @Benchmark
    public void atomicAddThenLinkRead(final Cells s)
    {
        final long[] b = s.block;
        final int base = s.base;
        LONGS.getAndAdd(b, base + 1, 1L);
        if ((int)(long)LONGS.getVolatile(b, base) == 0)
        {
            s.slowPaths++;
        }
    }

    /**
     * @param s the cells.
     */
    @Benchmark
    public void plusDirectory(final Cells s)
    {
        final int slot = s.node.slot;
        final long[] b = s.dir[((slot >>> s.chunkShift) << s.stripeShift) + s.stripe];
        final int base = (slot & s.chunkMask) * s.blockLongs;
        LONGS.getAndAdd(b, base + 1, 1L);
        if ((int)(long)LONGS.getVolatile(b, base) == 0)
        {
            s.slowPaths++;
        }
    }

    /**
     * @param s the cells.
     */
    @Benchmark
    public void plusChecks(final Cells s)
    {
        final Node node = s.node;
        if (node.owner != s)
        {
            throw new IllegalStateException("stale");
        }
        final int stat = 0;
        final long delta = 1;
        java.util.Objects.checkIndex(stat, s.statCount);
        java.util.Objects.checkIndex(s.stripe, s.stripes);
        if (delta < 0 && ((s.counterBits[stat >>> 6] >>> stat) & 1L) != 0)
        {
            throw new IllegalArgumentException("negative");
        }
        final int slot = node.slot;
        final long[] b = s.dir[((slot >>> s.chunkShift) << s.stripeShift) + s.stripe];
        final int base = (slot & s.chunkMask) * s.blockLongs;
        LONGS.getAndAdd(b, base + 1 + stat, delta);
        if ((int)(long)LONGS.getVolatile(b, base) == 0)
        {
            s.slowPaths++;
        }
        if (s.units != null)
        {
            s.slowPaths++;
        }
    }

    /**
     * {@code plusChecks} with the group's fields in their own object and the node in an array, as the engine and its
     * benchmark reach them ({@code path.group}, {@code path.leaves[0]}).
     *
     * @param s the cells.
     */
    @Benchmark
    public void plusChecksViaGroup(final Cells s)
    {
        final Node node = s.nodes[0];
        final Cells g = s.group;
        if (node.owner != g)
        {
            throw new IllegalStateException("stale");
        }
        final int stat = 0;
        final long delta = 1;
        if (Integer.compareUnsigned(stat, g.statCount) >= 0 || Integer.compareUnsigned(s.stripe, g.stripes) >= 0)
        {
            throw new IndexOutOfBoundsException();
        }
        if (delta < 0 && ((g.counterBits[stat >>> 6] >>> stat) & 1L) != 0)
        {
            throw new IllegalArgumentException("negative");
        }
        final int slot = node.slot;
        final long[] b = g.dir[((slot >>> g.chunkShift) << g.stripeShift) + s.stripe];
        final int base = (slot & g.chunkMask) * g.blockLongs;
        LONGS.getAndAdd(b, base + 1 + stat, delta);
        if ((int)(long)LONGS.getVolatile(b, base) == 0)
        {
            g.slowPaths++;
        }
        if (g.units != null)
        {
            g.slowPaths++;
        }
    }

    /**
     * @param s the cells.
     */
    @Benchmark
    public void longAdderViaArray(final Cells s)
    {
        s.adders[0].add(1);
    }

    /**
     * @param s the cells.
     * @return the stripe.
     */
    @Benchmark
    @SuppressWarnings("deprecation")
    public int stickyStripe(final Cells s)
    {
        final int bucket = (int)((Thread.currentThread().getId() * 0x9E37_79B9_7F4A_7C15L) >>> 56);
        final int probe = s.probes[bucket];
        return (int)(((probe & 0xFFFF_FFFFL) * s.stripes) >>> 32);
    }

    /**
     * @param s the cells.
     */
    @Benchmark
    public void casThenLinkRead(final Cells s)
    {
        final long[] b = s.block;
        final int base = s.base;
        final long v = (long)LONGS.get(b, base + 1);
        if (!LONGS.compareAndSet(b, base + 1, v, v + 1))
        {
            LONGS.getAndAdd(b, base + 1, 1L);
        }
        if ((int)(long)LONGS.getVolatile(b, base) == 0)
        {
            s.slowPaths++;
        }
    }

    /**
     * @param s the cells.
     */
    @Benchmark
    public void longAdder(final Cells s)
    {
        s.adder.add(1);
    }

    /**
     * @param path the engine's update tree.
     */
    @Benchmark
    public void engineStripe(final UpdatePath path)
    {
        path.group.add(0, path.leaves[0], UpdatePath.STAT, 1);
    }

    /**
     * @param path the engine's update tree.
     */
    @Benchmark
    public void engineSticky(final UpdatePath path)
    {
        path.group.add(path.leaves[0], UpdatePath.STAT, 1);
    }

    /**
     * A stand-in for a node handle.
     */
    public static final class Node
    {
        volatile Object owner;
        final int slot;

        Node(final Object owner, final int slot)
        {
            this.owner = owner;
            this.slot = slot;
        }
    }

    /**
     * One group's worth of blocks laid out as the engine lays them out (4 counters, 2 stripes), a linked node.
     */
    @State(Scope.Thread)
    public static class Cells
    {
        final LongAdder adder = new LongAdder();
        final LongAdder[] adders = {new LongAdder()};
        Node[] nodes;
        Cells group;
        final int[] probes = new int[256];
        final long[] counterBits = new long[1];
        int chunkShift = 7;
        int chunkMask = (1 << 7) - 1;
        int stripeShift = 1;
        int stripes = 2;
        int statCount = 4;
        int blockLongs = 10;
        int stripe;
        long[][] dir;
        long[] block;
        long[] units;
        int base;
        Node node;
        long slowPaths;

        /**
         * Builds the directory and links the node (a non-zero link word).
         */
        @Setup(Level.Trial)
        public void build()
        {
            dir = new long[4][];
            for (int i = 0; i < dir.length; i++)
            {
                dir[i] = new long[(1 << chunkShift) * blockLongs];
            }
            for (int i = 0; i < probes.length; i++)
            {
                probes[i] = 0x9E37_79B9 * (i + 1);
            }
            node = new Node(this, 9);
            block = dir[stripe];
            base = (node.slot & chunkMask) * blockLongs;
            block[base] = -1;
            group = new Cells();
            group.dir = dir;
            nodes = new Node[] {new Node(group, 9)};
        }
    }
}
