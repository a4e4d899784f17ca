package dev.rstat.agrona;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersReader;

/**
 * A read-only mapping of a live counters file ({@link CountersFile}), validated once when opened: every later read
 * is within the mapping whatever the file holds. Reads take no lock and never block the writer; each is one volatile
 * load of the shared memory. A {@link CountersView} keeps what a reader cached and tells when it is stale.
 */
public final class CountersFileReader implements AutoCloseable
{
    private final Path file;
    private final Object fileKey;
    private final MappedByteBuffer mapped;
    private final UnsafeBuffer header;
    private final UnsafeBuffer metadata;
    private final UnsafeBuffer values;
    private final CountersReader counters;
    private final int capacity;
    private boolean closed;

    private CountersFileReader(final Path file, final Object fileKey, final MappedByteBuffer mapped,
        final int metadataLength, final int valuesLength)
    {
        this.file = file;
        this.fileKey = fileKey;
        this.mapped = mapped;
        this.header = new UnsafeBuffer(mapped, 0, CountersFile.HEADER_LENGTH);
        this.metadata = new UnsafeBuffer(mapped, CountersFile.HEADER_LENGTH, metadataLength);
        this.values = new UnsafeBuffer(mapped, CountersFile.HEADER_LENGTH + metadataLength, valuesLength);
        this.counters = new CountersReader(metadata, values, StandardCharsets.UTF_8);
        this.capacity = valuesLength / CountersReader.COUNTER_LENGTH;
    }

    /**
     * Maps a counters file read-only.
     *
     * @param file its path.
     * @return the reader.
     * @throws CountersFileException if it is missing, unreadable or not a counters file of this layout (one line
     *                               naming the file, the field and its offset).
     */
    public static CountersFileReader open(final Path file)
    {
        final Path path = file.toAbsolutePath();
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ))
        {
            final Object key = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
            final long size = channel.size();
            if (size < CountersFile.HEADER_LENGTH)
            {
                throw notCounters(path, "file is shorter than the header: size=" + size + " header=" +
                    CountersFile.HEADER_LENGTH);
            }
            final MappedByteBuffer head = channel.map(FileChannel.MapMode.READ_ONLY, 0, CountersFile.HEADER_LENGTH);
            final UnsafeBuffer h = new UnsafeBuffer(head);
            final long magic = h.getLong(CountersFile.MAGIC_OFFSET);
            final int version = h.getInt(CountersFile.VERSION_OFFSET);
            final int headerLength = h.getInt(CountersFile.HEADER_LENGTH_OFFSET);
            final int metadataLength = h.getInt(CountersFile.METADATA_LENGTH_OFFSET);
            final int valuesLength = h.getInt(CountersFile.VALUES_LENGTH_OFFSET);
            final int charset = h.getInt(CountersFile.CHARSET_OFFSET);
            IoUtil.unmap(head);
            if (magic != CountersFile.MAGIC)
            {
                throw notCounters(path, "bad magic at offset 0: magic=0x" + Long.toHexString(magic) +
                    " expected=0x" + Long.toHexString(CountersFile.MAGIC));
            }
            if (version != CountersFile.VERSION)
            {
                throw notCounters(path, "unsupported layout version at offset 8: version=" + version + " supported=" +
                    CountersFile.VERSION);
            }
            if (headerLength != CountersFile.HEADER_LENGTH)
            {
                throw notCounters(path, "bad header length at offset 12: length=" + headerLength);
            }
            if (valuesLength <= 0 || valuesLength % CountersReader.COUNTER_LENGTH != 0 ||
                valuesLength / CountersReader.COUNTER_LENGTH > CountersFile.MAX_CAPACITY)
            {
                throw notCounters(path, "bad values buffer length at offset 20: length=" + valuesLength);
            }
            final int counters = valuesLength / CountersReader.COUNTER_LENGTH;
            if ((long)metadataLength != (long)counters * CountersReader.METADATA_LENGTH)
            {
                throw notCounters(path, "bad metadata buffer length at offset 16: length=" + metadataLength +
                    " expected=" + (long)counters * CountersReader.METADATA_LENGTH);
            }
            if (charset != CountersFile.CHARSET_UTF_8)
            {
                throw notCounters(path, "unknown label charset at offset 24: charset=" + charset);
            }
            final long length = CountersFile.length(counters);
            if (size < length)
            {
                throw notCounters(path, "file is truncated: size=" + size + " expected=" + length);
            }
            final MappedByteBuffer all = channel.map(FileChannel.MapMode.READ_ONLY, 0, length);
            return new CountersFileReader(path, key, all, metadataLength, valuesLength);
        }
        catch (final NoSuchFileException ex)
        {
            throw new CountersFileException("no counters file: file=" + path +
                " (is a publisher such as 'cgroup-walk publish' running?)", ex);
        }
        catch (final IOException ex)
        {
            throw new CountersFileException("cannot read counters file: file=" + path + " error=" +
                CountersFileWriter.describe(ex), ex);
        }
    }

    private static CountersFileException notCounters(final Path path, final String reason)
    {
        return new CountersFileException("not an rstat counters file: file=" + path + " " + reason);
    }

    /**
     * @return the path it was opened at.
     */
    public Path file()
    {
        return file;
    }

    /**
     * @return whether the path now names another file than the one mapped (a newer publisher's), or none.
     */
    public boolean replacedAtPath()
    {
        try
        {
            return !Objects.equals(fileKey, Files.readAttributes(file, BasicFileAttributes.class).fileKey());
        }
        catch (final IOException ex)
        {
            return true;
        }
    }

    /**
     * @return the generation (acquire load).
     */
    public long generation()
    {
        checkOpen();
        return header.getLongVolatile(CountersFile.GENERATION_OFFSET);
    }

    /**
     * @return the state: {@link CountersFile#STATE_ACTIVE}, {@code CLOSED} or {@code REPLACED}.
     */
    public int state()
    {
        checkOpen();
        return header.getIntVolatile(CountersFile.STATE_OFFSET);
    }

    /**
     * @return the update sequence: odd while a sample is being written.
     */
    public long updateSequence()
    {
        checkOpen();
        return header.getLongVolatile(CountersFile.SEQUENCE_OFFSET);
    }

    /**
     * @return samples published.
     */
    public long samples()
    {
        checkOpen();
        return header.getLongVolatile(CountersFile.SAMPLES_OFFSET);
    }

    /**
     * @return the last sample's time, epoch milliseconds.
     */
    public long lastSampleTimeMs()
    {
        checkOpen();
        return header.getLongVolatile(CountersFile.LAST_SAMPLE_TIME_OFFSET);
    }

    /**
     * @return the publisher's process id.
     */
    public long publisherPid()
    {
        checkOpen();
        return header.getLong(CountersFile.PID_OFFSET);
    }

    /**
     * @return the free-to-reuse timeout of the file, in milliseconds.
     */
    public long freeToReuseTimeoutMs()
    {
        checkOpen();
        return header.getLong(CountersFile.REUSE_TIMEOUT_OFFSET);
    }

    /**
     * @return how many counters the file holds.
     */
    public int capacity()
    {
        return capacity;
    }

    /**
     * @return Agrona's reader over the file's buffers (for tools that know only Agrona's layout).
     */
    public CountersReader counters()
    {
        return counters;
    }

    /**
     * @param counterId a counter id below {@link #capacity()}.
     * @return its record state: Agrona's {@code RECORD_UNUSED}, {@code RECORD_ALLOCATED} or {@code RECORD_RECLAIMED}.
     */
    public int recordState(final int counterId)
    {
        return metadata.getIntVolatile(CountersReader.metaDataOffset(check(counterId)));
    }

    /**
     * @param counterId a counter id below {@link #capacity()}.
     * @return its registration id (0 while being allocated).
     */
    public long registrationId(final int counterId)
    {
        return values.getLongVolatile(CountersReader.counterOffset(check(counterId)) +
            CountersReader.REGISTRATION_ID_OFFSET);
    }

    /**
     * @param counterId a counter id below {@link #capacity()}.
     * @return its value.
     */
    public long value(final int counterId)
    {
        return values.getLongVolatile(CountersReader.counterOffset(check(counterId)));
    }

    /** As {@link #registrationId(int)}, for a counter id the caller has checked. */
    long registrationIdUnchecked(final int counterId)
    {
        return values.getLongVolatile(CountersReader.counterOffset(counterId) + CountersReader.REGISTRATION_ID_OFFSET);
    }

    /** As {@link #value(int)}, for a counter id the caller has checked. */
    long valueUnchecked(final int counterId)
    {
        return values.getLongVolatile(CountersReader.counterOffset(counterId));
    }

    /**
     * @param counterId a counter id below {@link #capacity()}.
     * @return its type id.
     */
    public int typeId(final int counterId)
    {
        return metadata.getInt(CountersReader.metaDataOffset(check(counterId)) + CountersReader.TYPE_ID_OFFSET);
    }

    /**
     * @param counterId a counter id below {@link #capacity()}.
     * @return its label (its length clamped to the label field, so a hostile length reads no further).
     */
    public String label(final int counterId)
    {
        final int offset = CountersReader.metaDataOffset(check(counterId)) + CountersReader.LABEL_OFFSET;
        final int length = Math.max(0, Math.min(CountersReader.MAX_LABEL_LENGTH, metadata.getIntVolatile(offset)));
        final byte[] bytes = new byte[length];
        metadata.getBytes(offset + Integer.BYTES, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * @param counterId a counter id below {@link #capacity()}.
     * @param field     a key field offset ({@link CountersFile}).
     * @return the key's long at that offset.
     */
    long keyLong(final int counterId, final int field)
    {
        return metadata.getLong(CountersReader.metaDataOffset(check(counterId)) + CountersReader.KEY_OFFSET + field,
            CountersFile.ORDER);
    }

    /**
     * @param counterId a counter id below {@link #capacity()}.
     * @param field     a key field offset ({@link CountersFile}).
     * @return the key's int at that offset.
     */
    int keyInt(final int counterId, final int field)
    {
        return metadata.getInt(CountersReader.metaDataOffset(check(counterId)) + CountersReader.KEY_OFFSET + field,
            CountersFile.ORDER);
    }

    private int check(final int counterId)
    {
        checkOpen();
        return Objects.checkIndex(counterId, capacity);
    }

    private void checkOpen()
    {
        if (closed)
        {
            throw new IllegalStateException("counters file reader is closed: file=" + file);
        }
    }

    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            IoUtil.unmap(mapped);
        }
    }
}
