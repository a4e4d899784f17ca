package dev.rstat;

/**
 * The base of a statistic's exponent ({@code KVM_STATS_BASE_*}, bits 8-11 of a descriptor's flags).
 */
public enum StatBase
{
    /** Powers of ten: exponent -9 on seconds is nanoseconds. */
    POW10(0x000, 10),
    /** Powers of two: exponent 10 on bytes is KiB. */
    POW2(0x100, 2);

    private final int kvmFlag;
    private final int radix;

    StatBase(final int kvmFlag, final int radix)
    {
        this.kvmFlag = kvmFlag;
        this.radix = radix;
    }

    /**
     * @return the base's value in KVM's descriptor flags (already shifted into bits 8-11).
     */
    public int kvmFlag()
    {
        return kvmFlag;
    }

    /**
     * @return 10 or 2.
     */
    public int radix()
    {
        return radix;
    }
}
