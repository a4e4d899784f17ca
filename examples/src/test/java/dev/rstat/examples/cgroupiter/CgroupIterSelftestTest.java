package dev.rstat.examples.cgroupiter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import dev.rstat.cgroup.CgroupNotFoundException;
import dev.rstat.cgroup.CgroupWalker;
import dev.rstat.cgroup.Hierarchy;
import dev.rstat.cgroup.Mounts;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupIterSelftestTest
{
    @TempDir
    Path tmp;

    private static void writeId(final Path dir, final long id) throws IOException
    {
        Files.writeString(dir.resolve(".rstat-cgroup-id"), id + "\n", StandardCharsets.UTF_8);
    }

    @Test
    void passesTheKernelSubtestsOnAFixtureTree() throws IOException
    {
        final Path root = Files.createDirectory(tmp.resolve("root"));
        CgroupIterSelftest.createHierarchy(root);
        writeId(root, 1);
        writeId(root.resolve("parent"), 4242);
        writeId(root.resolve("parent/child1"), 4243);
        writeId(root.resolve("parent/child2"), 123456789);

        final Map<String, String> actual = CgroupIterSelftest.runAll(root, "/", 1);

        assertThat(actual.get("preorder"))
            .isEqualTo("prologue\n    4242\n    4243\n123456789\nepilogue\n");
        assertThat(actual.get("postorder"))
            .isEqualTo("prologue\n    4243\n123456789\n    4242\nepilogue\n");
        assertThat(actual.get("ancestors_up")).isEqualTo("prologue\n    4242\n       1\nepilogue\n");
        assertThat(actual.get("early_termination")).isEqualTo("prologue\n    4242\nepilogue\n");
        assertThat(actual.get("self_only")).isEqualTo("prologue\n    4242\nepilogue\n");
        assertThat(actual).isEqualTo(CgroupIterSelftest.expected(new CgroupIterSelftest.Ids(1, 4242, 4243, 123456789)));
    }

    @Test
    void stopsAncestorsUpAtTheTerminalWorkCgroupBelowTheHierarchyRoot() throws IOException
    {
        final Path root = Files.createDirectory(tmp.resolve("root"));
        writeId(root, 1);
        final Path work = Files.createDirectory(root.resolve("work"));
        writeId(work, 7);
        CgroupIterSelftest.createHierarchy(work);
        writeId(work.resolve("parent"), 8);
        writeId(work.resolve("parent/child1"), 9);
        writeId(work.resolve("parent/child2"), 10);
        assertThat(CgroupIterSelftest.run(root, "/work", "ancestors_up", 7))
            .isEqualTo("prologue\n       8\n       7\nepilogue\n");
        assertThat(CgroupIterSelftest.runAll(root, "/work", 7))
            .isEqualTo(CgroupIterSelftest.expected(new CgroupIterSelftest.Ids(7, 8, 9, 10)));
    }

    @Test
    void rejectsBothStartPathAndIdLikeTheInvalidAttach()
    {
        assertThatThrownBy(() -> CgroupWalker.on(tmp).start("/parent").startId(1).build())
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void reportsAMissingStartCgroupInsteadOfPrintingAnEpilogue()
    {
        // the kernel pins a dead cgroup by fd and prints "epilogue\n"; a walk by path cannot reach it at all
        final CgroupIdPrinter printer = CgroupIdPrinter.plain();
        assertThatThrownBy(() -> CgroupWalker.on(tmp).start("/dead").build().walk(printer))
            .isInstanceOf(CgroupNotFoundException.class);
        assertThat(printer.output()).isEmpty();
    }

    @Test
    void passesTheKernelSubtestsOnRealCgroups() throws IOException
    {
        final Optional<Mounts> mounts = Mounts.tryDiscover();
        assumeTrue(mounts.isPresent() && mounts.get().unified().isPresent(), "no cgroup2 hierarchy");
        final Hierarchy unified = mounts.get().unified().get();
        final String name = "rstat-test-" + ProcessHandle.current().pid() + "-" +
            Integer.toHexString(ThreadLocalRandom.current().nextInt());
        final Path work = unified.directory().resolve(name);
        try
        {
            try
            {
                Files.createDirectory(work);
            }
            catch (final IOException ex)
            {
                org.junit.jupiter.api.Assumptions.abort("cannot create cgroups here: " + ex);
            }
            CgroupIterSelftest.createHierarchy(work);
            final CgroupIterSelftest.Ids ids = CgroupIterSelftest.inodeIds(work);
            assertThat(CgroupIterSelftest.runAll(unified.directory(), "/" + name, ids.root()))
                .isEqualTo(CgroupIterSelftest.expected(ids));
        }
        finally
        {
            CgroupIterSelftest.removeHierarchy(work);
        }
        assertThat(work).doesNotExist();
    }
}
