package dev.rstat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kernel's worked example from cgroup_rstat_push_children: P:{C1:{G11,G12},C2:{G21,G22}}.
 */
class KernelWorkedExampleTest
{
    private final Schema schema = Schema.builder().group("g", g -> g.counter("events")).build();
    private final Rstat rstat = Rstat.builder(schema).stripes(4).build();
    private final StatGroup group = rstat.group("g");
    private final RstatNode p = rstat.create(rstat.root(), 10, "P");
    private final RstatNode c1 = rstat.create(p, 11, "C1");
    private final RstatNode c2 = rstat.create(p, 12, "C2");
    private final RstatNode g11 = rstat.create(c1, 111, "G11");
    private final RstatNode g12 = rstat.create(c1, 112, "G12");
    private final RstatNode g21 = rstat.create(c2, 121, "G21");
    private final RstatNode g22 = rstat.create(c2, 122, "G22");

    @Test
    void flushVisitsEveryChildBeforeItsParentAndTheFlushedNodeLast()
    {
        for (final RstatNode leaf : List.of(g11, g12, g21, g22))
        {
            group.add(0, leaf, 0, 1);
        }
        final List<RstatNode> order = new ArrayList<>();
        group.subscribe((node, parent, stripe) -> order.add(node));

        group.flush(p);

        assertThat(order).containsExactlyInAnyOrder(g11, g12, g21, g22, c1, c2, p);
        for (final RstatNode node : order)
        {
            if (node != p)
            {
                assertThat(order.indexOf(node)).isLessThan(order.indexOf(node.parent()));
            }
        }
        assertThat(order.get(order.size() - 1)).isEqualTo(p);
        assertThat(group.subtree(p, 0)).isEqualTo(4);
        assertThat(group.subtree(c1, 0)).isEqualTo(2);
        assertThat(group.local(g21, 0)).isEqualTo(1);
        assertThat(group.local(p, 0)).isZero();
    }

    @Test
    void partialFlushLeavesParentDirtyAndLaterFlushAppliesEachDeltaOnce()
    {
        group.add(3, g11, 0, 5);
        group.add(1, g12, 0, 7);
        group.add(2, g21, 0, 11);

        group.flush(c1);

        assertThat(group.subtree(c1, 0)).isEqualTo(12);
        assertThat(group.subtree(p, 0)).isZero();
        assertThat(group.isUpdated(c1)).isFalse();
        assertThat(group.isUpdated(p)).isTrue();
        assertThat(group.isUpdatedOn(3, p)).isTrue();
        assertThat(group.isUpdatedOn(2, c2)).isTrue();

        group.flush(p);
        assertThat(group.subtree(p, 0)).isEqualTo(23);
        assertThat(group.subtree(c2, 0)).isEqualTo(11);

        group.flush(p);
        group.flush(rstat.root());
        group.flush(rstat.root());
        assertThat(group.subtree(p, 0)).isEqualTo(23);
        assertThat(group.subtree(rstat.root(), 0)).isEqualTo(23);
        assertThat(group.local(rstat.root(), 0)).isZero();
    }
}
