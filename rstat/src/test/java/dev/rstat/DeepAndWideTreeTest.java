package dev.rstat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DeepAndWideTreeTest
{
    private final Schema schema = Schema.builder().group("g", g -> g.counter("c").gauge("g")).build();

    @Test
    void handlesTenThousandDeepChainWithoutRecursion()
    {
        final Rstat rstat = Rstat.builder(schema).stripes(2).build();
        final StatGroup group = rstat.group("g");
        final int depth = 10_000;
        final List<RstatNode> chain = new ArrayList<>(depth);
        RstatNode node = rstat.root();
        for (int i = 0; i < depth; i++)
        {
            node = rstat.create(node, i + 2, "d" + i);
            chain.add(node);
        }
        final RstatNode leaf = chain.get(depth - 1);
        final RstatNode middle = chain.get(depth / 2);
        assertThat(leaf.depth()).isEqualTo(depth);

        group.add(0, leaf, 0, 3);
        group.add(1, leaf, 0, 4);
        group.add(1, middle, 1, -2);
        assertThat(group.isUpdatedOn(0, leaf)).as("queued on its stripe").isTrue();
        assertThat(group.isUpdatedOn(0, rstat.root())).as("ancestors join the tree at the next flush").isFalse();

        group.flush(middle);
        assertThat(group.isUpdatedOn(0, rstat.root())).as("linked by that flush, still pending above middle").isTrue();
        assertThat(group.subtree(middle, 0)).isEqualTo(7);
        assertThat(group.subtree(middle, 1)).isEqualTo(-2);
        assertThat(group.subtree(chain.get(0), 0)).isZero();

        group.flush(rstat.root());
        for (int i = 0; i < depth; i++)
        {
            assertThat(group.subtree(chain.get(i), 0)).isEqualTo(7);
        }
        assertThat(group.local(leaf, 0)).isEqualTo(7);
        assertThat(group.local(chain.get(0), 0)).isZero();

        for (int i = depth - 1; i >= 0; i--)
        {
            rstat.remove(chain.get(i));
        }
        group.flush(rstat.root());
        assertThat(group.subtree(rstat.root(), 0)).isEqualTo(7);
        assertThat(rstat.size()).isEqualTo(1);
    }

    @Test
    void flushesHundredThousandSiblingsOneAtATime()
    {
        final Rstat rstat = Rstat.builder(schema).stripes(3).build();
        final StatGroup group = rstat.group("g");
        final RstatNode parent = rstat.create(rstat.root(), 2, "parent");
        final int width = 100_000;
        final RstatNode[] leaves = new RstatNode[width];
        for (int i = 0; i < width; i++)
        {
            leaves[i] = rstat.create(parent, 10 + i, "leaf" + i);
            group.add(i % 3, leaves[i], 0, i);
        }

        for (int i = 0; i < width; i++)
        {
            group.flush(leaves[i]);
            assertThat(group.subtree(leaves[i], 0)).isEqualTo(i);
        }
        assertThat(group.subtree(parent, 0)).isZero();

        group.flush(parent);
        final long expected = (long)width * (width - 1) / 2;
        assertThat(group.subtree(parent, 0)).isEqualTo(expected);
        assertThat(group.local(parent, 0)).isZero();
        group.flush(rstat.root());
        assertThat(group.subtree(rstat.root(), 0)).isEqualTo(expected);
    }

    @Test
    void flushesOnlyTheUpdatedPartOfAWideTree()
    {
        final Rstat rstat = Rstat.builder(schema).stripes(2).build();
        final StatGroup group = rstat.group("g");
        final RstatNode[] leaves = new RstatNode[10_000];
        for (int i = 0; i < leaves.length; i++)
        {
            leaves[i] = rstat.create(rstat.root(), 10 + i, "leaf" + i);
        }
        group.flush(rstat.root());
        final long before = group.nodesFlushedCount();

        group.add(0, leaves[17], 0, 1);
        group.add(1, leaves[4242], 0, 1);
        group.flush(rstat.root());

        assertThat(group.nodesFlushedCount() - before)
            .as("(node, stripe) pairs visited: two leaves plus the root on each of their stripes")
            .isEqualTo(4);
        assertThat(group.subtree(rstat.root(), 0)).isEqualTo(2);
    }
}
