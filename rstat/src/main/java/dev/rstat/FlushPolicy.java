package dev.rstat;

import java.time.Duration;
import java.util.Objects;

/**
 * When a non-forced read flushes, and whether a background thread flushes periodically: the memcg lessons.
 * <p>
 * With a threshold, {@link StatGroup#read(RstatNode, int)} and {@link StatGroup#flushIfNeeded(RstatNode)} skip the
 * flush while fewer than {@code batch × stripes} units of change (the sum of {@code |delta|} over all writes since the
 * last root flush) are pending <em>and</em> the last root flush is younger than {@code period}. Readers then see at
 * most {@code batch × stripes} units of error and values at most {@code period} old. The unit count is kept per stripe
 * with plain (opaque) stores, so concurrent writers on one stripe may lose a few counts: that can only delay a flush,
 * never by more than the period. {@link StatGroup#flush(RstatNode)} always flushes, exactly.
 * <p>
 * The arithmetic saturates: a delta of {@code Long.MIN_VALUE} counts as {@code Long.MAX_VALUE} units, unit sums stop
 * at {@code Long.MAX_VALUE}, so does {@code batch × stripes}, and a period longer than {@code Long.MAX_VALUE}
 * nanoseconds (292 years) means "never by age alone". No read can fail on this arithmetic.
 * <p>
 * With a periodic flush, a daemon thread flushes every group's root every {@code periodicFlush}, like memcg's
 * {@code flush_work} every 2 s, so that values are never older than that even when nobody reads.
 */
public final class FlushPolicy
{
    private static final FlushPolicy ALWAYS = new FlushPolicy(0, Duration.ZERO, Duration.ZERO);

    private final long batch;
    private final Duration period;
    private final long periodNanos;
    private final Duration periodicFlush;

    private FlushPolicy(final long batch, final Duration period, final Duration periodicFlush)
    {
        this.batch = batch;
        this.period = period;
        this.periodNanos = saturatedNanos(period);
        this.periodicFlush = periodicFlush;
    }

    /**
     * @return the policy that flushes on every read and never in the background.
     */
    public static FlushPolicy always()
    {
        return ALWAYS;
    }

    /**
     * @param batch  units of change per stripe that make a flush worth it (memcg: {@code MEMCG_CHARGE_BATCH}).
     * @param period age of the last root flush after which a read flushes anyway (memcg: 2 s).
     * @return a policy with that threshold and no periodic flush.
     */
    public static FlushPolicy threshold(final long batch, final Duration period)
    {
        if (batch <= 0)
        {
            throw new IllegalArgumentException("batch must be positive: batch=" + batch);
        }
        Objects.requireNonNull(period, "period");
        if (period.isNegative() || period.isZero())
        {
            throw new IllegalArgumentException("period must be positive: period=" + period);
        }
        return new FlushPolicy(batch, period, Duration.ZERO);
    }

    /**
     * @param interval between background root flushes.
     * @return this policy plus a periodic background flush.
     */
    public FlushPolicy withPeriodicFlush(final Duration interval)
    {
        Objects.requireNonNull(interval, "interval");
        if (interval.isNegative() || interval.isZero())
        {
            throw new IllegalArgumentException("periodic flush interval must be positive: interval=" + interval);
        }
        return new FlushPolicy(batch, period, interval);
    }

    /**
     * @return whether reads may skip flushes.
     */
    public boolean hasThreshold()
    {
        return batch > 0;
    }

    /**
     * @return units of change per stripe that make a flush worth it; 0 without a threshold.
     */
    public long batch()
    {
        return batch;
    }

    /**
     * @return the maximum age of the last root flush before a read flushes anyway.
     */
    public Duration period()
    {
        return period;
    }

    long periodNanos()
    {
        return periodNanos;
    }

    /**
     * @param batch   units per stripe.
     * @param stripes stripe count.
     * @return {@code batch × stripes}, or {@code Long.MAX_VALUE} where that does not fit in a {@code long}.
     */
    static long thresholdUnits(final long batch, final int stripes)
    {
        final long high = Math.multiplyHigh(batch, stripes);
        final long low = batch * stripes;
        return high != 0 || low < 0 ? Long.MAX_VALUE : low;
    }

    /**
     * @param units a running sum.
     * @param more  to add, not negative.
     * @return the sum, or {@code Long.MAX_VALUE} where it would overflow.
     */
    static long saturatedAdd(final long units, final long more)
    {
        final long sum = units + more;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    /**
     * @param delta a write's delta.
     * @return its size in units: {@code |delta|}, {@code Long.MAX_VALUE} for {@code Long.MIN_VALUE}.
     */
    static long units(final long delta)
    {
        return delta == Long.MIN_VALUE ? Long.MAX_VALUE : Math.abs(delta);
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
     * @return whether a background thread flushes periodically.
     */
    public boolean hasPeriodicFlush()
    {
        return !periodicFlush.isZero();
    }

    /**
     * @return the background flush interval; zero when there is none.
     */
    public Duration periodicFlush()
    {
        return periodicFlush;
    }

    @Override
    public String toString()
    {
        return "FlushPolicy{batch=" + batch + ", period=" + period + ", periodicFlush=" + periodicFlush + '}';
    }
}
