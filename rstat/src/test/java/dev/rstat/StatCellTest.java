package dev.rstat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StatCellTest
{
    private final Schema schema = Schema.builder().group("g", g -> g.counter("count").gauge("level")).build();
    private final Rstat rstat = Rstat.builder(schema).stripes(3).slotReuseDelay(Duration.ZERO).build();
    private final StatGroup group = rstat.group("g");

    @Test
    void aCellWritesTheSameCellsAsTheGroupAndQueuesItsNode()
    {
        final RstatNode app = rstat.create(rstat.root(), 2, "app");
        final RstatNode leaf = rstat.create(app, 3, "leaf");
        final StatCell count = group.cell(leaf, 0);
        final StatCell level = group.cell(leaf, 1);

        count.add(5);
        count.add(2, 7);
        group.add(1, leaf, 0, 100);
        level.add(-3);
        assertThat(group.isUpdated(leaf)).isTrue();
        group.flush(rstat.root());

        assertThat(group.subtree(rstat.root(), 0)).isEqualTo(112);
        assertThat(group.local(leaf, 0)).isEqualTo(112);
        assertThat(group.subtree(app, 1)).isEqualTo(-3);
        assertThat(count.node()).isSameAs(leaf);

        count.add(1);
        group.flush(app);
        assertThat(group.subtree(app, 0)).isEqualTo(113);
        assertThat(group.subtree(rstat.root(), 0)).as("the root is still pending").isEqualTo(112);
    }

    @Test
    void aCellChecksLikeTheGroupAndDiesWithItsNode()
    {
        final RstatNode leaf = rstat.create(rstat.root(), 2, "leaf");
        final StatCell count = group.cell(leaf, 0);
        count.add(4);

        assertThatThrownBy(() -> count.add(-1)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("stat=count").hasMessageContaining("delta=-1");
        assertThatThrownBy(() -> count.add(3, 1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> group.cell(leaf, 2)).isInstanceOf(IndexOutOfBoundsException.class);

        rstat.remove(leaf);
        final RstatNode reused = rstat.create(rstat.root(), 3, "reused");
        assertThat(reused.slot).isEqualTo(leaf.slot);
        assertThatThrownBy(() -> count.add(1)).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("removed");
        assertThatThrownBy(() -> group.cell(leaf, 0)).isInstanceOf(IllegalStateException.class);
        group.flush(rstat.root());
        assertThat(group.subtree(rstat.root(), 0)).isEqualTo(4);
        assertThat(group.subtree(reused, 0)).isZero();
    }
}
