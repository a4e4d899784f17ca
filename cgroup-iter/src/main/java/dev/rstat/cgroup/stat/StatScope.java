package dev.rstat.cgroup.stat;

/** Whether a value of a cgroup already includes its descendants. */
public enum StatScope
{
    /** Includes all descendants (v2 {@code memory.current}, {@code cpu.stat} usage keys, v1 {@code total_*}). */
    HIERARCHICAL,
    /** This cgroup only ({@code *.local} files, the CFS bandwidth keys of {@code cpu.stat}, v1 plain keys). */
    LOCAL,
    /** Not an additive quantity (limits, settings, peaks, text, unknown keys): never summed or subtracted. */
    NONE
}
