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
 *  catalog kind                 KVM type       catalog unit (scale s)  KVM unit  base   exponent
 *  COUNTER                      CUMULATIVE     BYTES, s = 0            BYTES     POW2   0
 *  PRESSURE in microseconds     CUMULATIVE     BYTES, s &gt; 0            BYTES     POW10  -s
 *  GAUGE, LIMIT, INFO           INSTANT        MICROSECONDS            SECONDS   POW10  -6 - s
 *  PRESSURE in percent          INSTANT        NANOSECONDS             SECONDS   POW10  -9 - s
 *  any rate (:rate)             INSTANT        PERCENT                 NONE      POW10  -2 - s (a fraction of 1)
 *                                              PAGES, USER_HZ, COUNT,  NONE      POW10  -s
 *                                              NONE, per-second files,
 *                                              rates other than time
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
     * @return what the descriptor says.
     */
    static KvmMeaning of(final StatInfo info, final Derivation derivation, final boolean perSecond)
    {
        final StatKind type = switch (info.kind())
        {
            case COUNTER -> derivation == Derivation.RATE ? StatKind.GAUGE : StatKind.COUNTER;
            case PRESSURE -> info.unit() == dev.rstat.cgroup.stat.StatUnit.PERCENT ||
                derivation == Derivation.RATE ? StatKind.GAUGE : StatKind.COUNTER;
            case GAUGE, LIMIT, INFO -> StatKind.GAUGE;
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
