package dev.rstat.jcstress;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.J_Result;

import dev.rstat.Rstat;
import dev.rstat.RstatNode;
import dev.rstat.StatGroup;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * A read through a handle races its removal and the immediate reuse of its slot by a node that then holds 1,000:
 * the read returns the removed node's last value or throws, never the new owner's (guarantee 7 of
 * {@code StatGroup}). r1: the value read, -1 for {@code IllegalStateException}.
 */
@JCStressTest
@Outcome(id = "5", expect = ACCEPTABLE, desc = "read before the removal: the node's own value")
@Outcome(id = "-1", expect = ACCEPTABLE, desc = "the handle was found removed")
@Outcome(expect = FORBIDDEN, desc = "the read returned the slot's next owner's value")
@State
public class StaleReadVsReuse
{
    private final Rstat rstat = Trees.tree(1);
    private final StatGroup group = rstat.group("g");
    private final RstatNode old = rstat.create(rstat.root(), 2, "old");

    /**
     * The node holds 5, flushed.
     */
    public StaleReadVsReuse()
    {
        group.add(0, old, 0, 5);
        group.flush(rstat.root());
    }

    /**
     * Removes the node; its slot goes to a new node that is written and flushed.
     */
    @Actor
    public void reuse()
    {
        rstat.remove(old);
        final RstatNode fresh = rstat.create(rstat.root(), 3, "fresh");
        group.add(0, fresh, 0, 1_000);
        group.flush(fresh);
    }

    /**
     * Reads through the old handle.
     *
     * @param r r1.
     */
    @Actor
    public void reader(final J_Result r)
    {
        try
        {
            r.r1 = group.subtree(old, 0);
        }
        catch (final IllegalStateException removed)
        {
            r.r1 = -1;
        }
    }
}
