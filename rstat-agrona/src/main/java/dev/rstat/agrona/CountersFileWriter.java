package dev.rstat.agrona;

import java.io.IOException;
import java.lang.invoke.VarHandle;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

import org.agrona.IoUtil;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;

/**
 * The one writer of a live counters file ({@link CountersFile}): allocates counters in Agrona's
 * {@link CountersManager} over the mapped file, sets their values in place, frees them (a freed counter's slot is
 * reused only after the free-to-reuse timeout, Agrona's deadline), and keeps the header's generation and update
 * sequence.
 * <p>
 * {@link #create} builds the file under a temporary name beside its path and renames it into place, so a reader
 * never maps a half-initialised file; a file it replaces (an earlier publisher's) gets the new generation and the
 * state {@code replaced} after the rename, so a reader still mapping it learns in one comparison that its view is
 * stale. {@link #renew} does the same for the writer's own file (schema changed, data restored or replaced, or the
 * file is full). Readers take no lock: values are written with release semantics and a sample is bracketed by the
 * header's update sequence. Not thread-safe: one thread writes.
 */
public final class CountersFileWriter implements AutoCloseable
{
    /** Label of counter 0. */
    public static final String GENERATION_LABEL = "rstat counters file generation";

    private final Path file;
    private final long freeToReuseTimeoutMs;
    private final EpochClock clock;
    private MappedByteBuffer mapped;
    private UnsafeBuffer header;
    private CountersManager counters;
    private UnsafeBuffer key;
    private long generation;
    private long nextRegistrationId;
    private int capacity;
    private boolean closed;

    private CountersFileWriter(final Path file, final long freeToReuseTimeoutMs, final EpochClock clock)
    {
        this.file = file;
        this.freeToReuseTimeoutMs = freeToReuseTimeoutMs;
        this.clock = clock;
    }

    /**
     * Creates (or replaces) the counters file at {@code file} with room for {@code capacity} counters.
     *
     * @param file        where readers find it, e.g. {@code /dev/shm/cgroup-stats}.
     * @param capacity    counters, counter 0 included.
     * @param freeToReuse how long a freed counter's slot stays unused.
     * @return the writer.
     * @throws CountersFileException if the file cannot be created (one line naming it and why).
     */
    public static CountersFileWriter create(final Path file, final int capacity, final Duration freeToReuse)
    {
        return create(file, capacity, freeToReuse.toMillis(), SystemEpochClock.INSTANCE);
    }

    /**
     * As {@link #create(Path, int, Duration)}, with the clock of the free-to-reuse deadlines.
     *
     * @param file                 where readers find it.
     * @param capacity             counters, counter 0 included.
     * @param freeToReuseTimeoutMs how long a freed counter's slot stays unused, in milliseconds.
     * @param clock                the clock of the deadlines (and of the header's times).
     * @return the writer.
     */
    public static CountersFileWriter create(
        final Path file, final int capacity, final long freeToReuseTimeoutMs, final EpochClock clock)
    {
        if (freeToReuseTimeoutMs < 0)
        {
            throw new IllegalArgumentException("negative free-to-reuse timeout: timeoutMs=" + freeToReuseTimeoutMs);
        }
        final CountersFileWriter writer = new CountersFileWriter(file.toAbsolutePath(), freeToReuseTimeoutMs, clock);
        writer.map(capacity);
        return writer;
    }

    /**
     * @return the file's path.
     */
    public Path file()
    {
        return file;
    }

    /**
     * @return the current generation (changes at {@link #renew}).
     */
    public long generation()
    {
        return generation;
    }

    /**
     * @return how many counters the file holds, counter 0 included.
     */
    public int capacity()
    {
        return capacity;
    }

    /**
     * @return how many more counters can be allocated now (freed ones count once their deadline has passed).
     */
    public int available()
    {
        return counters.available();
    }

    /**
     * Allocates a counter and gives it a registration id never used before in this generation.
     *
     * @param typeId      its type ({@link CounterTypes}).
     * @param label       its label (UTF-8, cut at {@value CountersReader#MAX_LABEL_LENGTH} bytes).
     * @param nodeId      the key's node id.
     * @param incarnation the key's node incarnation.
     * @param scope       the key's scope ({@link CounterTypes}).
     * @param exponent    the key's decimal exponent.
     * @param flags       the key's flags ({@link CountersFile#FLAG_SIGNED}).
     * @param value       its first value.
     * @return the counter id.
     * @throws CountersFileFullException if no slot is free (renew with a larger capacity).
     */
    public int allocate(final int typeId, final String label, final long nodeId, final long incarnation,
        final int scope, final int exponent, final int flags, final long value)
    {
        checkOpen();
        key.setMemory(0, CountersReader.MAX_KEY_LENGTH, (byte)0);
        key.putLong(CountersFile.KEY_NODE_ID, nodeId, CountersFile.ORDER);
        key.putLong(CountersFile.KEY_INCARNATION, incarnation, CountersFile.ORDER);
        key.putInt(CountersFile.KEY_SCOPE, scope, CountersFile.ORDER);
        key.putInt(CountersFile.KEY_EXPONENT, exponent, CountersFile.ORDER);
        key.putInt(CountersFile.KEY_FLAGS, flags, CountersFile.ORDER);
        final byte[] labelBytes = label.getBytes(StandardCharsets.UTF_8);
        final UnsafeBuffer labelBuffer = new UnsafeBuffer(labelBytes);
        final int id;
        try
        {
            id = counters.allocate(typeId, key, 0, CountersFile.KEY_LENGTH, labelBuffer, 0,
                Math.min(labelBytes.length, CountersReader.MAX_LABEL_LENGTH));
        }
        catch (final IllegalStateException full)
        {
            // Agrona's "buffer is full": every slot is allocated or freed before its reuse deadline
            throw new CountersFileFullException("counters file is full: file=" + file + " capacity=" + capacity);
        }
        counters.setCounterValue(id, value);
        counters.setCounterRegistrationId(id, ++nextRegistrationId);
        return id;
    }

    /**
     * Sets a counter's value in place (a release store: a reader that sees it sees what came before).
     *
     * @param counterId an allocated counter.
     * @param value     its value.
     */
    public void set(final int counterId, final long value)
    {
        counters.setCounterValue(counterId, value);
    }

    /**
     * Frees a counter: its registration id becomes 0 and its record reclaimed, so readers see it gone at once; its
     * slot is reused only after the free-to-reuse timeout, with a new registration id.
     *
     * @param counterId an allocated counter.
     */
    public void free(final int counterId)
    {
        checkOpen();
        // the registration id first: a reader that checks only its cached registration id (one cache line with the
        // value) sees the counter gone before anything else changes
        counters.setCounterRegistrationId(counterId, CountersReader.DEFAULT_REGISTRATION_ID);
        counters.free(counterId);
    }

    /**
     * @param counterId a counter id.
     * @return its registration id (0 while unallocated).
     */
    public long registrationId(final int counterId)
    {
        return counters.getCounterRegistrationId(counterId);
    }

    /**
     * Marks the start of a sample: the update sequence becomes odd.
     */
    public void beginSample()
    {
        checkOpen();
        header.putLongRelease(CountersFile.SEQUENCE_OFFSET, header.getLong(CountersFile.SEQUENCE_OFFSET) + 1);
        VarHandle.storeStoreFence();
    }

    /**
     * Marks the end of a sample: the update sequence becomes even again, the sample count and time advance.
     */
    public void endSample()
    {
        checkOpen();
        header.putLong(CountersFile.SAMPLES_OFFSET, header.getLong(CountersFile.SAMPLES_OFFSET) + 1);
        header.putLong(CountersFile.LAST_SAMPLE_TIME_OFFSET, clock.time());
        header.putLongRelease(CountersFile.SEQUENCE_OFFSET, header.getLong(CountersFile.SEQUENCE_OFFSET) + 1);
    }

    /**
     * Starts a new generation in a new file at the same path (the old mapping is marked replaced and released):
     * every counter id given before is void, and readers drop what they cached. Call it when the schema changes,
     * when the data is restored from a snapshot or replaced, or when the file is full.
     *
     * @param newCapacity counters of the new file.
     */
    public void renew(final int newCapacity)
    {
        checkOpen();
        final MappedByteBuffer previous = mapped;
        map(newCapacity);
        IoUtil.unmap(previous);
    }

    /**
     * Marks the file closed (its values stay as the last sample left them) and unmaps it.
     */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        header.putIntRelease(CountersFile.STATE_OFFSET, CountersFile.STATE_CLOSED);
        IoUtil.unmap(mapped);
    }

    private void checkOpen()
    {
        if (closed)
        {
            throw new IllegalStateException("counters file writer is closed: file=" + file);
        }
    }

    private void map(final int newCapacity)
    {
        if (newCapacity < 1 || newCapacity > CountersFile.MAX_CAPACITY)
        {
            throw new IllegalArgumentException("capacity out of range: capacity=" + newCapacity + " max=" +
                CountersFile.MAX_CAPACITY);
        }
        final Path directory = file.getParent();
        final String prefix = "." + file.getFileName() + ".new-";
        final Path temporary = directory.resolve(prefix + ProcessHandle.current().pid());
        removeAbandoned(directory, prefix);
        final MappedByteBuffer old = mapped != null ? mapped : mapExistingCountersFile(file);
        final long previousGeneration = old == null ? 0 : new UnsafeBuffer(old)
            .getLongAcquire(CountersFile.GENERATION_OFFSET);
        final long newGeneration = Math.max(previousGeneration + 1, Math.max(generation + 1,
            System.currentTimeMillis() * 1000));
        final MappedByteBuffer fresh;
        try
        {
            Files.deleteIfExists(temporary);
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.READ, StandardOpenOption.WRITE))
            {
                fresh = channel.map(FileChannel.MapMode.READ_WRITE, 0, CountersFile.length(newCapacity));
            }
        }
        catch (final IOException ex)
        {
            unmapForeign(old);
            throw new CountersFileException("cannot create counters file: file=" + file + " error=" + describe(ex),
                ex);
        }
        final UnsafeBuffer freshHeader = new UnsafeBuffer(fresh, 0, CountersFile.HEADER_LENGTH);
        final int metadataLength = newCapacity * CountersReader.METADATA_LENGTH;
        final int valuesLength = newCapacity * CountersReader.COUNTER_LENGTH;
        freshHeader.putLong(CountersFile.MAGIC_OFFSET, CountersFile.MAGIC);
        freshHeader.putInt(CountersFile.VERSION_OFFSET, CountersFile.VERSION);
        freshHeader.putInt(CountersFile.HEADER_LENGTH_OFFSET, CountersFile.HEADER_LENGTH);
        freshHeader.putInt(CountersFile.METADATA_LENGTH_OFFSET, metadataLength);
        freshHeader.putInt(CountersFile.VALUES_LENGTH_OFFSET, valuesLength);
        freshHeader.putInt(CountersFile.CHARSET_OFFSET, CountersFile.CHARSET_UTF_8);
        freshHeader.putLong(CountersFile.PID_OFFSET, ProcessHandle.current().pid());
        freshHeader.putLong(CountersFile.START_TIME_OFFSET, clock.time());
        freshHeader.putLong(CountersFile.REUSE_TIMEOUT_OFFSET, freeToReuseTimeoutMs);
        freshHeader.putIntRelease(CountersFile.STATE_OFFSET, CountersFile.STATE_ACTIVE);
        freshHeader.putLongRelease(CountersFile.GENERATION_OFFSET, newGeneration);
        final UnsafeBuffer metadata = new UnsafeBuffer(fresh, CountersFile.HEADER_LENGTH, metadataLength);
        final UnsafeBuffer values = new UnsafeBuffer(fresh, CountersFile.HEADER_LENGTH + metadataLength,
            valuesLength);
        final CountersManager freshCounters = new CountersManager(metadata, values, StandardCharsets.UTF_8, clock,
            freeToReuseTimeoutMs);
        try
        {
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        catch (final IOException ex)
        {
            IoUtil.unmap(fresh);
            unmapForeign(old);
            try
            {
                Files.deleteIfExists(temporary);
            }
            catch (final IOException ignored)
            {
                // the temporary name carries our pid: the next start removes it
            }
            throw new CountersFileException("cannot create counters file: file=" + file + " error=" + describe(ex),
                ex);
        }
        if (old != null)
        {
            // after the rename: a reader that sees the old file's generation change and reopens the path finds this
            final UnsafeBuffer oldHeader = new UnsafeBuffer(old, 0, CountersFile.HEADER_LENGTH);
            oldHeader.putIntRelease(CountersFile.STATE_OFFSET, CountersFile.STATE_REPLACED);
            oldHeader.putLongRelease(CountersFile.GENERATION_OFFSET, newGeneration);
            unmapForeign(old);
        }
        this.mapped = fresh;
        this.header = freshHeader;
        this.counters = freshCounters;
        this.key = new UnsafeBuffer(new byte[CountersReader.MAX_KEY_LENGTH]);
        this.generation = newGeneration;
        this.capacity = newCapacity;
        this.nextRegistrationId = 0;
        allocate(CounterTypes.FILE_GENERATION, GENERATION_LABEL, 0, 0, CounterTypes.SCOPE_VALUE, 0, 0,
            newGeneration);
        counters.setCounterRegistrationId(0, newGeneration);
    }

    /** Deletes temporary files of this path left by publishers that died before renaming theirs into place. */
    private static void removeAbandoned(final Path directory, final String prefix)
    {
        try (java.nio.file.DirectoryStream<Path> entries = Files.newDirectoryStream(directory, prefix + "*"))
        {
            for (final Path entry : entries)
            {
                final String pid = entry.getFileName().toString().substring(prefix.length());
                if (pid.matches("\\d{1,18}") && ProcessHandle.of(Long.parseLong(pid)).isEmpty())
                {
                    Files.deleteIfExists(entry);
                }
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            // best effort: a leftover temporary file is harmless
        }
    }

    private void unmapForeign(final MappedByteBuffer old)
    {
        if (old != null && old != mapped)
        {
            IoUtil.unmap(old);
        }
    }

    /**
     * Maps an existing file read-write if it is a counters file of this layout (to mark it replaced), else null.
     */
    private static MappedByteBuffer mapExistingCountersFile(final Path path)
    {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            final long size = channel.size();
            if (size < CountersFile.HEADER_LENGTH)
            {
                return null;
            }
            final MappedByteBuffer buffer = channel.map(FileChannel.MapMode.READ_WRITE, 0, CountersFile.HEADER_LENGTH);
            final UnsafeBuffer header = new UnsafeBuffer(buffer);
            if (header.getLong(CountersFile.MAGIC_OFFSET) != CountersFile.MAGIC ||
                header.getInt(CountersFile.VERSION_OFFSET) != CountersFile.VERSION)
            {
                IoUtil.unmap(buffer);
                return null;
            }
            return buffer;
        }
        catch (final IOException | RuntimeException ex)
        {
            return null;
        }
    }

    static String describe(final IOException ex)
    {
        if (ex instanceof AccessDeniedException)
        {
            return "permission denied";
        }
        if (ex instanceof NoSuchFileException)
        {
            return "no such file or directory";
        }
        if (ex instanceof FileSystemException fs && fs.getReason() != null)
        {
            return fs.getReason();
        }
        return ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
    }
}
