package dev.rstat.agrona;

import java.lang.invoke.VarHandle;
import java.nio.file.Path;
import java.util.Arrays;

import org.agrona.concurrent.status.CountersReader;

/**
 * What a reader process knows of a live counters file, and how it learns that it is stale, sysgenid's way: the
 * kernel's sysgenid hands every watcher a generation counter that changes whenever the world it cached (random
 * state, UUIDs, counters) was replaced by a snapshot restore or a clone; a watcher compares its copy with the
 * current one and, if they differ, rebuilds before trusting anything it cached. Here the file's header carries the
 * generation (the publisher changes it when it starts, when its schema changes, when its data is restored or
 * replaced) and every counter its registration id (never repeated within a generation). The view keeps
 * {@code (generation, registration id)} with each counter it cached (label, type, key); at {@link #refresh()}:
 * <ol>
 * <li>one comparison of the header's generation with the cached one: if it differs (or the path names a newer file,
 *     or the file says {@code replaced}), everything cached is dropped and the path reopened;</li>
 * <li>per slot, one comparison of its registration id with the cached one: equal, the cached label and key still
 *     describe the value; different, the slot was freed and reused (after the deadline) for another counter, whose
 *     metadata is read anew. A cgroup or engine node recreated under the same path gets new counters with new
 *     registration ids (and a new incarnation in the key), so its values are never shown as the old one's.</li>
 * </ol>
 * A refresh takes no lock: it reads between two reads of the header's update sequence (a seqlock), waits (at most
 * 200 ms) while a sample is being written and retries a few times, so {@link #consistent()} tells whether the values
 * are one sample's; the writer never waits for a reader. A publisher that died in the middle of a sample (its
 * process is gone, the sequence odd) is not waited for. Not thread-safe.
 */
public final class CountersView implements AutoCloseable
{
    private static final int SEQUENCE_RETRIES = 8;
    /** How long a refresh waits for a sample being written to end before it reads values of two samples. */
    private static final long MAX_WAIT_NANOS = 200_000_000L;

    /** What a refresh found. */
    public enum Change
    {
        /** Same generation: the cached metadata was reused where registration ids matched. */
        SAME_GENERATION,
        /** A new generation (publisher restarted, schema changed, data replaced): everything was read anew. */
        NEW_GENERATION
    }

    private final Path path;
    private CountersFileReader reader;
    private long generation;
    private Counter[] cache = new Counter[0];
    /** The cached counters' registration ids by counter id (0: none), beside {@link #cache} for a sequential scan. */
    private long[] cachedRegistrationIds = new long[0];
    private long[] values = new long[0];
    private int[] present = new int[0];
    private int size;
    private boolean consistent;
    private long sequence;

    private CountersView(final Path path, final CountersFileReader reader)
    {
        this.path = path;
        this.reader = reader;
        this.generation = reader.generation();
    }

    /**
     * Opens the file and reads it once.
     *
     * @param file the counters file.
     * @return the view.
     * @throws CountersFileException if the file is missing or not a counters file.
     */
    public static CountersView open(final Path file)
    {
        final CountersView view = new CountersView(file, CountersFileReader.open(file));
        view.refresh();
        return view;
    }

    /**
     * Re-reads every value; reads the metadata only of counters whose registration id changed, and everything when
     * the generation changed.
     *
     * @return whether the generation changed.
     * @throws CountersFileException if the path no longer holds a counters file.
     */
    public Change refresh()
    {
        Change change = Change.SAME_GENERATION;
        if (reader.generation() != generation || reader.state() == CountersFile.STATE_REPLACED ||
            reader.replacedAtPath())
        {
            reopen();
            change = Change.NEW_GENERATION;
        }
        scan();
        if (reader.generation() != generation)
        {
            reopen();
            scan();
            change = Change.NEW_GENERATION;
        }
        return change;
    }

    private void reopen()
    {
        final CountersFileReader fresh = reader.replacedAtPath() || reader.state() == CountersFile.STATE_REPLACED ?
            CountersFileReader.open(path) : null;
        if (fresh != null)
        {
            reader.close();
            reader = fresh;
        }
        generation = reader.generation();
        cache = new Counter[0];
        cachedRegistrationIds = new long[0];
    }

    private void scan()
    {
        final int capacity = reader.capacity();
        if (cache.length != capacity)
        {
            cache = Arrays.copyOf(cache, capacity);
            cachedRegistrationIds = Arrays.copyOf(cachedRegistrationIds, capacity);
            values = new long[capacity];
            present = new int[capacity];
        }
        final long deadline = System.nanoTime() + MAX_WAIT_NANOS;
        for (int attempt = 0; attempt < SEQUENCE_RETRIES; attempt++)
        {
            long before = reader.updateSequence();
            final boolean wait = (before & 1) != 0 && reader.state() == CountersFile.STATE_ACTIVE &&
                publisherAlive();
            while (wait && (before & 1) != 0 && System.nanoTime() - deadline < 0)
            {
                // a sample is being written: wait for its end (the writer never waits for readers)
                Thread.onSpinWait();
                before = reader.updateSequence();
            }
            if ((before & 1) != 0)
            {
                break;
            }
            scanOnce(capacity);
            VarHandle.acquireFence();
            if (reader.updateSequence() == before)
            {
                consistent = true;
                sequence = before;
                return;
            }
        }
        scanOnce(capacity);
        consistent = false;
        sequence = reader.updateSequence();
    }

    /** Whether the publisher's process (as the header names it) runs; true when this process cannot tell. */
    private boolean publisherAlive()
    {
        final long pid = reader.publisherPid();
        try
        {
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }
        catch (final SecurityException | UnsupportedOperationException ex)
        {
            return true;
        }
    }

    private void scanOnce(final int capacity)
    {
        final CountersFileReader r = reader;
        final Counter[] known = cache;
        final long[] knownIds = cachedRegistrationIds;
        final long[] read = values;
        final int[] ids = present;
        int n = 0;
        for (int id = 0; id < capacity; id++)
        {
            final long cachedId = knownIds[id];
            if (cachedId != 0)
            {
                // the fast path: the registration id and the value share a cache line; a freed counter's
                // registration id is 0 and a reused slot's another, so an equal one means the same live counter
                if (r.registrationIdUnchecked(id) == cachedId)
                {
                    final long value = r.valueUnchecked(id);
                    if (r.registrationIdUnchecked(id) == cachedId)
                    {
                        read[n] = value;
                        ids[n++] = id;
                        continue;
                    }
                }
                known[id] = null;
                knownIds[id] = 0;
            }
            final int state = r.recordState(id);
            if (state == CountersReader.RECORD_UNUSED)
            {
                break;
            }
            if (state != CountersReader.RECORD_ALLOCATED)
            {
                continue;
            }
            final long registrationId = r.registrationId(id);
            if (registrationId == 0)
            {
                continue;
            }
            final Counter counter = new Counter(id, registrationId, r.typeId(id), r.label(id),
                r.keyLong(id, CountersFile.KEY_NODE_ID), r.keyLong(id, CountersFile.KEY_INCARNATION),
                r.keyInt(id, CountersFile.KEY_SCOPE), r.keyInt(id, CountersFile.KEY_EXPONENT),
                r.keyInt(id, CountersFile.KEY_FLAGS));
            final long value = r.value(id);
            // the label and key were plain loads: they must not be satisfied after the registration id's re-read
            VarHandle.acquireFence();
            if (r.registrationId(id) != registrationId || r.recordState(id) != CountersReader.RECORD_ALLOCATED)
            {
                continue;
            }
            known[id] = counter;
            knownIds[id] = registrationId;
            read[n] = value;
            ids[n++] = id;
        }
        size = n;
    }

    /**
     * @return the generation the cached counters belong to.
     */
    public long generation()
    {
        return generation;
    }

    /**
     * @return whether the last refresh read the values of one sample (no sample was being written meanwhile).
     */
    public boolean consistent()
    {
        return consistent;
    }

    /**
     * @return the update sequence the last refresh read at.
     */
    public long sequence()
    {
        return sequence;
    }

    /**
     * @return the counters seen by the last refresh, counter 0 (the generation) included.
     */
    public int size()
    {
        return size;
    }

    /**
     * @param index from 0 to {@link #size()}, in counter id order.
     * @return the counter's metadata.
     */
    public Counter counter(final int index)
    {
        return cache[present[java.util.Objects.checkIndex(index, size)]];
    }

    /**
     * @param index from 0 to {@link #size()}.
     * @return the counter's value as of the last refresh.
     */
    public long value(final int index)
    {
        return values[java.util.Objects.checkIndex(index, size)];
    }

    /**
     * @return the file as currently mapped (header fields: state, samples, publisher).
     */
    public CountersFileReader reader()
    {
        return reader;
    }

    /**
     * Whether a counter this reader cached earlier is still the one in its slot: one comparison of the pair kept
     * with it against the file's.
     *
     * @param cachedGeneration     the generation it was cached in.
     * @param counterId            its counter id.
     * @param cachedRegistrationId its registration id when cached.
     * @return whether the slot still holds that counter.
     */
    public boolean isCurrent(final long cachedGeneration, final int counterId, final long cachedRegistrationId)
    {
        return cachedGeneration == reader.generation() && counterId < reader.capacity() &&
            reader.recordState(counterId) == CountersReader.RECORD_ALLOCATED &&
            reader.registrationId(counterId) == cachedRegistrationId;
    }

    @Override
    public void close()
    {
        reader.close();
    }

    /**
     * One counter's metadata, with the registration id it was read under.
     *
     * @param id             the counter id (its slot).
     * @param registrationId its registration id, never repeated within a generation.
     * @param typeId         its type ({@link CounterTypes}).
     * @param label          its label: path and value name.
     * @param nodeId         the node (cgroup) id.
     * @param incarnation    the node's incarnation.
     * @param scope          its scope ({@link CounterTypes}).
     * @param exponent       decimal exponent of its value.
     * @param flags          {@link CountersFile#FLAG_SIGNED}.
     */
    public record Counter(int id, long registrationId, int typeId, String label, long nodeId, long incarnation,
        int scope, int exponent, int flags)
    {
        /**
         * @return whether the value is signed.
         */
        public boolean signed()
        {
            return (flags & CountersFile.FLAG_SIGNED) != 0;
        }
    }
}
