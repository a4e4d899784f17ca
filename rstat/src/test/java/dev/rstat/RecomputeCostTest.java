package dev.rstat;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cost of recomputed aggregates: a flush reads the live children of the nodes it flushed, never the tree.
 */
class RecomputeCostTest
{
    private static final Schema SCHEMA = Schema.builder().group("g", g -> g
        .stat("level", s -> s.gauge().aggregate(Aggregation.MAX, Aggregation.MIN, Aggregation.AVG,
            Aggregation.COUNT_ZERO))).build();

    @Test
    void aFlushAfterOneLeafChangedReadsOnlyTheChildrenOfTheFlushedPath()
    {
        final Rstat rstat = Rstat.builder(SCHEMA).stripes(2).build();
        final StatGroup g = rstat.group("g");
        final RstatNode[] apps = new RstatNode[100];
        RstatNode leaf = null;
        for (int a = 0; a < apps.length; a++)
        {
            apps[a] = rstat.create(rstat.root(), a, "app" + a);
            for (int l = 0; l < 100; l++)
            {
                leaf = rstat.create(apps[a], a * 1000L + l, "leaf" + l);
            }
        }
        g.flush(rstat.root());
        assertThat(g.nodeCount(rstat.root())).isEqualTo(1 + 100 + 100 * 100);
        final long recomputedBefore = g.recomputedCount();
        final long visitedBefore = g.childrenVisitedCount();

        g.add(leaf, 0, 7);
        g.flush(rstat.root());

        assertThat(g.recomputedCount() - recomputedBefore).as("leaf, its app, the root").isEqualTo(3);
        assertThat(g.childrenVisitedCount() - visitedBefore).as("the app's 100 leaves and the root's 100 apps")
            .isEqualTo(200);
        assertThat(g.aggregate(rstat.root(), 0, Aggregation.MAX)).isEqualTo(7);
        assertThat(g.aggregate(rstat.root(), 0, Aggregation.COUNT_ZERO)).isEqualTo(10_100);

        final long idle = g.childrenVisitedCount();
        g.flush(rstat.root());
        assertThat(g.childrenVisitedCount()).as("nothing changed: nothing read").isEqualTo(idle);
    }

    @Test
    void aTenThousandDeepChainAggregatesWithoutRecursion()
    {
        final Rstat rstat = Rstat.builder(SCHEMA).stripes(1).build();
        final StatGroup g = rstat.group("g");
        RstatNode n = rstat.root();
        for (int depth = 1; depth <= 10_000; depth++)
        {
            n = rstat.create(n, depth, "d" + depth);
            g.add(n, 0, depth % 3 == 0 ? 0 : -depth);
        }
        g.flush(rstat.root());

        assertThat(g.nodeCount(rstat.root())).isEqualTo(10_001);
        assertThat(g.aggregate(rstat.root(), 0, Aggregation.MIN)).isEqualTo(-10_000);
        assertThat(g.aggregate(rstat.root(), 0, Aggregation.MAX)).isZero();
        assertThat(g.aggregate(rstat.root(), 0, Aggregation.COUNT_ZERO)).isEqualTo(1 + 3_333);
        rstat.remove(n);
        g.flush(rstat.root());
        assertThat(g.nodeCount(rstat.root())).isEqualTo(10_000);
        assertThat(g.aggregate(rstat.root(), 0, Aggregation.MIN)).as("the deepest node left").isEqualTo(-9_998);
    }
}
