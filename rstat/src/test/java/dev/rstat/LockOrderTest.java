package dev.rstat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 7, item 7: what a flush listener or a {@code flushAndRead} reader may call while another thread removes a
 * node (create, size, add, reads: never a deadlock), and what it may not (flush, read-with-flush, remove on the same
 * tree: a clear {@link IllegalStateException} instead of a hang or a corrupted flush).
 */
class LockOrderTest
{
    private final Schema schema = Schema.builder().group("g", g -> g.counter("c")).group("h", g -> { }).build();
    private final Rstat rstat = Rstat.builder(schema).stripes(2).build();
    private final StatGroup group = rstat.group("g");

    @Test
    void aFlushAndReadReaderMayCreateAndCountNodesWhileAnotherThreadRemovesOne() throws Exception
    {
        final RstatNode victim = rstat.create(rstat.root(), 2, "victim");
        group.add(0, victim, 0, 3);
        final CountDownLatch inReader = new CountDownLatch(1);
        final AtomicReference<Thread> remover = new AtomicReference<>();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final int[] sizeSeen = new int[1];
        final Thread reader = daemon("reader", failure, () -> group.flushAndRead(rstat.root(), g ->
        {
            inReader.countDown();
            Pause.eventually(() -> remover.get() != null && Pause.parkedOrDone(remover.get()));
            sizeSeen[0] = rstat.size();
            rstat.create(rstat.root(), 9, "made-by-reader");
        }));
        reader.start();
        inReader.await();
        final Thread removing = daemon("remover", failure, () -> rstat.remove(victim));
        remover.set(removing);
        removing.start();

        reader.join(10_000);
        removing.join(10_000);

        assertThat(reader.isAlive()).as("reader deadlocked").isFalse();
        assertThat(removing.isAlive()).as("remover deadlocked").isFalse();
        assertThat(failure.get()).isNull();
        assertThat(sizeSeen[0]).isBetween(2, 3);
        assertThat(rstat.size()).isEqualTo(2);
        group.flush(rstat.root());
        assertThat(group.subtree(rstat.root(), 0)).isEqualTo(3);
    }

    @Test
    void aListenerMayCreateAndCountNodesWhileAnotherThreadRemovesOne() throws Exception
    {
        final RstatNode victim = rstat.create(rstat.root(), 2, "victim");
        final RstatNode busy = rstat.create(rstat.root(), 3, "busy");
        group.add(0, busy, 0, 1);
        final CountDownLatch inListener = new CountDownLatch(1);
        final AtomicReference<Thread> remover = new AtomicReference<>();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        group.subscribe((node, parent, stripe) ->
        {
            if (node == busy && inListener.getCount() == 1)
            {
                inListener.countDown();
                Pause.eventually(() -> remover.get() != null && Pause.parkedOrDone(remover.get()));
                rstat.size();
                rstat.create(busy, 10, "made-by-listener");
                group.add(1, busy, 0, 5);
            }
        });
        final Thread flusher = daemon("flusher", failure, () -> group.flush(rstat.root()));
        flusher.start();
        inListener.await();
        final Thread removing = daemon("remover", failure, () -> rstat.remove(victim));
        remover.set(removing);
        removing.start();

        flusher.join(10_000);
        removing.join(10_000);

        assertThat(flusher.isAlive()).as("flusher deadlocked").isFalse();
        assertThat(removing.isAlive()).as("remover deadlocked").isFalse();
        assertThat(failure.get()).isNull();
        group.flush(rstat.root());
        assertThat(group.subtree(rstat.root(), 0)).isEqualTo(6);
    }

    @Test
    void flushingReadingWithFlushOrRemovingFromAListenerIsRefused()
    {
        final RstatNode n = rstat.create(rstat.root(), 2, "n");
        final RstatNode other = rstat.create(rstat.root(), 3, "other");
        final StatGroup h = rstat.group("h");
        final AtomicReference<Throwable> fromFlush = new AtomicReference<>();
        final AtomicReference<Throwable> fromOtherGroup = new AtomicReference<>();
        final AtomicReference<Throwable> fromRead = new AtomicReference<>();
        final AtomicReference<Throwable> fromRemove = new AtomicReference<>();
        group.subscribe((node, parent, stripe) ->
        {
            if (node == n)
            {
                fromFlush.set(caught(() -> group.flush(rstat.root())));
                fromOtherGroup.set(caught(() -> h.flush(rstat.root())));
                fromRead.set(caught(() -> group.read(rstat.root(), 0)));
                fromRemove.set(caught(() -> rstat.remove(other)));
            }
        });
        group.add(0, n, 0, 4);

        group.flush(rstat.root());

        assertThat(fromFlush.get()).isInstanceOf(IllegalStateException.class).hasMessageContaining("listener");
        assertThat(fromOtherGroup.get()).isInstanceOf(IllegalStateException.class);
        assertThat(fromRead.get()).isInstanceOf(IllegalStateException.class);
        assertThat(fromRemove.get()).isInstanceOf(IllegalStateException.class);
        assertThat(other.isRemoved()).isFalse();
        assertThat(group.subtree(rstat.root(), 0)).isEqualTo(4);
    }

    @Test
    void aFlushAndReadReaderMayReadButNotFlush()
    {
        final RstatNode n = rstat.create(rstat.root(), 2, "n");
        group.add(1, n, 0, 8);

        group.flushAndRead(rstat.root(), g ->
        {
            assertThat(g.subtree(rstat.root(), 0)).isEqualTo(8);
            assertThat(g.local(n, 0)).isEqualTo(8);
            assertThatThrownBy(() -> g.flush(n)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("flushAndRead");
        });
    }

    private static Throwable caught(final Runnable r)
    {
        try
        {
            r.run();
            return null;
        }
        catch (final Throwable t)
        {
            return t;
        }
    }

    private static Thread daemon(final String name, final AtomicReference<Throwable> failure, final Runnable body)
    {
        final Thread t = new Thread(() ->
        {
            try
            {
                body.run();
            }
            catch (final Throwable ex)
            {
                failure.compareAndSet(null, ex);
            }
        }, name);
        t.setDaemon(true);
        return t;
    }
}
