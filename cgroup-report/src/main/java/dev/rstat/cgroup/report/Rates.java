package dev.rstat.cgroup.report;

import org.eclipse.collections.impl.list.mutable.primitive.IntArrayList;

import dev.rstat.cgroup.stat.Columns;
import dev.rstat.cgroup.stat.StatInfo;
import dev.rstat.cgroup.stat.StatKind;
import dev.rstat.cgroup.stat.StatSample;
import dev.rstat.cgroup.stat.StatUnit;
import dev.rstat.cgroup.stat.ValueState;

/**
 * Turns each cgroup's successive reads of cumulative counters into {@link Derivation#RATE rates}, from the cgroup's
 * own time between its two reads, as it is read (the previous values are still its node's):
 * <ul>
 * <li>time counters ({@code cpu.stat.usage_usec}, {@code throttled_usec}, v1 {@code cpuacct.usage}, the
 * {@code total} of pressure files) become a <b>percentage</b>: of one CPU for CPU time, like systemd-cgtop (so up to
 * {@code 100 × CPUs}), of wall time for pressure stall time (from the change in {@code total}, not the kernel's
 * {@code avg10});</li>
 * <li>other counters become units per second (bytes/s for {@code io.stat.*.rbytes}, events/s for counts);</li>
 * <li>a counter that went down was reset ({@code cpuacct.usage} written with 0): no rate for that read, never a
 * negative one;</li>
 * <li>a cgroup recreated under the same path is a new node: no rate across it; the first read has none.</li>
 * </ul>
 * Stored in hundredths ({@link StatInfo#scale()} 2) in the node's rate sample, keyed by the counter's column. Not
 * thread-safe.
 */
final class Rates
{
    private static final double SCALE_FACTOR = 100.0;
    private static final double NANOS_PER_SECOND = 1e9;
    private static final double NANOS_PER_MICRO = 1e3;
    private static final double NANOS_PER_USER_HZ_TICK = 1e7;
    private static final double PERCENT = 100.0;
    private static final int RATE_COLUMNS = 8;

    private final Columns columns;
    private final IntArrayList counters = new IntArrayList();
    private boolean[] counter = new boolean[0];
    private StatUnit[] units = new StatUnit[0];
    private int classified;
    private long resets;

    Rates(final Columns columns)
    {
        this.columns = columns;
    }

    /**
     * Whether a column gets a rate: a counter without decimals, or the stall time of a pressure file.
     *
     * @param column a column id.
     * @return true for rate columns.
     */
    boolean hasRate(final int column)
    {
        classify();
        return column < classified && counter[column];
    }

    /**
     * Computes the rates of a cgroup's new read against its node's previous one.
     *
     * @param node  the cgroup's node, still holding the previous read.
     * @param fresh the new read.
     * @param nanos when the new read was taken.
     */
    void observe(final Node node, final StatSample fresh, final long nanos)
    {
        classify();
        if (node.rates == null)
        {
            node.rates = new StatSample(RATE_COLUMNS);
        }
        final StatSample rates = node.rates;
        rates.clear();
        if (node.readNanos == 0 || nanos <= node.readNanos)
        {
            return;
        }
        final double elapsed = nanos - node.readNanos;
        final StatSample before = node.values;
        final int n = counters.size();
        for (int k = 0; k < n; k++)
        {
            final int column = counters.get(k);
            if (fresh.state(column) != ValueState.NUMBER || before.state(column) != ValueState.NUMBER)
            {
                continue;
            }
            final long now = fresh.value(column);
            final long then = before.value(column);
            if (Long.compareUnsigned(now, then) < 0)
            {
                resets++;
                continue;
            }
            rates.putNumber(column, Math.round(perUnit(units[column], unsignedToDouble(now - then), elapsed) *
                SCALE_FACTOR));
        }
    }

    /**
     * @return how many counter values went down (resets) and were given no rate.
     */
    long resets()
    {
        return resets;
    }

    private void classify()
    {
        final int size = columns.size();
        if (size == classified)
        {
            return;
        }
        counter = java.util.Arrays.copyOf(counter, size);
        units = java.util.Arrays.copyOf(units, size);
        for (int c = classified; c < size; c++)
        {
            final StatInfo info = columns.info(c);
            final boolean isCounter = info.kind() == StatKind.COUNTER && info.scale() == 0;
            final boolean stall = info.kind() == StatKind.PRESSURE && info.unit() == StatUnit.MICROSECONDS;
            counter[c] = isCounter || stall;
            units[c] = info.unit();
            if (counter[c])
            {
                counters.add(c);
            }
        }
        classified = size;
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

    private static double unsignedToDouble(final long value)
    {
        return value >= 0 ? value : (value >>> 1) * 2.0 + (value & 1);
    }
}
