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
 * A first write to a leaf (it queues the leaf) races a root flush: the add lands in that flush or the next, never
 * lost, never twice (guarantee 2 of {@code StatGroup}). r1: the root total right after the racing flush; r2: after a
 * final flush.
 */
@JCStressTest
@Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "the flush ran first; the final flush folds the add")
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "the flush folded the add")
@Outcome(expect = FORBIDDEN, desc = "the add was lost or counted twice")
@State
public class AddVsFlush
{
    private final Rstat rstat = Trees.tree(2);
    private final StatGroup group = rstat.group("g");
    private final RstatNode leaf = rstat.create(rstat.create(rstat.root(), 2, "app"), 3, "leaf");

    /**
     * The writer.
     */
    @Actor
    public void writer()
    {
        group.add(0, leaf, 0, 1);
    }

    /**
     * The flusher.
     *
     * @param r r1.
     */
    @Actor
    public void flusher(final JJ_Result r)
    {
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
