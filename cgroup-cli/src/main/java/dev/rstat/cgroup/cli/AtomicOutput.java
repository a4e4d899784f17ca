package dev.rstat.cgroup.cli;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes a file all at once or not at all: the content goes to a temporary file in the target's directory, which is
 * then renamed over the target ({@code rename(2)}, atomic). On any failure the temporary file is removed and the
 * target is left as it was. The new file gets the old file's permissions, or {@code rw-r--r--}.
 */
final class AtomicOutput
{
    private static final Set<PosixFilePermission> DEFAULT_PERMISSIONS = PosixFilePermissions.fromString("rw-r--r--");

    private AtomicOutput()
    {
    }

    /** Writes the content. */
    @FunctionalInterface
    interface Body
    {
        /**
         * @param out where to write (UTF-8); closed by the caller.
         * @throws IOException if writing fails.
         */
        void write(Writer out) throws IOException;
    }

    /**
     * @param target the file to replace or create.
     * @param body   writes the content.
     * @throws IOException if the content cannot be written or moved into place; the target is then unchanged.
     */
    static void write(final Path target, final Body body) throws IOException
    {
        final Path absolute = target.toAbsolutePath();
        if (isSpecial(absolute))
        {
            try (Writer out = Files.newBufferedWriter(absolute, StandardCharsets.UTF_8))
            {
                body.write(out);
            }
            return;
        }
        final Path dir = absolute.getParent();
        final Path tmp = Files.createTempFile(dir, "." + absolute.getFileName() + ".", ".tmp");
        boolean moved = false;
        try
        {
            try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8))
            {
                body.write(out);
            }
            commit(tmp, absolute);
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

    /**
     * Renames a finished temporary file over the target atomically, keeping the target's permissions if it exists
     * ({@code rw-r--r--} otherwise).
     *
     * @param tmp    the finished file, in the target's directory.
     * @param target the file to replace.
     * @throws IOException if the rename fails.
     */
    static void commit(final Path tmp, final Path target) throws IOException
    {
        Files.setPosixFilePermissions(tmp, Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS) ?
            Files.getPosixFilePermissions(target, LinkOption.NOFOLLOW_LINKS) : DEFAULT_PERMISSIONS);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * A target that exists and is not a regular file (a device such as {@code /dev/null} or {@code /dev/stdout}, a
     * FIFO) is written straight through: renaming a temporary file over it would replace the device node itself.
     *
     * @param target absolute path of the output.
     * @return whether to write it directly rather than by temporary file and rename.
     */
    static boolean isSpecial(final Path target)
    {
        return Files.exists(target) && !Files.isRegularFile(target);
    }
}
