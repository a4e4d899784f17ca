package dev.rstat.cgroup;

import dev.rstat.cgroup.stat.Problems;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupWalkerTest
{
    @TempDir
    Path tmp;

    Path root;

    @BeforeEach
    void buildTree()
    {
        root = tmp.resolve("root");
        Fixtures.cgroup(root, "/", 1);
        Fixtures.cgroup(root, "/parent", 10);
        Fixtures.cgroup(root, "/parent/child2", 12);
        Fixtures.cgroup(root, "/parent/child1", 11);
        Fixtures.cgroup(root, "/parent/child1/grand", 111);
        Fixtures.cgroup(root, "/other", 20);
    }

    private Fixtures.Recorder walk(final CgroupWalker.Builder builder)
    {
        final Fixtures.Recorder recorder = new Fixtures.Recorder();
        builder.build().walk(recorder);
        return recorder;
    }

    @Test
    void visitsDescendantsInPreOrderWithSiblingsByName()
    {
        final Fixtures.Recorder r = walk(CgroupWalker.on(root));
        assertThat(r.paths).containsExactly(
            "/", "/other", "/parent", "/parent/child1", "/parent/child1/grand", "/parent/child2");
        assertThat(r.ids).containsExactly(1L, 20L, 10L, 11L, 111L, 12L);
        assertThat(r.depths).containsExactly(0, 1, 1, 2, 3, 2);
        assertThat(r.begins).isEqualTo(1);
        assertThat(r.ends).isEqualTo(1);
    }

    @Test
    void visitsChildrenBeforeParentInPostOrder()
    {
        final Fixtures.Recorder r = walk(CgroupWalker.on(root).order(Order.DESCENDANTS_POST));
        assertThat(r.paths).containsExactly(
            "/other", "/parent/child1/grand", "/parent/child1", "/parent/child2", "/parent", "/");
    }

    @Test
    void walksAncestorsUpToTheHierarchyRoot()
    {
        final Fixtures.Recorder r = walk(CgroupWalker.on(root).order(Order.ANCESTORS_UP).start("/parent/child1/grand"));
        assertThat(r.ids).containsExactly(111L, 11L, 10L, 1L);
        assertThat(r.paths).containsExactly("/parent/child1/grand", "/parent/child1", "/parent", "/");
    }

    @Test
    void visitsOnlyTheStartForSelfOnly()
    {
        final Fixtures.Recorder r = walk(CgroupWalker.on(root).order(Order.SELF_ONLY).start("/parent"));
        assertThat(r.ids).containsExactly(10L);
    }

    @Test
    void visitsOnlyDirectChildrenForChildren()
    {
        final Fixtures.Recorder r = walk(CgroupWalker.on(root).order(Order.CHILDREN).start("parent"));
        assertThat(r.paths).containsExactly("/parent/child1", "/parent/child2");
    }

    @Test
    void walksSubtreeOfStartPath()
    {
        final Fixtures.Recorder r = walk(CgroupWalker.on(root).start("/parent/child1"));
        assertThat(r.paths).containsExactly("/parent/child1", "/parent/child1/grand");
        assertThat(r.depths).containsExactly(2, 3);
    }

    @Test
    void stopsEarlyWhenVisitorReturnsFalseAndStillEnds()
    {
        final List<Long> seen = new ArrayList<>();
        final int[] ends = new int[1];
        final CgroupWalker.Result result = CgroupWalker.on(root).start("/parent").build().walk(new CgroupVisitor()
        {
            @Override
            public boolean visit(final Cgroup cgroup)
            {
                seen.add(cgroup.id());
                return false;
            }

            @Override
            public void end()
            {
                ends[0]++;
            }
        });
        assertThat(seen).containsExactly(10L);
        assertThat(ends[0]).isEqualTo(1);
        assertThat(result.terminated()).isTrue();
        assertThat(result.visited()).isEqualTo(1);
    }

    @Test
    void stopsAfterLimit()
    {
        final Fixtures.Recorder r = walk(CgroupWalker.on(root).limit(3));
        assertThat(r.paths).containsExactly("/", "/other", "/parent");
        assertThat(r.ends).isEqualTo(1);
    }

    @Test
    void limitZeroVisitsNothingButEnds()
    {
        final Fixtures.Recorder r = walk(CgroupWalker.on(root).limit(0));
        assertThat(r.ids).isEmpty();
        assertThat(r.begins).isZero();
        assertThat(r.ends).isEqualTo(1);
    }

    @Test
    void honoursMaxDepthRelativeToStart()
    {
        assertThat(walk(CgroupWalker.on(root).maxDepth(1)).paths).containsExactly("/", "/other", "/parent");
        assertThat(walk(CgroupWalker.on(root).maxDepth(0).order(Order.DESCENDANTS_POST)).paths).containsExactly("/");
        assertThat(walk(CgroupWalker.on(root).start("/parent").maxDepth(1).order(Order.DESCENDANTS_POST)).paths)
            .containsExactly("/parent/child1", "/parent/child2", "/parent");
        assertThat(walk(CgroupWalker.on(root).start("/parent/child1/grand").order(Order.ANCESTORS_UP).maxDepth(1))
            .paths).containsExactly("/parent/child1/grand", "/parent/child1");
    }

    @Test
    void startsFromAnId()
    {
        final Fixtures.Recorder r = walk(CgroupWalker.on(root).startId(11));
        assertThat(r.paths).containsExactly("/parent/child1", "/parent/child1/grand");
        final Fixtures.Recorder up = walk(CgroupWalker.on(root).startId(111).order(Order.ANCESTORS_UP));
        assertThat(up.ids).containsExactly(111L, 11L, 10L, 1L);
    }

    @Test
    void rejectsBothPathAndIdLikeTheKernelsEinval()
    {
        assertThatThrownBy(() -> CgroupWalker.on(root).start("/parent").startId(10).build())
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("not both");
    }

    @Test
    void failsForMissingStartPathIdOrRoot()
    {
        final Fixtures.Recorder r = new Fixtures.Recorder();
        assertThatThrownBy(() -> CgroupWalker.on(root).start("/parent/nope").build().walk(r))
            .isInstanceOf(CgroupNotFoundException.class)
            .hasMessageContaining("path=/parent/nope");
        assertThatThrownBy(() -> CgroupWalker.on(root).startId(4242).build().walk(r))
            .isInstanceOf(CgroupNotFoundException.class)
            .hasMessageContaining("id=4242");
        assertThatThrownBy(() -> CgroupWalker.on(tmp.resolve("missing")).build().walk(r))
            .isInstanceOf(CgroupNotFoundException.class);
        assertThat(r.begins + r.ends).isZero();
    }

    @Test
    void rejectsDotDotInStartPath()
    {
        assertThatThrownBy(() -> CgroupWalker.on(root).start("/parent/../other"))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void skipsAndCountsACgroupThatVanishesBetweenListingAndOpening()
    {
        final Problems stats = new Problems(line -> { });
        final List<String> paths = new ArrayList<>();
        CgroupWalker.on(root).problems(stats).build().walk(cgroup ->
        {
            paths.add(cgroup.path());
            if (cgroup.path().equals("/parent/child1/grand"))
            {
                deleteTree(root.resolve("parent/child2"));
            }
            return true;
        });
        assertThat(paths).containsExactly("/", "/other", "/parent", "/parent/child1", "/parent/child1/grand");
        assertThat(stats.vanishedCount()).isEqualTo(1);
        assertThat(stats.summary()).isEqualTo("skipped: 1 vanished cgroup");
    }

    @Test
    void skipsVanishedCgroupInPostOrderToo()
    {
        final Problems stats = new Problems(line -> { });
        final List<String> paths = new ArrayList<>();
        CgroupWalker.on(root).order(Order.DESCENDANTS_POST).problems(stats).build().walk(cgroup ->
        {
            paths.add(cgroup.path());
            if (cgroup.path().equals("/parent/child1/grand"))
            {
                deleteTree(root.resolve("parent/child2"));
            }
            return true;
        });
        assertThat(paths).containsExactly("/other", "/parent/child1/grand", "/parent/child1", "/parent", "/");
        assertThat(stats.vanishedCount()).isEqualTo(1);
    }

    @Test
    void usesInodeAsIdWithoutIdFile() throws IOException
    {
        final Path plain = tmp.resolve("plain");
        Files.createDirectories(plain.resolve("a/b"));
        final Fixtures.Recorder r = walk(CgroupWalker.on(plain));
        assertThat(r.ids).containsExactly(
            (Long)Files.getAttribute(plain, "unix:ino"),
            (Long)Files.getAttribute(plain.resolve("a"), "unix:ino"),
            (Long)Files.getAttribute(plain.resolve("a/b"), "unix:ino"));
    }

    @Test
    void countsMalformedIdFileAndFallsBackToInode() throws IOException
    {
        final Path dir = root.resolve("other");
        Fixtures.write(dir, Cgroup.ID_FILE, "twenty\n");
        final Problems stats = new Problems(line -> { });
        final Fixtures.Recorder r = new Fixtures.Recorder();
        CgroupWalker.on(root).start("/other").problems(stats).build().walk(r);
        assertThat(r.ids).containsExactly((Long)Files.getAttribute(dir, "unix:ino"));
        assertThat(stats.malformedCount()).isEqualTo(1);
    }

    @Test
    void handlesHostileNames() throws IOException
    {
        final String[] names = {"with space", "com,ma", "quo\"te", "back\\slash", "ünïcødé-日本", "-leading-dash",
            "'single'", "tab\there", "new\nline", "dot.slice"};
        long id = 100;
        final TreeMap<String, Long> expected = new TreeMap<>();
        for (final String name : names)
        {
            Fixtures.cgroup(root, "/parent/child2/" + name, ++id);
            Fixtures.write(root.resolve("parent/child2").resolve(name), "memory.current", "4096\n");
            expected.put(name, id);
        }
        final List<String> read = new ArrayList<>();
        final Fixtures.Recorder r = new Fixtures.Recorder();
        CgroupWalker.on(root).order(Order.CHILDREN).start("/parent/child2").build().walk(cgroup ->
        {
            r.visit(cgroup);
            read.add(new String(readThroughHandle(cgroup, "memory.current"), StandardCharsets.UTF_8));
            return true;
        });
        assertThat(r.ids).containsExactlyElementsOf(expected.values());
        assertThat(r.paths).containsExactlyElementsOf(
            expected.keySet().stream().map(n -> "/parent/child2/" + n).toList());
        assertThat(read).hasSize(names.length).allMatch("4096\n"::equals);
        final Fixtures.Recorder byId = walk(CgroupWalker.on(root).startId(expected.get("-leading-dash"))
            .order(Order.ANCESTORS_UP));
        assertThat(byId.paths).containsExactly("/parent/child2/-leading-dash", "/parent/child2", "/parent", "/");
    }

    @Test
    void exposesHandleAndReadableFilesOnlyDuringVisit() throws IOException
    {
        final Path parent = root.resolve("parent");
        Fixtures.write(parent, "cpu.stat", "usage_usec 5\n");
        Fixtures.write(parent, "cgroup.kill", "");
        Files.setPosixFilePermissions(parent.resolve("cgroup.kill"), PosixFilePermissions.fromString("-w-------"));
        final Cgroup[] kept = new Cgroup[1];
        final List<String> files = new ArrayList<>();
        final String[] content = new String[1];
        CgroupWalker.on(root).order(Order.SELF_ONLY).start("/parent").build().walk(cgroup ->
        {
            kept[0] = cgroup;
            files.addAll(cgroup.files());
            content[0] = new String(readThroughHandle(cgroup, "cpu.stat"), StandardCharsets.UTF_8);
            return true;
        });
        assertThat(files).containsExactly("cpu.stat");
        assertThat(content[0]).isEqualTo("usage_usec 5\n");
        assertThatThrownBy(kept[0]::handle).isInstanceOf(IllegalStateException.class);
        assertThat(kept[0].files()).isEmpty();
        assertThat(kept[0].directory()).isEqualTo(parent);
    }

    @Test
    void walksA10000DeepChainInEveryOrderWithoutLeakingHandles() throws IOException
    {
        final int depth = 10_000;
        final Path base = Fixtures.fastTempDir(tmp);
        try
        {
            final Path deep = base.resolve("deep");
            Fixtures.cgroup(deep, "/", 5);
            Fixtures.chain(deep, base.resolve("staging"), depth, 1000);
            walkDeepChain(deep, depth);
        }
        finally
        {
            DeepDelete.delete(base);
        }
        assertThat(Files.exists(base)).isFalse();
    }

    /** Records ids and depths, and the path of the cgroup at {@code pathDepth} only (paths are O(depth) long). */
    private static final class ChainRecorder implements CgroupVisitor
    {
        final int pathDepth;
        final List<Long> ids = new ArrayList<>();
        final List<Integer> depths = new ArrayList<>();
        String path;

        ChainRecorder(final int pathDepth)
        {
            this.pathDepth = pathDepth;
        }

        @Override
        public boolean visit(final Cgroup cgroup)
        {
            ids.add(cgroup.id());
            depths.add(cgroup.depth());
            if (cgroup.depth() == pathDepth)
            {
                path = cgroup.path();
            }
            return true;
        }
    }

    private void walkDeepChain(final Path deep, final int depth)
    {
        final long fdsBefore = Fixtures.openFileDescriptors();
        final List<Long> expected = new ArrayList<>();
        expected.add(5L);
        for (int k = 1; k <= depth; k++)
        {
            expected.add(1000L + k);
        }

        final ChainRecorder pre = new ChainRecorder(depth);
        CgroupWalker.on(deep).build().walk(pre);
        assertThat(pre.ids).isEqualTo(expected);
        assertThat(pre.depths.get(depth)).isEqualTo(depth);
        assertThat(pre.path).isEqualTo("/d".repeat(depth));

        final List<Long> reversed = new ArrayList<>(expected);
        java.util.Collections.reverse(reversed);
        final ChainRecorder post = new ChainRecorder(depth);
        CgroupWalker.on(deep).order(Order.DESCENDANTS_POST).build().walk(post);
        assertThat(post.ids).isEqualTo(reversed);

        final ChainRecorder up = new ChainRecorder(0);
        CgroupWalker.on(deep).order(Order.ANCESTORS_UP).start(pre.path).build().walk(up);
        assertThat(up.ids).isEqualTo(reversed);
        assertThat(up.path).isEqualTo("/");

        assertThat(Fixtures.openFileDescriptors()).isLessThanOrEqualTo(fdsBefore);
    }

    @Test
    void keepsOrdersWithOneOpenHandleOnARandomTree() throws IOException
    {
        final Random random = new Random(42);
        final Path tree = tmp.resolve("random");
        Fixtures.cgroup(tree, "/", 1);
        final List<String> paths = new ArrayList<>();
        paths.add("/");
        for (int i = 0; i < 300; i++)
        {
            final String parent = paths.get(random.nextInt(paths.size()));
            final String path = (parent.equals("/") ? "" : parent) + "/n" + i;
            Fixtures.cgroup(tree, path, 2 + i);
            paths.add(path);
        }
        final List<String> expectedPre = expectedPreOrder(paths);
        for (final int handles : new int[] {1, 2, 32})
        {
            final Fixtures.Recorder pre = walk(CgroupWalker.on(tree).maxOpenHandles(handles));
            assertThat(pre.paths).as("pre-order with %d handles", handles).isEqualTo(expectedPre);
            final Fixtures.Recorder post = walk(CgroupWalker.on(tree).maxOpenHandles(handles)
                .order(Order.DESCENDANTS_POST));
            assertThat(post.paths).as("post-order with %d handles", handles).isEqualTo(expectedPostOrder(paths));
        }
    }

    /** Pre-order computed from the list of paths alone: sorted by path components. */
    private static List<String> expectedPreOrder(final List<String> paths)
    {
        final List<String> sorted = new ArrayList<>(paths);
        sorted.sort((a, b) -> compareComponents(a, b));
        return sorted;
    }

    /** Post-order: a node is emitted after all its descendants, siblings by name. */
    private static List<String> expectedPostOrder(final List<String> paths)
    {
        final List<String> pre = expectedPreOrder(paths);
        final List<String> out = new ArrayList<>();
        final Deque<String> open = new ArrayDeque<>();
        for (final String p : pre)
        {
            while (!open.isEmpty() && !isAncestor(open.peek(), p))
            {
                out.add(open.pop());
            }
            open.push(p);
        }
        while (!open.isEmpty())
        {
            out.add(open.pop());
        }
        return out;
    }

    private static boolean isAncestor(final String a, final String p)
    {
        return a.equals("/") || p.startsWith(a + "/");
    }

    private static int compareComponents(final String a, final String b)
    {
        final String[] x = a.equals("/") ? new String[0] : a.substring(1).split("/");
        final String[] y = b.equals("/") ? new String[0] : b.substring(1).split("/");
        for (int i = 0; i < Math.min(x.length, y.length); i++)
        {
            final int c = x[i].compareTo(y[i]);
            if (c != 0)
            {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }

    static byte[] readThroughHandle(final Cgroup cgroup, final String file)
    {
        try
        {
            return Handles.read(cgroup.handle(), Path.of(file), 1 << 20);
        }
        catch (final IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    static void deleteTree(final Path dir)
    {
        try (java.util.stream.Stream<Path> walk = Files.walk(dir))
        {
            for (final Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList())
            {
                Files.delete(p);
            }
        }
        catch (final IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
    }
}
