package dev.rstat.cgroup.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Where a binary export goes: a file written atomically (temporary file, then rename; a device or FIFO written
 * through), or standard output when it is not a terminal.
 */
final class BinaryOutput
{
    private BinaryOutput()
    {
    }

    /**
     * @param fd a file descriptor number of this process.
     * @return whether it is a terminal.
     */
    static boolean isTerminal(final int fd)
    {
        try
        {
            final String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        }
        catch (final IOException | UnsupportedOperationException | SecurityException ex)
        {
            return false;
        }
    }

    /**
     * Writes the bytes to a file, all or nothing.
     *
     * @param target the file.
     * @param bytes  the content (from position to limit).
     */
    static void toFile(final Path target, final ByteBuffer bytes)
    {
        try
        {
            final Path absolute = target.toAbsolutePath();
            if (AtomicOutput.isSpecial(absolute))
            {
                try (OutputStream out = Files.newOutputStream(absolute, StandardOpenOption.WRITE))
                {
                    write(bytes, out);
                }
                return;
            }
            final Path tmp = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName() + ".", ".tmp");
            boolean moved = false;
            try
            {
                try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.WRITE))
                {
                    write(bytes, out);
                }
                AtomicOutput.commit(tmp, absolute);
                moved = true;
            }
            finally
            {
                if (!moved)
                {
                    Files.deleteIfExists(tmp);
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write output: file=" + target + " error=" + ex, ex);
        }
    }

    /**
     * Writes the bytes to this process's standard output (file descriptor 1).
     *
     * @param bytes the content.
     */
    static void toStdout(final ByteBuffer bytes)
    {
        try
        {
            final OutputStream out = new FileOutputStream(FileDescriptor.out);
            write(bytes, out);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write output: file=stdout error=" + ex, ex);
        }
    }

    private static void write(final ByteBuffer bytes, final OutputStream out) throws IOException
    {
        out.write(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
        out.flush();
    }
}
