package dev.rstat.cgroup;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Directory-handle operations ({@code openat}/{@code fstatat} through {@link SecureDirectoryStream}), so that
 * nothing depends on absolute paths, which fail with ENAMETOOLONG beyond PATH_MAX in deep hierarchies.
 */
final class Handles
{
    static final Path PARENT = Path.of("..");
    private static final Pattern INODE = Pattern.compile("ino=(\\d+)");
    private static final Set<PosixFilePermission> READ_BITS = Set.of(
        PosixFilePermission.OWNER_READ, PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);
    private static final Comparator<Path> BY_NAME = Comparator.comparing(Path::toString);

    private Handles()
    {
    }

    /**
     * The entries of one directory: sub-directories (cgroups) and readable regular non-dot files, each sorted by
     * name.
     */
    static final class Listing
    {
        final Path[] directories;
        final List<String> files;

        Listing(final Path[] directories, final List<String> files)
        {
            this.directories = directories;
            this.files = files;
        }
    }

    /**
     * The last name of a directory-stream entry. {@link Path#getFileName()} indexes the whole path, O(depth) with an
     * allocation per call, so for deep hierarchies the name is cut from the string form instead; names that are not
     * valid UTF-8 (decoded with replacement characters) keep the exact bytes through {@code getFileName()}.
     */
    static Path fileName(final Path entry)
    {
        final String text = entry.toString();
        final String name = text.substring(text.lastIndexOf('/') + 1);
        if (name.isEmpty() || name.indexOf('\uFFFD') >= 0)
        {
            return entry.getFileName();
        }
        return Path.of(name);
    }

    static SecureDirectoryStream<Path> openRoot(final Path dir) throws IOException
    {
        final DirectoryStream<Path> stream = Files.newDirectoryStream(dir);
        if (stream instanceof SecureDirectoryStream)
        {
            @SuppressWarnings("unchecked")
            final SecureDirectoryStream<Path> secure = (SecureDirectoryStream<Path>)stream;
            return secure;
        }
        stream.close();
        throw new UnsupportedOperationException(
            "directory handles (SecureDirectoryStream) are not supported on this platform: dir=" + dir);
    }

    static SecureDirectoryStream<Path> openChild(final SecureDirectoryStream<Path> parent, final Path name)
        throws IOException
    {
        return parent.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS);
    }

    static long inode(final SecureDirectoryStream<Path> dir) throws IOException
    {
        final Object key = dir.getFileAttributeView(BasicFileAttributeView.class).readAttributes().fileKey();
        final Matcher m = INODE.matcher(String.valueOf(key));
        if (key == null || !m.find())
        {
            throw new IllegalStateException("file key has no inode number: fileKey=" + key);
        }
        return Long.parseUnsignedLong(m.group(1));
    }

    static boolean isVanished(final IOException ex)
    {
        if (ex instanceof NoSuchFileException || ex instanceof NotDirectoryException)
        {
            return true;
        }
        return ex instanceof FileSystemException && "No such device".equals(((FileSystemException)ex).getReason());
    }

    static void closeQuietly(final SecureDirectoryStream<Path> handle)
    {
        if (handle != null)
        {
            try
            {
                handle.close();
            }
            catch (final IOException ignored)
            {
                // closing a directory handle cannot lose data
            }
        }
    }

    /**
     * Reads a whole file relative to a directory handle, up to {@code limit} bytes.
     */
    static byte[] read(final SecureDirectoryStream<Path> dir, final Path name, final int limit) throws IOException
    {
        try (SeekableByteChannel channel = dir.newByteChannel(name, Set.of(StandardOpenOption.READ)))
        {
            ByteBuffer buffer = ByteBuffer.allocate(Math.min(limit, 8192));
            while (true)
            {
                if (!buffer.hasRemaining())
                {
                    if (buffer.capacity() >= limit)
                    {
                        throw new IOException("file larger than limit: name=" + name + " limit=" + limit);
                    }
                    final ByteBuffer bigger = ByteBuffer.allocate((int)Math.min(limit, buffer.capacity() * 2L));
                    buffer.flip();
                    bigger.put(buffer);
                    buffer = bigger;
                }
                if (channel.read(buffer) < 0)
                {
                    break;
                }
            }
            return Arrays.copyOf(buffer.array(), buffer.position());
        }
    }

    /**
     * Lists a directory through its handle. May be called once per handle (a {@link SecureDirectoryStream} hands out
     * one iterator). Entries that vanish between {@code readdir} and {@code fstatat} are left out.
     */
    static Listing list(final SecureDirectoryStream<Path> dir) throws IOException
    {
        final List<Path> directories = new ArrayList<>();
        final List<String> files = new ArrayList<>();
        try
        {
            for (final Path entry : dir)
            {
                final Path name = fileName(entry);
                final PosixFileAttributes attributes;
                try
                {
                    attributes = dir.getFileAttributeView(name, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                        .readAttributes();
                }
                catch (final IOException ex)
                {
                    if (isVanished(ex))
                    {
                        continue;
                    }
                    throw ex;
                }
                if (attributes.isDirectory())
                {
                    directories.add(name);
                }
                else if (attributes.isRegularFile() && !name.toString().startsWith(".") &&
                    attributes.permissions().stream().anyMatch(READ_BITS::contains))
                {
                    files.add(name.toString());
                }
            }
        }
        catch (final DirectoryIteratorException ex)
        {
            throw ex.getCause();
        }
        directories.sort(BY_NAME);
        files.sort(Comparator.naturalOrder());
        return new Listing(directories.toArray(new Path[0]), List.copyOf(files));
    }
}
