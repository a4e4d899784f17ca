package dev.rstat;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NodeIncarnationTest
{
    private final Schema schema = Schema.builder().group("a", g -> g.counter("c")).build();

    @Test
    void aNodeRecreatedUnderTheSameIdAndNameInTheSameReusedSlotHasANewIncarnation()
    {
        final Rstat rstat = Rstat.builder(schema).stripes(1).slotReuseDelay(Duration.ZERO).build();
        final RstatNode first = rstat.create(rstat.root(), 7, "tenant");
        rstat.remove(first);

        final RstatNode second = rstat.create(rstat.root(), 7, "tenant");

        assertThat(second.slot).as("the removed node's slot was reused").isEqualTo(first.slot);
        assertThat(second.id()).isEqualTo(first.id());
        assertThat(second.name()).isEqualTo(first.name());
        assertThat(second.incarnation()).isNotEqualTo(first.incarnation());
        assertThat(first.incarnation()).as("a removed handle keeps the incarnation it had").isPositive();
    }

    @Test
    void incarnationsAreNeverRepeatedInATreeAndGrowInCreationOrder()
    {
        final Rstat rstat = Rstat.builder(schema).stripes(1).slotReuseDelay(Duration.ZERO).build();
        final Set<Long> seen = new HashSet<>();
        seen.add(rstat.root().incarnation());
        long previous = rstat.root().incarnation();
        for (int round = 0; round < 50; round++)
        {
            final RstatNode parent = rstat.create(rstat.root(), round, "p");
            final RstatNode child = rstat.create(parent, round, "c");
            assertThat(parent.incarnation()).isGreaterThan(previous);
            assertThat(child.incarnation()).isGreaterThan(parent.incarnation());
            previous = child.incarnation();
            assertThat(seen.add(parent.incarnation())).isTrue();
            assertThat(seen.add(child.incarnation())).isTrue();
            rstat.remove(child);
            rstat.remove(parent);
        }
        assertThat(seen).hasSize(101);
        assertThat(rstat.root().incarnation()).isEqualTo(1);
    }
}
