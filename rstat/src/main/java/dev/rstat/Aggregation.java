package dev.rstat;

/**
 * How a statistic's values merge over a node's subtree (statsfs's {@code stat_aggr}), the node itself included.
 * <ul>
 * <li>{@link #SUM} is carried by deltas: a flush adds what changed below a node to it, so a removed node's
 * contribution stays in its ancestors (the kernel's rule for cgroup counters).</li>
 * <li>{@link #MIN}, {@link #MAX}, {@link #AVG} and {@link #COUNT_ZERO} are <em>recomputed</em>: a child's value can
 * go down or its node can go away, so a flushed node recomputes its aggregate from its own value and its live
 * children's aggregates. They range over the live subtree only. Cost: O(children) per flushed node, never
 * O(subtree).</li>
 * </ul>
 */
public enum Aggregation
{
    /** The sum over the subtree, removed descendants' contributions included. */
    SUM(0),
    /** The smallest own value in the live subtree. */
    MIN(2),
    /** The largest own value in the live subtree (for a {@link StatKind#PEAK}: the highest mark ever). */
    MAX(3),
    /** The live subtree's sum of own values over its node count. */
    AVG(1),
    /** How many nodes of the live subtree hold 0 (an idle-node count). */
    COUNT_ZERO(4);

    private final int statsfsCode;

    Aggregation(final int statsfsCode)
    {
        this.statsfsCode = statsfsCode;
    }

    /**
     * @return statsfs's {@code enum stat_aggr} value (SUM 0, AVG 1, MIN 2, MAX 3, COUNT_ZERO 4).
     */
    public int statsfsCode()
    {
        return statsfsCode;
    }

    /**
     * @return whether the aggregate is recomputed from the children's aggregates rather than carried by deltas.
     */
    public boolean isRecomputed()
    {
        return this != SUM;
    }
}
