package dev.rstat;

/**
 * What a statistic measures: its type in the sense of KVM's binary statistics ({@code KVM_STATS_TYPE_*},
 * Documentation/virt/kvm/api.rst), which decides how writers change it and how it merges up the tree.
 * <pre>
 *  kind              KVM type                 written with                      merges over the subtree
 *  COUNTER           CUMULATIVE (0x0)         add(delta &gt;= 0)                   by its aggregations (SUM by default)
 *  GAUGE             INSTANT    (0x1)         add(signed delta), set (unstriped) by its aggregations (SUM by default)
 *  PEAK              PEAK       (0x2)         recordMax(value &gt;= 0)             MAX: the subtree's high-water mark
 *  LINEAR_HISTOGRAM  LINEAR_HIST(0x3)         record(value &gt;= 0)                bucket-wise SUM
 *  LOG_HISTOGRAM     LOG_HIST   (0x4)         record(value &gt;= 0)                bucket-wise SUM
 * </pre>
 */
public enum StatKind
{
    /**
     * A cumulative count that only grows (requests, bytes, microseconds of CPU). Writers add non-negative deltas.
     */
    COUNTER(0x0),

    /**
     * A current value that goes up and down (in-flight requests, bytes resident). Writers add signed deltas (or set
     * an {@linkplain StatDescriptor#striped() unstriped} one); a node's flushed value is the sum of all deltas
     * applied to it so far.
     */
    GAUGE(0x1),

    /**
     * A high-water mark that never goes down: writers {@code recordMax} non-negative values, and a node's subtree
     * peak is the highest value recorded anywhere in its subtree, ever (removed descendants included).
     */
    PEAK(0x2),

    /**
     * A histogram of non-negative values with buckets of equal width {@code bucketSize}: bucket {@code i} counts
     * values in {@code [i × size, (i + 1) × size)}, the last bucket everything above (KVM's {@code LINEAR_HIST}).
     */
    LINEAR_HISTOGRAM(0x3),

    /**
     * A histogram of non-negative values with power-of-two buckets (KVM's {@code LOG_HIST}, the kernel's
     * {@code fls64}): bucket 0 counts the value 0 ({@code [0, 1)}), bucket {@code i >= 1} counts
     * {@code [2^(i-1), 2^i)}, the last bucket everything from {@code 2^(n-2)} up. In KVM's one-based wording: the
     * first bucket is {@code [0, 1)}, the N-th {@code [2^(N-2), 2^(N-1))}, the last {@code [2^(size-2), +inf)}.
     */
    LOG_HISTOGRAM(0x4);

    private final int kvmType;

    StatKind(final int kvmType)
    {
        this.kvmType = kvmType;
    }

    /**
     * @return the type's value in KVM's descriptor flags ({@code KVM_STATS_TYPE_*}, bits 0-3).
     */
    public int kvmType()
    {
        return kvmType;
    }

    /**
     * @return whether values of this kind are histograms (one column per bucket).
     */
    public boolean isHistogram()
    {
        return this == LINEAR_HISTOGRAM || this == LOG_HISTOGRAM;
    }
}
