package dev.rstat.cgroup.stat;

/** What kind of quantity a stat is; decides how it may be aggregated and rendered. */
public enum StatKind
{
    /** Only increases (until a reset); rates and deltas make sense ({@code usage_usec}, {@code pgfault}). */
    COUNTER,
    /** A current amount that goes up and down ({@code memory.current}, {@code pids.current}). */
    GAUGE,
    /** A configured limit; {@code max} means none ({@code memory.max}, {@code cpu.max.quota}). */
    LIMIT,
    /** A PSI value: {@code avg10/avg60/avg300} (percent, scale 2) or {@code total} (stall microseconds). */
    PRESSURE,
    /** A setting, flag or value of unknown meaning; never aggregated. The kind of every unknown key. */
    INFO
}
