package dev.rstat.cgroup;

/**
 * Receives the cgroups of a walk, like a BPF {@code iter/cgroup} program.
 *
 * <p>Call sequence: {@link #begin()} once, immediately before the first {@link #visit} (not at all if the walk
 * finds nothing, like the kernel's {@code seq_num == 0} test); {@link #visit} per cgroup until it returns false
 * (early termination, like the program returning 1) or the walk ends; then {@link #end()} exactly once, also after
 * early termination and also when nothing was visited (the kernel's call with a NULL cgroup, for an epilogue).
 * If the start cgroup cannot be opened, the walk throws {@link CgroupNotFoundException} and calls none of them. If
 * {@code visit} throws, the exception propagates and {@code end()} is not called.
 *
 * <p>{@link #enter(Cgroup)} tells when the walk reaches a cgroup: before its descendants and before its own visit,
 * whatever the order (in post-order a parent is entered first and visited last), and can prune its descendants; it
 * may come before {@code begin()} and is also called for a start cgroup that is not visited itself
 * ({@link Order#CHILDREN}).
 *
 * <p>Called on the walking thread only.
 */
public interface CgroupVisitor
{
    /**
     * Called when the walk reaches a cgroup and has listed it, before any of its descendants and before its own
     * {@link #visit}. {@link Cgroup#handle()} is not open.
     *
     * @param cgroup the cgroup.
     * @return true to walk its descendants, false to skip them (the cgroup itself is still visited).
     */
    default boolean enter(final Cgroup cgroup)
    {
        return true;
    }

    /**
     * Called once before the first cgroup.
     */
    default void begin()
    {
    }

    /**
     * Called for each cgroup. {@link Cgroup#handle()} is open during the call and closed afterwards.
     *
     * @param cgroup the cgroup.
     * @return true to continue, false to stop the walk.
     */
    boolean visit(Cgroup cgroup);

    /**
     * Called once at the end of the walk, even after early termination.
     */
    default void end()
    {
    }
}
