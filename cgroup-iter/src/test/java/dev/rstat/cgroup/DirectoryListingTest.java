package dev.rstat.cgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the walker lists a directory without a {@code stat} of every entry: sub-directories found from the link count
 * (also those named like stat files), files checked only where the file system does not vouch for them, ids read
 * from id files only below a root that has one.
 */
class DirectoryListingTest
{
    @TempDir
    Path tmp;

    /** Visits in pre-order, recording per cgroup which of the asked files it has. */
    private static Map<String, List<String>> walk(final Path root, final String... files)
    {
        final Map<String, List<String>> seen = new LinkedHashMap<>();
        CgroupWalker.on(root).build().walk(cgroup ->
        {
            final List<String> present = new ArrayList<>();
            for (final String file : files)
            {
                if (cgroup.hasFile(file))
                {
                    present.add(file);
                }
            }
            seen.put(cgroup.path(), present);
            return true;
        });
        return seen;
    }

    private static void tree(final Path root) throws IOException
    {
        Files.createDirectories(root.resolve("memory.current"));
        Files.createDirectories(root.resolve("a/io.stat"));
        Files.createDirectories(root.resolve("a/b"));
        Fixtures.write(root, "cpu.stat", "usage_usec 1\n");
        Fixtures.write(root.resolve("a"), "memory.stat", "anon 1\n");
        Fixtures.write(root.resolve("a"), "cpu.stat", "usage_usec 1\n");
        Fixtures.write(root.resolve("a/b"), "memory.current", "1\n");
    }

    @Test
    void findsChildCgroupsNamedLikeStatFilesOnDiskAndOnTmpfs() throws IOException
    {
        final Path shm = Fixtures.fastTempDir(tmp);
        try
        {
            for (final Path root : new Path[] {tmp.resolve("disk"), shm.resolve("tmpfs")})
            {
                tree(root);
                final Map<String, List<String>> seen = walk(root, "cpu.stat", "memory.stat", "memory.current",
                    "io.stat");
                assertThat(seen.keySet()).as(root.toString())
                    .containsExactly("/", "/a", "/a/b", "/a/io.stat", "/memory.current");
                assertThat(seen.get("/")).as("a directory is never a file").containsExactly("cpu.stat");
                assertThat(seen.get("/a")).containsExactly("cpu.stat", "memory.stat");
                assertThat(seen.get("/a/b")).containsExactly("memory.current");
                assertThat(seen.get("/a/io.stat")).isEmpty();
            }
        }
        finally
        {
            DeepDelete.delete(shm);
        }
    }

    @Test
    void statsOnlyAsManyEntriesAsItTakesToFindTheSubdirectories() throws IOException
    {
        final Path shm = Fixtures.fastTempDir(tmp);
        try
        {
            for (final Path root : new Path[] {tmp.resolve("disk"), shm.resolve("tmpfs")})
            {
                for (final String file : new String[] {"cpu.stat", "memory.stat", "io.stat"})
                {
                    Fixtures.write(Files.createDirectories(root), file, "x 1\n");
                }
                for (int c = 1; c <= 5; c++)
                {
                    final Path child = Files.createDirectories(root.resolve("c" + c));
                    for (final String file : new String[] {"cpu.stat", "memory.stat", "memory.current", "x.y"})
                    {
                        Fixtures.write(child, file, "1\n");
                    }
                }
                final long before = Handles.ENTRIES_STATTED.sum();
                final Map<String, List<String>> seen = walk(root, "cpu.stat");

                assertThat(seen).as(root.toString()).hasSize(6);
                assertThat(Handles.ENTRIES_STATTED.sum() - before)
                    .as("%s: the root's five children (names no catalog knows come first), no entry of a leaf", root)
                    .isEqualTo(5);
            }
        }
        finally
        {
            DeepDelete.delete(shm);
        }
    }

    @Test
    void neverTakesAFifoOrAWriteOnlyFileForAFileOutsideCgroupfsAndSnapshots() throws Exception
    {
        final Path root = tmp.resolve("plain");
        Files.createDirectories(root.resolve("child"));
        Fixtures.write(root, "cgroup.kill", "");
        Files.setPosixFilePermissions(root.resolve("cgroup.kill"), PosixFilePermissions.fromString("-w-------"));
        final Process mkfifo = new ProcessBuilder("mkfifo", root.resolve("memory.current").toString())
            .redirectErrorStream(true).start();
        assumeTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo unavailable");

        final Map<String, List<String>> seen = walk(root, "memory.current", "cgroup.kill");

        assertThat(seen.keySet()).containsExactly("/", "/child");
        assertThat(seen.get("/")).as("a FIFO would block the walk, a write-only file is not a stat file").isEmpty();
    }

    @Test
    void readsIdFilesOnlyBelowARootThatHasOne() throws IOException
    {
        final Path live = tmp.resolve("live");
        Fixtures.cgroup(live, "/a", 7);
        final Fixtures.Recorder noRootId = new Fixtures.Recorder();
        CgroupWalker.on(live).build().walk(noRootId);
        assertThat(noRootId.ids).as("like cgroupfs: no id file at the root, so none is looked for")
            .containsExactly((Long)Files.getAttribute(live, "unix:ino"),
                (Long)Files.getAttribute(live.resolve("a"), "unix:ino"));

        final Path snapshot = tmp.resolve("snapshot");
        Fixtures.cgroup(snapshot, "/", 1);
        Fixtures.cgroup(snapshot, "/a", 7);
        final Fixtures.Recorder withRootId = new Fixtures.Recorder();
        CgroupWalker.on(snapshot).build().walk(withRootId);
        assertThat(withRootId.ids).containsExactly(1L, 7L);
    }
}
