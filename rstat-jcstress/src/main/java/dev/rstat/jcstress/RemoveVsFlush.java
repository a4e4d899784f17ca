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
 * A removal (which flushes the leaf into its parent) races a root flush: the leaf's queued add reaches the root
 * exactly once. r1: the root total after the racing flush; r2: after a final flush.
 */
@JCStressTest
@Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "the root flush ran before the removal folded the add")
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "the root flush carried the add up")
@Outcome(expect = FORBIDDEN, desc = "the removed leaf's add was lost or counted twice")
@State
public class RemoveVsFlush
{
    private final Rstat rstat = Trees.tree(2);
    private final StatGroup group = rstat.group("g");
    private final RstatNode leaf = rstat.create(rstat.create(rstat.root(), 2, "app"), 3, "leaf");

    /**
     * Queues the leaf's add before the race.
     */
    public RemoveVsFlush()
    {
        group.add(1, leaf, 0, 1);
    }

    /**
     * Removes the leaf.
     */
    @Actor
    public void remover()
    {
        rstat.remove(leaf);
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
