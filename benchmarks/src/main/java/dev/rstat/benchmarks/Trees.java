package dev.rstat.benchmarks;

import java.util.SplittableRandom;
import java.util.function.IntFunction;

import dev.rstat.Rstat;
import dev.rstat.RstatNode;
import dev.rstat.Schema;

/**
 * The trees every benchmark uses: one stat group of {@value #STATS} counters, {@value #STRIPES} stripes, and nodes
 * numbered in breadth-first creation order with a fixed fanout, so node {@code i > 0} has parent
 * {@code (i - 1) / fanout} and every parent is numbered before its children.
 * <pre>
 *   fanout 10:    0
 *              /  |  \
 *             1   2 .. 10
 *            /|\
 *          11 .. 20  ...    1,000 nodes: depth 3;  1,000,000 nodes: depth 6
 *   fanout 100 at 1,000,000 nodes: depth 3 (a wide, cgroup-like shape)
 * </pre>
 */
public final class Trees
{
    /** Stripes of every benchmark tree: the machine's 2 cores, and the memory target's 2 stripes. */
    public static final int STRIPES = 2;
    /** Counters in the benchmark stat group, as in the memory target. */
    public static final int STATS = 4;
    /** Name of the benchmark stat group. */
    public static final String GROUP = "g";

    private Trees()
    {
    }

    /**
     * @return a schema with one group of {@value #STATS} counters.
     */
    public static Schema schema()
    {
        return Schema.builder()
            .group(GROUP, g -> g.counter("c0").counter("c1").counter("c2").counter("c3"))
            .build();
    }

    /**
     * @return an empty tree (just the root) with {@value #STRIPES} stripes and the default flush policy.
     */
    public static Rstat newRstat()
    {
        return Rstat.builder(schema()).stripes(STRIPES).build();
    }

    /**
     * @param node   index of a non-root node.
     * @param fanout of the tree.
     * @return the index of its parent.
     */
    public static int parentOf(final int node, final int fanout)
    {
        return (node - 1) / fanout;
    }

    /**
     * @param node   index of a node.
     * @param nodes  in the tree.
     * @param fanout of the tree.
     * @return whether the node has no children.
     */
    public static boolean isLeaf(final int node, final int nodes, final int fanout)
    {
        return (long)node * fanout + 1 >= nodes;
    }

    /**
     * @param node   index of a node.
     * @param fanout of the tree.
     * @return the number of edges from the root to the node.
     */
    public static int depthOf(final int node, final int fanout)
    {
        int depth = 0;
        for (int n = node; n > 0; n = parentOf(n, fanout))
        {
            depth++;
        }
        return depth;
    }

    /**
     * Creates {@code nodes - 1} nodes under the root of {@code rstat}, breadth first.
     *
     * @param rstat  an empty tree.
     * @param nodes  in the tree, the root included.
     * @param fanout of the tree.
     * @param names  the name of node {@code i}.
     * @return the handles, index 0 being the root.
     */
    public static RstatNode[] build(final Rstat rstat, final int nodes, final int fanout,
        final IntFunction<String> names)
    {
        final RstatNode[] handles = new RstatNode[nodes];
        handles[0] = rstat.root();
        for (int i = 1; i < nodes; i++)
        {
            handles[i] = rstat.create(handles[parentOf(i, fanout)], i, names.apply(i));
        }
        return handles;
    }

    /**
     * @param nodes  in the tree.
     * @param fanout of the tree.
     * @return the indices of all leaves, ascending.
     */
    public static int[] leaves(final int nodes, final int fanout)
    {
        int first = nodes - 1;
        while (first > 0 && isLeaf(first - 1, nodes, fanout))
        {
            first--;
        }
        final int[] leaves = new int[nodes - first];
        for (int i = 0; i < leaves.length; i++)
        {
            leaves[i] = first + i;
        }
        return leaves;
    }

    /**
     * @param root   index of a subtree's root.
     * @param levels below {@code root} to descend.
     * @param nodes  in the tree.
     * @param fanout of the tree.
     * @return the leaves among {@code root}'s descendants exactly {@code levels} below it, ascending.
     */
    public static int[] leavesBelow(final int root, final int levels, final int nodes, final int fanout)
    {
        long lo = root;
        long hi = root;
        for (int level = 0; level < levels; level++)
        {
            lo = lo * fanout + 1;
            hi = Math.min(hi * fanout + fanout, nodes - 1L);
        }
        int count = 0;
        for (long i = lo; i <= hi; i++)
        {
            count += isLeaf((int)i, nodes, fanout) ? 1 : 0;
        }
        final int[] leaves = new int[count];
        int k = 0;
        for (long i = lo; i <= hi; i++)
        {
            if (isLeaf((int)i, nodes, fanout))
            {
                leaves[k++] = (int)i;
            }
        }
        return leaves;
    }

    /**
     * @param depth  wanted.
     * @param fanout of the tree.
     * @return the index of the first node at that depth.
     */
    public static int firstAtDepth(final int depth, final int fanout)
    {
        int first = 0;
        for (int d = 0; d < depth; d++)
        {
            first = first * fanout + 1;
        }
        return first;
    }

    /**
     * @param leaves to draw from.
     * @param count  of draws.
     * @param seed   of the generator, so every run draws the same sequence.
     * @return {@code count} leaves drawn uniformly with replacement.
     */
    public static int[] randomDraws(final int[] leaves, final int count, final long seed)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final int[] draws = new int[count];
        for (int i = 0; i < count; i++)
        {
            draws[i] = leaves[random.nextInt(leaves.length)];
        }
        return draws;
    }
}
