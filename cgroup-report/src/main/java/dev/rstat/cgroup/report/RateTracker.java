package dev.rstat.cgroup.report;

import java.util.HashMap;
import java.util.Map;

import org.eclipse.collections.impl.list.mutable.primitive.IntArrayList;

import dev.rstat.cgroup.stat.Columns;
import dev.rstat.cgroup.stat.StatInfo;
import dev.rstat.cgroup.stat.StatKind;
import dev.rstat.cgroup.stat.StatSample;
import dev.rstat.cgroup.stat.StatScope;
import dev.rstat.cgroup.stat.StatSign;
import dev.rstat.cgroup.stat.StatUnit;
import dev.rstat.cgroup.stat.ValueState;

/**
 * Turns successive samples of cumulative counters into rates, per cgroup, from each cgroup's own time between its
 * two reads: {@code <column>:rate}, two decimals.
 * <ul>
 * <li>Time counters ({@code cpu.stat.usage_usec}, {@code throttled_usec}, v1 {@code cpuacct.usage}, the
 * {@code total} of pressure files) become a <b>percentage</b>: of one CPU for CPU time, like systemd-cgtop (so up to
 * {@code 100 × CPUs}), and of wall time for pressure stall time (from the change in {@code total}, not from the
 * kernel's {@code avg10}).</li>
 * <li>Other counters become units per second (bytes/s for {@code io.stat.*.rbytes}, events/s for counts).</li>
 * <li>A counter that went down was reset ({@code cpuacct.usage} written with 0, a {@code memory.peak} reset):
 * no rate for that sample, never a negative one.</li>
 * <li>A cgroup whose id changed under the same path was recreated: no rates across it.</li>
 * <li>The first sample of a cgroup has no rates.</li>
 * </ul>
 * Not thread-safe: one per sampling loop.
 */
public final class RateTracker
{
    /** Suffix of a counter's rate column. */
    public static final String RATE = ":rate";

    private static final int SCALE = 2;
    private static final double SCALE_FACTOR = 100.0;
    private static final double NANOS_PER_SECOND = 1e9;
    private static final double NANOS_PER_MICRO = 1e3;
    private static final double NANOS_PER_USER_HZ_TICK = 1e7;
    private static final double PERCENT = 100.0;

    private final Columns columns;
    private final Map<String, Previous> previous = new HashMap<>();
    private final IntArrayList counters = new IntArrayList();
    private int[] rateColumns = new int[0];
    private int scannedColumns;
    private long resets;
    private long recreated;

    /**
     * @param columns shared with the stat reader; rate columns are interned into it.
     */
    public RateTracker(final Columns columns)
    {
        this.columns = columns;
    }

    /**
     * Records a cgroup's sample, read at {@code nanos} ({@link System#nanoTime()}), and writes the rates since its
     * previous sample into it.
     *
     * @param id     of the cgroup.
     * @param path   of the cgroup, relative to the hierarchy root.
     * @param sample just read; receives the rate columns.
     * @param nanos  when it was read.
     */
    public void observe(final long id, final String path, final StatSample sample, final long nanos)
    {
        scanNewColumns();
        final Previous prev = previous.get(path);
        if (prev != null && prev.id != id)
        {
            recreated++;
        }
        else if (prev != null && nanos > prev.nanos)
        {
            final double elapsed = nanos - prev.nanos;
            final int n = counters.size();
            for (int k = 0; k < n; k++)
            {
                final int column = counters.get(k);
                if (sample.state(column) != ValueState.NUMBER || prev.sample.state(column) != ValueState.NUMBER)
                {
                    continue;
                }
                final long now = sample.value(column);
                final long before = prev.sample.value(column);
                if (Long.compareUnsigned(now, before) < 0)
                {
                    resets++;
                    continue;
                }
                final double delta = unsignedToDouble(now - before);
                sample.putNumber(rateColumns[k], Math.round(perUnit(columns.info(column).unit(), delta, elapsed) *
                    SCALE_FACTOR));
            }
        }
        if (prev == null || prev.id != id)
        {
            previous.put(path, new Previous(id, nanos, sample.copy()));
        }
        else
        {
            prev.nanos = nanos;
            prev.sample = sample.copy();
        }
    }

    /**
     * Forgets cgroups not observed since the last call (so a cgroup that comes back later starts afresh).
     *
     * @param keep paths observed in the latest sample.
     */
    public void retain(final java.util.Set<String> keep)
    {
        previous.keySet().retainAll(keep);
    }

    /**
     * @return how many counter values went down (resets) and were given no rate.
     */
    public long resets()
    {
        return resets;
    }

    /**
     * @return how many times a path came back with another id (recreated cgroups).
     */
    public long recreated()
    {
        return recreated;
    }

    private static double perUnit(final StatUnit unit, final double delta, final double elapsedNanos)
    {
        return switch (unit)
        {
            case MICROSECONDS -> delta * NANOS_PER_MICRO / elapsedNanos * PERCENT;
            case NANOSECONDS -> delta / elapsedNanos * PERCENT;
            case USER_HZ -> delta * NANOS_PER_USER_HZ_TICK / elapsedNanos * PERCENT;
            default -> delta * NANOS_PER_SECOND / elapsedNanos;
        };
    }

    private static boolean isTime(final StatUnit unit)
    {
        return unit == StatUnit.MICROSECONDS || unit == StatUnit.NANOSECONDS || unit == StatUnit.USER_HZ;
    }

    private void scanNewColumns()
    {
        final int size = columns.size();
        if (size == scannedColumns)
        {
            return;
        }
        for (int c = scannedColumns; c < size; c++)
        {
            final String name = columns.name(c);
            if (name.endsWith(RATE) || HierarchyAggregator.isDerived(name))
            {
                continue;
            }
            final StatInfo info = columns.info(c);
            final boolean counter = info.kind() == StatKind.COUNTER && info.scale() == 0;
            final boolean stall = info.kind() == StatKind.PRESSURE && info.unit() == StatUnit.MICROSECONDS;
            if (counter || stall)
            {
                counters.add(c);
            }
        }
        final int n = counters.size();
        rateColumns = new int[n];
        for (int k = 0; k < n; k++)
        {
            final int c = counters.get(k);
            final StatInfo info = columns.info(c);
            final StatUnit unit = isTime(info.unit()) ? StatUnit.PERCENT : info.unit();
            rateColumns[k] = columns.intern(columns.name(c) + RATE, columns.file(c),
                new StatInfo(StatKind.GAUGE, info.scope() == StatScope.NONE ? StatScope.NONE : info.scope(), unit,
                    SCALE, StatSign.UNSIGNED));
        }
        scannedColumns = columns.size();
    }

    private static double unsignedToDouble(final long value)
    {
        return value >= 0 ? value : (value >>> 1) * 2.0 + (value & 1);
    }

    /**
     * A cgroup's previous sample.
     */
    private static final class Previous
    {
        final long id;
        long nanos;
        StatSample sample;

        Previous(final long id, final long nanos, final StatSample sample)
        {
            this.id = id;
            this.nanos = nanos;
            this.sample = sample;
        }
    }
}
