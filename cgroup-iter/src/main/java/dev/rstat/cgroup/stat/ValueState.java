package dev.rstat.cgroup.stat;

/**
 * What a value is. A value is never -1: it is a number, the literal {@code max}, a text, or absent for a reason.
 */
public enum ValueState
{
    /** A number; read it with {@link StatSample#value(int)} (scaled by {@link Columns#scale(int)}). */
    NUMBER,
    /** The literal {@code max} ("upward infinity"), or a v1 {@code -1} meaning unlimited. */
    MAX,
    /** Never read: the file or key does not exist in this cgroup (e.g. {@code memory.current} on the root). */
    MISSING,
    /**
     * The file exists but cannot be read: {@code EOPNOTSUPP} (e.g. PSI disabled by {@code cgroup.pressure 0}),
     * {@code EACCES}, {@code EIO}...
     */
    UNSUPPORTED,
    /** The cgroup was removed while it was being read ({@code ENODEV}, or {@code ENOENT} with the directory gone). */
    VANISHED,
    /** A text ({@code cgroup.controllers}, {@code cpuset.cpus}, ...); read it with {@link StatSample#text(int)}. */
    TEXT;

    private static final ValueState[] VALUES = values();

    /**
     * The state with the given ordinal.
     *
     * @param ordinal of the state.
     * @return the state.
     */
    static ValueState ofOrdinal(final int ordinal)
    {
        return VALUES[ordinal];
    }
}
