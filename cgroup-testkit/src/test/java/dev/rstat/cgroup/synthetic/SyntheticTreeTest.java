package dev.rstat.cgroup.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticTreeTest
{
    private static final List<String> ADDITIVE_FILES = List.of("cpu.stat", "memory.stat", "io.stat");

    @Test
    void sameSeedWritesByteIdenticalTreesAndAnotherSeedDifferentValues(
        @TempDir(factory = MemoryTempDirFactory.class) final Path tmp)
    {
        SyntheticTree.write(tmp.resolve("a"), 200, 4, 42);
        SyntheticTree.write(tmp.resolve("b"), 200, 4, 42);
        SyntheticTree.write(tmp.resolve("c"), 200, 4, 43);

        final Map<String, byte[]> a = TreeReader.files(tmp.resolve("a"));
        final Map<String, byte[]> b = TreeReader.files(tmp.resolve("b"));
        final Map<String, byte[]> c = TreeReader.files(tmp.resolve("c"));
        assertThat(b.keySet()).containsExactlyElementsOf(a.keySet());
        a.forEach((file, bytes) -> assertThat(b.get(file)).as(file).isEqualTo(bytes));
        assertThat(c.keySet()).containsExactlyElementsOf(a.keySet());
        assertThat(c.get("n1/cpu.stat")).isNotEqualTo(a.get("n1/cpu.stat"));
        assertThat(c.get("n1/.rstat-cgroup-id")).isEqualTo(a.get("n1/.rstat-cgroup-id"));
    }

    @Test
    void countsAndLayoutFollowTheBreadthFirstShape(
        @TempDir(factory = MemoryTempDirFactory.class) final Path tmp) throws IOException
    {
        final Path root = tmp.resolve("tree");

        final SyntheticTree.Stats stats = SyntheticTree.write(root, 157, 3, 1);

        // 1 + 3 + 9 + 27 + 81 = 121 cgroups fill depths 0..4, the other 36 sit at depth 5; cgroup i has children
        // iff 3i + 1 < 157, i.e. i <= 51, so 157 - 52 = 105 leaves; files: 6 at the root, 9 elsewhere, 2 dot-files.
        assertThat(stats.cgroups()).isEqualTo(157);
        assertThat(stats.maxDepth()).isEqualTo(5);
        assertThat(stats.leaves()).isEqualTo(105);
        assertThat(stats.files()).isEqualTo(6 + 9 * 156 + 2);
        final Map<String, byte[]> files = TreeReader.files(root);
        assertThat((long)files.size()).isEqualTo(stats.files());
        assertThat(files.values().stream().mapToLong(bytes -> bytes.length).sum()).isEqualTo(stats.bytes());

        final Map<String, Path> cgroups = TreeReader.cgroups(root);
        assertThat(cgroups).hasSize(157);
        final Set<Long> ids = new HashSet<>();
        for (final Map.Entry<String, Path> e : cgroups.entrySet())
        {
            final long id = Long.parseLong(TreeReader.text(e.getValue().resolve(".rstat-cgroup-id")).trim());
            ids.add(id);
            if (!"/".equals(e.getKey()))
            {
                final int index = Integer.parseInt(e.getValue().getFileName().toString().substring(1));
                assertThat(id).isEqualTo(index + 1);
                final String parent = TreeReader.parent(e.getKey());
                assertThat(parent).isEqualTo(index <= 3 ? "/" :
                    cgroupPathOf(cgroups, "n" + (index - 1) / 3));
                try (Stream<Path> list = Files.list(e.getValue()))
                {
                    assertThat(list.filter(Files::isRegularFile).count()).isEqualTo(9);
                }
            }
        }
        assertThat(ids).hasSize(157).contains(1L, 157L);
        assertThat(cgroups).containsKeys("/n1/n4/n13/n40/n121", "/n3/n12/n37").doesNotContainKey("/n52/n157");
        for (final String absent : List.of("memory.current", "memory.max", "pids.current"))
        {
            assertThat(root.resolve(absent)).doesNotExist();
        }
        assertThat(TreeReader.text(root.resolve(".rstat-snapshot"))).isEqualTo(
            "source=/sys/fs/cgroup\nversion=2\ncontrollers=cpu io memory pids\ntaken=2026-01-01T00:00:00Z\n");
        assertThat(TreeReader.text(root.resolve(".rstat-synthetic"))).contains("cgroups=157\n", "fanout=3\n",
            "seed=1\n", "samples=0\n");
    }

    @Test
    void valuesAreHierarchicallyConsistent(
        @TempDir(factory = MemoryTempDirFactory.class) final Path tmp)
    {
        final Path root = tmp.resolve("tree");
        SyntheticTree.write(root, 300, 5, 7);

        assertConsistent(root);
    }

    @Test
    void advanceGrowsTheOwnShareOfExactlyTheChosenFractionAndKeepsTheHierarchyConsistent(
        @TempDir(factory = MemoryTempDirFactory.class) final Path tmp)
    {
        final Path root = tmp.resolve("tree");
        SyntheticTree.write(root, 200, 4, 11);
        final Map<String, Path> cgroups = TreeReader.cgroups(root);
        final Map<String, Map<String, Long>> before = readAll(cgroups);
        final Map<String, byte[]> filesBefore = TreeReader.files(root);

        SyntheticTree.advance(root, 0.1, 5);

        final Map<String, Map<String, Long>> after = readAll(cgroups);
        int changedOwnShares = 0;
        for (final String path : cgroups.keySet())
        {
            final long selfBefore = self(before, cgroups, path, "cpu.stat.usage_usec");
            final long selfAfter = self(after, cgroups, path, "cpu.stat.usage_usec");
            assertThat(selfAfter).isGreaterThanOrEqualTo(selfBefore);
            if (selfAfter != selfBefore)
            {
                changedOwnShares++;
            }
            before.get(path).forEach((column, value) ->
                assertThat(after.get(path).get(column)).as(path + " " + column).isGreaterThanOrEqualTo(value));
        }
        assertThat(changedOwnShares).isEqualTo(20);
        final Map<String, byte[]> filesAfter = TreeReader.files(root);
        filesBefore.forEach((file, bytes) ->
        {
            final String name = Paths.get(file).getFileName().toString();
            if (!List.of("cpu.stat", "memory.stat", "io.stat", "cpu.pressure", ".rstat-snapshot", ".rstat-synthetic")
                .contains(name))
            {
                assertThat(filesAfter.get(file)).as(file).isEqualTo(bytes);
            }
        });
        assertThat(TreeReader.text(root.resolve(".rstat-synthetic"))).contains("samples=1\n");
        assertThat(TreeReader.text(root.resolve(".rstat-snapshot"))).endsWith("taken=2026-01-01T00:00:10Z\n");
        assertConsistent(root);
    }

    @Test
    void advanceIsDeterministicForASeed(
        @TempDir(factory = MemoryTempDirFactory.class) final Path tmp)
    {
        SyntheticTree.write(tmp.resolve("a"), 100, 3, 2);
        SyntheticTree.write(tmp.resolve("b"), 100, 3, 2);

        SyntheticTree.advance(tmp.resolve("a"), 0.25, 9);
        SyntheticTree.advance(tmp.resolve("b"), 0.25, 9);

        final Map<String, byte[]> a = TreeReader.files(tmp.resolve("a"));
        final Map<String, byte[]> b = TreeReader.files(tmp.resolve("b"));
        a.forEach((file, bytes) -> assertThat(b.get(file)).as(file).isEqualTo(bytes));
    }

    @Test
    void writesAndAdvancesAChainDeeperThanPathMax(
        @TempDir(factory = MemoryTempDirFactory.class) final Path tmp) throws IOException
    {
        final Path root = tmp.resolve("chain");

        final SyntheticTree.Stats stats = SyntheticTree.write(root, 1000, 1, 3);
        final long usageBefore = TreeReader.flat(root.resolve("cpu.stat")).get("usage_usec");
        SyntheticTree.advance(root, 0.05, 4);

        assertThat(stats.maxDepth()).isEqualTo(999);
        assertThat(stats.leaves()).isEqualTo(1);
        // "/n1/n2/.../n999": 9 names of 2 chars, 90 of 3, 900 of 4, each with a '/', is longer than PATH_MAX.
        assertThat(9 * 3 + 90 * 4 + 900 * 5).isGreaterThan(4096);
        final StringBuilder deepest = new StringBuilder();
        String pidsCurrent = null;
        String id = null;
        try (DirectoryStream<Path> rootStream = Files.newDirectoryStream(root))
        {
            SecureDirectoryStream<Path> dir = (SecureDirectoryStream<Path>)rootStream;
            for (int i = 1; i < 1000; i++)
            {
                final SecureDirectoryStream<Path> child = dir.newDirectoryStream(Paths.get("n" + i));
                if (i > 1)
                {
                    dir.close();
                }
                dir = child;
                deepest.append("/n").append(i);
            }
            id = read(dir, ".rstat-cgroup-id");
            pidsCurrent = read(dir, "pids.current");
            dir.close();
        }
        final long usageAfter = TreeReader.flat(root.resolve("cpu.stat")).get("usage_usec");
        SyntheticTree.delete(root);
        assertThat(root).doesNotExist();
        assertThat(deepest.length()).isGreaterThan(4096);
        assertThat(id).isEqualTo("1000\n");
        assertThat(pidsCurrent).matches("[1-9][0-9]*\n");
        assertThat(usageAfter).isGreaterThan(usageBefore);
    }

    @Test
    void refusesANonEmptyDirectoryAndNonsenseArguments(
        @TempDir(factory = MemoryTempDirFactory.class) final Path tmp) throws IOException
    {
        Files.writeString(tmp.resolve("something"), "x");

        assertThatThrownBy(() -> SyntheticTree.write(tmp, 10, 2, 1))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-empty");
        assertThatThrownBy(() -> SyntheticTree.write(tmp.resolve("t"), 0, 2, 1))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cgroups=0");
        assertThatThrownBy(() -> SyntheticTree.write(tmp.resolve("u"), 10, 0, 1))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fanout=0");
        SyntheticTree.write(tmp.resolve("v"), 3, 2, 1);
        assertThatThrownBy(() -> SyntheticTree.advance(tmp.resolve("v"), 1.5, 1))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fraction=1.5");
    }

    /** Checks, with the files alone, every consistency rule the generator promises. */
    private static void assertConsistent(final Path root)
    {
        final Map<String, Path> cgroups = TreeReader.cgroups(root);
        final Map<String, Map<String, Long>> values = readAll(cgroups);
        for (final Map.Entry<String, Path> e : cgroups.entrySet())
        {
            final String path = e.getKey();
            final List<String> children = TreeReader.children(cgroups, path);
            final Map<String, Long> mine = values.get(path);
            for (final String column : mine.keySet())
            {
                if (column.startsWith("cpu.pressure") || column.equals("memory.max"))
                {
                    continue;
                }
                assertThat(self(values, cgroups, path, column)).as(path + " " + column).isNotNegative();
            }
            if (!children.isEmpty())
            {
                // Only leaves hold processes and anonymous memory: an inner cgroup's own share of them is 0.
                assertThat(self(values, cgroups, path, "memory.stat.anon")).as(path).isZero();
                assertThat(self(values, cgroups, path, "memory.stat.sock")).as(path).isZero();
                if (!"/".equals(path))
                {
                    assertThat(self(values, cgroups, path, "pids.current")).as(path).isZero();
                }
            }
            assertThat(mine.get("cpu.stat.usage_usec"))
                .isEqualTo(mine.get("cpu.stat.user_usec") + mine.get("cpu.stat.system_usec"));
            assertThat(mine.get("cgroup.stat.nr_descendants")).as(path)
                .isEqualTo(cgroups.keySet().stream().filter(p -> !p.equals(path) &&
                    ("/".equals(path) || p.startsWith(path + "/"))).count());
            if (!"/".equals(path))
            {
                assertThat(mine.get("memory.current")).as(path).isEqualTo(mine.get("memory.stat.anon") +
                    mine.get("memory.stat.file") + mine.get("memory.stat.kernel") + mine.get("memory.stat.sock"));
                final long max = mine.get("memory.max");
                assertThat(max == -1 || max >= mine.get("memory.current")).as(path).isTrue();
                if (TreeReader.parent(path).equals("/"))
                {
                    assertThat(max).as("depth-1 cgroups have a limit: " + path).isPositive();
                }
            }
            for (final String child : children)
            {
                for (final String column : List.of("cpu.pressure.some", "cpu.pressure.full"))
                {
                    assertThat(mine.get(column)).as(path + " " + column)
                        .isGreaterThanOrEqualTo(values.get(child).get(column));
                }
            }
        }
    }

    private static long self(final Map<String, Map<String, Long>> values, final Map<String, Path> cgroups,
        final String path, final String column)
    {
        long self = values.get(path).getOrDefault(column, 0L);
        for (final String child : TreeReader.children(cgroups, path))
        {
            self -= values.get(child).getOrDefault(column, 0L);
        }
        return self;
    }

    private static Map<String, Map<String, Long>> readAll(final Map<String, Path> cgroups)
    {
        final Map<String, Map<String, Long>> all = new LinkedHashMap<>();
        for (final Map.Entry<String, Path> e : cgroups.entrySet())
        {
            final Path dir = e.getValue();
            final Map<String, Long> columns = new HashMap<>();
            for (final String file : ADDITIVE_FILES)
            {
                final Map<String, Long> parsed = "io.stat".equals(file) ?
                    TreeReader.nested(dir.resolve(file)) : TreeReader.flat(dir.resolve(file));
                parsed.forEach((k, v) -> columns.put(file + "." + k, v));
            }
            TreeReader.flat(dir.resolve("cgroup.stat")).forEach((k, v) -> columns.put("cgroup.stat." + k, v));
            for (final String line : TreeReader.text(dir.resolve("cpu.pressure")).split("\n"))
            {
                columns.put("cpu.pressure." + line.split(" ")[0],
                    Long.parseLong(line.substring(line.indexOf("total=") + 6)));
            }
            for (final String file : List.of("memory.current", "pids.current", "memory.max"))
            {
                if (Files.exists(dir.resolve(file)))
                {
                    columns.put(file, TreeReader.single(dir.resolve(file)));
                }
            }
            all.put(e.getKey(), columns);
        }
        return all;
    }

    private static String cgroupPathOf(final Map<String, Path> cgroups, final String name)
    {
        for (final String path : cgroups.keySet())
        {
            if (path.endsWith("/" + name))
            {
                return path;
            }
        }
        throw new AssertionError("no cgroup named " + name);
    }

    private static String read(final SecureDirectoryStream<Path> dir, final String name) throws IOException
    {
        try (SeekableByteChannel ch = dir.newByteChannel(Paths.get(name), EnumSet.of(StandardOpenOption.READ)))
        {
            final ByteBuffer bb = ByteBuffer.allocate(256);
            while (ch.read(bb) > 0)
            {
                continue;
            }
            return new String(bb.array(), 0, bb.position(), StandardCharsets.US_ASCII);
        }
    }
}
