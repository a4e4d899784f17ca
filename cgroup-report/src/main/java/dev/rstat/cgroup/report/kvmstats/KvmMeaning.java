package dev.rstat.cgroup.report.kvmstats;

import dev.rstat.StatBase;
import dev.rstat.StatKind;
import dev.rstat.StatUnit;
import dev.rstat.cgroup.report.Derivation;
import dev.rstat.cgroup.stat.StatInfo;

/**
 * What a KVM reader is told about a value: the type, unit and base of a descriptor's flags and its exponent, in the
 * engine's self-describing terms ({@link StatKind#kvmType()}, {@link StatUnit#kvmFlag()}, {@link StatBase#kvmFlag()}),
 * converted from the catalog's meaning of the value. A value {@code v} means {@code v × base^exponent} units:
 * <pre>
 *  catalog kind                                   KVM type
 *  COUNTER (and its :self, :subtree)              CUMULATIVE
 *  PRESSURE total (stall microseconds)            CUMULATIVE
 *  GAUGE of a peak file, as read (memory.peak)    PEAK
 *  other GAUGE, LIMIT, INFO, PRESSURE averages,   INSTANT
 *  every :rate, :max, :min, :avg, :zero
 *
 *  catalog unit (scale s)                         KVM unit  base   exponent
 *  BYTES, s = 0                                   BYTES     POW2   0
 *  BYTES, s &gt; 0                                   BYTES     POW10  -s
 *  MICROSECONDS                                   SECONDS   POW10  -6 - s
 *  NANOSECONDS                                    SECONDS   POW10  -9 - s
 *  PERCENT                                        NONE      POW10  -2 - s (a fraction of 1)
 *  PAGES, USER_HZ, COUNT, NONE; per-second files; NONE      POW10  -s
 *  rates of anything but time
 * </pre>
 * Pages and USER_HZ ticks stay plain counts: the sampled machine's page size and clock tick rate are not part of a
 * sample (the column table keeps the catalog's unit for readers who know them).
 *
 * @param type     the KVM type.
 * @param unit     the KVM unit.
 * @param base     the exponent's base.
 * @param exponent the exponent.
 */
record KvmMeaning(StatKind type, StatUnit unit, StatBase base, int exponent)
{
    /**
     * @param info       the field's meaning (derivation applied).
     * @param derivation the field's derivation.
     * @param perSecond  whether the column's file holds rates per second.
     * @param peak       whether the column's file holds high-water marks ({@link
     *                   dev.rstat.cgroup.stat.StatCatalog#isPeak(String)}): PEAK, as read only.
     * @return what the descriptor says.
     */
    static KvmMeaning of(final StatInfo info, final Derivation derivation, final boolean perSecond,
        final boolean peak)
    {
        final StatKind type = switch (info.kind())
        {
            case COUNTER -> derivation == Derivation.RATE ? StatKind.GAUGE : StatKind.COUNTER;
            case GAUGE -> peak && derivation == Derivation.RAW ? StatKind.PEAK : StatKind.GAUGE;
            case PRESSURE -> info.unit() == dev.rstat.cgroup.stat.StatUnit.PERCENT ||
                derivation == Derivation.RATE ? StatKind.GAUGE : StatKind.COUNTER;
            case LIMIT, INFO -> StatKind.GAUGE;
        };
        final int s = info.scale();
        if (perSecond || (derivation == Derivation.RATE && info.unit() != dev.rstat.cgroup.stat.StatUnit.PERCENT))
        {
            return new KvmMeaning(type, StatUnit.NONE, StatBase.POW10, -s);
        }
        return switch (info.unit())
        {
            case BYTES -> s == 0 ? new KvmMeaning(type, StatUnit.BYTES, StatBase.POW2, 0) :
                new KvmMeaning(type, StatUnit.BYTES, StatBase.POW10, -s);
            case MICROSECONDS -> new KvmMeaning(type, StatUnit.SECONDS, StatBase.POW10, -6 - s);
            case NANOSECONDS -> new KvmMeaning(type, StatUnit.SECONDS, StatBase.POW10, -9 - s);
            case PERCENT -> new KvmMeaning(type, StatUnit.NONE, StatBase.POW10, -2 - s);
            case PAGES, USER_HZ, COUNT, NONE -> new KvmMeaning(type, StatUnit.NONE, StatBase.POW10, -s);
        };
    }

    /** @return the descriptor's flags word: type | unit | base, exactly as KVM defines the bits. */
    int flags()
    {
        return type.kvmType() | unit.kvmFlag() | base.kvmFlag();
    }
}
