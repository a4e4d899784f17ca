package dev.rstat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NodeListingTest
{
    @Test
    void listsExactlyTheLiveNodesAcrossRemovalAndSlotReuse()
    {
        final Rstat rstat = Rstat.builder(Schema.builder().group("g", g -> g.counter("c")).build())
            .slotReuseDelay(Duration.ZERO).build();
        final RstatNode a = rstat.create(rstat.root(), 2, "a");
        final RstatNode b = rstat.create(a, 3, "b");
        assertThat(rstat.nodes()).containsExactlyInAnyOrder(rstat.root(), a, b);

        rstat.remove(b);
        assertThat(rstat.contains(b)).isFalse();
        assertThat(rstat.nodes()).containsExactlyInAnyOrder(rstat.root(), a);

        final RstatNode c = rstat.create(rstat.root(), 4, "c");
        assertThat(c.slot).as("the freed slot is reused").isEqualTo(b.slot);
        assertThat(rstat.nodes()).containsExactlyInAnyOrder(rstat.root(), a, c).doesNotContain(b);
        assertThat(rstat.contains(c)).isTrue();
    }
}
