package dev.rstat.benchmarks;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

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
 * The primitive costs of this machine that the engine's hot paths are made of, to explain the figures (this VM
 * exposes no hardware performance counters): a clock read, an uncontended {@link ReentrantLock} lock/unlock pair, a
 * volatile store (a full fence on x86), a {@link ThreadLocal} read, a compare-and-set, an atomic add, and one
 * dependent load that misses every cache (pointer chasing through 256 MB).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Threads(1)
public class CalibrationBenchmark
{
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final ThreadLocal<int[]> LOCAL = ThreadLocal.withInitial(() -> new int[1]);

    /**
     * @return the clock.
     */
    @Benchmark
    public long nanoTime()
    {
        return System.nanoTime();
    }

    /**
     * @param state the lock.
     */
    @Benchmark
    public void lockUnlock(final Primitives state)
    {
        state.lock.lock();
        state.lock.unlock();
    }

    /**
     * @param state the field.
     */
    @Benchmark
    public void volatileStore(final Primitives state)
    {
        state.volatileField = state.plainField++;
    }

    /**
     * @return the calling thread's value.
     */
    @Benchmark
    public int[] threadLocalGet()
    {
        return LOCAL.get();
    }

    /**
     * @param state the cell.
     */
    @Benchmark
    public void compareAndSet(final Primitives state)
    {
        final long v = (long)LONGS.get(state.cells, 8);
        LONGS.compareAndSet(state.cells, 8, v, v + 1);
    }

    /**
     * @param state the atomic.
     */
    @Benchmark
    public void atomicGetAndAdd(final Primitives state)
    {
        state.atomic.getAndAdd(1);
    }

    /**
     * @param state the cycle.
     * @return the next position, so that each load depends on the previous one.
     */
    @Benchmark
    public int cacheMiss(final Cycle state)
    {
        state.position = state.next[state.position];
        return state.position;
    }

    /**
     * Uncontended primitives.
     */
    @State(Scope.Thread)
    public static class Primitives
    {
        final ReentrantLock lock = new ReentrantLock();
        final AtomicLong atomic = new AtomicLong();
        final long[] cells = new long[16];
        volatile long volatileField;
        long plainField;
    }

    /**
     * A random cyclic permutation of 64M ints (256 MB, well above the 48 MB L3).
     */
    @State(Scope.Thread)
    public static class Cycle
    {
        int[] next;
        int position;

        /**
         * Builds the cycle with Sattolo's algorithm.
         */
        @Setup(Level.Trial)
        public void build()
        {
            final int size = 1 << 26;
            next = new int[size];
            for (int i = 0; i < size; i++)
            {
                next[i] = i;
            }
            final SplittableRandom random = new SplittableRandom(11L);
            for (int i = size - 1; i > 0; i--)
            {
                final int j = random.nextInt(i);
                final int t = next[i];
                next[i] = next[j];
                next[j] = t;
            }
        }
    }
}
