package dev.rstat.cgroup.cli;

import java.util.List;

import dev.rstat.cgroup.CgroupVersion;

/**
 * Which cgroupfs files the command reads when {@code --stats} is not given.
 *
 * <p>On a v2 hierarchy: {@value #V2_DEFAULT}. On a v1 hierarchy the v1 counterparts of the same figures:
 * {@value #V1_DEFAULT} (cpuacct for CPU time, {@code cpu.stat} for throttling, {@code memory.usage_in_bytes} for
 * {@code memory.current}, {@code blkio.throttle.io_service_bytes} for {@code io.stat}, {@code tasks} for the task
 * count). A v1 hierarchy holds only its own controllers' files; a file that no walked cgroup has simply gives no
 * column, which is how the list is intersected with what the hierarchy has.
 */
final class StatsSelection
{
    /** Default files on cgroup v2. */
    static final String V2_DEFAULT = "cpu.stat,memory.current,memory.stat,io.stat,pids.current,cgroup.stat";

    /** Default files on cgroup v1. */
    static final String V1_DEFAULT = "cpuacct.usage,cpuacct.stat,cpu.stat,memory.usage_in_bytes,memory.stat," +
        "blkio.throttle.io_service_bytes,pids.current,tasks";

    /** {@code --stats all}: every readable file of each cgroup. */
    static final String ALL = "all";

    private StatsSelection()
    {
    }

    /**
     * @param version the hierarchy's version.
     * @return the default file names, in output order.
     */
    static List<String> defaults(final CgroupVersion version)
    {
        return List.of((version == CgroupVersion.V1 ? V1_DEFAULT : V2_DEFAULT).split(","));
    }

    /**
     * Checks one {@code --stats} entry.
     *
     * @param name a file name.
     * @return null if valid, else why not.
     */
    static String invalid(final String name)
    {
        if (name.isEmpty())
        {
            return "empty file name";
        }
        if (name.indexOf('/') >= 0 || name.startsWith("."))
        {
            return "not a cgroup file name: " + name;
        }
        return null;
    }
}
