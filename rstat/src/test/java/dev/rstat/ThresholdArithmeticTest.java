package dev.rstat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 7, items 5 and 6: the threshold's unit arithmetic saturates instead of wrapping, huge periods and batches are
 * accepted without any read ever throwing, and the flush statistics count every call exactly, from any number of
 * threads.
 */
class ThresholdArithmeticTest
{
    private final Schema schema = Schema.builder().group("g", g -> g.gauge("level").counter("c")).build();

    @Test
    void theMostNegativeDeltaIsAHugeChangeNotANegativeOne()
    {
        final Rstat rstat = Rstat.builder(schema).stripes(1)
            .flushPolicy(FlushPolicy.threshold(1_000, Duration.ofHours(1))).build();
        final StatGroup group = rstat.group("g");
        final RstatNode n = rstat.create(rstat.root(), 2, "n");

        group.add(0, n, 0, Long.MIN_VALUE);

        assertThat(group.read(rstat.root(), 0)).isEqualTo(Long.MIN_VALUE);
        assertThat(group.skippedFlushCount()).isZero();
    }

    @Test
    void pendingUnitsOnManyStripesSaturateInsteadOfWrapping()
    {
        final Rstat rstat = Rstat.builder(schema).stripes(2)
            .flushPolicy(FlushPolicy.threshold(1L << 61, Duration.ofHours(1))).build();
        final StatGroup group = rstat.group("g");
        final RstatNode n = rstat.create(rstat.root(), 2, "n");

        group.add(0, n, 1, Long.MAX_VALUE);
        group.add(1, n, 1, Long.MAX_VALUE);

        assertThat(group.read(rstat.root(), 1)).as("pending units far above batch x stripes")
            .isEqualTo(Long.MAX_VALUE * 2);
        assertThat(group.skippedFlushCount()).isZero();
    }

    @Test
    void aBatchTimesStripesBeyondLongRangeNeverFlushesOnUnitsAlone()
    {
        final Rstat rstat = Rstat.builder(schema).stripes(4)
            .flushPolicy(FlushPolicy.threshold(Long.MAX_VALUE / 2, Duration.ofHours(1))).build();
        final StatGroup group = rstat.group("g");
        final RstatNode n = rstat.create(rstat.root(), 2, "n");
        group.add(0, n, 1, 5);

        assertThat(group.read(rstat.root(), 1)).isZero();
        assertThat(group.skippedFlushCount()).isEqualTo(1);
        group.flush(rstat.root());
        assertThat(group.subtree(rstat.root(), 1)).isEqualTo(5);
    }

    @Test
    void aPeriodBeyondTheNanosecondRangeIsAcceptedAndReadsNeverThrow()
    {
        final FlushPolicy policy = FlushPolicy.threshold(1_000, Duration.ofDays(365L * 300));
        final Rstat rstat = Rstat.builder(schema).stripes(2).flushPolicy(policy).build();
        final StatGroup group = rstat.group("g");
        final RstatNode n = rstat.create(rstat.root(), 2, "n");

        group.add(0, n, 1, 1);
        assertThat(group.read(rstat.root(), 1)).as("skipped: little change, and the period never ends").isZero();
        group.add(1, n, 1, 5_000);
        assertThat(group.read(rstat.root(), 1)).isEqualTo(5_001);
        assertThat(policy.period()).isEqualTo(Duration.ofDays(365L * 300));
    }

    @Test
    void flushStatisticsCountEveryCallFromEveryThread() throws Exception
    {
        final Rstat rstat = Rstat.builder(schema).stripes(2)
            .flushPolicy(FlushPolicy.threshold(1_000_000, Duration.ofHours(1))).build();
        final StatGroup group = rstat.group("g");
        final RstatNode n = rstat.create(rstat.root(), 2, "n");
        final int threads = 4;
        final int skips = 200_000;
        final int flushes = 5_000;
        final List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++)
        {
            final int stripe = t % 2;
            workers.add(new Thread(() ->
            {
                for (int i = 0; i < skips; i++)
                {
                    group.flushIfNeeded(rstat.root());
                }
                for (int i = 0; i < flushes; i++)
                {
                    group.add(stripe, n, 1, 1);
                    group.flush(rstat.root());
                }
            }));
        }
        workers.forEach(Thread::start);
        for (final Thread t : workers)
        {
            t.join();
        }

        assertThat(group.skippedFlushCount()).isEqualTo((long)threads * skips);
        assertThat(group.flushCount() + group.combinedFlushCount()).isEqualTo((long)threads * flushes);
        assertThat(group.subtree(rstat.root(), 1)).isEqualTo((long)threads * flushes);
    }
}
