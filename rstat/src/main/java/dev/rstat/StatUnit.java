package dev.rstat;

/**
 * The unit of a statistic's values, as KVM's binary statistics define it ({@code KVM_STATS_UNIT_*}, bits 4-7 of
 * a descriptor's flags). The value's scale is {@link StatDescriptor#base() base}<sup>{@link StatDescriptor#exponent()
 * exponent}</sup> units: nanoseconds are {@code SECONDS}, base 10, exponent -9; KiB are {@code BYTES}, base 2,
 * exponent 10.
 */
public enum StatUnit
{
    /** A plain count. */
    NONE(0x00),
    /** Bytes. */
    BYTES(0x10),
    /** Seconds. */
    SECONDS(0x20),
    /** CPU cycles. */
    CYCLES(0x30),
    /** 0 or 1. */
    BOOLEAN(0x40);

    private final int kvmFlag;

    StatUnit(final int kvmFlag)
    {
        this.kvmFlag = kvmFlag;
    }

    /**
     * @return the unit's value in KVM's descriptor flags (already shifted into bits 4-7).
     */
    public int kvmFlag()
    {
        return kvmFlag;
    }
}
