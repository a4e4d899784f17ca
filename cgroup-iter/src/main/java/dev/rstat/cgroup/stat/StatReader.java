package dev.rstat.cgroup.stat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

import org.eclipse.collections.api.iterator.IntIterator;

/**
 * Reads cgroupfs stat files into a {@link StatSample}. Never throws for I/O or format problems: it records them in
 * {@link Problems} and marks the affected columns.
 * <p>
 * Each file is read whole into one reused byte array (grown on demand, below {@value #MAX_FILE_SIZE} bytes) and
 * parsed straight from the bytes according to its {@link FileSpec} in the {@link Columns}' catalog. Per file name the
 * reader remembers the columns of the keys it has seen, so a walk of thousands of cgroups makes no String per number
 * and none per key after the first sight of that key.
 * <p>
 * Errors:
 * <ul>
 * <li>{@code ENOENT} on the file, cgroup directory still there: the file simply does not exist in this cgroup (e.g.
 * {@code memory.current} on the root); its columns stay {@link ValueState#MISSING}, no warning.</li>
 * <li>{@code ENOENT} with the cgroup directory gone, or {@code ENODEV} (the cgroup was removed while the file was
 * open): the file's known columns become {@link ValueState#VANISHED}, {@link Problems#vanished(Path)} is told the
 * cgroup directory, and {@code read} returns false.</li>
 * <li>any other error ({@code EACCES}, {@code EOPNOTSUPP}, {@code EIO}, a file over the size limit): the file's known
 * columns become {@link ValueState#UNSUPPORTED}, {@link Problems#unreadable(Path, Exception)}.</li>
 * <li>a malformed line: {@link Problems#malformed(Path, int, String, String)}; the rest of the file is parsed.</li>
 * </ul>
 * The "known columns" of a file are those it produced earlier in the walk, plus its own column for single-valued,
 * line-count and text files. The errno is recognised from the JDK's exception ({@link NoSuchFileException}, or the
 * message {@code No such device}).
 * <p>
 * One per walk; not thread-safe.
 */
public final class StatReader
{
    /** Size limit in bytes: a file of this size or larger is reported as unreadable. */
    public static final int MAX_FILE_SIZE = 16 * 1024 * 1024;

    private static final int INITIAL_BUFFER_SIZE = 16 * 1024;
    private static final Set<OpenOption> READ = Set.of(StandardOpenOption.READ);
    private static final Path SELF = Path.of(".");
    private static final String NO_SUCH_DEVICE = "No such device";

    private final Columns columns;
    private final Problems problems;
    private final FileParser parser;
    private final Map<String, FileState> files = new HashMap<>();
    private final DisplayFile display = new DisplayFile();
    private byte[] buffer = new byte[INITIAL_BUFFER_SIZE];
    private ByteBuffer view = ByteBuffer.wrap(buffer);

    /**
     * A reader that interns columns into {@code columns} and reports to {@code problems}.
     *
     * @param columns  columns of the walk (their catalog decides how files are parsed).
     * @param problems problems of the walk.
     */
    public StatReader(final Columns columns, final Problems problems)
    {
        this.columns = Objects.requireNonNull(columns, "columns");
        this.problems = Objects.requireNonNull(problems, "problems");
        this.parser = new FileParser(columns, problems);
    }

    /**
     * Reads {@code cgroupDir/fileName} into {@code into}.
     *
     * @param cgroupDir the cgroup directory.
     * @param fileName  the file, e.g. {@code memory.stat}.
     * @param into      where values are put (other columns are left alone).
     * @return false if the cgroup directory itself vanished.
     */
    public boolean read(final Path cgroupDir, final String fileName, final StatSample into)
    {
        final FileState state = state(fileName);
        display.of(cgroupDir, fileName);
        final SeekableByteChannel channel;
        try
        {
            channel = Files.newByteChannel(cgroupDir.resolve(fileName), READ);
        }
        catch (final NoSuchFileException ex)
        {
            return Files.isDirectory(cgroupDir) || vanished(state, into);
        }
        catch (final IOException ex)
        {
            return failed(state, ex, into);
        }
        return consume(channel, state, into);
    }

    /**
     * Reads {@code fileName} relative to an open cgroup directory handle into {@code into}; works for paths longer
     * than {@code PATH_MAX}. A directory whose listing is empty counts as vanished (a cgroup directory always holds
     * files, a removed one lists nothing).
     *
     * @param cgroupDir  handle of the cgroup directory.
     * @param displayDir the directory's path, only used in messages.
     * @param fileName   the file, e.g. {@code memory.stat}.
     * @param into       where values are put (other columns are left alone).
     * @return false if the cgroup directory itself vanished.
     */
    public boolean read(
        final SecureDirectoryStream<Path> cgroupDir,
        final Path displayDir,
        final String fileName,
        final StatSample into)
    {
        final FileState state = state(fileName);
        display.of(displayDir, fileName);
        return open(cgroupDir, state, into);
    }

    /**
     * Reads {@code fileName} relative to an open cgroup directory handle into {@code into}, as
     * {@link #read(SecureDirectoryStream, Path, String, StatSample)}, asking for the directory's path only when there
     * is a problem to report.
     * <p>
     * A file without a read permission bit (a write-only control file such as {@code cgroup.kill}) is absent: its
     * columns stay missing and nothing is reported. The mode is looked at only when the open was refused.
     *
     * @param cgroupDir  handle of the cgroup directory.
     * @param displayDir gives the directory's path, for messages.
     * @param fileName   the file, e.g. {@code memory.stat}.
     * @param into       where values are put (other columns are left alone).
     * @return false if the cgroup directory itself vanished.
     */
    public boolean read(
        final SecureDirectoryStream<Path> cgroupDir,
        final Supplier<Path> displayDir,
        final String fileName,
        final StatSample into)
    {
        final FileState state = state(fileName);
        display.of(displayDir, fileName);
        return open(cgroupDir, state, into);
    }

    private boolean open(final SecureDirectoryStream<Path> cgroupDir, final FileState state, final StatSample into)
    {
        final SeekableByteChannel channel;
        try
        {
            channel = cgroupDir.newByteChannel(state.relative(), READ);
        }
        catch (final NoSuchFileException ex)
        {
            return listsAnything(cgroupDir) || vanished(state, into);
        }
        catch (final AccessDeniedException ex)
        {
            return !readable(cgroupDir, state) || failed(state, ex, into);
        }
        catch (final IOException ex)
        {
            return failed(state, ex, into);
        }
        return consume(channel, state, into);
    }

    /**
     * Reads an open file (and closes it): the part of {@code read} after the file was opened, where {@code ENODEV}
     * and {@code EIO} happen. Package-private so that tests can hand in a channel that fails.
     *
     * @param channel   the open file.
     * @param cgroupDir the cgroup directory, for messages.
     * @param fileName  the file name.
     * @param into      where values are put.
     * @return false if the cgroup vanished.
     */
    boolean read(final SeekableByteChannel channel, final Path cgroupDir, final String fileName,
        final StatSample into)
    {
        display.of(cgroupDir, fileName);
        return consume(channel, state(fileName), into);
    }

    private boolean consume(final SeekableByteChannel channel, final FileState state, final StatSample into)
    {
        final int length;
        try (channel)
        {
            length = readAll(channel);
        }
        catch (final IOException ex)
        {
            return failed(state, ex, into);
        }
        parser.parse(state, display, buffer, length, into);
        return true;
    }

    /**
     * Parses content already in memory as if it had been read from a file named {@code fileName}.
     *
     * @param file     the file, for messages.
     * @param fileName the file name, which decides the format.
     * @param content  the bytes.
     * @param length   number of valid bytes in {@code content}.
     * @param into     where values are put.
     */
    public void parse(final Path file, final String fileName, final byte[] content, final int length,
        final StatSample into)
    {
        Objects.checkFromIndexSize(0, length, content.length);
        display.ofFile(file);
        parser.parse(state(fileName), display, content, length, into);
    }

    private FileState state(final String fileName)
    {
        FileState state = files.get(fileName);
        if (state == null)
        {
            if (fileName.isEmpty() || fileName.indexOf('/') >= 0 || fileName.indexOf('\0') >= 0)
            {
                throw new IllegalArgumentException("invalid cgroup file name: fileName=" + fileName);
            }
            state = new FileState(fileName, columns.catalog().file(fileName));
            files.put(fileName, state);
        }
        return state;
    }

    private int readAll(final SeekableByteChannel channel) throws IOException
    {
        int length = 0;
        while (true)
        {
            if (length == buffer.length)
            {
                if (length >= MAX_FILE_SIZE)
                {
                    throw new IOException("file too large: limit=" + MAX_FILE_SIZE);
                }
                buffer = Arrays.copyOf(buffer, Math.min(buffer.length * 2, MAX_FILE_SIZE));
                view = ByteBuffer.wrap(buffer);
            }
            view.limit(buffer.length).position(length);
            final int read = channel.read(view);
            if (read < 0)
            {
                return length;
            }
            length += read;
        }
    }

    private boolean failed(final FileState state, final IOException ex, final StatSample into)
    {
        if (isNoSuchDevice(ex))
        {
            return vanished(state, into);
        }
        mark(state, ValueState.UNSUPPORTED, into);
        problems.unreadable(display.get(), ex);
        return true;
    }

    private boolean vanished(final FileState state, final StatSample into)
    {
        mark(state, ValueState.VANISHED, into);
        problems.vanished(display.directory());
        return false;
    }

    /** Whether the file has a read permission bit (true if its mode cannot be read: then the refusal is reported). */
    private static boolean readable(final SecureDirectoryStream<Path> directory, final FileState state)
    {
        try
        {
            final Set<PosixFilePermission> mode = directory.getFileAttributeView(state.relative(),
                PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).readAttributes().permissions();
            return mode.contains(PosixFilePermission.OWNER_READ) || mode.contains(PosixFilePermission.GROUP_READ) ||
                mode.contains(PosixFilePermission.OTHERS_READ);
        }
        catch (final IOException ex)
        {
            return true;
        }
    }

    private void mark(final FileState state, final ValueState value, final StatSample into)
    {
        final StatFormat format = state.spec().format();
        if (state.whole() < 0 &&
            (format == StatFormat.SINGLE || format == StatFormat.LINE_COUNT || format == StatFormat.TEXT))
        {
            state.whole(columns.intern(state.name(), state.name(), state.spec().describe("")));
        }
        if (state.whole() >= 0)
        {
            into.putState(state.whole(), value);
        }
        final IntIterator iterator = state.columns().intIterator();
        while (iterator.hasNext())
        {
            final int column = iterator.next();
            if (column != state.whole())
            {
                into.markState(column, value);
            }
        }
    }

    private static boolean isNoSuchDevice(final IOException ex)
    {
        final String message = ex instanceof FileSystemException fse ? fse.getReason() : ex.getMessage();
        return message != null && message.contains(NO_SUCH_DEVICE);
    }

    private static boolean listsAnything(final SecureDirectoryStream<Path> directory)
    {
        try (DirectoryStream<Path> self = directory.newDirectoryStream(SELF))
        {
            return self.iterator().hasNext();
        }
        catch (final IOException | DirectoryIteratorException ex)
        {
            return false;
        }
    }

    /** The file being read, for messages: its path is built only when a problem is reported. */
    private static final class DisplayFile implements Supplier<Path>
    {
        private Supplier<Path> directorySupplier;
        private Path directoryPath;
        private Path filePath;
        private String name;

        void of(final Supplier<Path> dir, final String fileName)
        {
            this.directorySupplier = dir;
            this.directoryPath = null;
            this.filePath = null;
            this.name = fileName;
        }

        void of(final Path dir, final String fileName)
        {
            this.directorySupplier = null;
            this.directoryPath = dir;
            this.filePath = null;
            this.name = fileName;
        }

        void ofFile(final Path file)
        {
            this.directorySupplier = null;
            this.directoryPath = null;
            this.filePath = file;
            this.name = null;
        }

        Path directory()
        {
            if (filePath != null)
            {
                return filePath.getParent() == null ? filePath : filePath.getParent();
            }
            return directoryPath != null ? directoryPath : directorySupplier.get();
        }

        @Override
        public Path get()
        {
            return filePath != null ? filePath : directory().resolve(name);
        }
    }
}
