package dev.rstat.cgroup;

/**
 * The cgroup interface version of a hierarchy: {@code V1} (one hierarchy per controller set, file system type
 * {@code cgroup}) or {@code V2} (the unified hierarchy, file system type {@code cgroup2}).
 */
public enum CgroupVersion
{
    /** Legacy cgroup v1 hierarchy ({@code cgroup} file system). */
    V1,
    /** Unified cgroup v2 hierarchy ({@code cgroup2} file system). */
    V2;

    /**
     * The number used in {@code .rstat-snapshot} files and in output: 1 or 2.
     *
     * @return 1 for {@link #V1}, 2 for {@link #V2}.
     */
    public int number()
    {
        return this == V1 ? 1 : 2;
    }

    /**
     * Parses the number written by {@link #number()}.
     *
     * @param text "1" or "2".
     * @return the version.
     * @throws IllegalArgumentException for anything else.
     */
    public static CgroupVersion ofNumber(final String text)
    {
        switch (text.trim())
        {
            case "1":
                return V1;
            case "2":
                return V2;
            default:
                throw new IllegalArgumentException("unknown cgroup version: version=" + text);
        }
    }
}
