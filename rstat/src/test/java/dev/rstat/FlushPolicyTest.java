package dev.rstat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FlushPolicyTest
{
    private final Schema schema = Schema.builder().group("g", g -> g.counter("c").gauge("level")).build();

    @Test
    void readSkipsTheFlushBelowBatchTimesStripesUntilThePeriodPasses()
    {
        final Rstat rstat = Rstat.builder(schema).stripes(2)
            .flushPolicy(FlushPolicy.threshold(10, Duration.ofHours(1))).build();
        final StatGroup group = rstat.group("g");
        final RstatNode leaf = rstat.create(rstat.root(), 2, "leaf");

        group.add(0, leaf, 0, 12);
        group.add(1, leaf, 1, -7);
        assertThat(group.read(rstat.root(), 0)).as("19 units pending < 10 x 2 stripes: stale").isZero();
        assertThat(group.skippedFlushCount()).isEqualTo(1);

        group.add(1, leaf, 0, 1);
        assertThat(group.read(rstat.root(), 0)).as("20 units: flushes").isEqualTo(13);
        assertThat(group.subtree(rstat.root(), 1)).isEqualTo(-7);

        group.add(0, leaf, 0, 1);
        assertThat(group.read(rstat.root(), 0)).as("the root flush reset the pending units").isEqualTo(13);
        group.flush(rstat.root());
        assertThat(group.read(rstat.root(), 0)).as("a forced flush is exact").isEqualTo(14);
    }

    @Test
    void readFlushesAnywayOnceTheLastRootFlushIsOlderThanThePeriod() throws InterruptedException
    {
        final Rstat rstat = Rstat.builder(schema).stripes(1)
            .flushPolicy(FlushPolicy.threshold(1_000_000, Duration.ofMillis(20))).build();
        final StatGroup group = rstat.group("g");
        final RstatNode leaf = rstat.create(rstat.root(), 2, "leaf");
        group.flush(rstat.root());
        group.add(leaf, 0, 1);

        Thread.sleep(40);

        assertThat(group.read(leaf, 0)).isEqualTo(1);
    }

    @Test
    void periodicFlushKeepsValuesFreshWithoutReaders() throws InterruptedException
    {
        try (Rstat rstat = Rstat.builder(schema).stripes(2)
            .flushPolicy(FlushPolicy.threshold(1_000_000, Duration.ofHours(1)).withPeriodicFlush(Duration.ofMillis(5)))
            .build())
        {
            final StatGroup group = rstat.group("g");
            final RstatNode leaf = rstat.create(rstat.root(), 2, "leaf");
            group.add(leaf, 0, 42);
            final long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (group.subtree(rstat.root(), 0) != 42 && System.nanoTime() < deadline)
            {
                Thread.sleep(2);
            }
            assertThat(group.subtree(rstat.root(), 0)).isEqualTo(42);
            assertThat(group.flushCount()).isPositive();
        }
    }

    @Test
    void rejectsNonsensePolicies()
    {
        assertThatThrownBy(() -> FlushPolicy.threshold(0, Duration.ofSeconds(1)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("batch=0");
        assertThatThrownBy(() -> FlushPolicy.threshold(1, Duration.ZERO))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("period");
        assertThatThrownBy(() -> FlushPolicy.always().withPeriodicFlush(Duration.ofSeconds(-1)))
            .isInstanceOf(IllegalArgumentException.class);
        assertThat(FlushPolicy.always().hasThreshold()).isFalse();
    }
}
