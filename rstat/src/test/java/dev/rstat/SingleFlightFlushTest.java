package dev.rstat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SingleFlightFlushTest
{
    @Test
    void concurrentRootReadsRunOneFlushThatDoesWork() throws Exception
    {
        final Schema schema = Schema.builder().group("g", g -> g.counter("c")).build();
        final Rstat rstat = Rstat.builder(schema).stripes(4).build();
        final StatGroup group = rstat.group("g");
        final List<RstatNode> leaves = new ArrayList<>();
        for (int i = 0; i < 50; i++)
        {
            final RstatNode app = rstat.create(rstat.root(), 1000 + i, "app" + i);
            leaves.add(rstat.create(app, 2000 + i, "leaf" + i));
        }
        for (int i = 0; i < leaves.size(); i++)
        {
            group.add(i % 4, leaves.get(i), 0, 1);
        }
        final int expectedCallbacks = 50 * 2 + 4;

        final CountDownLatch firstCallback = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger callbacks = new AtomicInteger();
        final Set<String> seen = new HashSet<>();
        group.subscribe((node, parent, stripe) ->
        {
            callbacks.incrementAndGet();
            synchronized (seen)
            {
                assertThat(seen.add(node.id() + "@" + stripe)).as("each (node, stripe) once").isTrue();
            }
            if (firstCallback.getCount() == 1)
            {
                firstCallback.countDown();
                await(release);
            }
        });

        final int readers = 12;
        final long[] results = new long[readers];
        final List<Thread> threads = new ArrayList<>();
        threads.add(new Thread(() -> results[0] = group.read(rstat.root(), 0)));
        threads.get(0).start();
        firstCallback.await();
        for (int r = 1; r < readers; r++)
        {
            final int reader = r;
            final Thread t = new Thread(() -> results[reader] = group.read(rstat.root(), 0));
            threads.add(t);
            t.start();
        }
        for (int r = 1; r < readers; r++)
        {
            while (threads.get(r).getState() != Thread.State.WAITING)
            {
                Thread.onSpinWait();
            }
        }
        release.countDown();
        for (final Thread t : threads)
        {
            t.join();
        }

        assertThat(callbacks.get()).isEqualTo(expectedCallbacks);
        assertThat(results).containsOnly(50L);
        assertThat(group.flushCount())
            .as("the in-flight flush plus one flush for everyone who arrived while it ran")
            .isEqualTo(2);
        assertThat(group.combinedFlushCount()).isEqualTo(readers - 2);
        assertThat(group.nodesFlushedCount()).isEqualTo(expectedCallbacks);
    }

    @Test
    void aFlushThatStartedBeforeTheCallIsNotTrusted()
    {
        final Schema schema = Schema.builder().group("g", g -> g.counter("c")).build();
        final Rstat rstat = Rstat.builder(schema).stripes(2).build();
        final StatGroup group = rstat.group("g");
        final RstatNode leaf = rstat.create(rstat.root(), 2, "leaf");

        group.flush(rstat.root());
        group.add(leaf, 0, 3);
        group.flush(leaf);

        assertThat(group.combinedFlushCount()).isZero();
        assertThat(group.subtree(leaf, 0)).isEqualTo(3);
    }

    private static void await(final CountDownLatch latch)
    {
        try
        {
            latch.await();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }
}
