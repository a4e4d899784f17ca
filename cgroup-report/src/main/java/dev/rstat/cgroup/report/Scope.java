package dev.rstat.cgroup.report;

import java.util.Arrays;

import dev.rstat.cgroup.Cgroup;
import dev.rstat.cgroup.Order;

/**
 * Which cgroups of a post-order walk a sampler reads, decided as the walker enters them: all of them (to aggregate,
 * a sample holds the whole hierarchy), or exactly those that a {@link Walk} visits, so that a sample without
 * aggregation reads what the walker in that order would read and nothing more. The walk's start is the first cgroup
 * entered (the walker starts there) or the one with the walk's id (the walker starts at the root; the start is found
 * on the way, in one walk); limits and depths count as the walker counts them. Whether a cgroup is read is recorded
 * per depth: between entering a cgroup and visiting it, only its descendants are entered. Not thread-safe; one per
 * walk.
 */
final class Scope
{
    private final boolean all;
    private final Walk walk;
    private boolean[] reads = new boolean[16];
    private Cgroup start;
    private int startDepth;
    private boolean startDone;
    private long taken;

    private Scope(final boolean all, final Walk walk)
    {
        this.all = all;
        this.walk = walk;
    }

    /**
     * Every cgroup entered is read.
     *
     * @return the scope.
     */
    static Scope everything()
    {
        return new Scope(true, null);
    }

    /**
     * The cgroups a walk visits, in a post-order walk of the start's subtree (the walker starts at the walk's start)
     * or of the whole hierarchy (by id).
     *
     * @param walk the walk.
     * @return the scope.
     */
    static Scope of(final Walk walk)
    {
        return new Scope(false, walk);
    }

    /**
     * A cgroup is entered: decides whether it will be read.
     *
     * @param cgroup the cgroup.
     * @return whether the walk should descend into it.
     */
    boolean enter(final Cgroup cgroup)
    {
        if (all)
        {
            set(cgroup.depth(), true);
            return true;
        }
        if (start == null)
        {
            if (walk.byId() && cgroup.id() != walk.startId())
            {
                set(cgroup.depth(), false);
                return true;
            }
            return enterStart(cgroup);
        }
        if (startDone)
        {
            set(cgroup.depth(), false);
            return false;
        }
        final int below = cgroup.depth() - startDepth;
        switch (walk.order())
        {
            case DESCENDANTS_PRE:
            {
                final boolean read = below <= walk.maxDepth() && take();
                set(cgroup.depth(), read);
                return read && below < walk.maxDepth();
            }
            case DESCENDANTS_POST:
                set(cgroup.depth(), below <= walk.maxDepth());
                return below < walk.maxDepth();
            case CHILDREN:
                set(cgroup.depth(), below == 1 && take());
                return false;
            default:
                set(cgroup.depth(), false);
                return false;
        }
    }

    private boolean enterStart(final Cgroup cgroup)
    {
        start = cgroup;
        startDepth = cgroup.depth();
        switch (walk.order())
        {
            case SELF_ONLY:
                set(startDepth, take());
                return false;
            case ANCESTORS_UP:
            {
                Cgroup c = cgroup;
                for (int up = 0; c != null && up <= walk.maxDepth(); up++)
                {
                    set(c.depth(), take());
                    c = c.parent().orElse(null);
                }
                return false;
            }
            case CHILDREN:
                set(startDepth, false);
                return walk.maxDepth() >= 1;
            case DESCENDANTS_PRE:
            {
                final boolean read = take();
                set(startDepth, read);
                return read && walk.maxDepth() > 0;
            }
            case DESCENDANTS_POST:
                set(startDepth, true);
                return walk.maxDepth() > 0;
            default:
                throw new IllegalStateException("unhandled order: order=" + walk.order());
        }
    }

    /**
     * Whether the cgroup entered last at this depth is marked to be read (before a post-order limit).
     *
     * @param depth a depth.
     * @return true if marked.
     */
    boolean marked(final int depth)
    {
        return depth < reads.length && reads[depth];
    }

    /**
     * @param cgroup a cgroup entered.
     * @return whether it is the walk's start.
     */
    boolean isStart(final Cgroup cgroup)
    {
        return cgroup == start;
    }

    /**
     * A cgroup is visited.
     *
     * @param cgroup the cgroup.
     * @return whether to read it.
     */
    boolean reads(final Cgroup cgroup)
    {
        final int depth = cgroup.depth();
        final boolean marked = depth < reads.length && reads[depth];
        if (all || !marked)
        {
            return marked;
        }
        return walk.order() != Order.DESCENDANTS_POST || take();
    }

    /**
     * After a cgroup's visit: whether the walk must go on.
     *
     * @param cgroup the visited cgroup.
     * @return false once nothing more is to be read.
     */
    boolean more(final Cgroup cgroup)
    {
        if (all)
        {
            return true;
        }
        if (cgroup == start)
        {
            startDone = true;
            return walk.order() == Order.ANCESTORS_UP;
        }
        return walk.order() != Order.DESCENDANTS_POST || taken < walk.limit() || start == null;
    }

    /**
     * @return whether the start was found (always, once a walk that starts at it entered anything).
     */
    boolean startFound()
    {
        return all || start != null;
    }

    private boolean take()
    {
        if (taken < walk.limit())
        {
            taken++;
            return true;
        }
        return false;
    }

    private void set(final int depth, final boolean read)
    {
        if (depth >= reads.length)
        {
            reads = Arrays.copyOf(reads, Math.max(depth + 1, reads.length * 2));
        }
        reads[depth] = read;
    }
}
