package dev.rstat.cgroup.stat;

/**
 * The quantities of an at-a-glance view of a hierarchy ({@code cgroup-walk top}, like {@code systemd-cgtop}): which
 * columns hold them is the catalog's to say ({@link StatCatalog#overview(Overview)}), per hierarchy version.
 */
public enum Overview
{
    /** Tasks (processes and threads) in the cgroup. */
    TASKS,
    /** CPU time used (its rate is a percentage of one CPU). */
    CPU,
    /** Memory charged. */
    MEMORY,
    /** Bytes read from block devices (its rate is bytes per second), summed over devices. */
    IO_READ,
    /** Bytes written to block devices, summed over devices. */
    IO_WRITE,
    /** CPU pressure: the share of wall time some task waited for a CPU (the kernel's 10 s average). */
    CPU_PRESSURE,
    /** Memory pressure (10 s average of {@code some}). */
    MEMORY_PRESSURE,
    /** I/O pressure (10 s average of {@code some}). */
    IO_PRESSURE;

    /**
     * @return whether the quantity is a cumulative counter shown as its rate ({@code Derivation.RATE}).
     */
    public boolean cumulative()
    {
        return this == CPU || this == IO_READ || this == IO_WRITE;
    }
}
