package dev.rstat.jcstress;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJ_Result;

import dev.rstat.Aggregation;
import dev.rstat.Rstat;
import dev.rstat.RstatNode;
import dev.rstat.StatGroup;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * A recomputed MAX under a concurrent removal: leaf {@code a} (level 5, flushed) is removed while writer B raises
 * sibling {@code b} to 3 and flushes the root. B's flush may still see {@code a} (5) or not (3); once both are done,
 * the root's MAX must be 3: the removed node's value leaves the aggregate, B's write stays. r1: the root's MAX after
 * B's flush; r2: after a final flush.
 */
@JCStressTest
@Outcome(id = "5, 3", expect = ACCEPTABLE, desc = "B's flush ran before the removal")
@Outcome(id = "3, 3", expect = ACCEPTABLE, desc = "B's flush ran after the removal")
@Outcome(expect = FORBIDDEN, desc = "a removed node's value stayed in the MAX, or B's write was lost")
@State
public class MaxVsRemoval
{
    private final Rstat rstat = Trees.kinds(2);
    private final StatGroup group = rstat.group("g");
    private final int mark = group.indexOf("mark");
    private final int level = group.indexOf("level");
    private final RstatNode a;
    private final RstatNode b;

    /**
     * root with leaves a (level 5) and b (level 0), flushed.
     */
    public MaxVsRemoval()
    {
        a = rstat.create(rstat.root(), 2, "a");
        b = rstat.create(rstat.root(), 3, "b");
        group.add(a, level, 5);
        group.flush(rstat.root());
    }

    /**
     * Removes a.
     */
    @Actor
    public void remove()
    {
        rstat.remove(a);
    }

    /**
     * Writer B raises b to 3, then flushes.
     *
     * @param r r1.
     */
    @Actor
    public void raiseThenFlush(final JJ_Result r)
    {
        group.add(b, level, 3);
        group.flush(rstat.root());
        r.r1 = group.aggregate(rstat.root(), level, Aggregation.MAX);
    }

    /**
     * @param r r2.
     */
    @Arbiter
    public void settle(final JJ_Result r)
    {
        group.flush(rstat.root());
        r.r2 = group.aggregate(rstat.root(), level, Aggregation.MAX);
    }
}
