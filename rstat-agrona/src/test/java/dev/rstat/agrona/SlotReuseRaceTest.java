package dev.rstat.agrona;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A writer frees and reallocates a handful of slots as fast as it can (free-to-reuse timeout 0, so every slot is
 * reused at once, under a new registration id) while a reader refreshes: whatever the interleaving, every counter
 * the reader shows has the value, label and key of one and the same allocation.
 */
class SlotReuseRaceTest
{
    private static final int REFRESHES = 5_000;
    private static final int SLOTS = 8;

    @TempDir
    Path dir;

    @Test
    void aReaderNeverShowsOneAllocationsValueUnderAnothersLabel() throws InterruptedException
    {
        final Path file = dir.resolve("stats");
        final AtomicBoolean done = new AtomicBoolean();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final AtomicLong checked = new AtomicLong();
        final AtomicLong refreshes = new AtomicLong();
        try (CountersFileWriter writer = CountersFileWriter.create(file, SLOTS + 1, 0, () -> 0);
            CountersView view = CountersView.open(file))
        {
            final Thread reader = new Thread(() ->
            {
                try
                {
                    while (!done.get())
                    {
                        view.refresh();
                        refreshes.incrementAndGet();
                        for (int i = 1; i < view.size(); i++)
                        {
                            final CountersView.Counter c = view.counter(i);
                            assertThat(c.label()).isEqualTo("node " + c.nodeId());
                            assertThat(c.incarnation()).isEqualTo(c.nodeId() * 3);
                            assertThat(view.value(i)).isIn(c.nodeId(), c.nodeId() + 1);
                            checked.incrementAndGet();
                        }
                    }
                }
                catch (final Throwable t)
                {
                    failure.set(t);
                }
            }, "reader");
            reader.start();
            final int[] ids = new int[SLOTS];
            long node = 0;
            for (int s = 0; s < SLOTS; s++)
            {
                node++;
                ids[s] = writer.allocate(CounterTypes.GAUGE, "node " + node, node, node * 3, 0, 0, 0, node);
            }
            // until the reader has refreshed often enough while slots were being reused (a count, not a time)
            for (int round = 0; refreshes.get() < REFRESHES && failure.get() == null && reader.isAlive(); round++)
            {
                final int s = round % SLOTS;
                writer.free(ids[s]);
                node++;
                ids[s] = writer.allocate(CounterTypes.GAUGE, "node " + node, node, node * 3, 0, 0, 0, node);
                writer.set(ids[s], node + 1);
            }
            done.set(true);
            reader.join();
        }
        assertThat(failure.get()).isNull();
        assertThat(checked.get()).as("the reader checked counters while the writer ran").isPositive();
    }
}
