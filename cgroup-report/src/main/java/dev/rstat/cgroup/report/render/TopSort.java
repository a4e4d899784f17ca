package dev.rstat.cgroup.report.render;

import dev.rstat.cgroup.stat.Overview;

/**
 * What the rows of {@code cgroup-walk top} are sorted by, among siblings (the tree stays a tree): a quantity, largest
 * first, or the path, in name order. Sorting by the same key again reverses the order.
 */
public enum TopSort
{
    /** CPU use ({@link Overview#CPU}). */
    CPU,
    /** Memory ({@link Overview#MEMORY}). */
    MEMORY,
    /** I/O: bytes read plus written per second. */
    IO,
    /** Tasks ({@link Overview#TASKS}). */
    TASKS,
    /** The path (the cgroup's name among its siblings), in byte order. */
    PATH;

    /**
     * @return whether this key sorts largest first unless reversed.
     */
    public boolean descendingByDefault()
    {
        return this != PATH;
    }

    /**
     * @return the word the status line shows for this key.
     */
    public String label()
    {
        return switch (this)
        {
            case CPU -> "cpu";
            case MEMORY -> "memory";
            case IO -> "io";
            case TASKS -> "tasks";
            case PATH -> "path";
        };
    }
}
