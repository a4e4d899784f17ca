package dev.rstat.examples.hierarchicalstats;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.rstat.Rstat;
import dev.rstat.RstatNode;
import dev.rstat.Schema;
import dev.rstat.StatGroup;

/**
 * A port of the kernel BPF selftest {@code cgroup_hierarchical_stats} (the user-space side,
 * {@code prog_tests/cgroup_hierarchical_stats.c}; the programs are in {@link AttachCounterPrograms}).
 * <p>
 * It builds this hierarchy under an rstat root named {@value #CG_ROOT_NAME} with id {@value #CG_ROOT_ID}:
 * <pre>
 *   root (1)
 *   └── test (2)
 *       ├── child1 (3)
 *       │   ├── child1_1 (4)
 *       │   └── child1_2 (5)
 *       └── child2 (6)
 *           ├── child2_1 (7)
 *           └── child2_2 (8)
 * </pre>
 * attaches {@value #PROCESSES_PER_CGROUP} processes to every leaf, each on a different stripe (the i-th process of
 * the k-th leaf runs on stripe {@code (k + i) % }{@value #STRIPES}), then dumps every cgroup through its own
 * self-only iterator: each dump flushes only that cgroup's subtree and prints
 * {@code cg_id: <id>, attach_counter: <n>}. The lines are printed in the order of {@link #CGROUPS} (the pre-order
 * above, root first, so ids ascend), whatever order the dumps ran in: the engine's child-before-parent flush and
 * the flusher's pending bookkeeping give the same numbers for any dump order. Finally the selftest's assertions are
 * checked: every leaf counted 3, {@code child1 == child1_1 + child1_2}, {@code child2 == child2_1 + child2_2},
 * {@code test == child1 + child2}, {@code root >= child1} and every counter is positive.
 * <p>
 * Not thread-safe; everything runs on the calling thread.
 */
public final class CgroupHierarchicalStats
{
    /** Name of the root cgroup. */
    public static final String CG_ROOT_NAME = "root";
    /** Id of the root cgroup, as in the kernel. */
    public static final long CG_ROOT_ID = 1;
    /** Processes attached to every leaf cgroup. */
    public static final int PROCESSES_PER_CGROUP = 3;
    /** Stripes (CPUs) of the rstat tree; at least {@value #PROCESSES_PER_CGROUP} so each attach has its own. */
    public static final int STRIPES = 4;
    /** The cgroups by path, in creation and print order; the k-th gets id {@code CG_ROOT_ID + k}. */
    public static final List<String> CGROUPS = List.of(
        "/",
        "/test",
        "/test/child1",
        "/test/child1/child1_1",
        "/test/child1/child1_2",
        "/test/child2",
        "/test/child2/child2_1",
        "/test/child2/child2_2");

    private static final Pattern DUMP_LINE = Pattern.compile("cg_id: (\\d+), attach_counter: (\\d+)\n");

    private final Rstat rstat;
    private final AttachCounterPrograms programs;
    private final Map<String, RstatNode> cgroups = new LinkedHashMap<>();

    /**
     * Sets up the hierarchy and attaches the programs; no process is attached yet.
     */
    public CgroupHierarchicalStats()
    {
        final Schema schema = Schema.builder().group("attach", stats -> { }).build();
        rstat = Rstat.builder(schema).stripes(STRIPES).root(CG_ROOT_ID, CG_ROOT_NAME).build();
        final StatGroup group = rstat.group("attach");
        programs = AttachCounterPrograms.attach(group);
        cgroups.put("/", rstat.root());
        for (int k = 1; k < CGROUPS.size(); k++)
        {
            final String path = CGROUPS.get(k);
            final int slash = path.lastIndexOf('/');
            final RstatNode parent = cgroups.get(slash == 0 ? "/" : path.substring(0, slash));
            cgroups.put(path, rstat.create(parent, CG_ROOT_ID + k, path.substring(slash + 1)));
        }
    }

    /**
     * Runs the selftest with the cgroups dumped in the print order, prints the dump and exits with status 1 if an
     * assertion fails.
     *
     * @param args ignored.
     */
    public static void main(final String[] args)
    {
        final List<String> failures = run(CGROUPS, System.out);
        if (!failures.isEmpty())
        {
            System.err.println("cgroup_hierarchical_stats FAILED:");
            failures.forEach(failure -> System.err.println("  " + failure));
            System.exit(1);
        }
    }

    /**
     * Attaches the processes, dumps every cgroup in {@code dumpOrder}, prints the lines in {@link #CGROUPS} order
     * and checks the selftest's assertions.
     *
     * @param dumpOrder the order in which the per-cgroup iterators are read: a permutation of {@link #CGROUPS}.
     * @throws IllegalArgumentException if {@code dumpOrder} is not a permutation of {@link #CGROUPS}.
     * @param out       receives the dump lines.
     * @return the failed assertions; empty if the test passed.
     */
    public static List<String> run(final List<String> dumpOrder, final PrintStream out)
    {
        if (dumpOrder.size() != CGROUPS.size() || !dumpOrder.containsAll(CGROUPS))
        {
            throw new IllegalArgumentException("dump order is not a permutation of the cgroups: order=" + dumpOrder);
        }
        final CgroupHierarchicalStats test = new CgroupHierarchicalStats();
        test.attachProcesses();
        final Map<String, String> dump = test.dump(dumpOrder);
        dump.values().forEach(out::print);
        final List<String> failures = new ArrayList<>();
        final Map<String, Long> counters = test.attachCounters(dump, failures);
        if (failures.isEmpty())
        {
            failures.addAll(check(counters));
        }
        return failures;
    }

    /**
     * Attaches {@value #PROCESSES_PER_CGROUP} processes to every leaf cgroup, each on a different stripe.
     */
    public void attachProcesses()
    {
        int leaf = 0;
        for (final String path : CGROUPS)
        {
            if (isLeaf(path))
            {
                for (int i = 0; i < PROCESSES_PER_CGROUP; i++)
                {
                    programs.counter((leaf + i) % STRIPES, cgroups.get(path));
                }
                leaf++;
            }
        }
    }

    /**
     * Reads the self-only iterators of the given cgroups, in {@code dumpOrder}; each read flushes that cgroup's
     * subtree.
     *
     * @param dumpOrder distinct paths of {@link #CGROUPS}: all of them for a full dump, or some.
     * @return each dumped cgroup's line, keyed by path, in {@link #CGROUPS} order.
     */
    public Map<String, String> dump(final List<String> dumpOrder)
    {
        final Map<String, String> lines = new LinkedHashMap<>();
        for (final String path : dumpOrder)
        {
            final RstatNode cgroup = cgroups.get(path);
            if (cgroup == null || lines.containsKey(path))
            {
                throw new IllegalArgumentException(
                    "unknown or repeated cgroup: cgroup=" + path + " order=" + dumpOrder);
            }
            lines.put(path, programs.dumper(cgroup));
        }
        final Map<String, String> inPrintOrder = new LinkedHashMap<>();
        CGROUPS.stream().filter(lines::containsKey).forEach(path -> inPrintOrder.put(path, lines.get(path)));
        return inPrintOrder;
    }

    /**
     * Parses every dump line the way the selftest's {@code get_attach_counter} does: two fields, and the id must be
     * the cgroup's.
     *
     * @param dump     lines keyed by path, from {@link #dump(List)}.
     * @param failures receives a message per line that does not parse or names another cgroup.
     * @return the counters keyed by path, for the lines that parsed.
     */
    Map<String, Long> attachCounters(final Map<String, String> dump, final List<String> failures)
    {
        final Map<String, Long> counters = new LinkedHashMap<>();
        dump.forEach((path, line) ->
        {
            final long id = cgroups.get(path).id();
            final Matcher matcher = DUMP_LINE.matcher(line);
            if (!matcher.matches())
            {
                failures.add("malformed dump line: cgroup=" + path + " line=" + line.trim());
            }
            else if (Long.parseUnsignedLong(matcher.group(1)) != id)
            {
                failures.add("dump of another cgroup: cgroup=" + path + " id=" + id + " line=" + line.trim());
            }
            else
            {
                counters.put(path, Long.parseUnsignedLong(matcher.group(2)));
            }
        });
        return counters;
    }

    /**
     * The selftest's assertions ({@code check_attach_counters}) over counters keyed by path.
     *
     * @param counters one counter per cgroup of {@link #CGROUPS}.
     * @return a message per failed assertion; empty if all hold.
     */
    static List<String> check(final Map<String, Long> counters)
    {
        final List<String> failures = new ArrayList<>();
        for (final String path : CGROUPS)
        {
            final long counter = counters.get(path);
            if (counter <= 0)
            {
                failures.add("counter must be positive: cgroup=" + path + " attach_counter=" + counter);
            }
            if (isLeaf(path) && counter != PROCESSES_PER_CGROUP)
            {
                failures.add("leaf cgroup attach counter: cgroup=" + path + " attach_counter=" + counter +
                    " expected=" + PROCESSES_PER_CGROUP);
            }
        }
        checkSum(counters, "/test/child1", "/test/child1/child1_1", "/test/child1/child1_2", failures);
        checkSum(counters, "/test/child2", "/test/child2/child2_1", "/test/child2/child2_2", failures);
        checkSum(counters, "/test", "/test/child1", "/test/child2", failures);
        final long root = counters.get("/");
        final long child1 = counters.get("/test/child1");
        if (root < child1)
        {
            failures.add("root_counter: root=" + root + " must be >= child1=" + child1);
        }
        return failures;
    }

    private static void checkSum(
        final Map<String, Long> counters, final String parent, final String child1, final String child2,
        final List<String> failures)
    {
        final long sum = counters.get(child1) + counters.get(child2);
        if (counters.get(parent) != sum)
        {
            failures.add("counter is not the sum of its children: cgroup=" + parent + " attach_counter=" +
                counters.get(parent) + " children=" + counters.get(child1) + "+" + counters.get(child2));
        }
    }

    private static boolean isLeaf(final String path)
    {
        final String prefix = path.equals("/") ? "/" : path + "/";
        for (final String other : CGROUPS)
        {
            if (other.startsWith(prefix) && !other.equals(path))
            {
                return false;
            }
        }
        return true;
    }
}
