package dev.rstat.examples.cgroupiter;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import dev.rstat.cgroup.CgroupWalker;
import dev.rstat.cgroup.Mounts;
import dev.rstat.cgroup.Order;

/**
 * Port of the kernel's BPF {@code cgroup_iter} selftest ({@code prog_tests/cgroup_iter.c}) to the Java walker.
 *
 * <p>Hierarchy, relative to a work cgroup {@code W}: {@code W}, {@code W/parent}, {@code W/parent/child1},
 * {@code W/parent/child2}. Subtests and their expected output (ids printed {@code "%8llu\n"}):
 * <ul>
 *   <li>preorder: parent, child1, child2;</li>
 *   <li>postorder: child1, child2, parent;</li>
 *   <li>ancestors_up from parent with the terminal cgroup {@code W}: parent, W;</li>
 *   <li>early_termination: parent only;</li>
 *   <li>self_only: parent;</li>
 * </ul>
 * each between {@code "prologue\n"} and {@code "epilogue\n"} (the epilogue also after early termination).
 *
 * <p>Usage: {@code CgroupIterSelftest [HIERARCHY_ROOT]}. Without an argument it creates its hierarchy under the
 * cgroup2 mount (needs root), runs, prints PASS/FAIL per subtest and removes the cgroups it made.
 */
public final class CgroupIterSelftest
{
    /** The subtests, in the kernel test's order. */
    public static final String[] SUBTESTS = {"preorder", "postorder", "ancestors_up", "early_termination", "self_only"};

    private CgroupIterSelftest()
    {
    }

    /**
     * The cgroup ids of the test hierarchy.
     *
     * @param root   the work cgroup W.
     * @param parent W/parent.
     * @param child1 W/parent/child1.
     * @param child2 W/parent/child2.
     */
    public record Ids(long root, long parent, long child1, long child2)
    {
    }

    /**
     * Runs one subtest.
     *
     * @param hierarchyRoot root directory of the hierarchy (cgroup mount or a fixture tree).
     * @param workPath      path of W relative to the hierarchy root ({@code "/"} if W is the root).
     * @param subtest       one of {@link #SUBTESTS}.
     * @param rootId        id of W, the terminal cgroup of ancestors_up.
     * @return what the printer printed.
     */
    public static String run(final Path hierarchyRoot, final String workPath, final String subtest, final long rootId)
    {
        final String parent = (workPath.equals("/") ? "" : workPath) + "/parent";
        final CgroupWalker.Builder walker = CgroupWalker.on(hierarchyRoot).start(parent);
        final CgroupIdPrinter printer;
        switch (subtest)
        {
            case "preorder":
                walker.order(Order.DESCENDANTS_PRE);
                printer = CgroupIdPrinter.plain();
                break;
            case "postorder":
                walker.order(Order.DESCENDANTS_POST);
                printer = CgroupIdPrinter.plain();
                break;
            case "ancestors_up":
                walker.order(Order.ANCESTORS_UP);
                printer = new CgroupIdPrinter(true, rootId, false);
                break;
            case "early_termination":
                walker.order(Order.DESCENDANTS_PRE);
                printer = new CgroupIdPrinter(false, 0, true);
                break;
            case "self_only":
                walker.order(Order.SELF_ONLY);
                printer = CgroupIdPrinter.plain();
                break;
            default:
                throw new IllegalArgumentException("unknown subtest: subtest=" + subtest);
        }
        walker.build().walk(printer);
        return printer.output();
    }

    /**
     * Runs every subtest.
     *
     * @param hierarchyRoot root directory of the hierarchy.
     * @param workPath      path of W relative to the hierarchy root.
     * @param rootId        id of W.
     * @return subtest name to output, in {@link #SUBTESTS} order.
     */
    public static Map<String, String> runAll(final Path hierarchyRoot, final String workPath, final long rootId)
    {
        final Map<String, String> out = new LinkedHashMap<>();
        for (final String subtest : SUBTESTS)
        {
            out.put(subtest, run(hierarchyRoot, workPath, subtest, rootId));
        }
        return out;
    }

    /**
     * The kernel test's expected outputs for the given ids.
     *
     * @param ids the hierarchy's ids.
     * @return subtest name to expected output, in {@link #SUBTESTS} order.
     */
    public static Map<String, String> expected(final Ids ids)
    {
        final Map<String, String> out = new LinkedHashMap<>();
        out.put("preorder", framed(ids.parent(), ids.child1(), ids.child2()));
        out.put("postorder", framed(ids.child1(), ids.child2(), ids.parent()));
        out.put("ancestors_up", framed(ids.parent(), ids.root()));
        out.put("early_termination", framed(ids.parent()));
        out.put("self_only", framed(ids.parent()));
        return out;
    }

    private static String framed(final long... ids)
    {
        final StringBuilder sb = new StringBuilder(CgroupIdPrinter.PROLOGUE);
        for (final long id : ids)
        {
            sb.append(CgroupIdPrinter.line(id));
        }
        return sb.append(CgroupIdPrinter.EPILOGUE).toString();
    }

    /**
     * Creates W/parent/{child1,child2} as directories below {@code work} (which must exist).
     *
     * @param work the work cgroup's directory.
     * @throws IOException if a directory cannot be made.
     */
    public static void createHierarchy(final Path work) throws IOException
    {
        Files.createDirectory(work.resolve("parent"));
        Files.createDirectory(work.resolve("parent/child1"));
        Files.createDirectory(work.resolve("parent/child2"));
    }

    /**
     * Removes what {@link #createHierarchy} made and {@code work} itself, leaves first; ignores what is missing.
     *
     * @param work the work cgroup's directory.
     * @throws IOException if a directory cannot be removed.
     */
    public static void removeHierarchy(final Path work) throws IOException
    {
        Files.deleteIfExists(work.resolve("parent/child1"));
        Files.deleteIfExists(work.resolve("parent/child2"));
        Files.deleteIfExists(work.resolve("parent"));
        Files.deleteIfExists(work);
    }

    /**
     * Reads the inode-based ids of a live hierarchy created by {@link #createHierarchy}.
     *
     * @param work the work cgroup's directory.
     * @return the ids ({@code unix:ino} of each directory).
     * @throws IOException if an attribute cannot be read.
     */
    public static Ids inodeIds(final Path work) throws IOException
    {
        return new Ids(ino(work), ino(work.resolve("parent")), ino(work.resolve("parent/child1")),
            ino(work.resolve("parent/child2")));
    }

    private static long ino(final Path dir) throws IOException
    {
        return (Long)Files.getAttribute(dir, "unix:ino");
    }

    /**
     * Runs the selftest on a fresh work cgroup under the cgroup2 mount, or under the directory given.
     *
     * @param args optional hierarchy root.
     * @throws IOException if the hierarchy cannot be made.
     */
    public static void main(final String[] args) throws IOException
    {
        final Path hierarchyRoot = args.length > 0 ? Path.of(args[0]) : Mounts.discover().defaultRoot().directory();
        final String name = "rstat-selftest-" + ProcessHandle.current().pid() + "-" +
            Integer.toHexString(ThreadLocalRandom.current().nextInt());
        final Path work = Files.createDirectory(hierarchyRoot.resolve(name));
        final PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        boolean ok = true;
        try
        {
            createHierarchy(work);
            final Ids ids = inodeIds(work);
            final Map<String, String> expected = expected(ids);
            final Map<String, String> actual = runAll(hierarchyRoot, "/" + name, ids.root());
            for (final String subtest : SUBTESTS)
            {
                final boolean pass = expected.get(subtest).equals(actual.get(subtest));
                ok &= pass;
                out.print(actual.get(subtest));
                out.println((pass ? "PASS " : "FAIL ") + subtest);
            }
        }
        finally
        {
            removeHierarchy(work);
        }
        if (!ok)
        {
            System.exit(1);
        }
    }
}
