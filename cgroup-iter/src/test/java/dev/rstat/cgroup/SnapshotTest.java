package dev.rstat.cgroup;

import dev.rstat.cgroup.stat.Problems;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotTest
{
    private static final Instant TAKEN = Instant.parse("2026-11-22T03:00:00.123Z");

    @TempDir
    Path tmp;

    Path source;

    @BeforeEach
    void buildSource() throws IOException
    {
        source = tmp.resolve("source");
        final Path rootDir = Fixtures.cgroup(source, "/", 1);
        Fixtures.write(rootDir, "cgroup.controllers", "cpu memory\n");
        Fixtures.write(rootDir, "cpu.stat", "usage_usec 100\nuser_usec 60\nsystem_usec 40\n");
        final Path parent = Fixtures.cgroup(source, "/parent", 10);
        Fixtures.write(parent, "memory.current", "8192\n");
        Fixtures.write(parent, "cgroup.kill", "");
        Files.setPosixFilePermissions(parent.resolve("cgroup.kill"), PosixFilePermissions.fromString("-w-------"));
        Fixtures.write(parent, ".hidden", "not a stat file\n");
        final Path child = Fixtures.cgroup(source, "/parent/child 1", 11);
        Fixtures.write(child, "memory.stat", "anon 4096\nfile 0\n");
        Fixtures.cgroup(source, "/parent/child2", 12);
    }

    private static List<String> walk(final Path root, final String start)
    {
        final Fixtures.Recorder r = new Fixtures.Recorder();
        CgroupWalker.on(root).start(start).build().walk(r);
        final List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < r.ids.size(); i++)
        {
            out.add(r.ids.get(i) + " " + r.paths.get(i));
        }
        return out;
    }

    @Test
    void snapshotWalksLikeTheSourceAndHoldsCopiesOfReadableFiles() throws IOException
    {
        final Path out = tmp.resolve("out");
        final Snapshot.Summary summary = Snapshot.take(Hierarchy.at(source), "/", out, new Problems(line -> { }), TAKEN);

        assertThat(walk(out, "/")).isEqualTo(walk(source, "/"))
            .containsExactly("1 /", "10 /parent", "11 /parent/child 1", "12 /parent/child2");
        assertThat(summary.cgroups()).isEqualTo(4);
        assertThat(summary.files()).isEqualTo(4);
        assertThat(out.resolve("cpu.stat")).hasContent("usage_usec 100\nuser_usec 60\nsystem_usec 40");
        assertThat(out.resolve("parent/child 1/memory.stat")).hasContent("anon 4096\nfile 0");
        assertThat(out.resolve("parent/cgroup.kill")).doesNotExist();
        assertThat(out.resolve("parent/.hidden")).doesNotExist();
        assertThat(out.resolve("parent/child2/" + Cgroup.ID_FILE)).hasContent("12");
        assertThat(Files.readAllLines(out.resolve(Hierarchy.SNAPSHOT_MARKER))).containsExactly(
            "source=" + source, "version=2", "controllers=", "taken=2026-11-22T03:00:00Z");
        final Hierarchy snapshot = Hierarchy.at(out);
        assertThat(snapshot.snapshot()).isTrue();
        assertThat(snapshot.version()).isEqualTo(CgroupVersion.V2);
        assertThat(snapshot.source()).isEqualTo(source.toString());
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void subtreeSnapshotKeepsOriginalPathsWithBareAncestors()
    {
        final Path out = tmp.resolve("sub");
        Snapshot.take(Hierarchy.at(source), "/parent/child 1", out, new Problems(line -> { }), TAKEN);
        assertThat(walk(out, "/")).containsExactly("1 /", "10 /parent", "11 /parent/child 1");
        assertThat(out.resolve("cpu.stat")).doesNotExist();
        assertThat(out.resolve("parent/memory.current")).doesNotExist();
        assertThat(out.resolve("parent/child 1/memory.stat")).exists();
        assertThat(out.resolve(Hierarchy.SNAPSHOT_MARKER)).content().contains("start=/parent/child 1\n");
    }

    @Test
    void snapshotOfASnapshotKeepsIds()
    {
        final Path first = tmp.resolve("first");
        final Path second = tmp.resolve("second");
        Snapshot.take(Hierarchy.at(source), first, new Problems(line -> { }));
        Snapshot.take(Hierarchy.at(first), second, new Problems(line -> { }));
        assertThat(walk(second, "/")).isEqualTo(walk(source, "/"));
        assertThat(Hierarchy.at(second).source()).isEqualTo(source.toString());
    }

    @Test
    void refusesNonEmptyOutputAndLeavesNothingBehind() throws IOException
    {
        final Path out = Files.createDirectories(tmp.resolve("busy"));
        Files.writeString(out.resolve("keep.txt"), "precious", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> Snapshot.take(Hierarchy.at(source), out, new Problems(line -> { })))
            .isInstanceOf(UncheckedIOException.class)
            .hasMessageContaining("out=" + out);
        try (Stream<Path> entries = Files.list(out))
        {
            assertThat(entries).containsExactly(out.resolve("keep.txt"));
        }
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void replacesAnEmptyOutputDirectory() throws IOException
    {
        final Path out = Files.createDirectories(tmp.resolve("empty"));
        Snapshot.take(Hierarchy.at(source), out, new Problems(line -> { }));
        assertThat(out.resolve(Hierarchy.SNAPSHOT_MARKER)).exists();
    }

    @Test
    void missingStartIsAnErrorAndLeavesNothingBehind()
    {
        final Path out = tmp.resolve("none");
        assertThatThrownBy(() -> Snapshot.take(Hierarchy.at(source), "/nope", out, new Problems(line -> { }), TAKEN))
            .isInstanceOf(CgroupNotFoundException.class);
        assertThat(out).doesNotExist();
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void snapshotsAChainDeeperThanPathMax() throws IOException
    {
        final int depth = 3000;
        final Path base = Fixtures.fastTempDir(tmp);
        try
        {
            final Path deep = base.resolve("deep");
            Fixtures.cgroup(deep, "/", 5);
            Fixtures.chain(deep, base.resolve("staging"), depth, 1000);
            final Path out = base.resolve("snap");
            final Snapshot.Summary summary = Snapshot.take(Hierarchy.at(deep), out, new Problems(line -> { }));
            assertThat(summary.cgroups()).isEqualTo(depth + 1);
            final List<Long> ids = new java.util.ArrayList<>();
            CgroupWalker.on(out).build().walk(c -> ids.add(c.id()));
            assertThat(ids).hasSize(depth + 1);
            assertThat(ids.get(depth)).isEqualTo(1000L + depth);
            assertThat(ids.get(1)).isEqualTo(1001L);
        }
        finally
        {
            DeepDelete.delete(base);
        }
    }

    private List<Path> leftovers()
    {
        try (Stream<Path> entries = Files.list(tmp))
        {
            return entries.filter(p -> p.getFileName().toString().contains(".tmp-")).toList();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
