package dev.rstat;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;

/**
 * A self-describing statistic: everything a reader needs to interpret its values without a side table, as a
 * descriptor of KVM's binary statistics carries it (type, unit, base, exponent, bucket layout) plus statsfs's
 * aggregation and a description. Declared with {@link Schema.GroupBuilder#stat(String, java.util.function.Consumer)}:
 * <pre>{@code
 * g.stat("latency", s -> s.logHistogram(32).unit(StatUnit.SECONDS).exponent(-9).description("request latency"))
 *  .stat("queue_depth", s -> s.gauge().aggregate(Aggregation.MAX, Aggregation.AVG).unstriped())
 * }</pre>
 * A scalar statistic occupies one column of its group; a histogram one column per bucket, starting at
 * {@link #column()} (the index {@link GroupSchema#indexOf(String)} returns).
 */
public final class StatDescriptor
{
    private final String name;
    private final StatKind kind;
    private final List<Aggregation> aggregations;
    private final StatUnit unit;
    private final StatBase base;
    private final int exponent;
    private final String description;
    private final int buckets;
    private final long bucketSize;
    private final boolean striped;
    private int column = -1;

    private StatDescriptor(final Builder b)
    {
        this.name = b.name;
        this.kind = b.kind;
        // List.copyOf: 1 or 2 aggregations, the usual case, take one small immutable list (a schema of thousands of
        // statistics should not hold thousands of ArrayLists)
        this.aggregations = List.copyOf(b.aggregations);
        this.unit = b.unit;
        this.base = b.base;
        this.exponent = b.exponent;
        this.description = b.description;
        this.buckets = b.buckets;
        this.bucketSize = b.bucketSize;
        this.striped = b.striped;
    }

    /** @return the statistic's name, unique in its group. */
    public String name()
    {
        return name;
    }

    /** @return its type. */
    public StatKind kind()
    {
        return kind;
    }

    /** @return how it merges over a subtree, the primary one ({@link GroupSchema} reads) first. */
    public List<Aggregation> aggregations()
    {
        return aggregations;
    }

    /** @return the primary aggregation: what {@link StatGroup#subtree(RstatNode, int)} returns. */
    public Aggregation aggregation()
    {
        return aggregations.get(0);
    }

    /**
     * @param aggregation an aggregation.
     * @return whether this statistic keeps it.
     */
    public boolean aggregates(final Aggregation aggregation)
    {
        return aggregations.contains(aggregation);
    }

    /** @return the unit of its values. */
    public StatUnit unit()
    {
        return unit;
    }

    /** @return the base of {@link #exponent()}. */
    public StatBase base()
    {
        return base;
    }

    /** @return the exponent: a value {@code v} means {@code v × base^exponent} units. */
    public int exponent()
    {
        return exponent;
    }

    /** @return a human description (may be empty). */
    public String description()
    {
        return description;
    }

    /** @return the number of buckets of a histogram, 1 for a scalar: the columns it occupies. */
    public int width()
    {
        return kind.isHistogram() ? buckets : 1;
    }

    /** @return the bucket width of a linear histogram (0 for other kinds). */
    public long bucketSize()
    {
        return bucketSize;
    }

    /** @return false for a statistic kept in one unstriped cell per node (no per-stripe copies). */
    public boolean striped()
    {
        return striped;
    }

    /** @return the index of its (first) column in its group. */
    public int column()
    {
        return column;
    }

    void column(final int column)
    {
        this.column = column;
    }

    /**
     * @return the descriptor's flags word as KVM lays it out: type (bits 0-3) | unit (4-7) | base (8-11).
     */
    public int kvmFlags()
    {
        return kind.kvmType() | unit.kvmFlag() | base.kvmFlag();
    }

    /**
     * The bucket a histogram records {@code value} into.
     *
     * @param value a non-negative value.
     * @return the bucket index in {@code [0, width())}.
     */
    public int bucketOf(final long value)
    {
        if (!kind.isHistogram())
        {
            throw new IllegalStateException("not a histogram: stat=" + name + " kind=" + kind);
        }
        return bucket(value, buckets, bucketSize);
    }

    /**
     * KVM's bucket rule, the one place that knows it ({@link StatGroup#record} calls it on the hot path).
     *
     * @param value      a non-negative value.
     * @param buckets    the histogram's bucket count.
     * @param bucketSize a linear histogram's bucket width, 0 for a log histogram.
     * @return the bucket: {@code fls64(value)} for a log histogram, {@code value / bucketSize} for a linear one, both
     *         capped at the open-ended last bucket.
     */
    static int bucket(final long value, final int buckets, final long bucketSize)
    {
        final long b = bucketSize == 0 ? Long.SIZE - Long.numberOfLeadingZeros(value) : value / bucketSize;
        return (int)Math.min(b, buckets - 1);
    }

    /**
     * @param bucket a bucket index.
     * @return the smallest value the bucket counts.
     */
    public long bucketLowerBound(final int bucket)
    {
        Objects.checkIndex(bucket, buckets);
        if (kind == StatKind.LOG_HISTOGRAM)
        {
            return bucket == 0 ? 0 : 1L << (bucket - 1);
        }
        return bucket * bucketSize;
    }

    /**
     * @param bucket a bucket index.
     * @return the smallest value above the bucket ({@link Long#MAX_VALUE} for the open-ended last bucket).
     */
    public long bucketUpperBound(final int bucket)
    {
        Objects.checkIndex(bucket, buckets);
        if (bucket == buckets - 1)
        {
            return Long.MAX_VALUE;
        }
        return kind == StatKind.LOG_HISTOGRAM ? 1L << bucket : (bucket + 1) * bucketSize;
    }

    @Override
    public String toString()
    {
        return name + ':' + kind + (kind.isHistogram() ? "[" + buckets + "]" : "") + aggregations +
            (striped ? "" : ":unstriped");
    }

    /**
     * Declares one statistic. Not thread-safe.
     */
    public static final class Builder
    {
        private final String name;
        private StatKind kind = StatKind.COUNTER;
        private final EnumSet<Aggregation> declared = EnumSet.noneOf(Aggregation.class);
        private final List<Aggregation> aggregations = new ArrayList<>();
        private StatUnit unit = StatUnit.NONE;
        private StatBase base = StatBase.POW10;
        private int exponent;
        private String description = "";
        private int buckets;
        private long bucketSize;
        private boolean striped = true;

        Builder(final String name)
        {
            this.name = name;
        }

        /** @return this builder, for a cumulative counter (the default). */
        public Builder counter()
        {
            return kind(StatKind.COUNTER);
        }

        /** @return this builder, for an instant value. */
        public Builder gauge()
        {
            return kind(StatKind.GAUGE);
        }

        /** @return this builder, for a high-water mark. */
        public Builder peak()
        {
            return kind(StatKind.PEAK);
        }

        /**
         * @param buckets how many buckets, 2 to 64.
         * @return this builder, for a log histogram.
         */
        public Builder logHistogram(final int buckets)
        {
            if (buckets < 2 || buckets > 64)
            {
                throw new IllegalArgumentException("a log histogram has 2 to 64 buckets: stat=" + name +
                    " buckets=" + buckets);
            }
            this.buckets = buckets;
            return kind(StatKind.LOG_HISTOGRAM);
        }

        /**
         * @param buckets    how many buckets, at least 2.
         * @param bucketSize the width of a bucket, at least 1.
         * @return this builder, for a linear histogram.
         */
        public Builder linearHistogram(final int buckets, final long bucketSize)
        {
            if (buckets < 2 || buckets > 4096 || bucketSize < 1)
            {
                throw new IllegalArgumentException("a linear histogram has 2 to 4096 buckets of width >= 1: stat=" +
                    name + " buckets=" + buckets + " bucketSize=" + bucketSize);
            }
            this.buckets = buckets;
            this.bucketSize = bucketSize;
            return kind(StatKind.LINEAR_HISTOGRAM);
        }

        /**
         * @param first  the primary aggregation.
         * @param others more aggregations kept for the same value.
         * @return this builder.
         */
        public Builder aggregate(final Aggregation first, final Aggregation... others)
        {
            add(first);
            for (final Aggregation a : others)
            {
                add(a);
            }
            return this;
        }

        /** @param unit of the values. @return this builder. */
        public Builder unit(final StatUnit unit)
        {
            this.unit = Objects.requireNonNull(unit, "unit");
            return this;
        }

        /** @param base of the exponent. @return this builder. */
        public Builder base(final StatBase base)
        {
            this.base = Objects.requireNonNull(base, "base");
            return this;
        }

        /** @param exponent a value {@code v} means {@code v × base^exponent} units. @return this builder. */
        public Builder exponent(final int exponent)
        {
            this.exponent = exponent;
            return this;
        }

        /** @param description for humans. @return this builder. */
        public Builder description(final String description)
        {
            this.description = Objects.requireNonNull(description, "description");
            return this;
        }

        /**
         * Keeps the statistic in one plain atomic cell per node instead of one cell per stripe: for rarely written
         * statistics, whose per-stripe copies would cost memory and flush work for nothing.
         *
         * @return this builder.
         */
        public Builder unstriped()
        {
            this.striped = false;
            return this;
        }

        private Builder kind(final StatKind kind)
        {
            this.kind = kind;
            return this;
        }

        private void add(final Aggregation a)
        {
            Objects.requireNonNull(a, "aggregation");
            if (declared.add(a))
            {
                aggregations.add(a);
            }
        }

        StatDescriptor build(final String group)
        {
            if (aggregations.isEmpty())
            {
                add(kind == StatKind.PEAK ? Aggregation.MAX : Aggregation.SUM);
            }
            if (kind == StatKind.PEAK && !(aggregations.size() == 1 && aggregations.get(0) == Aggregation.MAX))
            {
                throw new IllegalArgumentException("a peak aggregates by MAX only: group=" + group + " stat=" + name +
                    " aggregations=" + aggregations);
            }
            if (kind.isHistogram())
            {
                if (!(aggregations.size() == 1 && aggregations.get(0) == Aggregation.SUM))
                {
                    throw new IllegalArgumentException("a histogram aggregates bucket-wise by SUM only: group=" +
                        group + " stat=" + name + " aggregations=" + aggregations);
                }
                if (!striped)
                {
                    throw new IllegalArgumentException("a histogram cannot be unstriped: group=" + group +
                        " stat=" + name);
                }
            }
            return new StatDescriptor(this);
        }
    }
}
