package dev.rstat;

import java.util.Arrays;

/**
 * A snapshot of a histogram statistic of one node, its subtree's or its own ({@link StatGroup#histogram},
 * {@link StatGroup#localHistogram}): the count of every bucket, and quantile estimates from them.
 *
 * <h2>Error bound</h2>
 * A histogram keeps counts, not values, so a quantile is known up to its bucket. The {@code q}-quantile is the
 * value of rank {@code max(1, ceil(q × count))} in sorted order; {@link #quantileLowerBound(double)} and
 * {@link #quantileUpperBound(double)} are the smallest and largest value of the bucket that holds that rank, so the
 * true quantile always lies between them. {@link #quantile(double)} interpolates linearly inside that bucket (as
 * Prometheus's {@code histogram_quantile} does) and so is off by less than the bucket's width: for a log histogram a
 * value in bucket {@code i >= 1} lies in {@code [2^(i-1), 2^i - 1]}, an estimate within a factor of two; for a linear
 * histogram by at most {@code bucketSize - 1}. In the open-ended last bucket only the lower bound is known; the
 * estimate is that bound and the upper bound is {@link Long#MAX_VALUE}.
 */
public final class Histogram
{
    private final StatDescriptor stat;
    private final long[] counts;
    private final long total;

    Histogram(final StatDescriptor stat, final long[] counts)
    {
        this.stat = stat;
        this.counts = counts;
        long sum = 0;
        for (final long c : counts)
        {
            sum += c;
        }
        this.total = sum;
    }

    /** @return the histogram's statistic (its bucket layout, unit and exponent). */
    public StatDescriptor stat()
    {
        return stat;
    }

    /** @return the number of buckets. */
    public int buckets()
    {
        return counts.length;
    }

    /** @param bucket a bucket index. @return its count. */
    public long count(final int bucket)
    {
        return counts[bucket];
    }

    /** @return every bucket's count (a copy). */
    public long[] counts()
    {
        return counts.clone();
    }

    /** @return how many values were recorded. */
    public long totalCount()
    {
        return total;
    }

    /**
     * @param q a quantile in {@code [0, 1]}.
     * @return the smallest value the quantile can have (the lower bound of its bucket); 0 when empty.
     */
    public long quantileLowerBound(final double q)
    {
        final int b = bucketOfRank(q);
        return b < 0 ? 0 : stat.bucketLowerBound(b);
    }

    /**
     * @param q a quantile in {@code [0, 1]}.
     * @return the largest value the quantile can have (the largest value of its bucket, {@link Long#MAX_VALUE} for
     *         the open-ended last bucket); 0 when empty.
     */
    public long quantileUpperBound(final double q)
    {
        final int b = bucketOfRank(q);
        if (b < 0)
        {
            return 0;
        }
        final long upper = stat.bucketUpperBound(b);
        return upper == Long.MAX_VALUE ? upper : upper - 1;
    }

    /**
     * @param q a quantile in {@code [0, 1]}.
     * @return the estimate, interpolated inside the quantile's bucket by rank (see the class's error bound);
     *         {@code NaN} when the histogram is empty.
     */
    public double quantile(final double q)
    {
        final int b = bucketOfRank(q);
        if (b < 0)
        {
            return Double.NaN;
        }
        final long lower = stat.bucketLowerBound(b);
        final long upperExclusive = stat.bucketUpperBound(b);
        if (upperExclusive == Long.MAX_VALUE)
        {
            return lower;
        }
        long before = 0;
        for (int i = 0; i < b; i++)
        {
            before += counts[i];
        }
        final double within = (double)(rank(q) - before) / counts[b];
        return lower + (upperExclusive - 1 - lower) * within;
    }

    /**
     * @return the largest value recorded can be no more than this (the largest value of the highest non-empty
     *         bucket); 0 when empty.
     */
    public long maxUpperBound()
    {
        return quantileUpperBound(1.0);
    }

    /**
     * @return an estimate of the sum of the recorded values, each taken at the middle of its bucket (the lower bound
     *         in the open-ended last bucket): what a summary's total needs, with the same per-value error as
     *         {@link #quantile(double)}.
     */
    public double sumEstimate()
    {
        double sum = 0;
        for (int i = 0; i < counts.length; i++)
        {
            if (counts[i] == 0)
            {
                continue;
            }
            final long lower = stat.bucketLowerBound(i);
            final long upper = stat.bucketUpperBound(i);
            final double mid = upper == Long.MAX_VALUE ? lower : lower + (upper - 1 - lower) / 2.0;
            sum += mid * counts[i];
        }
        return sum;
    }

    private long rank(final double q)
    {
        if (!(q >= 0 && q <= 1))
        {
            throw new IllegalArgumentException("quantile out of [0, 1]: stat=" + stat.name() + " q=" + q);
        }
        return Math.max(1, (long)Math.ceil(q * total));
    }

    private int bucketOfRank(final double q)
    {
        final long rank = rank(q);
        if (total == 0)
        {
            return -1;
        }
        long seen = 0;
        for (int i = 0; i < counts.length; i++)
        {
            seen += counts[i];
            if (seen >= rank)
            {
                return i;
            }
        }
        return counts.length - 1;
    }

    @Override
    public String toString()
    {
        return stat.name() + Arrays.toString(counts);
    }
}
