package dev.rstat.cgroup.cli;

import static dev.rstat.cgroup.cli.Golden.csv;
import static dev.rstat.cgroup.cli.Golden.lines;
import static dev.rstat.cgroup.cli.Golden.run;
import static dev.rstat.cgroup.cli.Golden.tree;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cgroup-walk --aggregate} against expectations computed independently of it: the systemd-host fixture's own
 * shares and effective limits ({@code expected-self.csv}, {@code expected-effective.csv}, computed from the fixture's
 * choices, not by reading the tree), the kernel's own hierarchical {@code total_*} keys of cgroup1 {@code memory.stat}
 * on the hybrid-host snapshot, and a small hand-written cgroup1 tree.
 */
class AggregationOracleTest
{
    private static final String SYSTEMD = tree("systemd-host/tree");
    private static final String HIERARCHICAL_FILES =
        "cpu.stat,memory.current,memory.swap.current,memory.stat,memory.events,io.stat,pids.current,pids.events";
    private static final String LIMIT_FILES = "memory.max,memory.high,memory.swap.max,pids.max,cpu.max,io.max";
    private static final String TOTAL = "memory.stat.total_";
    private static final Pattern DIFFERING =
        Pattern.compile("(\\S+) total_(\\S+)=(\\d+) sum_of_\\S+=(\\d+) diff=-?\\d+");

    @TempDir
    Path tmp;

    private static Golden.Table aggregate(final String root, final String stats)
    {
        final Golden.Run r = run("--root", root, "--aggregate", "--format", "csv", "--stats", stats);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        return csv(r.out());
    }

    /** Reads a {@code path,column,value} expectation file. */
    private static List<String[]> expectations(final String relative)
    {
        final List<String> lines = lines(relative);
        assertThat(lines.get(0)).startsWith("path,column,");
        return lines.subList(1, lines.size()).stream().map(line ->
        {
            final String[] fields = line.split(",", -1);
            assertThat(fields).as("no quoting needed in " + relative + ": " + line).hasSize(3);
            return fields;
        }).toList();
    }

    @Test
    void givesEveryOwnShareOfTheSystemdHostAsSelf()
    {
        final Map<String, Map<String, String>> rows = aggregate(SYSTEMD, HIERARCHICAL_FILES).byPath();
        final List<String[]> expected = expectations("systemd-host/expected-self.csv");
        final Map<String, Integer> selfCells = new HashMap<>();
        rows.forEach((path, cells) -> cells.forEach((column, value) ->
        {
            if (column.endsWith(":self") && !value.isEmpty())
            {
                selfCells.merge(path, 1, Integer::sum);
            }
        }));
        final SoftAssertions softly = new SoftAssertions();
        for (final String[] e : expected)
        {
            softly.assertThat(rows.get(e[0])).as("row " + e[0]).isNotNull();
            if (rows.get(e[0]) != null)
            {
                softly.assertThat(rows.get(e[0]).get(e[1] + ":self")).as(e[0] + " " + e[1] + ":self").isEqualTo(e[2]);
            }
        }
        softly.assertAll();
        assertThat(expected).hasSize(3062);
        assertThat(selfCells.values().stream().mapToInt(Integer::intValue).sum())
            .as("no :self value beyond the expected ones").isEqualTo(expected.size());
    }

    @Test
    void givesEveryEffectiveLimitOfTheSystemdHost()
    {
        final Map<String, Map<String, String>> rows = aggregate(SYSTEMD, LIMIT_FILES).byPath();
        final List<String[]> expected = expectations("systemd-host/expected-effective.csv");
        final SoftAssertions softly = new SoftAssertions();
        for (final String[] e : expected)
        {
            final String column = e[1].equals("cpu.max.max") ? "cpu.max.quota" : e[1];
            softly.assertThat(rows.get(e[0]).get(column + ":effective")).as(e[0] + " " + column + ":effective")
                .isEqualTo(e[2]);
            if (column.equals("cpu.max.quota") && !e[2].equals("max"))
            {
                softly.assertThat(rows.get(e[0]).get("cpu.max.period:effective")).as("every period is 100000")
                    .isEqualTo("100000");
            }
        }
        softly.assertAll();
        assertThat(expected).hasSize(36 * 9);
    }

    @Test
    void sumsPlainV1MemoryStatKeysToTheKernelsTotalsWhereTheSnapshotIsQuiescent() throws IOException
    {
        final Map<String, Long> differing = new HashMap<>();
        final Map<String, Long> differingTotals = new HashMap<>();
        final List<String> report = Files.readAllLines(
            Golden.testdata().resolve("hybrid-host/CONSISTENCY.txt"), StandardCharsets.UTF_8);
        for (final String line : report)
        {
            final Matcher m = DIFFERING.matcher(line);
            if (m.matches())
            {
                differing.put(m.group(1) + " " + m.group(2), Long.parseLong(m.group(4)));
                differingTotals.put(m.group(1) + " " + m.group(2), Long.parseLong(m.group(3)));
            }
        }
        assertThat(report.get(report.size() - 1)).isEqualTo("compared=260 differing=22 cgroups=13");
        assertThat(differing).hasSize(22);

        final Golden.Table table = aggregate(tree("hybrid-host/memory"), "memory.stat");
        int equal = 0;
        int explained = 0;
        for (final Map.Entry<String, Map<String, String>> row : table.byPath().entrySet())
        {
            for (final String column : table.header())
            {
                if (!column.startsWith(TOTAL) || column.contains(":"))
                {
                    continue;
                }
                final String key = column.substring(TOTAL.length());
                if (!table.header().contains("memory.stat." + key))
                {
                    continue;
                }
                final String subtree = row.getValue().get("memory.stat." + key + ":subtree");
                final String total = row.getValue().get(column);
                final String where = row.getKey() + " " + key;
                if (differing.containsKey(where))
                {
                    assertThat(total).as(where + ": the snapshot's total").isEqualTo(differingTotals.get(where) + "");
                    assertThat(subtree).as(where + ": the consistency script's own sum").isEqualTo(differing.get(where)
                        + "");
                    explained++;
                }
                else
                {
                    assertThat(subtree).as(where + ":subtree vs total_" + key).isEqualTo(total);
                    equal++;
                }
            }
        }
        assertThat(equal).as("exact comparisons with total_*").isEqualTo(238);
        assertThat(explained).as("non-quiescent pairs, compared with CONSISTENCY.txt's sums").isEqualTo(22);
    }

    @Test
    void sumsEveryKeyOfAQuiescentV1TreeToItsTotals() throws IOException
    {
        final Path root = tmp.resolve("memory");
        Files.createDirectories(root);
        Files.writeString(root.resolve(".rstat-snapshot"),
            "source=/sys/fs/cgroup/memory\nversion=1\ncontrollers=memory\ntaken=2026-11-22T00:00:00Z\n");
        // local values per cgroup: cache, rss, pgfault, unevictable; totals summed by hand below
        v1(root, 1, "4096", "8192", "100", "0",
            "86016", "65536", "160", "4096", "9223372036854771712");
        v1(root.resolve("a"), 2, "8192", "16384", "20", "0",
            "49152", "57344", "50", "4096", "1073741824");
        v1(root.resolve("a/x"), 3, "12288", "0", "10", "4096",
            "12288", "0", "10", "4096", "536870912");
        v1(root.resolve("a/y"), 4, "28672", "40960", "20", "0",
            "28672", "40960", "20", "0", "9223372036854771712");
        v1(root.resolve("b"), 5, "32768", "0", "10", "0",
            "32768", "0", "10", "0", "9223372036854771712");
        final Map<String, Map<String, String>> rows =
            aggregate(root.toString(), "memory.stat,memory.limit_in_bytes").byPath();
        assertThat(rows.keySet()).containsExactly("/", "/a", "/a/x", "/a/y", "/b");
        for (final Map.Entry<String, Map<String, String>> row : rows.entrySet())
        {
            for (final String key : new String[] {"cache", "rss", "pgfault", "unevictable"})
            {
                assertThat(row.getValue().get("memory.stat." + key + ":subtree")).as(row.getKey() + " " + key)
                    .isEqualTo(row.getValue().get(TOTAL + key));
            }
        }
        assertThat(rows.get("/a").get("memory.stat.cache:subtree")).isEqualTo("49152");
        assertThat(rows.get("/").get("memory.stat.pgfault:subtree")).isEqualTo("160");
        assertThat(rows.get("/a/x").get("memory.limit_in_bytes:effective")).isEqualTo("536870912");
        assertThat(rows.get("/a/y").get("memory.limit_in_bytes:effective")).isEqualTo("1073741824");
        assertThat(rows.get("/b").get("memory.limit_in_bytes:effective")).as("cgroup1 unlimited is a number")
            .isEqualTo("9223372036854771712");
    }

    /**
     * Writes a cgroup1 memory cgroup: plain (local) keys, their hand-computed {@code total_} keys and the limit.
     */
    private static void v1(final Path dir, final long id, final String cache, final String rss, final String pgfault,
        final String unevictable, final String totalCache, final String totalRss, final String totalPgfault,
        final String totalUnevictable, final String limit) throws IOException
    {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(".rstat-cgroup-id"), id + "\n");
        Files.writeString(dir.resolve("memory.stat"), "cache " + cache + "\nrss " + rss + "\npgfault " + pgfault +
            "\nunevictable " + unevictable + "\nhierarchical_memory_limit 9223372036854771712\ntotal_cache " +
            totalCache + "\ntotal_rss " + totalRss + "\ntotal_pgfault " + totalPgfault + "\ntotal_unevictable " +
            totalUnevictable + "\n");
        Files.writeString(dir.resolve("memory.limit_in_bytes"), limit + "\n");
    }
}
