package dev.rstat.cgroup.stat;

/**
 * The layout of a cgroupfs file, and the column names it produces ({@code <file>} is the file name).
 */
public enum StatFormat
{
    /** One value, a number or {@code max} ({@code memory.current}, {@code pids.max}): column {@code <file>}. */
    SINGLE,
    /**
     * Values on one line separated by spaces ({@code cpu.max}, v1 {@code cpuacct.usage_percpu}): column
     * {@code <file>.<name>} with names from the catalog ({@code cpu.max.quota}, {@code cpu.max.period}), or
     * {@code <file>.<prefix><i>} ({@code cpuacct.usage_percpu.cpu0}), or {@code <file>.<i>} for unknown files.
     */
    SPACE_SEPARATED,
    /** {@code KEY VALUE} lines ({@code cpu.stat}, {@code memory.stat}): column {@code <file>.<key>}. */
    FLAT_KEYED,
    /**
     * {@code KEY SUB=VAL ...} lines ({@code io.stat}, {@code io.max}, {@code memory.numa_stat}): column
     * {@code <file>.<key>.<sub>}; a first token {@code NAME=VAL} (v1 {@code memory.numa_stat} {@code total=N N0=N})
     * gives {@code <file>.<name>} and {@code <file>.<name>.<sub>}.
     */
    NESTED_KEYED,
    /** PSI {@code some}/{@code full} lines, parsed like {@link #NESTED_KEYED}: {@code cpu.pressure.some.avg10}. */
    PRESSURE,
    /**
     * v1 blkio {@code DEV OP VALUE} lines plus {@code KEY VALUE} lines ({@code 8:0 Read 123}, {@code Total 456}):
     * columns {@code <file>.<dev>.<op>} and {@code <file>.<key>}.
     */
    DEVICE_KEYED,
    /**
     * A header line then rows (v1 {@code cpuacct.usage_all}: {@code cpu user system} / {@code 0 12 34}): column
     * {@code <file>.<header0><rowkey>.<header_i>}, e.g. {@code cpuacct.usage_all.cpu0.user}.
     */
    TABLE,
    /** One entry per line ({@code cgroup.procs}, {@code tasks}): column {@code <file>} holds the number of lines. */
    LINE_COUNT,
    /** A text value ({@code cgroup.controllers}, {@code cpuset.cpus}): column {@code <file>}, the content as is. */
    TEXT,
    /** Unknown file: the format is detected from the content on each read. */
    AUTO
}
