package dev.rstat.cgroup;

/**
 * How a machine mounts its cgroup hierarchies, as systemd names the three cases.
 */
public enum CgroupLayout
{
    /** Only a cgroup2 hierarchy (normally at {@code /sys/fs/cgroup}). */
    UNIFIED,
    /** v1 controller hierarchies plus a controller-less cgroup2 hierarchy ({@code /sys/fs/cgroup/unified}). */
    HYBRID,
    /** Only v1 hierarchies. */
    LEGACY,
    /** No cgroup file system is mounted (or visible). */
    NONE
}
