package dev.rstat.cgroup.synthetic;

import java.util.SplittableRandom;

/**
 * The values of a synthetic tree, hierarchically consistent the way the kernel makes them. Own shares are drawn
 * from a {@link SplittableRandom} seeded once, cgroup by cgroup in index order (so the same seed gives the same
 * tree); then, children before parents (descending index), every additive value is folded into the parent
 * (parent = own + sum of children) and every pressure total into the parent as own + largest child.
 * <p>
 * Memory layout: struct of arrays, one {@code long[cgroups]} per value, indexed by cgroup index; after
 * {@link #generate} they hold the hierarchical values the files show. Not thread-safe while generating; read-only
 * afterwards.
 */
final class SyntheticValues
{
    static final String[] CPU_KEYS = {"usage_usec", "user_usec", "system_usec", "nice_usec"};
    static final String[] MEMORY_STAT_KEYS = {
        "anon", "file", "kernel", "kernel_stack", "pagetables", "sock", "shmem", "file_mapped", "file_dirty", "slab",
        "pgfault", "pgmajfault"};
    static final int ANON = 0;
    static final int FILE = 1;
    static final int KERNEL = 2;
    static final int SOCK = 5;
    static final int PGFAULT = 10;
    static final int PGMAJFAULT = 11;
    static final String[] DEVICES = {"8:0", "259:0"};
    static final String[] IO_KEYS = {"rbytes", "wbytes", "rios", "wios", "dbytes", "dios"};
    static final long PAGE = 4096;
    static final long MIB = 1024 * 1024;

    final SyntheticShape shape;
    /** usage, user, system, nice. */
    final long[][] cpu = new long[CPU_KEYS.length][];
    final long[][] memoryStat = new long[MEMORY_STAT_KEYS.length][];
    /** [device][key][cgroup]. */
    final long[][][] io = new long[DEVICES.length][IO_KEYS.length][];
    final long[] threads;
    final long[] someTotal;
    final long[] fullTotal;
    final long[] descendants;
    /** memory.max in bytes, or -1 for max. Not hierarchical: a limit set on some cgroups. */
    final long[] memoryMax;

    private SyntheticValues(final SyntheticShape shape)
    {
        this.shape = shape;
        final int n = shape.cgroups;
        for (int k = 0; k < cpu.length; k++)
        {
            cpu[k] = new long[n];
        }
        for (int k = 0; k < memoryStat.length; k++)
        {
            memoryStat[k] = new long[n];
        }
        for (final long[][] device : io)
        {
            for (int k = 0; k < device.length; k++)
            {
                device[k] = new long[n];
            }
        }
        threads = new long[n];
        someTotal = new long[n];
        fullTotal = new long[n];
        descendants = new long[n];
        memoryMax = new long[n];
    }

    static SyntheticValues generate(final SyntheticShape shape, final long seed)
    {
        final SyntheticValues v = new SyntheticValues(shape);
        final SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < shape.cgroups; i++)
        {
            v.drawOwn(i, rng);
        }
        v.aggregate();
        for (int i = 1; i < shape.cgroups; i++)
        {
            final boolean limited = shape.depth[i] == 1 || (i % 7 == 3 && shape.childCount(i) > 0);
            v.memoryMax[i] = limited ? Math.max(1, (2 * v.memoryCurrent(i) + MIB - 1) / MIB) * MIB : -1;
        }
        return v;
    }

    /** memory.current = anon + file + kernel + sock (also for every own share). */
    long memoryCurrent(final int i)
    {
        return memoryStat[ANON][i] + memoryStat[FILE][i] + memoryStat[KERNEL][i] + memoryStat[SOCK][i];
    }

    /** avg10, avg60, avg300 in hundredths, derived from a stall total so that they follow it deterministically. */
    static long avg(final long total, final int which)
    {
        if (total == 0)
        {
            return 0;
        }
        final long[] divisors = {104_729, 224_737, 350_377};
        final long[] moduli = {613, 401, 257};
        return 1 + (total / divisors[which]) % moduli[which];
    }

    private void drawOwn(final int i, final SplittableRandom rng)
    {
        final boolean leaf = shape.childCount(i) == 0;
        final long user = i == 0 ? 0 : rng.nextLong(leaf ? 1_000_000 : 1_000, leaf ? 500_000_000 : 5_000_000);
        final long system = i == 0 ? 10_000_000_000L + rng.nextLong(1_000_000_000) : user / (2 + rng.nextInt(4));
        final long nice = rng.nextInt(4) == 0 ? user / 10 : 0;
        cpu[0][i] = user + system;
        cpu[1][i] = user;
        cpu[2][i] = system;
        cpu[3][i] = nice;

        // Only leaves hold processes (no internal processes on cgroup2); the root holds kernel threads.
        final long t = leaf || i == 0 ? 1 + rng.nextInt(20) : 0;
        threads[i] = t;
        final long anon = leaf ? rng.nextLong(16, 65_536) * PAGE : 0;
        final long file = rng.nextLong(0, 32_768) * PAGE;
        final long kernelStack = 16_384 * t;
        final long pagetables = t == 0 ? 0 : PAGE * (1 + anon / PAGE / 512);
        final long slab = rng.nextLong(128, 524_288) * 8;
        final long pgfault = rng.nextLong(100, 10_000_000);
        final long[] stat = {
            anon, file, kernelStack + pagetables + slab, kernelStack, pagetables,
            leaf ? rng.nextInt(64) * PAGE : 0, file / 8 / PAGE * PAGE, file / 4 / PAGE * PAGE,
            file / 64 / PAGE * PAGE, slab, pgfault, pgfault / 97};
        for (int k = 0; k < stat.length; k++)
        {
            memoryStat[k][i] = stat[k];
        }

        for (int d = 0; d < DEVICES.length; d++)
        {
            final boolean doesIo = leaf ? rng.nextInt(4) != 0 : rng.nextInt(4) == 0;
            if (doesIo)
            {
                final long rbytes = rng.nextLong(1L << 30) / PAGE * PAGE;
                final long wbytes = rng.nextLong(1L << 30) / PAGE * PAGE;
                io[d][0][i] = rbytes;
                io[d][1][i] = wbytes;
                io[d][2][i] = ceilDiv(rbytes, 32_768);
                io[d][3][i] = ceilDiv(wbytes, 49_152);
            }
        }

        final long some = rng.nextInt(2) == 0 ? 0 : rng.nextLong(1, 10_000_000);
        someTotal[i] = some;
        fullTotal[i] = some / 2;
    }

    /** Descending index visits every child before its parent; no recursion. */
    private void aggregate()
    {
        final int n = shape.cgroups;
        final long[] maxChildSome = new long[n];
        final long[] maxChildFull = new long[n];
        for (int i = n - 1; i >= 0; i--)
        {
            someTotal[i] += maxChildSome[i];
            fullTotal[i] += maxChildFull[i];
            if (i == 0)
            {
                break;
            }
            final int p = shape.parent(i);
            for (final long[] values : cpu)
            {
                values[p] += values[i];
            }
            for (final long[] values : memoryStat)
            {
                values[p] += values[i];
            }
            for (final long[][] device : io)
            {
                for (final long[] values : device)
                {
                    values[p] += values[i];
                }
            }
            threads[p] += threads[i];
            descendants[p] += 1 + descendants[i];
            maxChildSome[p] = Math.max(maxChildSome[p], someTotal[i]);
            maxChildFull[p] = Math.max(maxChildFull[p], fullTotal[i]);
        }
    }

    static long ceilDiv(final long value, final long divisor)
    {
        return (value + divisor - 1) / divisor;
    }
}
