package dev.rstat.examples.hierarchicalstats;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static dev.rstat.examples.hierarchicalstats.CgroupHierarchicalStats.CGROUPS;
import static org.assertj.core.api.Assertions.assertThat;

class CgroupHierarchicalStatsTest
{
    /**
     * Worked out by hand: ids 1..8 in pre-order; 4 leaves with 3 attaches each; child1 and child2 have 2 leaves
     * each (6); test and root have all 4 (12), since nothing else attaches processes here.
     */
    private static final String EXPECTED_DUMP = String.join("",
        "cg_id: 1, attach_counter: 12\n",
        "cg_id: 2, attach_counter: 12\n",
        "cg_id: 3, attach_counter: 6\n",
        "cg_id: 4, attach_counter: 3\n",
        "cg_id: 5, attach_counter: 3\n",
        "cg_id: 6, attach_counter: 6\n",
        "cg_id: 7, attach_counter: 3\n",
        "cg_id: 8, attach_counter: 3\n");

    private static final List<String> LEAVES_FIRST = List.of(
        "/test/child1/child1_1", "/test/child1/child1_2", "/test/child2/child2_1", "/test/child2/child2_2",
        "/test/child1", "/test/child2", "/test", "/");

    private static final List<String> ROOT_FIRST = List.of(
        "/", "/test", "/test/child1", "/test/child2",
        "/test/child1/child1_1", "/test/child1/child1_2", "/test/child2/child2_1", "/test/child2/child2_2");

    @Test
    void printsOneLinePerCgroupInTheDocumentedOrderAndPassesTheSelftestAssertions()
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        final List<String> failures = CgroupHierarchicalStats.run(CGROUPS, print(out));

        assertThat(failures).isEmpty();
        final String dump = out.toString(StandardCharsets.UTF_8);
        assertThat(dump).endsWith("\n");
        assertThat(dump.lines()).hasSize(CGROUPS.size())
            .allMatch(line -> line.matches("cg_id: [1-9][0-9]*, attach_counter: [0-9]+"));
        assertThat(dump).isEqualTo(EXPECTED_DUMP);
    }

    @Test
    void dumpingLeavesFirstOrRootFirstGivesTheSameNumbers()
    {
        final ByteArrayOutputStream leavesFirst = new ByteArrayOutputStream();
        final ByteArrayOutputStream rootFirst = new ByteArrayOutputStream();

        assertThat(CgroupHierarchicalStats.run(LEAVES_FIRST, print(leavesFirst))).isEmpty();
        assertThat(CgroupHierarchicalStats.run(ROOT_FIRST, print(rootFirst))).isEmpty();

        assertThat(leavesFirst.toString(StandardCharsets.UTF_8)).isEqualTo(EXPECTED_DUMP);
        assertThat(rootFirst.toString(StandardCharsets.UTF_8)).isEqualTo(EXPECTED_DUMP);
    }

    @ParameterizedTest
    @MethodSource("shuffledDumpOrders")
    void anyDumpOrderGivesTheSameNumbers(final List<String> dumpOrder)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        assertThat(CgroupHierarchicalStats.run(dumpOrder, print(out))).isEmpty();

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(EXPECTED_DUMP);
    }

    @Test
    void cgroupsWithoutAnyAttachDumpZeroWithoutCreatingEntries()
    {
        final CgroupHierarchicalStats test = new CgroupHierarchicalStats();

        final Map<String, String> dump = test.dump(ROOT_FIRST);

        assertThat(String.join("", dump.values())).isEqualTo(EXPECTED_DUMP.replaceAll("counter: \\d+", "counter: 0"));
    }

    @Test
    void laterAttachesAreAddedOnceOnTopOfWhatWasAlreadyDumped()
    {
        final CgroupHierarchicalStats test = new CgroupHierarchicalStats();
        test.attachProcesses();
        test.dump(LEAVES_FIRST);

        test.attachProcesses();
        final Map<String, String> twice = test.dump(ROOT_FIRST);

        final List<String> failures = new ArrayList<>();
        final Map<String, Long> counters = test.attachCounters(twice, failures);
        assertThat(failures).isEmpty();
        assertThat(counters).containsExactlyEntriesOf(expectedCounters(2));
    }

    @Test
    void partialDumpsInBetweenLeaveLaterTotalsExact()
    {
        final CgroupHierarchicalStats test = new CgroupHierarchicalStats();
        test.attachProcesses();
        assertThat(test.dump(List.of("/test/child1/child1_1", "/test/child2")).values())
            .containsExactly("cg_id: 4, attach_counter: 3\n", "cg_id: 6, attach_counter: 6\n");
        test.attachProcesses();
        assertThat(test.dump(List.of("/test/child1")).values()).containsExactly("cg_id: 3, attach_counter: 12\n");
        test.attachProcesses();

        final List<String> failures = new ArrayList<>();
        final Map<String, Long> counters = test.attachCounters(test.dump(LEAVES_FIRST), failures);

        assertThat(failures).isEmpty();
        assertThat(counters).containsExactlyEntriesOf(expectedCounters(3));
    }

    @Test
    void checkReportsEveryViolatedSelftestAssertion()
    {
        final Map<String, Long> counters = expectedCounters(1);
        counters.put("/test/child1/child1_2", 4L);
        counters.put("/test/child2/child2_1", 0L);
        counters.put("/", 5L);

        final List<String> failures = CgroupHierarchicalStats.check(counters);

        assertThat(failures).containsExactly(
            "leaf cgroup attach counter: cgroup=/test/child1/child1_2 attach_counter=4 expected=3",
            "counter must be positive: cgroup=/test/child2/child2_1 attach_counter=0",
            "leaf cgroup attach counter: cgroup=/test/child2/child2_1 attach_counter=0 expected=3",
            "counter is not the sum of its children: cgroup=/test/child1 attach_counter=6 children=3+4",
            "counter is not the sum of its children: cgroup=/test/child2 attach_counter=6 children=0+3",
            "root_counter: root=5 must be >= child1=6");
    }

    @Test
    void parsingRejectsLinesOfAnotherCgroupOrFormat()
    {
        final CgroupHierarchicalStats test = new CgroupHierarchicalStats();
        final Map<String, String> dump = new LinkedHashMap<>();
        dump.put("/test", "cg_id: 3, attach_counter: 12\n");
        dump.put("/test/child1", "cg_id: 3, attach_counter 6\n");
        dump.put("/test/child2", "cg_id: 6, attach_counter: 6\n");
        final List<String> failures = new ArrayList<>();

        final Map<String, Long> counters = test.attachCounters(dump, failures);

        assertThat(counters).containsExactly(Map.entry("/test/child2", 6L));
        assertThat(failures).containsExactly(
            "dump of another cgroup: cgroup=/test id=2 line=cg_id: 3, attach_counter: 12",
            "malformed dump line: cgroup=/test/child1 line=cg_id: 3, attach_counter 6");
    }

    private static Map<String, Long> expectedCounters(final long rounds)
    {
        final long leaf = 3 * rounds;
        final Map<String, Long> counters = new LinkedHashMap<>();
        counters.put("/", 4 * leaf);
        counters.put("/test", 4 * leaf);
        counters.put("/test/child1", 2 * leaf);
        counters.put("/test/child1/child1_1", leaf);
        counters.put("/test/child1/child1_2", leaf);
        counters.put("/test/child2", 2 * leaf);
        counters.put("/test/child2/child2_1", leaf);
        counters.put("/test/child2/child2_2", leaf);
        return counters;
    }

    static Stream<List<String>> shuffledDumpOrders()
    {
        final Random random = new Random(20220824);
        final List<List<String>> orders = new ArrayList<>();
        for (int i = 0; i < 40; i++)
        {
            final List<String> order = new ArrayList<>(CGROUPS);
            Collections.shuffle(order, random);
            orders.add(order);
        }
        return orders.stream();
    }

    private static PrintStream print(final ByteArrayOutputStream out)
    {
        return new PrintStream(out, true, StandardCharsets.UTF_8);
    }
}
