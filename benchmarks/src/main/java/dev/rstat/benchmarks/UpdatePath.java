package dev.rstat.benchmarks;

import java.util.concurrent.atomic.LongAdder;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import dev.rstat.Rstat;
import dev.rstat.RstatNode;
import dev.rstat.StatCell;
import dev.rstat.StatGroup;

/**
 * The update benchmarks' tree: a chain from the root down to depth {@value #DEPTH - 1}, and two sibling leaves at
 * depth {@value #DEPTH} (8 ancestors each), in the engine and in both baselines (a {@link LongAdder} per node, and an
 * {@link EagerNode} per node), and a bound {@link StatCell} per leaf. Both leaves are linked on both stripes during setup and nobody flushes, so every
 * measured write is the steady state between flushes: the node is already on its stripe's update tree.
 */
@State(Scope.Benchmark)
public class UpdatePath
{
    /** Depth of the written leaves: the number of ancestors eager propagation updates. */
    public static final int DEPTH = 8;
    /** The statistic written. */
    public static final int STAT = 0;

    Rstat rstat;
    StatGroup group;
    final RstatNode[] leaves = new RstatNode[2];
    final StatCell[] cells = new StatCell[2];
    final LongAdder[] adders = new LongAdder[2];
    final EagerNode[] eagerLeaves = new EagerNode[2];

    /**
     * Builds the chain and the two leaves, and links both leaves on every stripe.
     */
    @Setup(Level.Trial)
    public void build()
    {
        rstat = Trees.newRstat();
        group = rstat.group(Trees.GROUP);
        RstatNode node = rstat.root();
        EagerNode eager = new EagerNode(null);
        for (int depth = 1; depth < DEPTH; depth++)
        {
            node = rstat.create(node, depth, "d" + depth);
            eager = new EagerNode(eager);
        }
        for (int i = 0; i < leaves.length; i++)
        {
            leaves[i] = rstat.create(node, DEPTH * 10 + i, "leaf" + i);
            cells[i] = group.cell(leaves[i], STAT);
            adders[i] = new LongAdder();
            eagerLeaves[i] = new EagerNode(eager);
            for (int stripe = 0; stripe < Trees.STRIPES; stripe++)
            {
                group.add(stripe, leaves[i], STAT, 1);
            }
        }
    }

    /**
     * Checks that the measurement really was the linked steady state.
     */
    @TearDown(Level.Trial)
    public void checkStillLinked()
    {
        for (final RstatNode leaf : leaves)
        {
            for (int stripe = 0; stripe < Trees.STRIPES; stripe++)
            {
                if (!group.isUpdatedOn(stripe, leaf))
                {
                    throw new IllegalStateException("leaf was unlinked during the benchmark: leaf=" + leaf +
                        " stripe=" + stripe);
                }
            }
        }
        rstat.close();
    }
}
