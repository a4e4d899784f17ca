package dev.rstat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NodeLifecycleTest
{
    private final Schema schema = Schema.builder()
        .group("a", g -> g.counter("c"))
        .group("b", g -> g.counter("x").counter("y"))
        .build();

    @Test
    void removingANodeFlushesItsPendingDeltasIntoItsParentInEveryGroup()
    {
        final Rstat rstat = Rstat.builder(schema).stripes(2).build();
        final RstatNode parent = rstat.create(rstat.root(), 2, "p");
        final RstatNode child = rstat.create(parent, 3, "c");
        rstat.group("a").add(1, child, 0, 5);
        rstat.group("b").add(0, child, 1, 9);
        rstat.group("a").add(0, parent, 0, 1);

        rstat.remove(child);

        assertThat(rstat.group("a").subtree(parent, 0)).isZero();
        rstat.group("a").flush(parent);
        rstat.group("b").flush(rstat.root());
        assertThat(rstat.group("a").subtree(parent, 0)).isEqualTo(6);
        assertThat(rstat.group("a").local(parent, 0)).isEqualTo(1);
        assertThat(rstat.group("b").subtree(rstat.root(), 1)).isEqualTo(9);
        assertThat(rstat.group("b").subtree(parent, 0)).isZero();
    }

    @Test
    void removalUnlinksTheNodeSoItsSlotCanBeReusedWithoutLosingItsLastDeltas()
    {
        final Rstat rstat = Rstat.builder(schema).stripes(2).slotReuseDelay(Duration.ZERO).build();
        final StatGroup a = rstat.group("a");
        final RstatNode parent = rstat.create(rstat.root(), 2, "p");
        final RstatNode child = rstat.create(parent, 3, "c");
        a.add(0, child, 0, 5);
        a.add(1, child, 0, 6);

        rstat.remove(child);
        assertThat(a.isUpdated(parent)).as("the parent holds the child's deltas as pending").isTrue();
        final RstatNode reused = rstat.create(parent, 4, "c2");
        assertThat(reused.slot).isEqualTo(child.slot);
        assertThat(a.isUpdated(reused)).isFalse();

        a.flush(rstat.root());
        assertThat(a.subtree(parent, 0)).isEqualTo(11);
        assertThat(a.subtree(reused, 0)).isZero();
        assertThat(a.local(parent, 0)).isZero();
    }

    @Test
    void removingANodeWithLiveChildrenOrTheRootIsAnError()
    {
        final Rstat rstat = Rstat.builder(schema).stripes(1).build();
        final RstatNode parent = rstat.create(rstat.root(), 2, "p");
        rstat.create(parent, 3, "c");

        assertThatThrownBy(() -> rstat.remove(parent))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("liveChildren=1");
        assertThatThrownBy(() -> rstat.remove(rstat.root()))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("root");
        assertThat(parent.isRemoved()).isFalse();
    }

    @Test
    void staleHandleThrowsAndNeverTouchesTheNodeThatReusesItsSlot()
    {
        final Rstat rstat = Rstat.builder(schema).stripes(2).slotReuseDelay(Duration.ZERO).build();
        final StatGroup a = rstat.group("a");
        final RstatNode old = rstat.create(rstat.root(), 2, "old");
        a.add(0, old, 0, 100);
        rstat.remove(old);

        final RstatNode reused = rstat.create(rstat.root(), 3, "new");
        assertThat(reused.slot).as("slot reused").isEqualTo(old.slot);

        assertThatThrownBy(() -> a.add(0, old, 0, 1)).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("stale");
        assertThatThrownBy(() -> a.flush(old)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> a.subtree(old, 0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> rstat.remove(old)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> rstat.create(old, 4, "orphan")).isInstanceOf(IllegalStateException.class);

        a.add(1, reused, 0, 7);
        a.flush(rstat.root());
        assertThat(a.subtree(reused, 0)).isEqualTo(7);
        assertThat(a.local(reused, 0)).isEqualTo(7);
        assertThat(a.subtree(rstat.root(), 0)).isEqualTo(107);
    }

    @Test
    void slotsAreNotReusedBeforeTheDelayOrEverWhenReuseIsOff()
    {
        final Rstat delayed = Rstat.builder(schema).stripes(1).slotReuseDelay(Duration.ofHours(1)).build();
        final RstatNode first = delayed.create(delayed.root(), 2, "a");
        delayed.remove(first);
        assertThat(delayed.create(delayed.root(), 3, "b").slot).isNotEqualTo(first.slot);

        final Rstat never = Rstat.builder(schema).stripes(1).slotReuseDelay(null).build();
        final RstatNode gone = never.create(never.root(), 2, "a");
        never.remove(gone);
        assertThat(never.create(never.root(), 3, "b").slot).isNotEqualTo(gone.slot);
    }

    @Test
    void rejectsForeignHandlesBadIndexesAndNegativeCounterDeltas()
    {
        final Rstat one = Rstat.builder(schema).stripes(2).build();
        final Rstat other = Rstat.builder(schema).stripes(2).build();
        final RstatNode foreign = other.create(other.root(), 2, "x");
        final StatGroup a = one.group("a");

        assertThatThrownBy(() -> a.add(0, foreign, 0, 1)).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("foreign");
        assertThatThrownBy(() -> one.create(foreign, 3, "y")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> a.add(2, one.root(), 0, 1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> a.add(0, one.root(), 1, 1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> a.add(one.root(), 0, -1))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("stat=c")
            .hasMessageContaining("delta=-1");
    }

    @Test
    void countersWrapAroundModularly()
    {
        final Rstat rstat = Rstat.builder(schema).stripes(2).build();
        final StatGroup a = rstat.group("a");
        final RstatNode n = rstat.create(rstat.root(), 2, "n");
        a.add(0, n, 0, Long.MAX_VALUE);
        a.flush(rstat.root());
        a.add(0, n, 0, Long.MAX_VALUE);
        a.add(1, n, 0, 5);
        a.flush(rstat.root());

        // (2^63 - 1) + (2^63 - 1) + 5 = 2^64 + 3, which is 3 modulo 2^64, as an unsigned u64 counter wraps
        assertThat(a.subtree(rstat.root(), 0)).isEqualTo(3);
        assertThat(a.local(n, 0)).isEqualTo(3);
    }

    @Test
    void groupsMayDeclareMoreThanSixtyFourStats()
    {
        final Schema wide = Schema.builder().group("wide", g ->
        {
            for (int i = 0; i < 99; i++)
            {
                g.counter("c" + i);
            }
            g.gauge("level");
        }).build();
        final Rstat rstat = Rstat.builder(wide).stripes(2).build();
        final StatGroup group = rstat.group("wide");
        final RstatNode n = rstat.create(rstat.root(), 2, "n");

        group.add(1, n, 70, 5);
        group.add(0, n, 99, -3);
        assertThatThrownBy(() -> group.add(0, n, 70, -1)).hasMessageContaining("stat=c70");
        group.flush(rstat.root());

        assertThat(group.subtree(rstat.root(), 70)).isEqualTo(5);
        assertThat(group.subtree(rstat.root(), 99)).isEqualTo(-3);
    }
}
