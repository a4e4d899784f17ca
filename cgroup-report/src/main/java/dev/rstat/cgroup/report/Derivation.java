package dev.rstat.cgroup.report;

import dev.rstat.cgroup.stat.StatInfo;
import dev.rstat.cgroup.stat.StatKind;
import dev.rstat.cgroup.stat.StatScope;
import dev.rstat.cgroup.stat.StatSign;
import dev.rstat.cgroup.stat.StatUnit;

/**
 * How a value of a {@link Sample} is derived from a column read from cgroupfs: the one list of derivations, in the
 * order a column's derived values follow it in output. A {@link Field} is a column and one of these.
 */
public enum Derivation
{
    /** The value as read from the file. */
    RAW(""),
    /**
     * A counter's rate from the cgroup's own previous read: CPU and pressure stall time as a percentage (of one CPU,
     * of wall time), other counters per second; two decimals. None on the first sample, across a reset (the counter
     * went down) or across a recreated cgroup.
     */
    RATE(":rate"),
    /**
     * A hierarchical value's own share: the cgroup's value minus its live children's (usage of removed children
     * stays in the parent, as the kernel keeps it there). Read children before parents, a counter's own share is
     * never negative; a gauge's can be, by what changed between the reads.
     */
    SELF(":self"),
    /** A local value summed over the cgroup and all its walked descendants. */
    SUBTREE(":subtree"),
    /**
     * A limit's tightest value on the path to the root ({@code max} if there is none): the limit in force; for CPU
     * bandwidth the quota/period pair with the lowest ratio.
     */
    EFFECTIVE(":effective"),
    /**
     * What removed (dying) descendants still hold of a hierarchical amount: the kernel's hierarchical value minus the
     * sum of the local value over the cgroup and its live descendants (v1 {@code memory.stat} {@code total_cache}
     * minus the subtree's {@code cache}: page cache charged to cgroups that were removed but whose pages are still
     * charged, so the kernel keeps them as dying cgroups). The columns that have it are the catalog's
     * ({@code StatCatalog.localPartner}). On a live tree it is an estimate: the files are not read at one instant,
     * so it can be off by what moved between the reads (and slightly below 0).
     */
    DYING(":dying"),
    /**
     * The highest value of the column in the cgroup's live subtree, the cgroup included ({@code --derive max}):
     * {@code memory.peak:max} is the highest peak below a slice. Kept by the rstat engine's recomputed MAX.
     */
    MAX(":max"),
    /** The lowest value of the column in the cgroup's live subtree, the cgroup included ({@code --derive min}). */
    MIN(":min"),
    /**
     * The mean of the column over the cgroups of the live subtree that have it, the cgroup included
     * ({@code --derive avg}); two more decimals than the column.
     */
    AVG(":avg"),
    /**
     * How many cgroups of the live subtree, the cgroup included, hold 0 in the column ({@code --derive zero}):
     * {@code pids.current:zero} counts the idle cgroups below a slice.
     */
    ZERO(":zero");

    private static final int RATE_SCALE = 2;
    /** Decimals an average adds to its column's. */
    static final int AVG_DECIMALS = 2;

    private final String suffix;

    Derivation(final String suffix)
    {
        this.suffix = suffix;
    }

    /**
     * The suffix of the derived value's name after its column's name ({@code cpu.stat.usage_usec:self}).
     *
     * @return the suffix, empty for {@link #RAW}.
     */
    public String suffix()
    {
        return suffix;
    }

    /**
     * What a derived value is, given what its column is.
     *
     * @param column the column's meaning.
     * @return the derived value's meaning.
     */
    public StatInfo info(final StatInfo column)
    {
        return switch (this)
        {
            case RAW, EFFECTIVE -> column;
            case SELF -> column.withScope(StatScope.LOCAL).withSign(StatSign.SIGNED);
            case SUBTREE -> column.withScope(StatScope.HIERARCHICAL);
            case DYING -> column.withScope(StatScope.HIERARCHICAL).withSign(StatSign.SIGNED);
            case RATE -> new StatInfo(StatKind.GAUGE, column.scope(), isTime(column.unit()) ? StatUnit.PERCENT :
                column.unit(), RATE_SCALE, StatSign.UNSIGNED);
            case MAX, MIN -> new StatInfo(StatKind.GAUGE, StatScope.HIERARCHICAL, column.unit(), column.scale(),
                column.sign());
            case AVG -> new StatInfo(StatKind.GAUGE, StatScope.HIERARCHICAL, column.unit(),
                Math.min(StatInfo.MAX_SCALE, column.scale() + AVG_DECIMALS), column.sign());
            case ZERO -> new StatInfo(StatKind.GAUGE, StatScope.HIERARCHICAL, StatUnit.COUNT, 0, StatSign.UNSIGNED);
        };
    }

    /**
     * @return whether this is one of the subtree statistics of {@code --derive} (MAX, MIN, AVG, ZERO).
     */
    public boolean isSubtreeStatistic()
    {
        return this == MAX || this == MIN || this == AVG || this == ZERO;
    }

    /**
     * Whether a unit is a time (microseconds, nanoseconds, USER_HZ ticks): its rates are percentages.
     *
     * @param unit a unit.
     * @return true for time units.
     */
    static boolean isTime(final StatUnit unit)
    {
        return unit == StatUnit.MICROSECONDS || unit == StatUnit.NANOSECONDS || unit == StatUnit.USER_HZ;
    }
}
