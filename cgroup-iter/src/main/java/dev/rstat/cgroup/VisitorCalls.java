package dev.rstat.cgroup;

/**
 * The visitor's side of one walk, the same for both walkers ({@link CgroupWalker}'s own and {@code JoinedWalk}):
 * {@code begin} once before the first cgroup, the walk's limit, the count of visits, and whether the walk stopped
 * early (the visitor returned false, or the limit was reached).
 */
final class VisitorCalls
{
    private final CgroupVisitor visitor;
    private final long limit;
    private long visited;
    private boolean terminated;
    private boolean begun;

    VisitorCalls(final CgroupVisitor visitor, final long limit)
    {
        this.visitor = visitor;
        this.limit = limit;
    }

    /**
     * Before a cgroup is opened for its visit.
     *
     * @return false (the walk then stops) once the limit is reached; calls {@code begin} before the first visit.
     */
    boolean admit()
    {
        if (visited >= limit)
        {
            terminated = true;
            return false;
        }
        if (!begun)
        {
            begun = true;
            visitor.begin();
        }
        return true;
    }

    /**
     * Visits an opened cgroup, releases it and counts the visit.
     *
     * @param cgroup the cgroup, opened by the walker.
     * @return false when the walk must stop.
     */
    boolean visit(final Cgroup cgroup)
    {
        final boolean more;
        try
        {
            more = visitor.visit(cgroup);
        }
        finally
        {
            cgroup.release();
        }
        visited++;
        if (!more || visited >= limit)
        {
            terminated = true;
            return false;
        }
        return true;
    }

    /**
     * Ends a walk that completed or stopped early: calls {@code end}.
     *
     * @return how many cgroups were visited and whether the walk stopped early.
     */
    CgroupWalker.Result end()
    {
        visitor.end();
        return new CgroupWalker.Result(visited, terminated);
    }
}
