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
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

import dev.rstat.cgroup.stat.StatCatalog;

/**
 * Directory-handle operations ({@code openat}/{@code fstatat} through {@link SecureDirectoryStream}), so that
 * nothing depends on absolute paths, which fail with ENAMETOOLONG beyond PATH_MAX in deep hierarchies.
 */
final class Handles
{
    static final Path PARENT = Path.of("..");
    private static final String INODE_KEY = "ino=";
    private static final String DEVICE_KEY = "dev=";
    private static final int DECIMAL = 10;
    private static final int HEXADECIMAL = 16;
    private static final String[] NO_NAMES = new String[0];
    /** How many directory entries {@link #list} had to {@code stat} to find the sub-directories (for tests). */
    static final LongAdder ENTRIES_STATTED = new LongAdder();
    /** Sibling order: by name in UTF-8 byte order ({@link #compareNames(String, String)}). */
    private static final Comparator<Path> BY_NAME = (a, b) -> compareNames(a.toString(), b.toString());

    private Handles()
    {
    }

    /**
     * Compares cgroup names in UTF-8 byte order (unsigned), the order of the expected walk orders and of sorted
     * {@code ls} output in a UTF-8 C locale, without encoding the names. UTF-8 byte order is Unicode code point order;
     * {@link String#compareTo} compares UTF-16 units instead and so puts characters outside the BMP (surrogates
     * U+D800..U+DFFF) before U+E000..U+FFFF (e.g. U+1F433 before U+FF21). Ranking the surrogates above U+E000..U+FFFF
     * fixes that.
     *
     * @param a a name.
     * @param b another name.
     * @return negative, zero or positive as {@code a} sorts before, with or after {@code b}.
     */
    static int compareNames(final String a, final String b)
    {
        final int length = Math.min(a.length(), b.length());
        for (int i = 0; i < length; i++)
        {
            final char x = a.charAt(i);
            final char y = b.charAt(i);
            if (x != y)
            {
                return codePointOrder(x) - codePointOrder(y);
            }
        }
        return a.length() - b.length();
    }

    /** Maps U+E000..U+FFFF to 0xD800..0xF7FF and the surrogates to 0xF800..0xFFFF, keeping the rest. */
    private static int codePointOrder(final char c)
    {
        if (Character.isSurrogate(c))
        {
            return c + 0x2000;
        }
        return c >= 0xE000 ? c - 0x800 : c;
    }

    /**
     * The entries of one directory: sub-directories (cgroups) sorted by name in UTF-8 byte order, and the names of
     * the other entries that do not start with a dot, sorted by {@link String#compareTo} (for binary search; cgroupfs
     * file names are ASCII). The other entries are not checked for being regular or readable files.
     */
    static final class Listing
    {
        final Path[] directories;
        final String[] others;

        Listing(final Path[] directories, final String[] others)
        {
            this.directories = directories;
            this.others = others;
        }

        boolean lists(final String name)
        {
            return Arrays.binarySearch(others, name) >= 0;
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

    /**
     * The identity of an open directory.
     *
     * @param device the device number ({@code st_dev}).
     * @param inode  the inode number ({@code st_ino}).
     */
    record Identity(long device, long inode)
    {
    }

    static Identity identity(final SecureDirectoryStream<Path> dir) throws IOException
    {
        final Object key = dir.getFileAttributeView(BasicFileAttributeView.class).readAttributes().fileKey();
        final String text = String.valueOf(key);
        final long inode = number(text, INODE_KEY, DECIMAL);
        if (key == null || inode < 0)
        {
            throw new IllegalStateException("file key has no inode number: fileKey=" + key);
        }
        return new Identity(number(text, DEVICE_KEY, HEXADECIMAL), inode);
    }

    static long inode(final SecureDirectoryStream<Path> dir) throws IOException
    {
        return identity(dir).inode();
    }

    /**
     * The unsigned number after {@code key} in a file key's text, or -1: the JDK prints it as
     * {@code (dev=<hex>,ino=<decimal>)}.
     */
    private static long number(final String text, final String key, final int radix)
    {
        final int start = text.indexOf(key);
        if (start < 0)
        {
            return -1;
        }
        final int from = start + key.length();
        int end = from;
        while (end < text.length() && Character.digit(text.charAt(end), radix) >= 0)
        {
            end++;
        }
        return end == from ? -1 : Long.parseUnsignedLong(text, from, end, radix);
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
     * Lists a directory through its handle without a {@code stat} of every entry. Java cannot see the entry type
     * that {@code readdir} returns, so the sub-directories are found from the directory's link count, which on
     * cgroupfs (kernfs), tmpfs, ext4 and xfs is 2 plus the number of sub-directories: a directory with none (a leaf,
     * most cgroups) costs no {@code stat} at all, and in one with some, entries are {@code stat}ed only until that many
     * directories are found, names the catalog does not know as files first. Without a link count
     * ({@code subdirectories < 0}) every entry is {@code stat}ed. Entries that vanish before their {@code stat} are
     * left out. May be called once per handle (a {@link SecureDirectoryStream} hands out one iterator).
     *
     * @param dir            the directory.
     * @param subdirectories how many sub-directories it has, from its link count, or -1 if not known.
     * @return the listing.
     * @throws IOException if the directory cannot be read.
     */
    static Listing list(final SecureDirectoryStream<Path> dir, final int subdirectories) throws IOException
    {
        final List<Path> names = new ArrayList<>();
        try
        {
            for (final Path entry : dir)
            {
                names.add(fileName(entry));
            }
        }
        catch (final DirectoryIteratorException ex)
        {
            throw ex.getCause();
        }
        if (subdirectories == 0)
        {
            return new Listing(new Path[0], others(names, null));
        }
        if (subdirectories > 0)
        {
            names.sort(Comparator.comparingInt(name -> knownFile(name) ? 1 : 0));
        }
        final boolean[] directory = new boolean[names.size()];
        final List<Path> directories = new ArrayList<>();
        for (int i = 0; i < names.size() && directories.size() != subdirectories; i++)
        {
            final BasicFileAttributes attributes = attributes(dir, names.get(i));
            if (attributes == null)
            {
                directory[i] = true;
            }
            else if (attributes.isDirectory())
            {
                directory[i] = true;
                directories.add(names.get(i));
            }
        }
        directories.sort(BY_NAME);
        return new Listing(directories.toArray(new Path[0]), others(names, directory));
    }

    /** The non-dot names of {@code names} that are not marked as directories (or vanished), sorted. */
    private static String[] others(final List<Path> names, final boolean[] directory)
    {
        final List<String> out = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++)
        {
            final String name = names.get(i).toString();
            if ((directory == null || !directory[i]) && !name.startsWith("."))
            {
                out.add(name);
            }
        }
        if (out.isEmpty())
        {
            return NO_NAMES;
        }
        final String[] sorted = out.toArray(NO_NAMES);
        Arrays.sort(sorted);
        return sorted;
    }

    private static boolean knownFile(final Path name)
    {
        final String text = name.toString();
        return StatCatalog.v2().knows(text) || StatCatalog.v1().knows(text);
    }

    /** The attributes of an entry, without following links; null if it vanished. */
    static BasicFileAttributes attributes(final SecureDirectoryStream<Path> dir, final Path name) throws IOException
    {
        ENTRIES_STATTED.increment();
        try
        {
            return dir.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .readAttributes();
        }
        catch (final IOException ex)
        {
            if (isVanished(ex))
            {
                return null;
            }
            throw ex;
        }
    }

    /**
     * The readable regular files of a directory among the listed names: one {@code stat} per name.
     *
     * @param dir   the directory.
     * @param names candidate names, sorted.
     * @return the names of regular files with a read permission bit, sorted.
     */
    static List<String> readableFiles(final SecureDirectoryStream<Path> dir, final String[] names)
    {
        final List<String> files = new ArrayList<>(names.length);
        for (final String name : names)
        {
            if (isReadableFile(dir, name))
            {
                files.add(name);
            }
        }
        return List.copyOf(files);
    }

    /**
     * Whether an entry is a readable regular file (not a directory, FIFO, device or link; a read permission bit set):
     * one {@code stat}.
     *
     * @param dir  the directory.
     * @param name the entry.
     * @return true for a readable regular file.
     */
    static boolean isReadableFile(final SecureDirectoryStream<Path> dir, final String name)
    {
        try
        {
            final PosixFileAttributes attributes = dir.getFileAttributeView(
                Path.of(name), PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).readAttributes();
            return attributes.isRegularFile() && readable(attributes.permissions());
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    static boolean readable(final Set<PosixFilePermission> permissions)
    {
        return permissions.contains(PosixFilePermission.OWNER_READ) ||
            permissions.contains(PosixFilePermission.GROUP_READ) ||
            permissions.contains(PosixFilePermission.OTHERS_READ);
    }
}
