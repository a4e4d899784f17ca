package dev.rstat.jcstress;

import java.time.Duration;

import dev.rstat.Aggregation;
import dev.rstat.Rstat;
import dev.rstat.RstatNode;
import dev.rstat.Schema;
import dev.rstat.StatGroup;

/**
 * The small trees the stress tests race on: one group of one counter.
 */
final class Trees
{
    static final Schema SCHEMA = Schema.builder().group("g", g -> g.counter("c")).build();

    /** One group of a peak and a gauge aggregated by MAX. */
    static final Schema KINDS = Schema.builder().group("g", g -> g
        .stat("mark", s -> s.peak())
        .stat("level", s -> s.gauge().aggregate(Aggregation.MAX))).build();

    private Trees()
    {
    }

    /**
     * @param stripes of the tree.
     * @return a tree with only its root, slots reused at once (the hardest case for stale handles).
     */
    static Rstat tree(final int stripes)
    {
        return Rstat.builder(SCHEMA).stripes(stripes).slotReuseDelay(Duration.ZERO).build();
    }

    /**
     * @param stripes of the tree.
     * @return a tree of {@link #KINDS} with only its root, slots reused at once.
     */
    static Rstat kinds(final int stripes)
    {
        return Rstat.builder(KINDS).stripes(stripes).slotReuseDelay(Duration.ZERO).build();
    }

    /**
     * @param group of the tree.
     * @param node  to flush.
     * @return the node's subtree total (of column 0) right after a forced flush of it.
     */
    static long flushed(final StatGroup group, final RstatNode node)
    {
        return flushed(group, node, 0);
    }

    /**
     * @param group of the tree.
     * @param node  to flush.
     * @param stat  column to read.
     * @return the node's subtree value of {@code stat} right after a forced flush of it.
     */
    static long flushed(final StatGroup group, final RstatNode node, final int stat)
    {
        group.flush(node);
        return group.subtree(node, stat);
    }
}
