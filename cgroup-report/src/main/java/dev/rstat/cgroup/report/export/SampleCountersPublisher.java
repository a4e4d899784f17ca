package dev.rstat.cgroup.report.export;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.eclipse.collections.api.map.primitive.MutableLongObjectMap;
import org.eclipse.collections.impl.map.mutable.primitive.LongObjectHashMap;

import dev.rstat.agrona.CounterTypes;
import dev.rstat.agrona.CountersFile;
import dev.rstat.agrona.CountersFileFullException;
import dev.rstat.agrona.CountersFileWriter;
import dev.rstat.cgroup.report.Derivation;
import dev.rstat.cgroup.report.Field;
import dev.rstat.cgroup.report.Sample;
import dev.rstat.cgroup.stat.Columns;
import dev.rstat.cgroup.stat.StatInfo;
import dev.rstat.cgroup.stat.StatSign;
import dev.rstat.cgroup.stat.ValueState;

/**
 * Publishes {@link Sample samples} into a live counters file ({@link CountersFile}, Agrona's layout) for other
 * processes: one counter per (cgroup, value, scope), labelled {@code "<path> <field>"}
 * ({@code "/system.slice memory.current"}, {@code "/system.slice cpu.stat.usage_usec:self"}), its type id from the
 * value's kind ({@link CounterTypes}), its key the cgroup id, the cgroup's incarnation in this publisher, the scope
 * (the field's derivation) and the decimal exponent; updated in place at every sample between the header's update
 * sequence. A value the kernel shows as {@code max} is {@code -1L} (unsigned all-ones); a counter exists only while
 * its value is a number or {@code max}.
 * <p>
 * A cgroup is known by its id, name and parent: one removed, or recreated under the same path with another id, has
 * its counters freed (their slots reused only after the free-to-reuse timeout) and the new one gets new counters
 * under new registration ids and a new incarnation, so a reader never shows a recreated cgroup's values under the
 * old one. The generation changes when the publisher starts, when the hierarchy's root is another cgroup than before
 * (a snapshot replaced at the same path: the data was replaced), and when the file is full and renewed at twice its
 * capacity. Not thread-safe: publish from one thread.
 */
public final class SampleCountersPublisher implements AutoCloseable
{
    private static final int MIN_CAPACITY = 1024;

    private final CountersFileWriter writer;
    private final MutableLongObjectMap<Cgroup> cgroups = new LongObjectHashMap<>();
    private final Map<Field, Integer> fieldIndex = new HashMap<>();
    private long lastIncarnation;
    private long sampleNumber;
    private long rootId;
    private boolean haveRoot;
    private long lastNanos;

    private SampleCountersPublisher(final CountersFileWriter writer)
    {
        this.writer = writer;
    }

    /**
     * Creates (or replaces) the counters file.
     *
     * @param file        the file, e.g. {@code /dev/shm/cgroup-stats}.
     * @param capacity    counters to make room for ({@link #capacityFor(Sample)}); grows by renewal when full.
     * @param freeToReuse how long a freed counter's slot stays unused.
     * @return the publisher.
     * @throws dev.rstat.agrona.CountersFileException if the file cannot be created.
     */
    public static SampleCountersPublisher create(final Path file, final int capacity, final Duration freeToReuse)
    {
        return new SampleCountersPublisher(CountersFileWriter.create(file,
            Math.min(CountersFile.MAX_CAPACITY, Math.max(MIN_CAPACITY, capacity)), freeToReuse));
    }

    /**
     * @param sample a sample like those to be published.
     * @return a capacity with room for twice its values.
     */
    public static int capacityFor(final Sample sample)
    {
        final long values = 1L + (long)sample.rows().length * sample.fields().size();
        return (int)Math.min(CountersFile.MAX_CAPACITY, Math.max(MIN_CAPACITY, 2 * values));
    }

    /**
     * @return the file's writer (path, generation, capacity).
     */
    public CountersFileWriter writer()
    {
        return writer;
    }

    /**
     * @return how long the last {@link #publish} took, in nanoseconds.
     */
    public long lastPublishNanos()
    {
        return lastNanos;
    }

    /**
     * Writes a sample's rows (the sampler's walk) into the file.
     *
     * @param sample the sample.
     */
    public void publish(final Sample sample)
    {
        final long start = System.nanoTime();
        final int[] rows = sample.rows();
        final long root = rootOf(sample);
        if (haveRoot && root != rootId)
        {
            renew(writer.capacity());
        }
        rootId = root;
        haveRoot = true;
        try
        {
            write(sample, rows);
        }
        catch (final CountersFileFullException full)
        {
            renew(Math.min(CountersFile.MAX_CAPACITY, Math.max(writer.capacity() * 2, capacityFor(sample))));
            write(sample, rows);
        }
        lastNanos = System.nanoTime() - start;
    }

    private static long rootOf(final Sample sample)
    {
        for (int row = 0, n = sample.size(); row < n; row++)
        {
            if (sample.depth(row) == 0)
            {
                return sample.id(row);
            }
        }
        return 0;
    }

    private void renew(final int capacity)
    {
        writer.renew(capacity);
        cgroups.clear();
    }

    private void write(final Sample sample, final int[] rows)
    {
        final long number = ++sampleNumber;
        final List<Field> fields = sample.fields();
        final Columns columns = sample.columns();
        final int[] indexes = new int[fields.size()];
        for (int f = 0; f < indexes.length; f++)
        {
            indexes[f] = fieldIndex.computeIfAbsent(fields.get(f), k -> fieldIndex.size());
        }
        writer.beginSample();
        try
        {
            for (final int row : rows)
            {
                final long id = sample.id(row);
                final String name = sample.name(row);
                final int parentRow = sample.parent(row);
                final long parentId = parentRow < 0 ? -1 : sample.id(parentRow);
                Cgroup cgroup = cgroups.get(id);
                if (cgroup != null && (cgroup.parentId != parentId || !cgroup.name.equals(name)))
                {
                    cgroup.free(writer);
                    cgroup = null;
                }
                if (cgroup == null)
                {
                    cgroup = new Cgroup(name, parentId, sample.path(row), ++lastIncarnation, fieldIndex.size());
                    cgroups.put(id, cgroup);
                }
                cgroup.seen = number;
                for (int f = 0; f < indexes.length; f++)
                {
                    final Field field = fields.get(f);
                    final ValueState state = sample.state(row, field);
                    final int slot = cgroup.slot(indexes[f], fieldIndex.size());
                    if (state == ValueState.NUMBER || state == ValueState.MAX)
                    {
                        final long value = state == ValueState.MAX ? -1L : sample.value(row, field);
                        if (slot < 0)
                        {
                            final StatInfo info = field.info(columns);
                            cgroup.counters[indexes[f]] = writer.allocate(typeOf(info), cgroup.path + " " +
                                field.name(columns), id, cgroup.incarnation, scopeOf(field.derivation()),
                                -info.scale(), info.sign() == StatSign.SIGNED ? CountersFile.FLAG_SIGNED : 0, value);
                        }
                        else
                        {
                            writer.set(slot, value);
                        }
                    }
                    else if (slot >= 0)
                    {
                        writer.free(slot);
                        cgroup.counters[indexes[f]] = -1;
                    }
                }
            }
            final Iterator<Cgroup> it = cgroups.iterator();
            while (it.hasNext())
            {
                final Cgroup cgroup = it.next();
                if (cgroup.seen != number)
                {
                    cgroup.free(writer);
                    it.remove();
                }
            }
        }
        finally
        {
            writer.endSample();
        }
    }

    private static int typeOf(final StatInfo info)
    {
        return switch (info.kind())
        {
            case COUNTER -> CounterTypes.COUNTER;
            case GAUGE -> CounterTypes.GAUGE;
            case LIMIT -> CounterTypes.LIMIT;
            case PRESSURE -> CounterTypes.PRESSURE;
            case INFO -> CounterTypes.INFO;
        };
    }

    private static int scopeOf(final Derivation derivation)
    {
        return switch (derivation)
        {
            case RAW -> CounterTypes.SCOPE_VALUE;
            case SELF -> CounterTypes.SCOPE_LOCAL;
            case SUBTREE -> CounterTypes.SCOPE_SUBTREE;
            case RATE -> CounterTypes.SCOPE_RATE;
            case EFFECTIVE -> CounterTypes.SCOPE_EFFECTIVE;
            case MAX -> CounterTypes.SCOPE_MAX;
            case MIN -> CounterTypes.SCOPE_MIN;
            case AVG -> CounterTypes.SCOPE_AVG;
            case ZERO -> CounterTypes.SCOPE_ZERO;
            case DYING -> CounterTypes.SCOPE_DYING;
        };
    }

    /**
     * Marks the file closed (its values stay those of the last sample) and unmaps it.
     */
    @Override
    public void close()
    {
        writer.close();
    }

    /** What the publisher knows of one cgroup: who it is and its counters by field index (-1: none). */
    private static final class Cgroup
    {
        final String name;
        final long parentId;
        final String path;
        final long incarnation;
        int[] counters;
        long seen;

        Cgroup(final String name, final long parentId, final String path, final long incarnation, final int fields)
        {
            this.name = name;
            this.parentId = parentId;
            this.path = path;
            this.incarnation = incarnation;
            this.counters = new int[Math.max(fields, 1)];
            java.util.Arrays.fill(counters, -1);
        }

        int slot(final int fieldIndex, final int fields)
        {
            if (fieldIndex >= counters.length)
            {
                final int old = counters.length;
                counters = java.util.Arrays.copyOf(counters, Math.max(fields, fieldIndex + 1));
                java.util.Arrays.fill(counters, old, counters.length, -1);
            }
            return counters[fieldIndex];
        }

        void free(final CountersFileWriter writer)
        {
            for (int i = 0; i < counters.length; i++)
            {
                if (counters[i] >= 0)
                {
                    writer.free(counters[i]);
                    counters[i] = -1;
                }
            }
        }
    }
}
