package dev.rstat;

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
 * Writers, a flusher, a reader and a thread that creates and removes leaves, all at once; after a final flush every
 * total equals the sum of all adds, exactly.
 */
class ConcurrentStressTest
{
    private static final int WRITERS = 4;
    private static final int ADDS_PER_WRITER = 400_000;

    @Test
    void everyAddIsCountedExactlyOnceUnderConcurrentFlushesReadsAndChurn() throws Exception
    {
        final Schema schema = Schema.builder().group("g", g -> g.counter("count").gauge("level")).build();
        final Rstat rstat = Rstat.builder(schema).stripes(3).slotReuseDelay(java.time.Duration.ZERO).build();
        final StatGroup group = rstat.group("g");

        final List<RstatNode> stable = new ArrayList<>();
        stable.add(rstat.root());
        final SplittableRandom shape = new SplittableRandom(7);
        for (int i = 0; i < 300; i++)
        {
            stable.add(rstat.create(stable.get(shape.nextInt(stable.size())), i + 2, "s" + i));
        }
        final int n = stable.size();
        final long[][] added = new long[WRITERS + 1][n];
        final long[][] levels = new long[WRITERS][n];

        final AtomicBoolean writing = new AtomicBoolean(true);
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final CountDownLatch start = new CountDownLatch(1);
        final List<Thread> threads = new ArrayList<>();

        for (int w = 0; w < WRITERS; w++)
        {
            final int writer = w;
            threads.add(new Thread(guard(failure, () ->
            {
                final SplittableRandom random = new SplittableRandom(100 + writer);
                final StatCell[] cells = new StatCell[n];
                for (int k = 0; k < n; k++)
                {
                    cells[k] = group.cell(stable.get(k), 0);
                }
                start.await();
                for (int i = 0; i < ADDS_PER_WRITER; i++)
                {
                    final int k = random.nextInt(n);
                    final long delta = 1 + random.nextInt(5);
                    if (writer == 0 && (i & 1) == 0)
                    {
                        cells[k].add(delta);
                    }
                    else if (writer == 1 && (i & 1) == 0)
                    {
                        cells[k].add(random.nextInt(3), delta);
                    }
                    else if ((i & 1) == 0)
                    {
                        group.add(stable.get(k), 0, delta);
                    }
                    else
                    {
                        group.add(random.nextInt(3), stable.get(k), 0, delta);
                    }
                    added[writer][k] += delta;
                    final long level = random.nextInt(7) - 3;
                    group.add(stable.get(k), 1, level);
                    levels[writer][k] += level;
                }
            }), "writer-" + w));
        }

        final long[] churnedUnder = new long[n];
        threads.add(new Thread(guard(failure, () ->
        {
            final SplittableRandom random = new SplittableRandom(999);
            start.await();
            long id = 100_000;
            while (writing.get())
            {
                final int k = random.nextInt(n);
                final RstatNode leaf = rstat.create(stable.get(k), id++, "churn");
                final RstatNode grandchild = rstat.create(leaf, id++, "churn2");
                final long d1 = 1 + random.nextInt(10);
                final long d2 = 1 + random.nextInt(10);
                group.add(leaf, 0, d1);
                group.add(random.nextInt(3), grandchild, 0, d2);
                if (random.nextBoolean())
                {
                    group.flush(leaf);
                }
                rstat.remove(grandchild);
                rstat.remove(leaf);
                churnedUnder[k] += d1 + d2;
            }
        }), "churn"));

        threads.add(new Thread(guard(failure, () ->
        {
            final SplittableRandom random = new SplittableRandom(5);
            start.await();
            while (writing.get())
            {
                group.flush(random.nextInt(4) == 0 ? rstat.root() : stable.get(random.nextInt(n)));
            }
        }), "flusher"));

        threads.add(new Thread(guard(failure, () ->
        {
            start.await();
            long previous = 0;
            while (writing.get())
            {
                final long now = group.read(rstat.root(), 0);
                assertThat(now).as("root counter never goes backwards").isGreaterThanOrEqualTo(previous);
                previous = now;
                group.flushAndRead(stable.get(1), g ->
                {
                    final RstatNode parent = stable.get(1);
                    final long p = g.subtree(parent, 0);
                    for (final RstatNode child : stable)
                    {
                        if (child.parent() == parent)
                        {
                            assertThat(g.subtree(child, 0)).isLessThanOrEqualTo(p);
                        }
                    }
                });
            }
        }), "reader"));

        Guarded.runWritersThenStop(threads, WRITERS, start, writing);
        assertThat(failure.get()).isNull();

        group.flush(rstat.root());

        final long[] own = new long[n];
        final long[] level = new long[n];
        for (int k = 0; k < n; k++)
        {
            for (int w = 0; w < WRITERS; w++)
            {
                own[k] += added[w][k];
                level[k] += levels[w][k];
            }
        }
        final long[] subtree = new long[n];
        final long[] subtreeLevel = new long[n];
        for (int k = n - 1; k >= 0; k--)
        {
            subtree[k] += own[k] + churnedUnder[k];
            subtreeLevel[k] += level[k];
            final RstatNode parent = stable.get(k).parent();
            if (parent != null)
            {
                final int p = stable.indexOf(parent);
                subtree[p] += subtree[k];
                subtreeLevel[p] += subtreeLevel[k];
            }
        }
        for (int k = 0; k < n; k++)
        {
            assertThat(group.local(stable.get(k), 0)).as("local %d", k).isEqualTo(own[k]);
            assertThat(group.subtree(stable.get(k), 0)).as("subtree %d", k).isEqualTo(subtree[k]);
            assertThat(group.subtree(stable.get(k), 1)).as("gauge subtree %d", k).isEqualTo(subtreeLevel[k]);
        }
        assertThat(rstat.size()).isEqualTo(n);
    }
}
