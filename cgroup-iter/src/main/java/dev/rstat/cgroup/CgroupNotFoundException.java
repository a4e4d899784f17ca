package dev.rstat.cgroup;

/**
 * The hierarchy root or the start cgroup of a walk does not exist (or vanished before the walk could begin), or no
 * cgroup has the requested id. Unlike a cgroup that vanishes during a walk, which is skipped, this makes the whole walk
 * impossible.
 */
public final class CgroupNotFoundException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message what was looked for, with {@code key=value} context.
     */
    public CgroupNotFoundException(final String message)
    {
        super(message);
    }

    /**
     * @param message what was looked for, with {@code key=value} context.
     * @param cause   the underlying I/O error.
     */
    public CgroupNotFoundException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
