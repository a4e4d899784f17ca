package dev.rstat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToLongFunction;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 7, item 2: a flush or read through a handle that is removed, and whose slot is reused, while the call waits
 * must never touch or return the new owner of the slot (reuse delay zero: the slot is reused at once).
 */
class StaleHandleRaceTest
{
    private final Schema schema = Schema.builder().group("g", g -> g.counter("c")).build();

    @Test
    void aFlushWaitingWhileItsNodeIsRemovedAndItsSlotReusedLeavesTheNewOwnerAndItsSiblingsIntact() throws Exception
    {
        final Rstat rstat = Rstat.builder(schema).stripes(1).slotReuseDelay(Duration.ZERO).build();
        final StatGroup group = rstat.group("g");
        final RstatNode p = rstat.create(rstat.root(), 2, "p");
        final RstatNode q = rstat.create(rstat.root(), 3, "q");
        final RstatNode sibling = rstat.create(p, 4, "sibling");
        final RstatNode old = rstat.create(p, 5, "old");
        group.add(0, sibling, 0, 1);
        group.add(0, old, 0, 1);

        final AtomicReference<Throwable> outcome = new AtomicReference<>();
        final Thread flusher = new Thread(() ->
        {
            try
            {
                group.flush(old);
            }
            catch (final Throwable t)
            {
                outcome.set(t);
            }
        }, "stale-flusher");
        final RstatNode fresh;
        try (Pause pause = Pause.install(Interleavings.Point.BEFORE_FLUSH_LOCK, old, flusher, 1))
        {
            flusher.start();
            pause.awaitReached();
            rstat.remove(old);
            fresh = rstat.create(q, 6, "fresh");
            assertThat(fresh.slot).as("the slot is reused at once").isEqualTo(old.slot);
            group.add(0, fresh, 0, 100);
            pause.release();
            flusher.join(20_000);
        }

        assertThat(outcome.get()).as("a flush through a removed handle is refused")
            .isInstanceOf(IllegalStateException.class);
        group.flush(rstat.root());
        group.add(0, sibling, 0, 1_000);
        group.flush(rstat.root());
        assertThat(group.subtree(rstat.root(), 0)).isEqualTo(1_102);
        assertThat(group.subtree(p, 0)).as("the removed node's usage stays in its parent").isEqualTo(1_002);
        assertThat(group.subtree(q, 0)).isEqualTo(100);
        assertThat(group.local(fresh, 0)).isEqualTo(100);
    }

    @Test
    void aSubtreeReadWaitingWhileItsNodeIsRemovedNeverReturnsTheNewOwnersValue() throws Exception
    {
        readThroughStaleHandle(group -> n -> group.subtree(n, 0));
    }

    @Test
    void aLocalReadWaitingWhileItsNodeIsRemovedNeverReturnsTheNewOwnersValue() throws Exception
    {
        readThroughStaleHandle(group -> n -> group.local(n, 0));
    }

    private void readThroughStaleHandle(final java.util.function.Function<StatGroup, ToLongFunction<RstatNode>> read)
        throws Exception
    {
        final Rstat rstat = Rstat.builder(schema).stripes(2).slotReuseDelay(Duration.ZERO).build();
        final StatGroup group = rstat.group("g");
        final RstatNode old = rstat.create(rstat.root(), 2, "old");
        group.add(1, old, 0, 5);
        group.flush(rstat.root());

        final AtomicReference<Object> outcome = new AtomicReference<>();
        final Thread reader = new Thread(() ->
        {
            try
            {
                outcome.set(read.apply(group).applyAsLong(old));
            }
            catch (final Throwable t)
            {
                outcome.set(t);
            }
        }, "stale-reader");
        try (Pause pause = Pause.install(Interleavings.Point.BEFORE_READ, old, reader, 1))
        {
            reader.start();
            pause.awaitReached();
            rstat.remove(old);
            final RstatNode fresh = rstat.create(rstat.root(), 3, "fresh");
            assertThat(fresh.slot).isEqualTo(old.slot);
            group.add(1, fresh, 0, 1_000);
            group.flush(rstat.root());
            pause.release();
            reader.join(20_000);
        }

        final Object result = outcome.get();
        if (result instanceof Long)
        {
            assertThat(result).as("the removed node's last value, never the new owner's").isEqualTo(5L);
        }
        else
        {
            assertThat(result).isInstanceOf(IllegalStateException.class);
        }
    }
}
