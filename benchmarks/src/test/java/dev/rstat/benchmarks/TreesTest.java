package dev.rstat.benchmarks;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import dev.rstat.Rstat;
import dev.rstat.RstatNode;

import static org.assertj.core.api.Assertions.assertThat;

class TreesTest
{
    @Test
    void fanoutTenThousandNodeTreeHasNineHundredLeavesAtDepthTwoOrThree()
    {
        final int[] leaves = Trees.leaves(1000, 10);

        assertThat(leaves).hasSize(900);
        assertThat(leaves[0]).isEqualTo(100);
        assertThat(leaves[leaves.length - 1]).isEqualTo(999);
        assertThat(Trees.isLeaf(99, 1000, 10)).isFalse();
        assertThat(Trees.depthOf(99, 10)).isEqualTo(2);
        assertThat(Trees.depthOf(110, 10)).isEqualTo(2);
        assertThat(Trees.depthOf(111, 10)).isEqualTo(3);
        assertThat(Trees.depthOf(999, 10)).isEqualTo(3);
    }

    @Test
    void millionNodeTreesAreSixDeepWithFanoutTenAndThreeDeepWithFanoutHundred()
    {
        assertThat(Trees.depthOf(999_999, 10)).isEqualTo(6);
        assertThat(Trees.depthOf(999_999, 100)).isEqualTo(3);
        assertThat(Trees.leaves(1_000_000, 10)).hasSize(900_000);
        assertThat(Trees.leaves(1_000_000, 100)).hasSize(1_000_000 - 10_000);
    }

    @Test
    void hotSubtreeOfAMillionNodeTreeHasAThousandLeavesUnderNode111()
    {
        final int subtree = Trees.firstAtDepth(3, 10);

        final int[] leaves = Trees.leavesBelow(subtree, 3, 1_000_000, 10);

        assertThat(subtree).isEqualTo(111);
        assertThat(leaves).hasSize(1000);
        assertThat(leaves[0]).isEqualTo(111_111);
        assertThat(leaves[999]).isEqualTo(112_110);
        assertThat(Trees.parentOf(Trees.parentOf(Trees.parentOf(112_110, 10), 10), 10)).isEqualTo(111);
    }

    @Test
    void leavesBelowStopsAtTheEndOfATruncatedTree()
    {
        assertThat(Trees.leavesBelow(0, 3, 1000, 10)).hasSize(889).startsWith(111).endsWith(999);
        assertThat(Trees.leavesBelow(2, 1, 25, 10)).containsExactly(21, 22, 23, 24);
    }

    @Test
    void buildCreatesEachNodeUnderItsBreadthFirstParent()
    {
        final Rstat rstat = Trees.newRstat();

        final RstatNode[] nodes = Trees.build(rstat, 35, 3, i -> "n" + i);

        assertThat(rstat.size()).isEqualTo(35);
        assertThat(nodes[0]).isSameAs(rstat.root());
        assertThat(nodes[1].parent()).isSameAs(nodes[0]);
        assertThat(nodes[3].parent()).isSameAs(nodes[0]);
        assertThat(nodes[4].parent()).isSameAs(nodes[1]);
        assertThat(nodes[34].parent()).isSameAs(nodes[11]);
        assertThat(nodes[34].name()).isEqualTo("n34");
        assertThat(rstat.stripes()).isEqualTo(Trees.STRIPES);
        assertThat(rstat.group(Trees.GROUP).schema().statCount()).isEqualTo(Trees.STATS);
    }

    @Test
    void randomDrawsAreRepeatableLeaves()
    {
        final int[] leaves = Trees.leaves(1000, 10);

        final int[] draws = Trees.randomDraws(leaves, 10_000, 42L);

        assertThat(draws).isEqualTo(Trees.randomDraws(leaves, 10_000, 42L));
        assertThat(Arrays.stream(draws).allMatch(i -> Trees.isLeaf(i, 1000, 10))).isTrue();
        assertThat(Arrays.stream(draws).distinct().count()).isGreaterThan(800);
    }
}
