package dev.rstat.benchmarks;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import dev.rstat.Rstat;
import dev.rstat.RstatNode;
import dev.rstat.StatGroup;

/**
 * A {@link Trees} tree of {@code nodes} nodes and {@code fanout}, and a fixed pseudo-random sequence of leaves to
 * write: {@link #addHundred()} adds 1 to the next {@value #UPDATES} leaves of the sequence on the calling thread's
 * stripe. The sequence is long enough ({@value #DRAWS} draws) that at 1M nodes the written leaves are cold in cache,
 * as they would be between two flushes of a real tree.
 */
@State(Scope.Benchmark)
public class UpdatedTree
{
    /** Leaves updated between two flushes. */
    public static final int UPDATES = 100;
    /** Length of the leaf sequence (a power of two). */
    public static final int DRAWS = 1 << 20;

    /** Nodes in the tree, the root included. */
    @Param({"1000", "1000000"})
    public int nodes;

    /** Children per inner node: 10 gives depth 3 at 1k and depth 6 at 1M; 100 gives depth 3 at 1M. */
    @Param({"10"})
    public int fanout;

    /**
     * Which leaves are drawn: {@code all} leaves of the tree, or ({@code hot1k}, a control experiment) only the
     * 1,000 leaves under the first node 3 levels above the deepest level, so that the flushed nodes' data stays in
     * cache however big the tree is.
     */
    @Param({"all"})
    public String leaves;

    Rstat rstat;
    StatGroup group;
    RstatNode root;
    private RstatNode[] draws;
    private int cursor;

    /**
     * Builds the tree and the leaf sequence.
     */
    @Setup(Level.Trial)
    public void build()
    {
        rstat = Trees.newRstat();
        group = rstat.group(Trees.GROUP);
        root = rstat.root();
        final RstatNode[] handles = Trees.build(rstat, nodes, fanout, i -> "n" + i);
        final int[] candidates;
        if ("all".equals(leaves))
        {
            candidates = Trees.leaves(nodes, fanout);
        }
        else if ("hot1k".equals(leaves))
        {
            final int levels = 3;
            final int subtree = Trees.firstAtDepth(Trees.depthOf(nodes - 1, fanout) - levels, fanout);
            candidates = Trees.leavesBelow(subtree, levels, nodes, fanout);
        }
        else
        {
            throw new IllegalArgumentException("unknown leaves parameter: leaves=" + leaves);
        }
        final int[] drawn = Trees.randomDraws(candidates, DRAWS, 42L);
        draws = new RstatNode[DRAWS];
        for (int i = 0; i < DRAWS; i++)
        {
            draws[i] = handles[drawn[i]];
        }
    }

    /**
     * Adds 1 to stat 0 of the next {@value #UPDATES} leaves of the sequence.
     */
    public void addHundred()
    {
        int c = cursor;
        for (int i = 0; i < UPDATES; i++)
        {
            group.add(draws[c], 0, 1);
            c = (c + 1) & (DRAWS - 1);
        }
        cursor = c;
    }

    /**
     * Stops the tree's background work, if any.
     */
    @TearDown(Level.Trial)
    public void close()
    {
        rstat.close();
    }
}
