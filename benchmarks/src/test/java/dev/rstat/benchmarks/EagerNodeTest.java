package dev.rstat.benchmarks;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EagerNodeTest
{
    @Test
    void chargeAddsToTheNodeAndEveryAncestorButNotToSiblings()
    {
        final EagerNode root = new EagerNode(null);
        final EagerNode parent = new EagerNode(root);
        final EagerNode leaf = new EagerNode(parent);
        final EagerNode sibling = new EagerNode(parent);

        leaf.charge(5);
        sibling.charge(2);

        assertThat(leaf.usage()).isEqualTo(5);
        assertThat(sibling.usage()).isEqualTo(2);
        assertThat(parent.usage()).isEqualTo(7);
        assertThat(root.usage()).isEqualTo(7);
    }
}
