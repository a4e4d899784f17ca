package dev.rstat.cgroup.stat;

/**
 * How the numbers of a stat are written and carried. Almost all cgroupfs values are unsigned 64-bit; a few v1 and
 * v2 settings are signed.
 */
public enum StatSign
{
    /** Unsigned 64-bit ({@code Long.parseUnsignedLong} semantics); a minus sign is malformed. */
    UNSIGNED,
    /**
     * Signed 64-bit ({@code cpu.weight.nice}, {@code cpuset.sched_relax_domain_level}): carried as the two's
     * complement bit pattern in {@link StatSample#value(int)}, rendered with {@link Long#toString(long)}.
     */
    SIGNED,
    /** Unsigned, except that {@code -1} means unlimited: {@link ValueState#MAX} (v1 {@code cpu.cfs_quota_us}). */
    MINUS_ONE_IS_MAX
}
