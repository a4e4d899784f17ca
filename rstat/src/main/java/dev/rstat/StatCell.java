package dev.rstat;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One statistic of one node, bound once for repeated writes: {@link StatGroup#cell(RstatNode, int)}. Writes through a
 * cell are {@link StatGroup#add(RstatNode, int, long)} without finding the cell again: the cell keeps the node's
 * chunk arrays (one per stripe) and its index in them, so a write is one load away from its compare-and-set, as a
 * {@code LongAdder.add} is. Semantics, checks and the concurrency contract are exactly those of
 * {@link StatGroup#add(RstatNode, int, long)} and {@link StatGroup#add(int, RstatNode, int, long)}: a cell of a
 * removed node throws on every write.
 * <p>
 * <b>Why a bound cell</b>: the group's own {@code add} starts from a node handle and a statistic index, so it must
 * read the handle's slot and the chunk directory before it knows where the cell is: two dependent loads that a
 * {@code LongAdder} does not have, because a {@code LongAdder} is already bound to one counter. A handle cannot cache
 * the arrays itself without growing every node by 8 bytes; a cell costs its 48 bytes (plus one reference per stripe)
 * only where a caller binds one. Like a {@code LongAdder}, a cell writes stripe 0 with its sticky {@code add} until it
 * first sees two writers collide there, and spreads over the stripes after that.
 */
public final class StatCell
{
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

    private final StatGroup group;
    private final Rstat tree;
    private final RstatNode node;
    private final long[] stripe0;
    private final long[][] stripes;
    private final int link;
    private final int cell;
    private final boolean counter;
    private final boolean threshold;
    /**
     * Whether sticky writes through this cell spread over the stripes: false until a compare-and-set on stripe 0
     * fails, as {@code LongAdder} writes its base until it sees contention on it. Written racily (any value is safe).
     */
    private boolean striped;

    StatCell(final StatGroup group, final Rstat tree, final RstatNode node, final long[][] stripes, final int link,
        final int stat, final boolean counter, final boolean threshold)
    {
        this.threshold = threshold;
        this.group = group;
        this.tree = tree;
        this.node = node;
        this.stripe0 = stripes[0];
        this.stripes = stripes;
        this.link = link;
        this.cell = link + StatGroup.CELLS + stat;
        this.counter = counter;
    }

    /**
     * @return the node this cell belongs to.
     */
    public RstatNode node()
    {
        return node;
    }

    /**
     * Adds {@code delta} on the calling thread's sticky stripe, as {@link StatGroup#add(RstatNode, int, long)}.
     *
     * @param delta to add; must not be negative for a {@link StatKind#COUNTER}.
     */
    public void add(final long delta)
    {
        check(delta);
        final int stripe;
        final long[] block;
        if (!striped)
        {
            stripe = 0;
            block = stripe0;
            if (!StatGroup.casAdd(block, cell, delta))
            {
                striped = stripes.length > 1;
            }
        }
        else
        {
            final int bucket = StripeProbe.bucket(Thread.currentThread());
            final int probe = StripeProbe.probe(bucket);
            stripe = StripeProbe.stripeOf(probe, stripes.length);
            block = stripes[stripe];
            if (!StatGroup.casAdd(block, cell, delta))
            {
                StripeProbe.contended(bucket, probe);
            }
        }
        afterWrite(stripe, block, delta);
    }

    /**
     * Adds {@code delta} on an explicit stripe, as {@link StatGroup#add(int, RstatNode, int, long)}.
     *
     * @param stripe in {@code [0, stripes())}.
     * @param delta  to add; must not be negative for a {@link StatKind#COUNTER}.
     */
    public void add(final int stripe, final long delta)
    {
        check(delta);
        final long[] block = stripes[stripe];
        LONGS.getAndAdd(block, cell, delta);
        afterWrite(stripe, block, delta);
    }

    private void afterWrite(final int stripe, final long[] block, final long delta)
    {
        if ((int)(long)LONGS.getVolatile(block, link) == StatGroup.NONE)
        {
            group.queue(stripe, node);
        }
        if (threshold)
        {
            group.countUnits(stripe, delta);
        }
    }

    private void check(final long delta)
    {
        if (node.owner != tree)
        {
            throw new IllegalStateException("cell of a removed node: group=" + group.name() + " node=" + node);
        }
        if (delta < 0 && counter)
        {
            throw new IllegalArgumentException("negative delta for a counter: group=" + group.name() +
                " stat=" + group.schema().statName(cell - link - StatGroup.CELLS) + " delta=" + delta +
                " node=" + node.id());
        }
    }
}
