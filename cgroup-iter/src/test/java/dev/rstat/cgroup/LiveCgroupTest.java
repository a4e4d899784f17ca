package dev.rstat.cgroup;

import dev.rstat.cgroup.stat.Problems;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs on this machine's real cgroup hierarchies; skips where there are none, or where the test may not create its
 * own cgroups. Only touches cgroups it created itself.
 */
class LiveCgroupTest
{
    @TempDir
    Path tmp;

    private static Mounts mounts()
    {
        final Optional<Mounts> mounts = Mounts.tryDiscover();
        assumeTrue(mounts.isPresent(), "no /proc/self/mountinfo");
        return mounts.get();
    }

    private static long inode(final Path dir)
    {
        try
        {
            return (Long)Files.getAttribute(dir, "unix:ino");
        }
        catch (final IOException ex)
        {
            return -1;
        }
    }

    @Test
    void walksTheRealCgroup2HierarchyWithInodeIds()
    {
        final Optional<Hierarchy> unified = mounts().unified();
        assumeTrue(unified.isPresent(), "no cgroup2 hierarchy mounted");
        final List<Cgroup> seen = new ArrayList<>();
        final List<Long> inodes = new ArrayList<>();
        final List<List<String>> files = new ArrayList<>();
        CgroupWalker.on(unified.get()).maxDepth(3).build().walk(cgroup ->
        {
            seen.add(cgroup);
            inodes.add(inode(cgroup.directory()));
            files.add(cgroup.files());
            return true;
        });
        assertThat(seen).isNotEmpty();
        assertThat(seen.get(0).path()).isEqualTo("/");
        assertThat(seen.get(0).id()).as("the cgroup2 root's id").isEqualTo(1L);
        for (int i = 0; i < seen.size(); i++)
        {
            if (inodes.get(i) >= 0)
            {
                assertThat(seen.get(i).id()).as(seen.get(i).path()).isEqualTo(inodes.get(i));
            }
        }
        assertThat(files.get(0)).contains("cgroup.procs", "cgroup.controllers").doesNotContain("cgroup.kill");
    }

    @Test
    void walksTheRealV1MemoryHierarchy()
    {
        final Optional<Hierarchy> memory = mounts().controller("memory");
        assumeTrue(memory.isPresent(), "no v1 memory hierarchy mounted");
        final List<String> rootFiles = new ArrayList<>();
        final List<Cgroup> seen = new ArrayList<>();
        CgroupWalker.on(memory.get()).maxDepth(2).build().walk(cgroup ->
        {
            if (cgroup.isRoot())
            {
                rootFiles.addAll(cgroup.files());
            }
            seen.add(cgroup);
            return inode(cgroup.directory()) == cgroup.id();
        });
        assertThat(seen).isNotEmpty();
        assertThat(seen.get(seen.size() - 1).id()).isEqualTo(inode(seen.get(seen.size() - 1).directory()));
        assertThat(rootFiles).contains("memory.usage_in_bytes", "memory.stat", "tasks")
            .doesNotContain("memory.force_empty", "cgroup.event_control");
    }

    @Test
    void walksSkipsAndSnapshotsCgroupsItCreates() throws IOException
    {
        final Optional<Hierarchy> unified = mounts().unified();
        assumeTrue(unified.isPresent(), "no cgroup2 hierarchy mounted");
        final Path base = unified.get().directory().resolve(
            "rstat-test-" + ProcessHandle.current().pid() + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt()));
        final String basePath = "/" + base.getFileName();
        try
        {
            try
            {
                Files.createDirectory(base);
            }
            catch (final IOException ex)
            {
                org.junit.jupiter.api.Assumptions.abort("cannot create cgroups: " + ex);
            }
            Files.createDirectory(base.resolve("parent"));
            Files.createDirectory(base.resolve("parent/child1"));
            Files.createDirectory(base.resolve("parent/child2"));
            Files.createDirectory(base.resolve("parent/child3"));

            final List<String> paths = new ArrayList<>();
            final List<Long> ids = new ArrayList<>();
            final Problems stats = new Problems(line -> { });
            CgroupWalker.on(unified.get()).start(basePath).problems(stats).build().walk(cgroup ->
            {
                paths.add(cgroup.path());
                ids.add(cgroup.id());
                assertThat(cgroup.id()).isEqualTo(inode(cgroup.directory()));
                if (cgroup.name().equals("child1"))
                {
                    try
                    {
                        Files.delete(base.resolve("parent/child2"));
                    }
                    catch (final IOException ex)
                    {
                        throw new java.io.UncheckedIOException(ex);
                    }
                }
                return true;
            });
            assertThat(paths).containsExactly(basePath, basePath + "/parent", basePath + "/parent/child1",
                basePath + "/parent/child3");
            assertThat(stats.vanishedCount()).isEqualTo(1);

            final Path out = tmp.resolve("snap");
            final Snapshot.Summary summary = Snapshot.take(unified.get(), basePath, out, new Problems(line -> { }),
                java.time.Instant.now());
            assertThat(summary.files()).isPositive();
            final List<Long> snapIds = new ArrayList<>();
            CgroupWalker.on(out).start(basePath).build().walk(c -> snapIds.add(c.id()));
            assertThat(snapIds).isEqualTo(ids);
            assertThat(out.resolve(basePath.substring(1)).resolve("parent/cgroup.stat")).exists();
            assertThat(Hierarchy.at(out).source()).isEqualTo(unified.get().directory().toString());
        }
        finally
        {
            for (final String dir : new String[] {"parent/child1", "parent/child2", "parent/child3", "parent", ""})
            {
                Files.deleteIfExists(dir.isEmpty() ? base : base.resolve(dir));
            }
        }
    }
}
