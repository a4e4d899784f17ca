package dev.rstat.cgroup.stat;

import java.util.Objects;

/**
 * What one stat (a column) means: its kind, scope, unit, decimal scale and sign convention.
 *
 * @param kind  what kind of quantity it is.
 * @param scope whether it includes descendants.
 * @param unit  its unit, for human-readable rendering.
 * @param scale number of decimal digits kept: 0 for integers, 2 for {@code avg10=1.25} (stored as 125).
 * @param sign  how negative numbers are treated.
 */
public record StatInfo(StatKind kind, StatScope scope, StatUnit unit, int scale, StatSign sign)
{
    /** The largest supported scale: values are kept as {@code value * 10^scale} in 64 bits. */
    public static final int MAX_SCALE = 9;

    /** The safe reading of an unknown key: INFO, never aggregated, no unit, integer, unsigned. */
    public static final StatInfo UNKNOWN =
        new StatInfo(StatKind.INFO, StatScope.NONE, StatUnit.NONE, 0, StatSign.UNSIGNED);

    /**
     * Validates the components.
     *
     * @param kind  what kind of quantity it is.
     * @param scope whether it includes descendants.
     * @param unit  its unit.
     * @param scale number of decimal digits kept, 0..{@link #MAX_SCALE}.
     * @param sign  how negative numbers are treated.
     */
    public StatInfo
    {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(sign, "sign");
        if (scale < 0 || scale > MAX_SCALE)
        {
            throw new IllegalArgumentException("invalid scale: scale=" + scale + " max=" + MAX_SCALE);
        }
    }

    /**
     * A cumulative counter.
     *
     * @param scope whether it includes descendants.
     * @param unit  its unit.
     * @return the info.
     */
    public static StatInfo counter(final StatScope scope, final StatUnit unit)
    {
        return new StatInfo(StatKind.COUNTER, scope, unit, 0, StatSign.UNSIGNED);
    }

    /**
     * A current amount.
     *
     * @param scope whether it includes descendants.
     * @param unit  its unit.
     * @return the info.
     */
    public static StatInfo gauge(final StatScope scope, final StatUnit unit)
    {
        return new StatInfo(StatKind.GAUGE, scope, unit, 0, StatSign.UNSIGNED);
    }

    /**
     * A limit ({@code max} = none); never summed.
     *
     * @param unit its unit.
     * @return the info.
     */
    public static StatInfo limit(final StatUnit unit)
    {
        return new StatInfo(StatKind.LIMIT, StatScope.NONE, unit, 0, StatSign.UNSIGNED);
    }

    /**
     * A setting or flag; never aggregated.
     *
     * @param unit its unit.
     * @return the info.
     */
    public static StatInfo info(final StatUnit unit)
    {
        return new StatInfo(StatKind.INFO, StatScope.NONE, unit, 0, StatSign.UNSIGNED);
    }

    /**
     * A copy with another scope.
     *
     * @param newScope the scope.
     * @return the info.
     */
    public StatInfo withScope(final StatScope newScope)
    {
        return new StatInfo(kind, newScope, unit, scale, sign);
    }

    /**
     * A copy with another scale.
     *
     * @param newScale the scale.
     * @return the info.
     */
    public StatInfo withScale(final int newScale)
    {
        return new StatInfo(kind, scope, unit, newScale, sign);
    }

    /**
     * A copy with another sign convention.
     *
     * @param newSign the sign convention.
     * @return the info.
     */
    public StatInfo withSign(final StatSign newSign)
    {
        return new StatInfo(kind, scope, unit, scale, newSign);
    }

    /**
     * Whether values of this stat may be summed over a subtree or subtracted to get a cgroup's own share: only
     * counters and gauges with a LOCAL or HIERARCHICAL scope.
     *
     * @return true if additive.
     */
    public boolean additive()
    {
        return (kind == StatKind.COUNTER || kind == StatKind.GAUGE) && scope != StatScope.NONE;
    }
}
