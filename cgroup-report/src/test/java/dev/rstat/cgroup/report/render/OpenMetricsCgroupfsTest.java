package dev.rstat.cgroup.report.render;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.rstat.cgroup.Hierarchy;
import dev.rstat.cgroup.report.Sampler;
import dev.rstat.cgroup.report.Table;
import dev.rstat.cgroup.stat.Problems;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** OpenMetrics output of whole parsed hierarchies: cgroup v2 files as the kernel documents them, and this machine's. */
class OpenMetricsCgroupfsTest
{
    private static final Path CGROUP_ROOT = Path.of("/sys/fs/cgroup");
    private static final String PRESSURE =
        "some avg10=1.50 avg60=0.20 avg300=0.00 total=%d\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=%d\n";

    @TempDir
    Path tmp;

    @Test
    void rendersParsedV2FilesWithDerivedColumnsThatPassPromtool() throws Exception
    {
        final String leaf = "/a.slice/x,\"y\\z\n.service";
        final String[] paths = {"/", "/a.slice", leaf};
        final Path root = tmp.resolve("tree");
        for (int i = 0; i < paths.length; i++)
        {
            final Path dir = i == 0 ? root : root.resolve(paths[i].substring(1));
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(".rstat-cgroup-id"), (100 + i) + "\n");
            for (final Map.Entry<String, String> file : v2Files(3 - i).entrySet())
            {
                Files.writeString(dir.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
            }
        }
        final List<String> warnings = new ArrayList<>();
        final long[] now = {1};
        final String openMetrics;
        final String prometheus;
        try (Sampler sampler = Sampler.on(Hierarchy.at(root)).files(List.of(Sampler.ALL_FILES)).aggregate(true)
            .rates(true).problems(new Problems(warnings::add)).clock(() -> now[0]).build())
        {
            sampler.sample();
            now[0] = 1_000_000_001L;
            final Table table = Table.of(sampler.sample());
            assertThat(warnings).isEmpty();
            openMetrics = render(OpenMetricsRenderer.openMetrics(), table);
            prometheus = render(OpenMetricsRenderer.prometheusText(), table);
        }
        final Map<String, ExpositionChecker.Family> families = ExpositionChecker.check(openMetrics, true);
        ExpositionChecker.check(prometheus, false);

        assertThat(families.keySet()).noneMatch(name -> name.contains("avg") || name.contains("rate") ||
            name.contains("weight") || name.contains("cost") || name.contains("controllers") || name.contains("brand"));
        assertThat(families).containsKeys("cgroup_cpu_usage_seconds", "cgroup_cpu_throttled_seconds",
            "cgroup_memory_anon_bytes", "cgroup_memory_pgfault", "cgroup_memory_current_bytes",
            "cgroup_memory_max_bytes", "cgroup_memory_max_effective_bytes", "cgroup_memory_events_oom_kill",
            "cgroup_memory_numa_stat_anon_bytes", "cgroup_io_read_bytes", "cgroup_io_written_bytes",
            "cgroup_io_reads", "cgroup_io_max_rbps", "cgroup_io_max_rbps_effective",
            "cgroup_cpu_pressure_some_stalled_seconds", "cgroup_memory_pressure_full_stalled_seconds",
            "cgroup_pids_current", "cgroup_pids_max_effective", "cgroup_procs", "cgroup_nr_descendants",
            "cgroup_cpu_max_quota_seconds", "cgroup_cpu_max_quota_effective_seconds",
            "cgroup_cpu_max_period_effective_seconds", "cgroup_hugetlb_current_bytes", "cgroup_misc_current",
            "cgroup_rdma_current_hca_handle");
        // the leaf's own share of CPU equals its value (no children); the root's is what its child does not use
        assertThat(samples(families, "cgroup_cpu_usage_seconds", leaf)).containsExactly(entry("subtree", "1"));
        assertThat(samples(families, "cgroup_cpu_usage_self_seconds", leaf)).containsExactly(entry("self", "1"));
        assertThat(samples(families, "cgroup_cpu_usage_seconds", "/")).containsExactly(entry("subtree", "3"));
        assertThat(samples(families, "cgroup_cpu_usage_self_seconds", "/")).containsExactly(entry("self", "1"));
        assertThat(families.get("cgroup_cpu_usage_self_seconds").type()).isEqualTo("gauge");
        assertThat(families.get("cgroup_cpu_throttled_seconds").type()).isEqualTo("counter");
        assertThat(families.get("cgroup_cpu_throttled_subtree_seconds").type()).isEqualTo("gauge");
        assertThat(samples(families, "cgroup_procs", "/a.slice")).containsEntry("self", "2")
            .containsEntry("subtree", "3");
        assertThat(samples(families, "cgroup_memory_max_effective_bytes", leaf)).containsEntry("subtree",
            "2097152");
        Promtool.assumeInstalled();
        Promtool.assertCheckMetricsPasses(prometheus, tmp);
        Promtool.assertOpenMetricsParses(openMetrics, tmp);
    }

    @Test
    void rendersEveryHierarchyOfThisMachineThatPassesPromtool() throws Exception
    {
        assumeTrue(Files.isDirectory(CGROUP_ROOT), "no " + CGROUP_ROOT);
        final List<Path> hierarchies = new ArrayList<>();
        if (Files.exists(CGROUP_ROOT.resolve("cgroup.controllers")))
        {
            hierarchies.add(CGROUP_ROOT);
        }
        else
        {
            try (Stream<Path> children = Files.list(CGROUP_ROOT))
            {
                children.filter(Files::isDirectory).sorted().forEach(hierarchies::add);
            }
        }
        assumeTrue(!hierarchies.isEmpty(), "no hierarchy mounted under " + CGROUP_ROOT);
        final boolean promtool = Files.isExecutable(Promtool.PROMTOOL);
        final Set<String> seenRealPaths = new HashSet<>();
        int samples = 0;
        for (final Path hierarchy : hierarchies)
        {
            if (!seenRealPaths.add(hierarchy.toRealPath().toString()))
            {
                continue;
            }
            final Table table = sampleAll(hierarchy);
            final String openMetrics = render(OpenMetricsRenderer.openMetrics(), table);
            final String prometheus = render(OpenMetricsRenderer.prometheusText(), table);
            for (final ExpositionChecker.Family family : ExpositionChecker.check(openMetrics, true).values())
            {
                samples += family.samples().size();
            }
            ExpositionChecker.check(prometheus, false);
            if (promtool)
            {
                Promtool.assertCheckMetricsPasses(prometheus, tmp);
                Promtool.assertOpenMetricsParses(openMetrics, tmp);
            }
        }
        assertThat(samples).isPositive();
    }

    @Test
    void rendersTheFixtureSnapshotsThatPassPromtool() throws Exception
    {
        final String testdata = System.getProperty("testdata.dir");
        assumeTrue(testdata != null && Files.isDirectory(Path.of(testdata)), "no testdata.dir");
        final List<Path> trees = List.of(Path.of(testdata, "systemd-host", "tree"),
            Path.of(testdata, "hostile", "unified"), Path.of(testdata, "hostile", "memory"),
            Path.of(testdata, "hostile", "cpu,cpuacct"));
        for (final Path tree : trees)
        {
            assumeTrue(Files.isDirectory(tree), "no " + tree);
            final Table table = sampleAll(tree);
            final String openMetrics = render(OpenMetricsRenderer.openMetrics(), table);
            final String prometheus = render(OpenMetricsRenderer.prometheusText(), table);
            final Map<String, ExpositionChecker.Family> families = ExpositionChecker.check(openMetrics, true);
            ExpositionChecker.check(prometheus, false);
            assertThat(families).as(tree.toString()).isNotEmpty();
            final Set<String> cgroups = new HashSet<>();
            families.values().forEach(f -> f.samples().forEach(sample -> cgroups.add(sample.labels().get("cgroup"))));
            final List<String> walked = new ArrayList<>();
            for (final int row : table.rows())
            {
                walked.add(table.sample().path(row));
            }
            assertThat(cgroups).as(tree + ": every walked cgroup has samples").containsAll(walked);
            if (Files.isExecutable(Promtool.PROMTOOL))
            {
                Promtool.assertCheckMetricsPasses(prometheus, tmp);
                Promtool.assertOpenMetricsParses(openMetrics, tmp);
            }
        }
    }

    /** One aggregated sample of every readable file of a hierarchy (a sample stays readable: no second one). */
    private static Table sampleAll(final Path hierarchy)
    {
        final Sampler sampler = Sampler.on(Hierarchy.at(hierarchy)).files(List.of(Sampler.ALL_FILES)).aggregate(true)
            .build();
        final Table table = Table.of(sampler.sample());
        sampler.close();
        return table;
    }

    /** v2 files as documented in cgroup-v2.rst, with amounts multiplied by {@code share}. */
    private static Map<String, String> v2Files(final int share)
    {
        final Map<String, String> files = new LinkedHashMap<>();
        files.put("cgroup.procs", "1\n2\n".repeat(share).substring(0, 2 * share));
        files.put("cgroup.controllers", "cpu io memory pids hugetlb misc rdma\n");
        files.put("cgroup.stat", "nr_descendants " + (share - 1) + "\nnr_dying_descendants 0\n");
        files.put("cpu.stat", String.format("usage_usec %d\nuser_usec %d\nsystem_usec %d\nnr_periods 10\n"
            + "nr_throttled 2\nthrottled_usec 5000\nnr_bursts 0\nburst_usec 0\n", share * 1_000_000,
            share * 600_000, share * 400_000));
        files.put("cpu.weight", "100\n");
        files.put("cpu.max", share == 2 ? "50000 100000\n" : "max 100000\n");
        files.put("cpu.pressure", String.format(PRESSURE, share * 1234, share * 567));
        files.put("memory.current", Integer.toString(share * 1_048_576));
        files.put("memory.max", share == 2 ? "2097152\n" : "max\n");
        files.put("memory.high", "max\n");
        files.put("memory.low", "0\n");
        files.put("memory.peak", Integer.toString(share * 2_097_152));
        files.put("memory.stat", String.format("anon %d\nfile %d\nkernel 4096\npgfault %d\npgmajfault 1\n"
            + "workingset_refault_anon 0\nbrand_new_key 3\n", share * 524_288, share * 524_288, share * 100));
        files.put("memory.events", "low 0\nhigh 0\nmax 0\noom 0\noom_kill 0\noom_group_kill 0\n");
        files.put("memory.events.local", "low 0\nhigh 0\nmax 0\noom 0\noom_kill 0\noom_group_kill 0\n");
        files.put("memory.numa_stat", String.format("anon N0=%d N1=0\nfile N0=%d N1=0\n", share * 524_288,
            share * 524_288));
        files.put("memory.pressure", String.format(PRESSURE, share * 10, share * 5));
        files.put("io.stat", String.format("8:0 rbytes=%d wbytes=8192 rios=%d wios=2 dbytes=0 dios=0\n"
            + "259:0 rbytes=512 wbytes=0 rios=1 wios=0 dbytes=0 dios=0 cost.vrate=100.00 cost.usage=10 "
            + "cost.wait=0 cost.indebt=0 cost.indelay=0\n", share * 4096, share));
        files.put("io.max", share == 3 ? "8:0 rbps=2097152 wbps=max riops=max wiops=120\n" : "");
        files.put("io.pressure", String.format(PRESSURE, share * 99, share * 33));
        files.put("pids.current", Integer.toString(share * 2));
        files.put("pids.max", share == 2 ? "100\n" : "max\n");
        files.put("pids.events", "max 0\n");
        files.put("hugetlb.2MB.current", "0\n");
        files.put("hugetlb.2MB.max", "max\n");
        files.put("misc.current", "res_a " + share + "\n");
        files.put("misc.max", "res_a max\n");
        files.put("rdma.current", "mlx4_0 hca_handle=" + share + " hca_object=2000\n");
        files.put("rdma.max", "mlx4_0 hca_handle=max hca_object=max\n");
        return files;
    }

    private static Map<String, String> samples(final Map<String, ExpositionChecker.Family> families,
        final String family, final String cgroup)
    {
        final Map<String, String> byScope = new LinkedHashMap<>();
        for (final ExpositionChecker.Sample sample : families.get(family).samples())
        {
            if (sample.labels().get("cgroup").equals(cgroup))
            {
                assertThat(byScope.put(sample.labels().get("scope"), sample.value())).isNull();
            }
        }
        return byScope;
    }

    private static String render(final Renderer renderer, final Table table) throws IOException
    {
        final StringWriter out = new StringWriter();
        renderer.render(table, out);
        return out.toString();
    }
}
