package dev.rstat.cgroup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Builds small cgroup-shaped directory trees for tests.
 */
final class Fixtures
{
    private Fixtures()
    {
    }

    /**
     * Creates the cgroup at {@code relative} (and missing parents) with an id file holding {@code id}.
     */
    static Path cgroup(final Path root, final String relative, final long id)
    {
        try
        {
            final Path dir = relative.equals("/") ? root : root.resolve(relative.substring(1));
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(Cgroup.ID_FILE), id + "\n", StandardCharsets.UTF_8);
            return dir;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    static void write(final Path dir, final String name, final String content)
    {
        try
        {
            Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Creates a chain {@code root/d/d/.../d} of {@code depth} directories below root; directory at depth k has id
     * {@code idBase + k}. The directories are made in a flat staging area and renamed into each other from the
     * bottom up, because {@code mkdir} of a path longer than PATH_MAX fails.
     */
    static void chain(final Path root, final Path staging, final int depth, final long idBase) throws IOException
    {
        Files.createDirectories(staging);
        for (int k = 1; k <= depth; k++)
        {
            final Path dir = Files.createDirectory(staging.resolve(Integer.toString(k)));
            Files.writeString(dir.resolve(Cgroup.ID_FILE), (idBase + k) + "\n", StandardCharsets.UTF_8);
        }
        for (int k = depth; k >= 2; k--)
        {
            Files.move(staging.resolve(Integer.toString(k)), staging.resolve(Integer.toString(k - 1)).resolve("d"),
                StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(staging.resolve("1"), root.resolve("d"), StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * A fresh directory on tmpfs ({@code /dev/shm}) when there is one, else below {@code fallback}: deep fixtures
     * are 10 times faster to build on tmpfs. The caller deletes it with {@link DeepDelete#delete(Path)}.
     */
    static Path fastTempDir(final Path fallback) throws IOException
    {
        final Path shm = Path.of("/dev/shm");
        if (Files.isDirectory(shm) && Files.isWritable(shm))
        {
            return Files.createTempDirectory(shm, "rstat-walk-test-");
        }
        return Files.createTempDirectory(fallback, "deep-");
    }

    static long openFileDescriptors()
    {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd")))
        {
            return fds.count();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * A visitor that records ids and paths, optionally stopping after a number of visits.
     */
    static final class Recorder implements CgroupVisitor
    {
        final List<Long> ids = new ArrayList<>();
        final List<String> paths = new ArrayList<>();
        final List<Integer> depths = new ArrayList<>();
        int begins;
        int ends;

        @Override
        public void begin()
        {
            begins++;
        }

        @Override
        public boolean visit(final Cgroup cgroup)
        {
            ids.add(cgroup.id());
            paths.add(cgroup.path());
            depths.add(cgroup.depth());
            return true;
        }

        @Override
        public void end()
        {
            ends++;
        }
    }
}
