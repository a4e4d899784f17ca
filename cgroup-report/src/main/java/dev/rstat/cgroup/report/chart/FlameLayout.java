package dev.rstat.cgroup.report.chart;

import java.util.Arrays;

/**
 * Where each box of a flame (icicle) chart goes: a tree given in pre-order as parent indexes, one value per node,
 * and for every node the value it is drawn with, its own share and its horizontal extent as fractions of the root's
 * width. A node's box is as wide as its value; its children lie side by side inside it, in the given (sibling)
 * order, from its left edge; the part of the box they leave uncovered is its own share.
 * <p>
 * Values are hierarchical (a node's includes its descendants'). A node without a value is drawn as the sum of its
 * children's; a negative value as 0. When the children add up to more than their parent (live reads are not
 * atomic, so a gauge can move between a child's read and its parent's), the own share is negative: the children are
 * then scaled down together to fit the parent's box and the node is marked {@link #clamped(int) clamped}. Without
 * clamping, every box's width is exactly its value divided by the root's.
 * <p>
 * Computed in three passes over the arrays (no recursion: a 10,000-deep chain is fine). Immutable.
 */
public final class FlameLayout
{
    private final int[] parent;
    private final int[] depth;
    private final int[] end;
    private final double[] drawn;
    private final double[] childSum;
    private final double[] x;
    private final double[] width;
    private final boolean[] clamped;
    private final boolean[] estimated;

    private FlameLayout(final int size)
    {
        parent = new int[size];
        depth = new int[size];
        end = new int[size];
        drawn = new double[size];
        childSum = new double[size];
        x = new double[size];
        width = new double[size];
        clamped = new boolean[size];
        estimated = new boolean[size];
    }

    /**
     * Lays out a tree.
     *
     * @param parents parent index of each node, in pre-order: -1 for node 0 (the root), else an index below the
     *                node's own; a node's descendants follow it contiguously, children in sibling order.
     * @param values  each node's hierarchical value; {@link Double#NaN} for none.
     * @return the layout.
     * @throws IllegalArgumentException if the arrays differ in length, are empty, or the parents are not a tree in
     *                                  pre-order.
     */
    public static FlameLayout of(final int[] parents, final double[] values)
    {
        final int size = parents.length;
        if (size == 0 || values.length != size)
        {
            throw new IllegalArgumentException("need one value per node and at least one node: nodes=" + size +
                " values=" + values.length);
        }
        final FlameLayout layout = new FlameLayout(size);
        layout.check(parents);
        layout.sums(values);
        layout.place();
        return layout;
    }

    private void check(final int[] parents)
    {
        if (parents[0] != -1)
        {
            throw new IllegalArgumentException("node 0 must be the root: parent=" + parents[0]);
        }
        parent[0] = -1;
        // in pre-order, a node's parent is on the path from the root to the node before it: keep that path
        final int[] path = new int[parents.length];
        int top = 0;
        path[0] = 0;
        for (int i = 1; i < parents.length; i++)
        {
            final int p = parents[i];
            if (p < 0 || p >= i)
            {
                throw new IllegalArgumentException("not a tree in pre-order: node=" + i + " parent=" + p);
            }
            while (top >= 0 && path[top] != p)
            {
                top--;
            }
            if (top < 0)
            {
                throw new IllegalArgumentException("not a tree in pre-order: node=" + i + " parent=" + p +
                    " (the parent's subtree ended before the node)");
            }
            path[++top] = i;
            parent[i] = p;
            depth[i] = depth[p] + 1;
        }
        for (int i = parents.length - 1; i >= 0; i--)
        {
            end[i] = Math.max(end[i], i + 1);
            if (i > 0)
            {
                end[parent[i]] = Math.max(end[parent[i]], end[i]);
            }
        }
    }

    /** Children before parents (reverse pre-order): drawn values and children's sums. */
    private void sums(final double[] values)
    {
        for (int i = values.length - 1; i >= 0; i--)
        {
            final double v = values[i];
            estimated[i] = Double.isNaN(v);
            drawn[i] = estimated[i] ? childSum[i] : Math.max(0, v);
            if (!estimated[i] && childSum[i] > drawn[i])
            {
                clamped[i] = true;
            }
            if (i > 0)
            {
                childSum[parent[i]] += drawn[i];
            }
        }
    }

    /** Parents before children (pre-order): extents. */
    private void place()
    {
        final double[] next = new double[x.length];
        x[0] = 0;
        width[0] = drawn[0] > 0 ? 1 : 0;
        for (int i = 1; i < x.length; i++)
        {
            final int p = parent[i];
            final double room = Math.max(drawn[p], childSum[p]);
            width[i] = room > 0 ? width[p] * (drawn[i] / room) : 0;
            x[i] = x[p] + next[p];
            next[p] += width[i];
        }
    }

    /**
     * @return the number of nodes.
     */
    public int size()
    {
        return x.length;
    }

    /**
     * @param node a node.
     * @return its parent, -1 for the root.
     */
    public int parent(final int node)
    {
        return parent[node];
    }

    /**
     * @param node a node.
     * @return its depth below the root (the root is 0).
     */
    public int depth(final int node)
    {
        return depth[node];
    }

    /**
     * @param node a node.
     * @return the index after its subtree: its descendants are {@code node + 1 .. end - 1}.
     */
    public int end(final int node)
    {
        return end[node];
    }

    /**
     * @param node a node.
     * @return the value it is drawn with: its value, 0 for a negative one, its children's sum if it has none.
     */
    public double value(final int node)
    {
        return drawn[node];
    }

    /**
     * @param node a node.
     * @return its own share: its value minus its children's; negative if they add up to more.
     */
    public double own(final int node)
    {
        return drawn[node] - childSum[node];
    }

    /**
     * @param node a node.
     * @return its left edge, as a fraction of the root's width.
     */
    public double x(final int node)
    {
        return x[node];
    }

    /**
     * @param node a node.
     * @return its width, as a fraction of the root's width.
     */
    public double width(final int node)
    {
        return width[node];
    }

    /**
     * @param node a node.
     * @return whether its children add up to more than its value, so they were scaled down to fit its box.
     */
    public boolean clamped(final int node)
    {
        return clamped[node];
    }

    /**
     * @param node a node.
     * @return whether it had no value and is drawn as the sum of its children.
     */
    public boolean estimated(final int node)
    {
        return estimated[node];
    }

    /**
     * @return the depth of the deepest node.
     */
    public int maxDepth()
    {
        return Arrays.stream(depth).max().orElse(0);
    }
}
