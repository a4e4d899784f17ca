package dev.rstat.benchmarks;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import dev.rstat.Rstat;
import dev.rstat.RstatNode;
import dev.rstat.StatGroup;

import static org.assertj.core.api.Assertions.assertThat;

class FullRecomputeTest
{
    @Test
    void sumsStripesAndChildrenIntoEverySubtreeTotal()
    {
        // 0 -> {1, 2}, 1 -> {3, 4}, 2 -> {5, 6}
        final FullRecompute tree = new FullRecompute(7, 2, 1, 2);
        tree.add(0, 3, 0, 5);
        tree.add(1, 3, 0, 1);
        tree.add(1, 4, 0, 7);
        tree.add(0, 2, 0, 100);
        tree.add(0, 6, 0, 1000);

        final long root = tree.recompute();

        assertThat(root).isEqualTo(1113);
        assertThat(tree.subtree(1, 0)).isEqualTo(13);
        assertThat(tree.subtree(2, 0)).isEqualTo(1100);
        assertThat(tree.subtree(3, 0)).isEqualTo(6);
        assertThat(tree.subtree(5, 0)).isZero();
    }

    @Test
    void recomputingTwiceGivesTheSameTotals()
    {
        final FullRecompute tree = new FullRecompute(7, 2, 1, 1);
        tree.add(0, 6, 0, 3);

        assertThat(tree.recompute()).isEqualTo(3);
        assertThat(tree.recompute()).isEqualTo(3);
        assertThat(tree.subtree(2, 0)).isEqualTo(3);
    }

    @Test
    void agreesWithTheEngineAfterRandomWritesOnEveryStripe()
    {
        final int nodes = 500;
        final int fanout = 4;
        final Rstat rstat = Trees.newRstat();
        final StatGroup group = rstat.group(Trees.GROUP);
        final RstatNode[] handles = Trees.build(rstat, nodes, fanout, i -> "n" + i);
        final FullRecompute baseline = new FullRecompute(nodes, fanout, Trees.STATS, Trees.STRIPES);
        final SplittableRandom random = new SplittableRandom(3L);
        for (int i = 0; i < 5_000; i++)
        {
            final int node = random.nextInt(nodes);
            final int stat = random.nextInt(Trees.STATS);
            final int stripe = random.nextInt(Trees.STRIPES);
            final long delta = random.nextInt(100);
            group.add(stripe, handles[node], stat, delta);
            baseline.add(stripe, node, stat, delta);
        }

        group.flush(rstat.root());
        baseline.recompute();

        for (int node = 0; node < nodes; node++)
        {
            for (int stat = 0; stat < Trees.STATS; stat++)
            {
                assertThat(baseline.subtree(node, stat)).as("node %d stat %d", node, stat)
                    .isEqualTo(group.subtree(handles[node], stat));
            }
        }
    }
}
