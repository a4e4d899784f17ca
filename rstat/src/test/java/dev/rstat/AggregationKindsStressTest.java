package dev.rstat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import static dev.rstat.Guarded.guard;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind under concurrent writers, flushers, readers and create/remove churn; once quiescent, one flush of the
 * root must give what an oracle recomputes from scratch from what every thread wrote.
 */
class AggregationKindsStressTest
{
    private static final int WRITERS = 4;
    private static final int OPS_PER_WRITER = 150_000;
    private static final int NODES = 200;

    @Test
    void everyKindIsExactOnceQuiescentAfterConcurrentWritesFlushesAndChurn() throws Exception
    {
        final Schema schema = Schema.builder().group("g", g -> g
            .stat("depth", s -> s.gauge().aggregate(Aggregation.MAX, Aggregation.MIN, Aggregation.AVG,
                Aggregation.COUNT_ZERO))
            .stat("mark", s -> s.peak())
            .stat("lat", s -> s.logHistogram(20))
            .stat("rare", s -> s.counter().unstriped())
            .stat("level", s -> s.gauge().aggregate(Aggregation.MAX, Aggregation.MIN).unstriped()))
            .build();
        final Rstat rstat = Rstat.builder(schema).stripes(4).slotReuseDelay(Duration.ZERO).build();
        final StatGroup g = rstat.group("g");
        final int depth = g.indexOf("depth");
        final int mark = g.indexOf("mark");
        final int lat = g.indexOf("lat");
        final int rare = g.indexOf("rare");
        final int level = g.indexOf("level");
        final StatDescriptor latency = schema.group("g").stat("lat");

        final List<RstatNode> stable = new ArrayList<>();
        final int[] parentOf = new int[NODES];
        stable.add(rstat.root());
        parentOf[0] = -1;
        final SplittableRandom shape = new SplittableRandom(11);
        for (int i = 1; i < NODES; i++)
        {
            parentOf[i] = shape.nextInt(i);
            stable.add(rstat.create(stable.get(parentOf[i]), i + 1, "s" + i));
        }
        final long[][] depthAdded = new long[WRITERS][NODES];
        final long[][] marks = new long[WRITERS][NODES];
        final long[][][] buckets = new long[WRITERS][NODES][latency.width()];
        final long[][] rareAdded = new long[WRITERS][NODES];
        final long[] lastLevel = new long[NODES];
        final long[] churnMarkUnder = new long[NODES];
        final long[][] churnBucketsUnder = new long[NODES][latency.width()];
        final long[] churnRareUnder = new long[NODES];

        final AtomicBoolean writing = new AtomicBoolean(true);
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final CountDownLatch start = new CountDownLatch(1);
        final List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++)
        {
            final int writer = w;
            threads.add(new Thread(guard(failure, () ->
            {
                final SplittableRandom random = new SplittableRandom(300 + writer);
                start.await();
                for (int i = 0; i < OPS_PER_WRITER; i++)
                {
                    final int k = random.nextInt(NODES);
                    final RstatNode node = stable.get(k);
                    switch (random.nextInt(5))
                    {
                        case 0 ->
                        {
                            final long d = random.nextInt(-2, 3);
                            g.add(node, depth, d);
                            depthAdded[writer][k] += d;
                        }
                        case 1 ->
                        {
                            final long v = random.nextLong(1_000_000);
                            g.recordMax(node, mark, v);
                            marks[writer][k] = Math.max(marks[writer][k], v);
                        }
                        case 2 ->
                        {
                            final long v = random.nextLong(1L << random.nextInt(40));
                            g.record(node, lat, v);
                            buckets[writer][k][latency.bucketOf(v)]++;
                        }
                        case 3 ->
                        {
                            g.add(node, rare, 1);
                            rareAdded[writer][k]++;
                        }
                        default ->
                        {
                            if (k % WRITERS == writer)
                            {
                                final long v = random.nextInt(-5, 6);
                                g.set(node, level, v);
                                lastLevel[k] = v;
                            }
                        }
                    }
                }
            }), "writer-" + w));
        }
        threads.add(new Thread(guard(failure, () ->
        {
            final SplittableRandom random = new SplittableRandom(17);
            start.await();
            long id = 1_000_000;
            while (writing.get())
            {
                final int k = random.nextInt(NODES);
                final RstatNode leaf = rstat.create(stable.get(k), id++, "churn");
                final long v = random.nextLong(2_000_000);
                g.recordMax(leaf, mark, v);
                g.add(leaf, depth, 5);
                g.record(leaf, lat, v);
                g.add(leaf, rare, 2);
                g.set(leaf, level, -100);
                if (random.nextBoolean())
                {
                    g.flush(stable.get(k));
                }
                rstat.remove(leaf);
                churnMarkUnder[k] = Math.max(churnMarkUnder[k], v);
                churnBucketsUnder[k][latency.bucketOf(v)]++;
                churnRareUnder[k] += 2;
            }
        }), "churn"));
        threads.add(new Thread(guard(failure, () ->
        {
            final SplittableRandom random = new SplittableRandom(5);
            start.await();
            long rootMark = 0;
            while (writing.get())
            {
                final RstatNode n = random.nextInt(4) == 0 ? rstat.root() : stable.get(random.nextInt(NODES));
                g.flush(n);
                final long now = g.subtree(rstat.root(), mark);
                assertThat(now).as("a peak never goes down").isGreaterThanOrEqualTo(rootMark);
                rootMark = now;
                g.flushAndRead(n, r ->
                {
                    assertThat(r.aggregate(n, depth, Aggregation.MIN))
                        .isLessThanOrEqualTo(r.aggregate(n, depth, Aggregation.MAX));
                    assertThat(r.nodeCount(n)).isPositive();
                });
            }
        }), "flusher"));

        Guarded.runWritersThenStop(threads, WRITERS, start, writing);
        assertThat(failure.get()).isNull();

        g.flush(rstat.root());

        final long[] ownDepth = new long[NODES];
        final long[] ownMark = new long[NODES];
        final long[][] ownBuckets = new long[NODES][latency.width()];
        final long[] ownRare = new long[NODES];
        for (int k = 0; k < NODES; k++)
        {
            for (int w = 0; w < WRITERS; w++)
            {
                ownDepth[k] += depthAdded[w][k];
                ownMark[k] = Math.max(ownMark[k], marks[w][k]);
                ownRare[k] += rareAdded[w][k];
                for (int b = 0; b < latency.width(); b++)
                {
                    ownBuckets[k][b] += buckets[w][k][b];
                }
            }
        }
        // children have larger indexes than their parents: one backwards pass folds every subtree
        final long[] max = ownDepth.clone();
        final long[] min = ownDepth.clone();
        final long[] sum = ownDepth.clone();
        final long[] zero = new long[NODES];
        final long[] count = new long[NODES];
        final long[] peak = new long[NODES];
        final long[][] hist = new long[NODES][];
        final long[] rareSum = new long[NODES];
        final long[] levelMax = lastLevel.clone();
        final long[] levelMin = lastLevel.clone();
        for (int k = 0; k < NODES; k++)
        {
            zero[k] = ownDepth[k] == 0 ? 1 : 0;
            count[k] = 1;
            peak[k] = Math.max(ownMark[k], churnMarkUnder[k]);
            hist[k] = ownBuckets[k].clone();
            for (int b = 0; b < latency.width(); b++)
            {
                hist[k][b] += churnBucketsUnder[k][b];
            }
            rareSum[k] = ownRare[k] + churnRareUnder[k];
        }
        for (int k = NODES - 1; k > 0; k--)
        {
            final int p = parentOf[k];
            max[p] = Math.max(max[p], max[k]);
            min[p] = Math.min(min[p], min[k]);
            sum[p] += sum[k];
            zero[p] += zero[k];
            count[p] += count[k];
            peak[p] = Math.max(peak[p], peak[k]);
            rareSum[p] += rareSum[k];
            levelMax[p] = Math.max(levelMax[p], levelMax[k]);
            levelMin[p] = Math.min(levelMin[p], levelMin[k]);
            for (int b = 0; b < latency.width(); b++)
            {
                hist[p][b] += hist[k][b];
            }
        }
        for (int k = 0; k < NODES; k++)
        {
            final RstatNode n = stable.get(k);
            final String at = "node " + k;
            assertThat(g.local(n, depth)).as(at).isEqualTo(ownDepth[k]);
            assertThat(g.aggregate(n, depth, Aggregation.MAX)).as(at + " max").isEqualTo(max[k]);
            assertThat(g.aggregate(n, depth, Aggregation.MIN)).as(at + " min").isEqualTo(min[k]);
            assertThat(g.aggregate(n, depth, Aggregation.AVG)).as(at + " avg sum").isEqualTo(sum[k]);
            assertThat(g.aggregate(n, depth, Aggregation.COUNT_ZERO)).as(at + " zero").isEqualTo(zero[k]);
            assertThat(g.nodeCount(n)).as(at + " count").isEqualTo(count[k]);
            assertThat(g.local(n, mark)).as(at + " own mark").isEqualTo(ownMark[k]);
            assertThat(g.subtree(n, mark)).as(at + " peak").isEqualTo(peak[k]);
            assertThat(g.histogram(n, lat).counts()).as(at + " histogram").isEqualTo(hist[k]);
            assertThat(g.local(n, rare)).as(at + " own rare").isEqualTo(ownRare[k]);
            assertThat(g.subtree(n, rare)).as(at + " rare").isEqualTo(rareSum[k]);
            assertThat(g.local(n, level)).as(at + " level").isEqualTo(lastLevel[k]);
            assertThat(g.aggregate(n, level, Aggregation.MAX)).as(at + " level max").isEqualTo(levelMax[k]);
            assertThat(g.aggregate(n, level, Aggregation.MIN)).as(at + " level min").isEqualTo(levelMin[k]);
        }
        assertThat(rstat.size()).isEqualTo(NODES);
    }
}
