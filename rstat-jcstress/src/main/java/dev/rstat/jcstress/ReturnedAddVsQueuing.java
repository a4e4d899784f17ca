package dev.rstat.jcstress;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJ_Result;

import dev.rstat.Rstat;
import dev.rstat.RstatNode;
import dev.rstat.StatGroup;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Issue 7's first defect as a race: writer A's first write to a deep leaf is queuing it while writer B adds to the
 * same leaf on the same stripe and then flushes the root. B's own add must be in B's flush (guarantees 1 and 3 of
 * {@code StatGroup}). r1: the root total B reads after its flush; r2: after a final flush.
 */
@JCStressTest
@Outcome(id = "10, 11", expect = ACCEPTABLE, desc = "B's flush folded B's add; A's lands in the final flush")
@Outcome(id = "11, 11", expect = ACCEPTABLE, desc = "B's flush folded both adds")
@Outcome(expect = FORBIDDEN, desc = "B's flush missed B's own add, or an add was lost or counted twice")
@State
public class ReturnedAddVsQueuing
{
    private final Rstat rstat = Trees.tree(2);
    private final StatGroup group = rstat.group("g");
    private final RstatNode leaf;

    /**
     * A chain root, d1, d2, d3, leaf.
     */
    public ReturnedAddVsQueuing()
    {
        RstatNode n = rstat.root();
        for (int depth = 1; depth <= 4; depth++)
        {
            n = rstat.create(n, depth + 1, "d" + depth);
        }
        leaf = n;
    }

    /**
     * Writer A.
     */
    @Actor
    public void queuing()
    {
        group.add(0, leaf, 0, 1);
    }

    /**
     * Writer B.
     *
     * @param r r1.
     */
    @Actor
    public void addThenFlush(final JJ_Result r)
    {
        group.add(0, leaf, 0, 10);
        r.r1 = Trees.flushed(group, rstat.root());
    }

    /**
     * @param r r2.
     */
    @Arbiter
    public void settle(final JJ_Result r)
    {
        r.r2 = Trees.flushed(group, rstat.root());
    }
}
