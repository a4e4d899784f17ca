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
 * A peak's returned mark must be in the next flush even when another writer raised the cell above it and has not
 * queued the node yet: B's {@code recordMax(10)} finds the cell at 20 (A's raise, not yet queued), does not write,
 * and must still see to it that its flush finds the node. r1: the root's mark B reads after its flush; r2: after a
 * final flush.
 */
@JCStressTest
@Outcome(id = "10, 20", expect = ACCEPTABLE, desc = "B's flush folded B's mark; A's lands in the final flush")
@Outcome(id = "20, 20", expect = ACCEPTABLE, desc = "B's flush folded A's higher mark")
@Outcome(expect = FORBIDDEN, desc = "B's flush missed B's own mark, or a mark was lost")
@State
public class ReturnedPeakVsRaise
{
    private final Rstat rstat = Trees.kinds(2);
    private final StatGroup group = rstat.group("g");
    private final int mark = group.indexOf("mark");
    private final int level = group.indexOf("level");
    private final RstatNode leaf;

    /**
     * A chain root, d1, d2, leaf.
     */
    public ReturnedPeakVsRaise()
    {
        RstatNode n = rstat.root();
        for (int depth = 1; depth <= 3; depth++)
        {
            n = rstat.create(n, depth + 1, "d" + depth);
        }
        leaf = n;
        group.flush(rstat.root());
    }

    /**
     * Writer A raises the mark to 20.
     */
    @Actor
    public void raise()
    {
        group.recordMax(leaf, mark, 20);
    }

    /**
     * Writer B records 10, then flushes.
     *
     * @param r r1.
     */
    @Actor
    public void recordThenFlush(final JJ_Result r)
    {
        group.recordMax(leaf, mark, 10);
        r.r1 = Trees.flushed(group, rstat.root(), mark);
    }

    /**
     * @param r r2.
     */
    @Arbiter
    public void settle(final JJ_Result r)
    {
        r.r2 = Trees.flushed(group, rstat.root(), mark);
    }
}
