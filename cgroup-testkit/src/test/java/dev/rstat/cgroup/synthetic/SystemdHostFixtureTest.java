package dev.rstat.cgroup.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemdHostFixtureTest
{
    private static final Path FIXTURE = TreeReader.testdata().resolve("systemd-host");
    private static final Path TREE = FIXTURE.resolve("tree");
    private static final String POD_API = "/kubepods.slice/kubepods-burstable.slice/" +
        "kubepods-burstable-pod49aa84a3_b831_4838_aec6_bdf983b064c3.slice";
    private static final String API = POD_API +
        "/cri-containerd-ca36472ecbe9a26ac211c85cefce300ff7058a1b8d70b3a493ed5b68ce74eb79.scope";
    private static final String ENVOY = POD_API +
        "/cri-containerd-1cf29b342ca791943329e466f29d3e9ef6447ad23f2a58863908029f3015eeb2.scope";
    private static final String API_PAUSE = POD_API +
        "/cri-containerd-547251218966a3ee89873d3b3122900e16c37a537ebc9e6eabb97fce379aa4f5.scope";
    private static final String POD_WEB = "/kubepods.slice/kubepods-burstable.slice/" +
        "kubepods-burstable-podd95ed0cb_064f_4f6b_a44c_2f9a4bffa731.slice";
    private static final String NGINX = POD_WEB +
        "/cri-containerd-f64229735cc3783cd1d8b1e9c0e366446a64bc32615a497509d037f1e1872777.scope";
    private static final String POD_POSTGRES = "/kubepods.slice/kubepods-pod28a51510_dcf2_4582_aae1_f66dd8131272.slice";
    private static final String POSTGRES_PAUSE = POD_POSTGRES +
        "/cri-containerd-77edae07c6a95808f3fa96f2451def69d349f986602c3a811ec88d1bc3ada2ec.scope";

    private final Map<String, Path> cgroups = TreeReader.cgroups(TREE);

    @Test
    void committedFixtureEqualsWhatTheFixtureWritesNow(
        @TempDir(factory = MemoryTempDirFactory.class) final Path tmp)
    {
        SystemdHostFixture.write(tmp.resolve("systemd-host"));

        final Map<String, byte[]> regenerated = TreeReader.files(tmp.resolve("systemd-host"));
        final Map<String, byte[]> committed = TreeReader.files(FIXTURE);
        assertThat(committed.keySet()).containsExactlyElementsOf(regenerated.keySet());
        for (final Map.Entry<String, byte[]> e : regenerated.entrySet())
        {
            assertThat(committed.get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
        }
    }

    @Test
    void hasAFewDozenCgroupsEachWithAUniqueDecimalId()
    {
        final Set<Long> ids = new HashSet<>();
        for (final Path dir : cgroups.values())
        {
            final String id = TreeReader.text(dir.resolve(".rstat-cgroup-id"));
            assertThat(id).matches("[0-9]+\n");
            ids.add(Long.parseLong(id.trim()));
        }
        assertThat(cgroups).hasSize(36);
        assertThat(ids).hasSize(36).contains(1L);
        assertThat(TreeReader.text(TREE.resolve(".rstat-snapshot"))).isEqualTo(
            "source=/sys/fs/cgroup\nversion=2\ncontrollers=cpu io memory pids\ntaken=2026-01-15T12:00:00Z\n");
    }

    @Test
    void rootHasWhatARealRootHasAndMoreCpuThanItsChildren()
    {
        assertThat(TREE.resolve("cpu.stat")).exists();
        assertThat(TREE.resolve("memory.stat")).exists();
        assertThat(TREE.resolve("io.stat")).exists();
        for (final String absent : List.of("memory.current", "memory.max", "memory.events", "memory.peak",
            "memory.swap.current", "pids.current", "pids.max", "cpu.max", "cpu.weight", "io.max", "cgroup.type",
            "cgroup.events"))
        {
            assertThat(TREE.resolve(absent)).as(absent).doesNotExist();
        }
        long children = 0;
        for (final String child : TreeReader.children(cgroups, "/"))
        {
            children += TreeReader.flat(cgroups.get(child).resolve("cpu.stat")).get("usage_usec");
        }
        assertThat(TreeReader.flat(TREE.resolve("cpu.stat")).get("usage_usec")).isGreaterThan(children);
        assertThat(TreeReader.text(TREE.resolve("cpu.pressure")))
            .endsWith("full avg10=0.00 avg60=0.00 avg300=0.00 total=0\n");
    }

    @Test
    void valueMinusChildrenIsTheExpectedSelfShareForEveryHierarchicalColumn() throws IOException
    {
        final Map<String, Map<String, Long>> values = new LinkedHashMap<>();
        for (final Map.Entry<String, Path> e : cgroups.entrySet())
        {
            values.put(e.getKey(), hierarchicalColumns(e.getValue()));
        }
        final Map<String, Long> computed = new LinkedHashMap<>();
        for (final Map.Entry<String, Map<String, Long>> e : values.entrySet())
        {
            for (final Map.Entry<String, Long> column : e.getValue().entrySet())
            {
                long self = column.getValue();
                for (final String child : TreeReader.children(cgroups, e.getKey()))
                {
                    self -= values.get(child).getOrDefault(column.getKey(), 0L);
                }
                computed.put(e.getKey() + "," + column.getKey(), self);
            }
        }

        final Map<String, Long> expected = new LinkedHashMap<>();
        for (final CSVRecord r : csv(FIXTURE.resolve("expected-self.csv")))
        {
            expected.put(r.get("path") + "," + r.get("column"), Long.parseLong(r.get("self_value")));
        }
        assertThat(expected).hasSizeGreaterThan(2500);
        assertThat(computed).isEqualTo(expected);
        assertThat(computed.values()).allMatch(v -> v >= 0);
    }

    @Test
    void effectiveLimitIsTheTightestLimitOnThePathToTheRoot() throws IOException
    {
        final Map<String, String> computed = new LinkedHashMap<>();
        final String[] columns = {"memory.max", "memory.high", "memory.swap.max", "pids.max", "cpu.max.max",
            "io.max.259:0.rbps", "io.max.259:0.wbps", "io.max.259:0.riops", "io.max.259:0.wiops"};
        for (final String path : cgroups.keySet())
        {
            for (final String column : columns)
            {
                long tightest = -1;
                for (String p = path; ; p = TreeReader.parent(p))
                {
                    final long limit = limitFromFiles(cgroups.get(p), column);
                    if (limit >= 0 && (tightest < 0 || limit < tightest))
                    {
                        tightest = limit;
                    }
                    if ("/".equals(p))
                    {
                        break;
                    }
                }
                computed.put(path + "," + column, tightest < 0 ? "max" : Long.toString(tightest));
            }
        }
        final Map<String, String> expected = new LinkedHashMap<>();
        for (final CSVRecord r : csv(FIXTURE.resolve("expected-effective.csv")))
        {
            expected.put(r.get("path") + "," + r.get("column"), r.get("effective_value"));
        }
        assertThat(computed).isEqualTo(expected);
    }

    @Test
    void handCheckedLimitsMatchTheKubeletAndSystemdSetup()
    {
        final Map<String, String> effective = new LinkedHashMap<>();
        for (final CSVRecord r : csvUnchecked(FIXTURE.resolve("expected-effective.csv")))
        {
            effective.put(r.get("path") + "," + r.get("column"), r.get("effective_value"));
        }
        assertThat(effective.get(ENVOY + ",io.max.259:0.wbps")).isEqualTo("10485760");
        assertThat(effective.get(API + ",io.max.259:0.wbps")).isEqualTo("52428800");
        assertThat(effective.get(ENVOY + ",cpu.max.max")).isEqualTo("50000");
        assertThat(effective.get(API + ",cpu.max.max")).isEqualTo("200000");
        assertThat(effective.get(POSTGRES_PAUSE + ",cpu.max.max")).isEqualTo("100000");
        assertThat(effective.get(NGINX + ",memory.max")).isEqualTo("268435456");
        assertThat(effective.get(POD_WEB + ",memory.max")).isEqualTo("536870912");
        assertThat(effective.get("/kubepods.slice/kubepods-besteffort.slice,memory.max")).isEqualTo("16642998272");
        assertThat(effective.get(API + ",memory.swap.max")).isEqualTo("0");
        assertThat(effective.get("/user.slice/user-1000.slice/session-3.scope,pids.max")).isEqualTo("10813");
        assertThat(effective.get("/user.slice/user-1000.slice/user@1000.service/app.slice/app-tmux-3155.scope," +
            "pids.max")).isEqualTo("4915");
        assertThat(effective.get("/system.slice/containerd.service,pids.max")).isEqualTo("max");
        assertThat(effective.get("/,memory.max")).isEqualTo("max");
    }

    /** Numbers worked out by hand from the fixture's inputs (see EXPECTED.md, "How the values are built"). */
    @Test
    void handCheckedOwnSharesOfTheApiPod()
    {
        // api container: anon 614400 KiB + file 49152 KiB + kernel (stack 67 * 16384, pagetables 4096 * (3 + 300),
        // percpu 2816, slab 8192 KiB) + sock 2048 KiB.
        final long api = 629_145_600L + 50_331_648L + (1_097_728L + 1_241_088L + 2_816L + 8_388_608L) + 2_097_152L;
        // envoy: anon 73728 KiB + file 8192 KiB + kernel (16 * 16384, 4096 * (3 + 36), 2816, 3072 KiB) + 4096 KiB.
        final long envoy = 75_497_472L + 8_388_608L + (262_144L + 159_744L + 2_816L + 3_145_728L) + 4_194_304L;
        // pause: anon 256 KiB + kernel (16384, 4096 * 3, 2816, 32 KiB).
        final long pause = 262_144L + (16_384L + 12_288L + 2_816L + 32_768L);
        assertThat(single(API, "memory.current")).isEqualTo(api).isEqualTo(692_304_640L);
        assertThat(single(ENVOY, "memory.current")).isEqualTo(envoy);
        assertThat(single(API_PAUSE, "memory.current")).isEqualTo(pause);
        assertThat(single(POD_API, "memory.current") - api - envoy - pause).isEqualTo(2_816L);

        assertThat(TreeReader.flat(cgroups.get(API).resolve("cpu.stat")).get("usage_usec"))
            .isEqualTo(1_402_337_120L + 188_440_912L);
        assertThat(TreeReader.flat(cgroups.get(POD_API).resolve("cpu.stat")).get("usage_usec"))
            .isEqualTo(1_402_337_120L + 188_440_912L + 201_227_318L + 98_002_111L + 3_014L + 7_337L);
        assertThat(single(POD_API, "pids.current")).isEqualTo(67 + 16 + 1);

        assertThat(TreeReader.flat(cgroups.get(POD_WEB).resolve("memory.events")))
            .containsEntry("max", 1_842L + 17L).containsEntry("oom", 3L).containsEntry("oom_kill", 3L)
            .containsEntry("oom_group_kill", 3L);
        assertThat(TreeReader.flat(cgroups.get(POD_WEB).resolve("memory.events.local"))).containsEntry("max", 17L);
        assertThat(TreeReader.flat(cgroups.get("/user.slice").resolve("pids.events"))).containsEntry("max", 2L);
        assertThat(single(NGINX, "memory.peak")).isEqualTo(268_435_456L);
    }

    @Test
    void memoryCurrentIsAnonFileKernelSockEverywhere()
    {
        for (final Map.Entry<String, Path> e : cgroups.entrySet())
        {
            if (Files.exists(e.getValue().resolve("memory.current")))
            {
                final Map<String, Long> stat = TreeReader.flat(e.getValue().resolve("memory.stat"));
                assertThat(TreeReader.single(e.getValue().resolve("memory.current"))).as(e.getKey())
                    .isEqualTo(stat.get("anon") + stat.get("file") + stat.get("kernel") + stat.get("sock"));
            }
        }
    }

    @Test
    void pidsCurrentCountsTheThreadsOfTheWholeSubtree()
    {
        for (final Map.Entry<String, Path> e : cgroups.entrySet())
        {
            if (!Files.exists(e.getValue().resolve("pids.current")))
            {
                continue;
            }
            long threads = 0;
            for (final Map.Entry<String, Path> d : cgroups.entrySet())
            {
                if (d.getKey().equals(e.getKey()) || d.getKey().startsWith(e.getKey() + "/"))
                {
                    threads += TreeReader.text(d.getValue().resolve("cgroup.threads")).lines().count();
                }
            }
            assertThat(TreeReader.single(e.getValue().resolve("pids.current"))).as(e.getKey()).isEqualTo(threads);
        }
    }

    @Test
    void peaksAndPressureTotalsAreNeverBelowAChild()
    {
        for (final String path : cgroups.keySet())
        {
            for (final String child : TreeReader.children(cgroups, path))
            {
                for (final String file : List.of("memory.peak", "pids.peak"))
                {
                    if (Files.exists(cgroups.get(path).resolve(file)))
                    {
                        assertThat(single(path, file)).as(path + " " + file)
                            .isGreaterThanOrEqualTo(single(child, file));
                    }
                }
                for (final String resource : List.of("cpu", "memory", "io"))
                {
                    final long[] parent = pressureTotals(cgroups.get(path).resolve(resource + ".pressure"));
                    final long[] mine = pressureTotals(cgroups.get(child).resolve(resource + ".pressure"));
                    assertThat(parent[0]).as(path + " " + resource + " some").isGreaterThanOrEqualTo(mine[0]);
                    if (!("/".equals(path) && "cpu".equals(resource)))
                    {
                        assertThat(parent[1]).as(path + " " + resource + " full").isGreaterThanOrEqualTo(mine[1]);
                    }
                }
            }
        }
    }

    @Test
    void filesFollowWhichControllersTheParentEnables()
    {
        final Path dbus = cgroups.get("/system.slice/dbus.service");
        assertThat(TreeReader.text(dbus.resolve("cgroup.controllers"))).isEqualTo("io memory pids\n");
        assertThat(dbus.resolve("cpu.max")).doesNotExist();
        assertThat(TreeReader.flat(dbus.resolve("cpu.stat"))).doesNotContainKey("nr_periods");
        assertThat(TreeReader.text(dbus.resolve("cpu.stat.local"))).isEmpty();
        assertThat(cgroups.get("/system.slice/system-getty.slice/getty@tty1.service").resolve("io.stat"))
            .doesNotExist();
        assertThat(TreeReader.flat(cgroups.get(API).resolve("cpu.stat"))).containsKey("nr_periods");
        assertThat(TreeReader.text(cgroups.get(API).resolve("cgroup.subtree_control"))).isEmpty();
        assertThat(TreeReader.text(cgroups.get(POD_API).resolve("cpu.max"))).isEqualTo("200000 100000\n");
        assertThat(TreeReader.text(cgroups.get("/kubepods.slice/kubepods-besteffort.slice").resolve("cgroup.events")))
            .isEqualTo("populated 0\nfrozen 0\n");
    }

    @Test
    void walkOrdersFromTheBurstableSliceFollowNameOrder()
    {
        final String start = "/kubepods.slice/kubepods-burstable.slice";
        final List<String> pre = new ArrayList<>();
        for (final String path : cgroups.keySet())
        {
            if (path.equals(start) || path.startsWith(start + "/"))
            {
                pre.add(path);
            }
        }
        final List<String> post = postOrder(start);
        final List<String> up = new ArrayList<>();
        for (String p = start; ; p = TreeReader.parent(p))
        {
            up.add(p);
            if ("/".equals(p))
            {
                break;
            }
        }
        assertThat(pre).hasSize(8);
        assertThat(lines("descendants_pre")).containsExactlyElementsOf(pre);
        assertThat(lines("descendants_post")).containsExactlyElementsOf(post);
        assertThat(lines("ancestors_up"))
            .containsExactly(start, "/kubepods.slice", "/").containsExactlyElementsOf(up);
        assertThat(lines("self_only")).containsExactly(start);
        assertThat(lines("children")).containsExactly(POD_API, POD_WEB);
    }

    private List<String> postOrder(final String start)
    {
        final List<String> out = new ArrayList<>();
        final List<String> stack = new ArrayList<>();
        final List<Boolean> expanded = new ArrayList<>();
        stack.add(start);
        expanded.add(false);
        while (!stack.isEmpty())
        {
            final int top = stack.size() - 1;
            if (expanded.get(top))
            {
                out.add(stack.remove(top));
                expanded.remove(top);
                continue;
            }
            expanded.set(top, true);
            final List<String> children = TreeReader.children(cgroups, stack.get(top));
            for (int i = children.size() - 1; i >= 0; i--)
            {
                stack.add(children.get(i));
                expanded.add(false);
            }
        }
        return out;
    }

    private static List<String> lines(final String order)
    {
        return TreeReader.text(FIXTURE.resolve("expected-order-" + order + ".txt")).lines().toList();
    }

    private long single(final String path, final String file)
    {
        return TreeReader.single(cgroups.get(path).resolve(file));
    }

    private static long[] pressureTotals(final Path file)
    {
        final String[] lines = TreeReader.text(file).split("\n");
        return new long[]{total(lines[0]), total(lines[1])};
    }

    private static long total(final String line)
    {
        return Long.parseLong(line.substring(line.indexOf("total=") + 6));
    }

    /** The hierarchical columns this cgroup's files hold (files that are missing contribute nothing). */
    private static Map<String, Long> hierarchicalColumns(final Path dir)
    {
        final Map<String, Long> columns = new LinkedHashMap<>();
        final Map<String, Long> cpu = TreeReader.flat(dir.resolve("cpu.stat"));
        for (final String key : List.of("usage_usec", "user_usec", "system_usec", "nice_usec",
            "core_sched.force_idle_usec"))
        {
            columns.put("cpu.stat." + key, cpu.get(key));
        }
        for (final String file : List.of("memory.current", "memory.swap.current", "pids.current"))
        {
            if (Files.exists(dir.resolve(file)))
            {
                columns.put(file, TreeReader.single(dir.resolve(file)));
            }
        }
        for (final String file : List.of("memory.stat", "memory.events", "pids.events"))
        {
            if (Files.exists(dir.resolve(file)))
            {
                TreeReader.flat(dir.resolve(file)).forEach((k, v) -> columns.put(file + "." + k, v));
            }
        }
        if (Files.exists(dir.resolve("io.stat")))
        {
            TreeReader.nested(dir.resolve("io.stat")).forEach((k, v) -> columns.put("io.stat." + k, v));
        }
        return columns;
    }

    /** A limit as the files show it, -1 when unset or when the cgroup has no such file. */
    private static long limitFromFiles(final Path dir, final String column)
    {
        if (column.startsWith("io.max."))
        {
            final String[] parts = column.split("\\.");
            if (!Files.exists(dir.resolve("io.max")))
            {
                return -1;
            }
            for (final String line : TreeReader.text(dir.resolve("io.max")).split("\n"))
            {
                final String[] fields = line.split(" ");
                if (fields[0].equals(parts[2]))
                {
                    for (int i = 1; i < fields.length; i++)
                    {
                        final String[] kv = fields[i].split("=");
                        if (kv[0].equals(parts[3]))
                        {
                            return "max".equals(kv[1]) ? -1 : Long.parseLong(kv[1]);
                        }
                    }
                }
            }
            return -1;
        }
        final Path file = dir.resolve("cpu.max.max".equals(column) ? "cpu.max" : column);
        return Files.exists(file) ? TreeReader.single(file) : -1;
    }

    private static List<CSVRecord> csv(final Path file) throws IOException
    {
        try (Reader in = Files.newBufferedReader(file))
        {
            return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in).getRecords();
        }
    }

    private static List<CSVRecord> csvUnchecked(final Path file)
    {
        try
        {
            return csv(file);
        }
        catch (final IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
    }
}
