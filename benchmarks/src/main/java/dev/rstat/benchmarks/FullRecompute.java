package dev.rstat.benchmarks;

import java.util.Arrays;

/**
 * Baseline: aggregation without update trees. Per-stripe cells in flat arrays, and on every read a full recompute
 * that sums every node's cells over all stripes and adds each node's total into its parent, bottom-up over the whole
 * tree. Nodes are numbered so that every parent precedes its children ({@link Trees}' breadth-first order), so one
 * backwards sweep over the flat arrays is bottom-up: no recursion, no pointer chasing, sequential memory access.
 * This is the cheapest possible full recompute, which makes "flush beats recompute" a strict comparison.
 * <p>
 * Layout: {@code cells[stripe][node * stats + stat]} and {@code total[node * stats + stat]}. Not thread-safe.
 */
public final class FullRecompute
{
    private final int nodes;
    private final int stats;
    private final int[] parent;
    private final long[][] cells;
    private final long[] total;

    /**
     * @param nodes   in the tree, the root (node 0) included.
     * @param fanout  of the {@link Trees} shape.
     * @param stats   per node.
     * @param stripes per stat.
     */
    public FullRecompute(final int nodes, final int fanout, final int stats, final int stripes)
    {
        this.nodes = nodes;
        this.stats = stats;
        this.parent = new int[nodes];
        parent[0] = -1;
        for (int i = 1; i < nodes; i++)
        {
            parent[i] = Trees.parentOf(i, fanout);
        }
        this.cells = new long[stripes][nodes * stats];
        this.total = new long[nodes * stats];
    }

    /**
     * @param stripe to write to.
     * @param node   index.
     * @param stat   index.
     * @param delta  to add.
     */
    public void add(final int stripe, final int node, final int stat, final long delta)
    {
        cells[stripe][node * stats + stat] += delta;
    }

    /**
     * Recomputes every node's subtree totals from scratch.
     *
     * @return the root's total of stat 0 (so that the work cannot be optimised away).
     */
    public long recompute()
    {
        Arrays.fill(total, 0L);
        final int stripes = cells.length;
        for (int node = nodes - 1; node >= 0; node--)
        {
            final int base = node * stats;
            final int p = parent[node];
            for (int stat = 0; stat < stats; stat++)
            {
                long sum = total[base + stat];
                for (int s = 0; s < stripes; s++)
                {
                    sum += cells[s][base + stat];
                }
                total[base + stat] = sum;
                if (p >= 0)
                {
                    total[p * stats + stat] += sum;
                }
            }
        }
        return total[0];
    }

    /**
     * @param node index.
     * @param stat index.
     * @return the subtree total as of the last {@link #recompute()}.
     */
    public long subtree(final int node, final int stat)
    {
        return total[node * stats + stat];
    }
}
