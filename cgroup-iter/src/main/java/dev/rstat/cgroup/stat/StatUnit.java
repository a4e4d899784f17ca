package dev.rstat.cgroup.stat;

/** The unit of a stat value, used for human-readable rendering. */
public enum StatUnit
{
    /** Bytes. */
    BYTES,
    /** Pages (v1 {@code memory.numa_stat}); the page size is not known here. */
    PAGES,
    /** Microseconds, the cgroup v2 default time unit. */
    MICROSECONDS,
    /** Nanoseconds (v1 {@code cpuacct.*}, v1 {@code cpu.stat} {@code *_time}). */
    NANOSECONDS,
    /** Clock ticks of {@code USER_HZ} (v1 {@code cpuacct.stat}). */
    USER_HZ,
    /** A number of things (events, processes, periods, I/Os). */
    COUNT,
    /** A percentage (PSI averages, {@code cpu.uclamp.*}). */
    PERCENT,
    /** No unit (flags, weights, identifiers, unknown keys). */
    NONE
}
