package dev.rstat.cgroup.synthetic;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * A reusable builder for one small ASCII file (cgroupfs-style text), written with one {@code write} call; avoids a
 * String per value when generating hundreds of thousands of files.
 * <p>
 * Layout: the bytes [0, length) of a growable {@code byte[]}, reset per file. (Agrona's ExpandableArrayBuffer would
 * fit, but Agrona 2.x needs {@code --add-exports java.base/jdk.internal.misc=ALL-UNNAMED} on every JVM that loads
 * it, which a test-data generator run from plain {@code java} or Maven should not require.) Not thread-safe; one per
 * writing thread.
 */
final class AsciiFile
{
    private static final Set<StandardOpenOption> CREATE_WRITE = EnumSet.of(
        StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
    private static final Set<StandardOpenOption> READ = EnumSet.of(StandardOpenOption.READ);

    private static final int MAX_LONG_DIGITS = 20;

    private byte[] buffer = new byte[4096];
    private int length;

    AsciiFile reset()
    {
        length = 0;
        return this;
    }

    AsciiFile append(final String ascii)
    {
        final int n = ascii.length();
        ensure(n);
        for (int i = 0; i < n; i++)
        {
            buffer[length++] = (byte)ascii.charAt(i);
        }
        return this;
    }

    /** Appends a signed decimal (the values here are never near Long.MIN_VALUE). */
    AsciiFile append(final long value)
    {
        ensure(MAX_LONG_DIGITS + 1);
        long v = value;
        if (v < 0)
        {
            buffer[length++] = '-';
            v = -v;
        }
        final int start = length;
        do
        {
            buffer[length++] = (byte)('0' + v % 10);
            v /= 10;
        }
        while (v != 0);
        for (int i = start, j = length - 1; i < j; i++, j--)
        {
            final byte b = buffer[i];
            buffer[i] = buffer[j];
            buffer[j] = b;
        }
        return this;
    }

    AsciiFile append(final char c)
    {
        ensure(1);
        buffer[length++] = (byte)c;
        return this;
    }

    /** Appends {@code key value\n}. */
    AsciiFile line(final String key, final long value)
    {
        return append(key).append(' ').append(value).append('\n');
    }

    /** Appends a value kept in hundredths as {@code 12.34}. */
    AsciiFile hundredths(final long value)
    {
        append(value / 100).append('.');
        final long frac = value % 100;
        if (frac < 10)
        {
            append('0');
        }
        return append(frac);
    }

    int length()
    {
        return length;
    }

    /** Creates or truncates {@code file} and writes the built bytes. */
    void writeTo(final Path file)
    {
        try (FileChannel channel = FileChannel.open(file, CREATE_WRITE))
        {
            writeAll(channel);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write file: file=" + file, ex);
        }
    }

    /** Creates or truncates {@code name} relative to an open directory (openat: no PATH_MAX limit). */
    void writeTo(final SecureDirectoryStream<Path> dir, final Path name) throws IOException
    {
        try (SeekableByteChannel channel = dir.newByteChannel(name, CREATE_WRITE))
        {
            writeAll(channel);
        }
    }

    /** Reads a whole (small) ASCII file relative to an open directory. */
    static String read(final SecureDirectoryStream<Path> dir, final Path name) throws IOException
    {
        try (SeekableByteChannel channel = dir.newByteChannel(name, READ))
        {
            ByteBuffer bb = ByteBuffer.allocate(4096);
            while (channel.read(bb) >= 0)
            {
                if (!bb.hasRemaining())
                {
                    final ByteBuffer bigger = ByteBuffer.allocate(bb.capacity() * 2);
                    bb.flip();
                    bigger.put(bb);
                    bb = bigger;
                }
            }
            return new String(bb.array(), 0, bb.position(), StandardCharsets.US_ASCII);
        }
    }

    private void ensure(final int more)
    {
        if (length + more > buffer.length)
        {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
        }
    }

    private void writeAll(final WritableByteChannel channel) throws IOException
    {
        final ByteBuffer bb = ByteBuffer.wrap(buffer, 0, length);
        while (bb.hasRemaining())
        {
            channel.write(bb);
        }
    }
}
