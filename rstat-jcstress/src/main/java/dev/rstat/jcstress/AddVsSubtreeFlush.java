package dev.rstat.jcstress;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJJ_Result;

import dev.rstat.Rstat;
import dev.rstat.RstatNode;
import dev.rstat.StatGroup;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * A writer's first adds on two stripes race a flush of the leaf's parent (which links both stripes' queues and
 * detaches only the parent's subtree, leaving the root linked): every add reaches the parent exactly once, and a
 * later root flush applies the parent's delta exactly once. r1: the parent's total after the racing flush; r2, r3:
 * the parent's and the root's totals after a final root flush.
 */
@JCStressTest
@Outcome(id = "0, 3, 3", expect = ACCEPTABLE, desc = "the flush ran before both adds")
@Outcome(id = "1, 3, 3", expect = ACCEPTABLE, desc = "the flush folded the stripe-0 add")
@Outcome(id = "2, 3, 3", expect = ACCEPTABLE,
    desc = "stripe 0 was flushed before its add, stripe 1 after its add: a flush is not atomic across stripes")
@Outcome(id = "3, 3, 3", expect = ACCEPTABLE, desc = "the flush folded both adds")
@Outcome(expect = FORBIDDEN, desc = "an add was lost or counted twice")
@State
public class AddVsSubtreeFlush
{
    private final Rstat rstat = Trees.tree(2);
    private final StatGroup group = rstat.group("g");
    private final RstatNode app = rstat.create(rstat.root(), 2, "app");
    private final RstatNode leaf = rstat.create(app, 3, "leaf");

    /**
     * Writes stripe 0, then stripe 1.
     */
    @Actor
    public void writer()
    {
        group.add(0, leaf, 0, 1);
        group.add(1, leaf, 0, 2);
    }

    /**
     * Flushes the parent.
     *
     * @param r r1.
     */
    @Actor
    public void flusher(final JJJ_Result r)
    {
        r.r1 = Trees.flushed(group, app);
    }

    /**
     * @param r r2, r3.
     */
    @Arbiter
    public void settle(final JJJ_Result r)
    {
        group.flush(rstat.root());
        r.r2 = group.subtree(app, 0);
        r.r3 = group.subtree(rstat.root(), 0);
    }
}
