package dev.rstat.cgroup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.rstat.cgroup.stat.Problems;

/**
 * The joined view of several hierarchies on {@code testdata/hybrid-host} (a snapshot of a systemd hybrid host: v1
 * memory, cpu, cpuacct, pids and an almost empty cgroup2) and on deep chains: one tree, the union of the members'
 * paths, walked in every order, each file read from the member that owns it, ids from the first member with the path.
 * The expectations are computed from the members walked one by one and from the files on disk.
 */
class JoinedViewTest
{
    private static final Path HOST = testdata().resolve("hybrid-host");

    @TempDir
    Path tmp;

    static Path testdata()
    {
        final String dir = System.getProperty("testdata.dir");
        return dir != null ? Paths.get(dir) : Paths.get("..", "testdata");
    }

    @Test
    void readsTheHybridHostSnapshotSetAsOneJoinedViewWithCgroup2First()
    {
        final Hierarchy view = Hierarchy.at(HOST);
        assertThat(view.isJoined()).isTrue();
        assertThat(view.snapshot()).isTrue();
        final List<String> sources = new ArrayList<>();
        for (final Hierarchy member : view.members())
        {
            sources.add(member.source());
        }
        assertThat(sources).containsExactly("/sys/fs/cgroup/unified", "/sys/fs/cgroup/cpu", "/sys/fs/cgroup/cpuacct",
            "/sys/fs/cgroup/memory", "/sys/fs/cgroup/pids");
        assertThat(view.controllers()).containsExactlyInAnyOrder("cpu", "cpuacct", "memory", "pids");
        assertThat(view.version()).isEqualTo(CgroupVersion.V1);
    }

    @Test
    void walksTheUnionOfTheMembersPathsInEveryOrder()
    {
        final Hierarchy view = Hierarchy.at(HOST);
        final Set<String> union = new TreeSet<>();
        for (final Hierarchy member : view.members())
        {
            union.addAll(walk(CgroupWalker.on(member)).paths);
        }
        final List<String> pre = preOrder(new ArrayList<>(union));
        assertThat(union).contains("/process_api", "/rstat-testdata/batch.slice/job-1.scope/worker");
        assertThat(walk(CgroupWalker.on(view)).paths).isEqualTo(pre);
        for (final int handles : new int[] {1, 5, 32})
        {
            assertThat(walk(CgroupWalker.on(view).maxOpenHandles(handles).order(Order.DESCENDANTS_POST)).paths)
                .as("post-order, %d handles", handles).isEqualTo(postOrder(pre));
        }
        final List<String> children = new ArrayList<>();
        for (final String path : pre)
        {
            if (path.lastIndexOf('/') == 0 && path.length() > 1)
            {
                children.add(path);
            }
        }
        assertThat(walk(CgroupWalker.on(view).order(Order.CHILDREN)).paths).isEqualTo(children);
        assertThat(walk(CgroupWalker.on(view).order(Order.SELF_ONLY).start("/process_api")).paths)
            .containsExactly("/process_api");
        assertThat(walk(CgroupWalker.on(view).order(Order.ANCESTORS_UP)
            .start("/rstat-testdata/batch.slice/job-1.scope/worker")).paths).containsExactly(
                "/rstat-testdata/batch.slice/job-1.scope/worker", "/rstat-testdata/batch.slice/job-1.scope",
                "/rstat-testdata/batch.slice", "/rstat-testdata", "/");
        final List<String> shallow = new ArrayList<>(children);
        shallow.add(0, "/");
        assertThat(walk(CgroupWalker.on(view).maxDepth(1).limit(3)).paths).isEqualTo(shallow.subList(0, 3));
    }

    @Test
    void givesEachJoinedCgroupTheIdOfTheFirstMemberWithItsPath() throws IOException
    {
        final Hierarchy view = Hierarchy.at(HOST);
        final Fixtures.Recorder all = walk(CgroupWalker.on(view));
        final Map<String, Long> ids = new HashMap<>();
        for (int i = 0; i < all.paths.size(); i++)
        {
            ids.put(all.paths.get(i), all.ids.get(i));
        }
        // in unified and memory: the cgroup2 id; in memory only: memory's
        assertThat(ids.get("/rstat-testdata/app.slice")).isEqualTo(recordedId("unified/rstat-testdata/app.slice"))
            .isNotEqualTo(recordedId("memory/rstat-testdata/app.slice"));
        assertThat(ids.get("/process_api")).isEqualTo(recordedId("memory/process_api"));
        final Cgroup byId = CgroupWalker.on(view).build().find(recordedId("memory/process_api"));
        assertThat(byId.path()).isEqualTo("/process_api");
    }

    @Test
    void readsEachFileFromTheMemberThatOwnsIt() throws IOException
    {
        final Hierarchy view = Hierarchy.at(HOST);
        final Map<String, Map<String, String>> read = new HashMap<>();
        final Map<String, List<String>> files = new HashMap<>();
        CgroupWalker.on(view).build().walk(cgroup ->
        {
            final Map<String, String> contents = new HashMap<>();
            for (final String file : List.of("memory.stat", "cgroup.stat", "cpu.pressure", "cpuacct.usage", "tasks",
                "cgroup.procs", "cpu.stat", "pids.current"))
            {
                if (cgroup.hasFile(file))
                {
                    contents.put(file, read(cgroup.handle(file), file) + " @" + cgroup.directoryOf(file));
                }
            }
            read.put(cgroup.path(), contents);
            files.put(cgroup.path(), cgroup.files());
            return true;
        });
        final Map<String, String> root = read.get("/");
        assertThat(root.get("memory.stat")).isEqualTo(onDisk("memory", "memory.stat"));
        assertThat(root.get("cgroup.stat")).isEqualTo(onDisk("unified", "cgroup.stat"));
        assertThat(root.get("cpu.pressure")).isEqualTo(onDisk("unified", "cpu.pressure"));
        assertThat(root.get("cpuacct.usage")).isEqualTo(onDisk("cpuacct", "cpuacct.usage"));
        assertThat(root.get("cpu.stat")).as("cpu.stat of the v1 cpu controller, not cgroup2's")
            .isEqualTo(onDisk("cpu", "cpu.stat"));
        assertThat(root.get("cgroup.procs")).as("core files from cgroup2 first")
            .isEqualTo(onDisk("unified", "cgroup.procs"));
        assertThat(root.get("tasks")).as("v1 core file: the first v1 member that has it")
            .isEqualTo(onDisk("cpu", "tasks"));
        final Map<String, String> api = read.get("/process_api");
        assertThat(api.get("memory.stat")).isEqualTo(onDisk("memory/process_api", "memory.stat"));
        assertThat(api.get("tasks")).isEqualTo(onDisk("memory/process_api", "tasks"));
        assertThat(api.get("cgroup.procs")).isEqualTo(onDisk("memory/process_api", "cgroup.procs"));
        assertThat(api).doesNotContainKeys("cpu.pressure", "cgroup.stat", "cpuacct.usage");
        assertThat(files.get("/process_api")).contains("memory.stat", "memory.usage_in_bytes", "tasks")
            .doesNotContain("cpu.pressure").doesNotHaveDuplicates();
        assertThat(files.get("/")).contains("memory.stat", "cpu.pressure", "cpuacct.usage", "cgroup.stat")
            .doesNotHaveDuplicates();
        assertThat(read.get("/rstat-testdata").get("cgroup.stat"))
            .isEqualTo(onDisk("unified/rstat-testdata", "cgroup.stat"));
    }

    @Test
    void walksADeepChainThatOnlyPartlyExistsInOneMember() throws IOException
    {
        final int depth = 10_000;
        final int shallow = 5_000;
        final Path base = Fixtures.fastTempDir(tmp);
        try
        {
            final Path deep = base.resolve("memory");
            final Path partial = base.resolve("unified");
            Fixtures.cgroup(deep, "/", 1);
            Fixtures.cgroup(partial, "/", 2);
            Fixtures.chain(deep, base.resolve("staging1"), depth, 100_000);
            Fixtures.chain(partial, base.resolve("staging2"), shallow, 500_000);
            final Hierarchy view = Hierarchy.joined(base, List.of(
                new Hierarchy(deep, CgroupVersion.V1, List.of("memory"), "", deep.toString(), true),
                new Hierarchy(partial, CgroupVersion.V2, List.of(), "", partial.toString(), true)),
                base.toString(), true);
            final List<Long> expected = new ArrayList<>();
            expected.add(2L);
            for (int k = 1; k <= depth; k++)
            {
                expected.add(k <= shallow ? 500_000L + k : 100_000L + k);
            }
            final long fdsBefore = Fixtures.openFileDescriptors();
            for (final int handles : new int[] {2, 32})
            {
                final Fixtures.Recorder pre = walk(CgroupWalker.on(view).maxOpenHandles(handles));
                assertThat(pre.ids).as("pre-order ids, %d handles", handles).isEqualTo(expected);
                final Fixtures.Recorder post = walk(CgroupWalker.on(view).maxOpenHandles(handles)
                    .order(Order.DESCENDANTS_POST));
                final List<Long> reversed = new ArrayList<>(expected);
                Collections.reverse(reversed);
                assertThat(post.ids).as("post-order ids, %d handles", handles).isEqualTo(reversed);
            }
            final Fixtures.Recorder up = walk(CgroupWalker.on(view).order(Order.ANCESTORS_UP)
                .start("/d".repeat(depth)));
            final List<Long> reversed = new ArrayList<>(expected);
            Collections.reverse(reversed);
            assertThat(up.ids).isEqualTo(reversed);
            assertThat(Fixtures.openFileDescriptors()).isLessThanOrEqualTo(fdsBefore);
        }
        finally
        {
            DeepDelete.delete(base);
        }
    }

    @Test
    void walksTheOtherMembersWhenOneCannotBeOpened()
    {
        final Path memory = HOST.resolve("memory");
        final Path gone = tmp.resolve("gone");
        final Hierarchy view = Hierarchy.joined(tmp, List.of(
            new Hierarchy(memory, CgroupVersion.V1, List.of("memory"), "", memory.toString(), true),
            new Hierarchy(gone, CgroupVersion.V1, List.of("pids"), "", gone.toString(), true)), tmp.toString(), true);
        final List<String> lines = new ArrayList<>();
        final Problems problems = new Problems(lines::add);
        final Fixtures.Recorder joined = walk(CgroupWalker.on(view).problems(problems));
        assertThat(joined.paths).isEqualTo(walk(CgroupWalker.on(view.members().get(0))).paths);
        assertThat(problems.any()).isTrue();
        assertThat(lines).anyMatch(line -> line.contains(gone.toString()));
    }

    @Test
    void snapshotsAJoinedViewAsASetThatReadsBackAsTheSameView() throws IOException
    {
        final Hierarchy view = Hierarchy.at(HOST);
        final Path out = tmp.resolve("snap");
        final Snapshot.Summary summary = Snapshot.take(view, out, new Problems(line -> { }));
        final Hierarchy copy = Hierarchy.at(out);
        assertThat(copy.isJoined()).isTrue();
        assertThat(copy.members()).hasSameSizeAs(view.members());
        final Fixtures.Recorder original = walk(CgroupWalker.on(view));
        final Fixtures.Recorder again = walk(CgroupWalker.on(copy));
        assertThat(again.paths).isEqualTo(original.paths);
        assertThat(again.ids).isEqualTo(original.ids);
        long perMember = 0;
        for (final Hierarchy member : view.members())
        {
            perMember += walk(CgroupWalker.on(member)).paths.size();
        }
        assertThat(summary.cgroups()).isEqualTo(perMember);
        assertThat(Files.readString(out.resolve(Hierarchy.MOUNTINFO_FILE))).contains(" /sys/fs/cgroup/memory ")
            .contains("cgroup2");
        try (var left = Files.list(tmp))
        {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("snap");
        }
    }

    private static long recordedId(final String relative) throws IOException
    {
        return Long.parseLong(Files.readString(HOST.resolve(relative).resolve(Cgroup.ID_FILE)).trim());
    }

    private static String onDisk(final String dir, final String file) throws IOException
    {
        final Path path = HOST.resolve(dir).resolve(file);
        return Files.readString(path, StandardCharsets.UTF_8) + " @" + path;
    }

    private static String read(final SecureDirectoryStream<Path> dir, final String file)
    {
        try (SeekableByteChannel channel = dir.newByteChannel(Path.of(file), Set.of(StandardOpenOption.READ)))
        {
            final ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
            while (channel.read(buffer) > 0)
            {
                // fill
            }
            buffer.flip();
            return StandardCharsets.UTF_8.decode(buffer).toString();
        }
        catch (final IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    private static Fixtures.Recorder walk(final CgroupWalker.Builder builder)
    {
        final Fixtures.Recorder recorder = new Fixtures.Recorder();
        builder.build().walk(recorder);
        return recorder;
    }

    /** Pre-order from the paths alone: sorted by components, each in UTF-8 byte order. */
    static List<String> preOrder(final List<String> paths)
    {
        final List<String> sorted = new ArrayList<>(new LinkedHashSet<>(paths));
        sorted.sort((a, b) ->
        {
            final List<String> x = CgroupWalker.pathNames(a);
            final List<String> y = CgroupWalker.pathNames(b);
            for (int i = 0; i < Math.min(x.size(), y.size()); i++)
            {
                final int c = Cgroup.compareNames(x.get(i), y.get(i));
                if (c != 0)
                {
                    return c;
                }
            }
            return Integer.compare(x.size(), y.size());
        });
        return sorted;
    }

    /** Post-order from a pre-order: each path after every path below it. */
    static List<String> postOrder(final List<String> pre)
    {
        final List<String> out = new ArrayList<>();
        final List<String> open = new ArrayList<>();
        for (final String path : pre)
        {
            while (!open.isEmpty() && !below(path, open.get(open.size() - 1)))
            {
                out.add(open.remove(open.size() - 1));
            }
            open.add(path);
        }
        while (!open.isEmpty())
        {
            out.add(open.remove(open.size() - 1));
        }
        return out;
    }

    private static boolean below(final String path, final String ancestor)
    {
        return "/".equals(ancestor) || path.startsWith(ancestor + "/");
    }
}
