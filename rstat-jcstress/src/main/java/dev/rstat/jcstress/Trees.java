package dev.rstat.jcstress;

import java.time.Duration;

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
     * @param group of the tree.
     * @param node  to flush.
     * @return the node's subtree total right after a forced flush of it.
     */
    static long flushed(final StatGroup group, final RstatNode node)
    {
        group.flush(node);
        return group.subtree(node, 0);
    }
}
