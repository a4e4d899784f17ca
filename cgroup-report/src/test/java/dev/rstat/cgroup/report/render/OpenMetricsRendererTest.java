package dev.rstat.cgroup.report.render;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.rstat.cgroup.report.Derivation;
import dev.rstat.cgroup.report.Field;
import dev.rstat.cgroup.stat.Columns;
import dev.rstat.cgroup.stat.StatCatalog;
import dev.rstat.cgroup.stat.StatInfo;
import dev.rstat.cgroup.stat.StatKind;
import dev.rstat.cgroup.stat.StatScope;
import dev.rstat.cgroup.stat.StatSign;
import dev.rstat.cgroup.stat.StatUnit;
import dev.rstat.cgroup.stat.ValueState;

import static org.assertj.core.api.Assertions.assertThat;

class OpenMetricsRendererTest
{
    private static final String B = "/a,b\"c\\d";
    private static final String C = B + "/new\nline \u00fcn\u00ef \u65e5\u672c";

    @TempDir
    Path tmp;

    @Test
    void rendersTheGoldenReportAsOpenMetrics() throws IOException
    {
        final String text = golden().render(Format.OPENMETRICS, false);

        assertThat(text).isEqualTo(resource("golden.om.txt"));
        ExpositionChecker.check(text, true);
    }

    @Test
    void rendersTheGoldenReportAsPrometheusText() throws IOException
    {
        final String text = golden().render(Format.PROMETHEUS, false);

        assertThat(text).isEqualTo(resource("golden.prom.txt"));
        ExpositionChecker.check(text, false);
    }

    @Test
    void goldenReportPassesPromtool() throws Exception
    {
        Promtool.assumeInstalled();
        final ReportFixture report = golden();

        Promtool.assertCheckMetricsPasses(report.render(Format.PROMETHEUS, false), tmp);
        Promtool.assertOpenMetricsParses(report.render(Format.OPENMETRICS, false), tmp);
    }

    @Test
    void promtoolCheckMetricsRejectsOpenMetricsCountersButNotTheirPrometheusForm() throws Exception
    {
        Promtool.assumeInstalled();
        final ReportFixture report = new ReportFixture();
        report.row(1, "/", 0).putNumber(report.column("cpu.stat.usage_usec"), 1);

        final Promtool.Result openMetrics = Promtool.checkMetrics(report.render(Format.OPENMETRICS, false), tmp);

        assertThat(openMetrics.exit()).isNotZero();
        assertThat(openMetrics.output()).contains("cgroup_cpu_usage_seconds_total no help text");
        Promtool.assertCheckMetricsPasses(report.render(Format.PROMETHEUS, false), tmp);
    }

    @Test
    void keepsAwkwardPathsExactInLabelsAndPassesPromtool() throws Exception
    {
        final ReportFixture report = new ReportFixture();
        final int current = report.column("memory.current");
        final List<String> paths = ReportFixture.awkwardPaths();
        for (int i = 0; i < paths.size(); i++)
        {
            report.row(i, paths.get(i), i).putNumber(current, i * 1000L);
        }

        for (final boolean openMetrics : new boolean[] {true, false})
        {
            final String text = report.render(openMetrics ? Format.OPENMETRICS : Format.PROMETHEUS, false);
            final ExpositionChecker.Family family = ExpositionChecker.check(text, openMetrics)
                .get("cgroup_memory_current_bytes");
            assertThat(family.samples()).hasSize(paths.size());
            for (int i = 0; i < paths.size(); i++)
            {
                final ExpositionChecker.Sample sample = family.samples().get(i);
                assertThat(sample.labels()).containsEntry("cgroup", paths.get(i)).containsEntry("id", "" + i);
                assertThat(sample.value()).isEqualTo(Long.toString(i * 1000L));
            }
        }
        Promtool.assumeInstalled();
        Promtool.assertCheckMetricsPasses(report.render(Format.PROMETHEUS, false), tmp);
        Promtool.assertOpenMetricsParses(report.render(Format.OPENMETRICS, false), tmp);
    }

    static Stream<Arguments> columnsOfEveryFormat()
    {
        return Stream.of(
            Arguments.of(2, "cpu.stat.usage_usec", 1234567L,
                "cgroup_cpu_usage_seconds_total{cgroup=\"/\",id=\"7\",scope=\"subtree\"} 1.234567"),
            Arguments.of(2, "cpu.stat.throttled_usec", 5L,
                "cgroup_cpu_throttled_seconds_total{cgroup=\"/\",id=\"7\",scope=\"self\"} 0.000005"),
            Arguments.of(2, "cpu.stat.nr_periods", 10L,
                "cgroup_cpu_nr_periods_total{cgroup=\"/\",id=\"7\",scope=\"self\"} 10"),
            Arguments.of(2, "cpu.stat.core_sched.force_idle_usec", 3000000L,
                "cgroup_cpu_core_sched_force_idle_seconds_total{cgroup=\"/\",id=\"7\",scope=\"subtree\"} 3"),
            Arguments.of(2, "memory.stat.anon", 4096L,
                "cgroup_memory_anon_bytes{cgroup=\"/\",id=\"7\",scope=\"subtree\"} 4096"),
            Arguments.of(2, "memory.stat.sec_pagetables", 4096L,
                "cgroup_memory_secondary_pagetables_bytes{cgroup=\"/\",id=\"7\",scope=\"subtree\"} 4096"),
            Arguments.of(2, "memory.stat.pgfault", 99L,
                "cgroup_memory_pgfault_total{cgroup=\"/\",id=\"7\",scope=\"subtree\"} 99"),
            Arguments.of(2, "memory.events.local.oom", 1L,
                "cgroup_memory_events_local_oom_total{cgroup=\"/\",id=\"7\",scope=\"self\"} 1"),
            Arguments.of(2, "memory.swap.max", 0L,
                "cgroup_memory_swap_max_bytes{cgroup=\"/\",id=\"7\",scope=\"subtree\"} 0"),
            Arguments.of(2, "memory.peak", 8192L,
                "cgroup_memory_peak_bytes{cgroup=\"/\",id=\"7\",scope=\"subtree\"} 8192"),
            Arguments.of(2, "cgroup.stat.nr_descendants", 4L,
                "cgroup_nr_descendants{cgroup=\"/\",id=\"7\",scope=\"subtree\"} 4"),
            Arguments.of(2, "cgroup.threads", 4L,
                "cgroup_threads{cgroup=\"/\",id=\"7\",scope=\"self\"} 4"),
            Arguments.of(2, "io.stat.8:16.wbytes", 512L,
                "cgroup_io_written_bytes_total{cgroup=\"/\",id=\"7\",device=\"8:16\",scope=\"subtree\"} 512"),
            Arguments.of(2, "io.stat.8:16.dios", 2L,
                "cgroup_io_discards_total{cgroup=\"/\",id=\"7\",device=\"8:16\",scope=\"subtree\"} 2"),
            Arguments.of(2, "io.max.8:16.rbps", 2097152L,
                "cgroup_io_max_rbps{cgroup=\"/\",id=\"7\",device=\"8:16\",scope=\"subtree\"} 2097152"),
            Arguments.of(2, "io.latency.8:16.target", 75000L,
                "cgroup_io_latency_target_seconds{cgroup=\"/\",id=\"7\",device=\"8:16\",scope=\"subtree\"} 0.075"),
            Arguments.of(2, "memory.pressure.full.total", 1500000L,
                "cgroup_memory_pressure_full_stalled_seconds_total{cgroup=\"/\",id=\"7\",scope=\"subtree\"} 1.5"),
            Arguments.of(2, "irq.pressure.full.total", 1L,
                "cgroup_irq_pressure_full_stalled_seconds_total{cgroup=\"/\",id=\"7\",scope=\"subtree\"} 0.000001"),
            Arguments.of(2, "memory.numa_stat.file.N1", 4096L,
                "cgroup_memory_numa_stat_file_bytes{cgroup=\"/\",id=\"7\",node=\"1\",scope=\"subtree\"} 4096"),
            Arguments.of(2, "hugetlb.2MB.current", 2097152L,
                "cgroup_hugetlb_current_bytes{cgroup=\"/\",id=\"7\",size=\"2MB\",scope=\"subtree\"} 2097152"),
            Arguments.of(2, "hugetlb.1GB.events.local.max", 1L,
                "cgroup_hugetlb_events_local_max_total{cgroup=\"/\",id=\"7\",size=\"1GB\",scope=\"self\"} 1"),
            Arguments.of(2, "misc.current.res_a", 3L,
                "cgroup_misc_current{cgroup=\"/\",id=\"7\",key=\"res_a\",scope=\"subtree\"} 3"),
            Arguments.of(2, "rdma.current.mlx4_0.hca_handle", 2L,
                "cgroup_rdma_current_hca_handle{cgroup=\"/\",id=\"7\",key=\"mlx4_0\",scope=\"subtree\"} 2"),
            Arguments.of(2, "cpu.max.quota", 50000L,
                "cgroup_cpu_max_quota_seconds{cgroup=\"/\",id=\"7\",scope=\"subtree\"} 0.05"),
            Arguments.of(2, "cpu.max.burst", 1000L,
                "cgroup_cpu_max_burst_seconds{cgroup=\"/\",id=\"7\",scope=\"subtree\"} 0.001"),
            Arguments.of(2, "cpu.uclamp.min", 2050L,
                "cgroup_cpu_uclamp_min_ratio{cgroup=\"/\",id=\"7\",scope=\"subtree\"} 0.205"),
            Arguments.of(2, "pids.max", 100L,
                "cgroup_pids_max{cgroup=\"/\",id=\"7\",scope=\"subtree\"} 100"),
            Arguments.of(2, "cgroup.stat.local.frozen_usec", 2000000L,
                "cgroup_stat_local_frozen_seconds_total{cgroup=\"/\",id=\"7\",scope=\"self\"} 2"),
            Arguments.of(1, "cpuacct.usage", 1500000000L,
                "cgroup_cpuacct_usage_seconds_total{cgroup=\"/\",id=\"7\",scope=\"subtree\"} 1.5"),
            Arguments.of(1, "cpuacct.usage_percpu.cpu3", 1L,
                "cgroup_cpuacct_usage_percpu_seconds_total{cgroup=\"/\",id=\"7\",cpu=\"3\",scope=\"subtree\"} "
                    + "0.000000001"),
            Arguments.of(1, "cpuacct.usage_all.cpu1.system", 20L,
                "cgroup_cpuacct_usage_all_system_seconds_total{cgroup=\"/\",id=\"7\",cpu=\"1\",scope=\"subtree\"} "
                    + "0.00000002"),
            Arguments.of(1, "cpuacct.stat.user", 12345L,
                "cgroup_cpuacct_user_seconds_total{cgroup=\"/\",id=\"7\",scope=\"subtree\"} 123.45"),
            Arguments.of(1, "cpu.stat.throttled_time", 7000000000L,
                "cgroup_cpu_throttled_seconds_total{cgroup=\"/\",id=\"7\",scope=\"self\"} 7"),
            Arguments.of(1, "cpu.cfs_quota_us", 20000L,
                "cgroup_cpu_cfs_quota_seconds{cgroup=\"/\",id=\"7\",scope=\"subtree\"} 0.02"),
            Arguments.of(1, "cpu.cfs_period_us", 100000L,
                "cgroup_cpu_cfs_period_seconds{cgroup=\"/\",id=\"7\",scope=\"subtree\"} 0.1"),
            Arguments.of(1, "memory.kmem.tcp.usage_in_bytes", 4096L,
                "cgroup_memory_kmem_tcp_usage_bytes{cgroup=\"/\",id=\"7\",scope=\"subtree\"} 4096"),
            Arguments.of(1, "memory.stat.cache", 4096L,
                "cgroup_memory_cache_bytes{cgroup=\"/\",id=\"7\",scope=\"self\"} 4096"),
            Arguments.of(1, "memory.stat.total_cache", 8192L,
                "cgroup_memory_total_cache_bytes{cgroup=\"/\",id=\"7\",scope=\"subtree\"} 8192"),
            Arguments.of(1, "memory.failcnt", 3L,
                "cgroup_memory_failcnt_total{cgroup=\"/\",id=\"7\",scope=\"subtree\"} 3"),
            Arguments.of(1, "memory.numa_stat.total", 10L,
                "cgroup_memory_numa_stat_total_all_nodes_pages{cgroup=\"/\",id=\"7\",scope=\"self\"} 10"),
            Arguments.of(1, "memory.numa_stat.hierarchical_total.N0", 10L,
                "cgroup_memory_numa_stat_hierarchical_total_pages{cgroup=\"/\",id=\"7\",node=\"0\","
                    + "scope=\"subtree\"} 10"),
            Arguments.of(1, "blkio.io_service_bytes.8:0.Read", 4096L,
                "cgroup_blkio_io_service_bytes_total{cgroup=\"/\",id=\"7\",device=\"8:0\",op=\"read\","
                    + "scope=\"self\"} 4096"),
            Arguments.of(1, "blkio.io_service_bytes.Total", 4096L,
                "cgroup_blkio_io_service_all_devices_bytes_total{cgroup=\"/\",id=\"7\",op=\"total\","
                    + "scope=\"self\"} 4096"),
            Arguments.of(1, "blkio.io_service_time_recursive.8:0.Sync", 1000L,
                "cgroup_blkio_io_service_recursive_seconds_total{cgroup=\"/\",id=\"7\",device=\"8:0\",op=\"sync\","
                    + "scope=\"subtree\"} 0.000001"),
            Arguments.of(1, "blkio.throttle.read_bps_device.8:0", 1048576L,
                "cgroup_blkio_throttle_read_bps_device{cgroup=\"/\",id=\"7\",device=\"8:0\",scope=\"subtree\"} "
                    + "1048576"),
            Arguments.of(1, "blkio.sectors.8:0", 8L,
                "cgroup_blkio_sectors_total{cgroup=\"/\",id=\"7\",device=\"8:0\",scope=\"self\"} 8"),
            Arguments.of(1, "hugetlb.2MB.usage_in_bytes", 0L,
                "cgroup_hugetlb_usage_bytes{cgroup=\"/\",id=\"7\",size=\"2MB\",scope=\"subtree\"} 0"),
            Arguments.of(1, "tasks", 12L,
                "cgroup_tasks{cgroup=\"/\",id=\"7\",scope=\"self\"} 12"));
    }

    @ParameterizedTest(name = "v{0} {1}")
    @MethodSource("columnsOfEveryFormat")
    void namesFamiliesLabelsAndUnitsByFileFormat(final int version, final String column, final long value,
        final String expectedSample) throws IOException
    {
        final ReportFixture report = new ReportFixture(StatCatalog.forVersion(version));
        report.row(7, "/", 0).putNumber(report.column(column), value);

        final String openMetrics = report.render(Format.OPENMETRICS, false);
        final String prometheus = report.render(Format.PROMETHEUS, false);

        assertThat(samples(openMetrics)).containsExactly(expectedSample);
        assertThat(samples(prometheus)).containsExactly(expectedSample);
        ExpositionChecker.check(openMetrics, true);
        ExpositionChecker.check(prometheus, false);
    }

    @Test
    void namesDerivedColumnsByScopeAndEffectiveLimitsByFamily() throws IOException
    {
        final ReportFixture report = new ReportFixture();
        final Columns columns = report.columns;
        final int usage = report.column("cpu.stat.usage_usec");
        final int own = report.column("cpu.stat.usage_usec:self");
        final int procs = report.column("cgroup.procs");
        final int all = report.column("cgroup.procs:subtree");
        final int quota = report.column("cpu.max.quota");
        final int effective = report.column("cpu.max.quota:effective");
        final int rbps = report.column("io.max.8:0.rbps");
        final int rbpsEffective = report.column("io.max.8:0.rbps:effective");
        final ReportFixture.Values sample = report.row(1, "/x", 1);
        sample.putNumber(usage, 3);
        sample.putNumber(own, 1);
        sample.putNumber(procs, 2);
        sample.putNumber(all, 5);
        sample.putNumber(quota, 10000);
        sample.putNumber(effective, 5000);
        sample.putState(rbps, ValueState.MAX);
        sample.putNumber(rbpsEffective, 1024);

        assertThat(samples(report.render(Format.OPENMETRICS, false))).containsExactly(
            "cgroup_cpu_max_quota_effective_seconds{cgroup=\"/x\",id=\"1\",scope=\"subtree\"} 0.005",
            "cgroup_cpu_max_quota_seconds{cgroup=\"/x\",id=\"1\",scope=\"subtree\"} 0.01",
            "cgroup_cpu_usage_seconds_total{cgroup=\"/x\",id=\"1\",scope=\"subtree\"} 0.000003",
            "cgroup_cpu_usage_self_seconds{cgroup=\"/x\",id=\"1\",scope=\"self\"} 0.000001",
            "cgroup_io_max_rbps{cgroup=\"/x\",id=\"1\",device=\"8:0\",scope=\"subtree\"} +Inf",
            "cgroup_io_max_rbps_effective{cgroup=\"/x\",id=\"1\",device=\"8:0\",scope=\"subtree\"} 1024",
            "cgroup_procs{cgroup=\"/x\",id=\"1\",scope=\"self\"} 2",
            "cgroup_procs{cgroup=\"/x\",id=\"1\",scope=\"subtree\"} 5");
    }

    @Test
    void namesEveryDerivationOnceAndParsesItBack()
    {
        final Columns columns = new Columns(StatCatalog.v2());
        final int usage = columns.intern("cpu.stat.usage_usec");
        for (final Derivation derivation : Derivation.values())
        {
            final Field field = new Field(usage, derivation);
            assertThat(field.name(columns)).isEqualTo("cpu.stat.usage_usec" + derivation.suffix());
            assertThat(Field.parse(columns, field.name(columns))).isEqualTo(field);
        }
        assertThat(Field.parse(columns, "cpu.stat.usage_usec:bogus")).isNull();
    }

    @Test
    void convertsToBaseUnitsExactlyInDecimal()
    {
        assertThat(OpenMetricsRenderer.decimal(1234567, 6, false)).isEqualTo("1.234567");
        assertThat(OpenMetricsRenderer.decimal(1000000, 6, false)).isEqualTo("1");
        assertThat(OpenMetricsRenderer.decimal(1200000, 6, false)).isEqualTo("1.2");
        assertThat(OpenMetricsRenderer.decimal(0, 6, false)).isEqualTo("0");
        assertThat(OpenMetricsRenderer.decimal(7, 9, false)).isEqualTo("0.000000007");
        assertThat(OpenMetricsRenderer.decimal(-1L, 6, false)).isEqualTo("18446744073709.551615");
        assertThat(OpenMetricsRenderer.decimal(-1L, 0, false)).isEqualTo("18446744073709551615");
        assertThat(OpenMetricsRenderer.decimal(-150, 2, true)).isEqualTo("-1.5");
        assertThat(OpenMetricsRenderer.decimal(100, 4, false)).isEqualTo("0.01");
    }

    @Test
    void skipsTextSettingsAveragesRatesAndAbsentValues() throws IOException
    {
        final ReportFixture report = new ReportFixture();
        final int controllers = report.column("cgroup.controllers");
        final int weight = report.column("cpu.weight");
        final int avg10 = report.column("cpu.pressure.some.avg10");
        final int unknown = report.column("memory.stat.brand_new_key");
        final int cost = report.column("io.stat.8:0.cost.usage");
        final int usage = report.column("cpu.stat.usage_usec");
        final int rate = report.column("cpu.stat.usage_usec:rate");
        final int current = report.column("memory.current");
        final int pids = report.column("pids.current");
        final int swap = report.column("memory.swap.current");
        final int events = report.column("memory.events.oom");
        final ReportFixture.Values sample = report.row(1, "/", 0);
        sample.putText(controllers, "cpu io");
        sample.putNumber(weight, 100);
        sample.putNumber(avg10, 125);
        sample.putNumber(unknown, 5);
        sample.putNumber(cost, 5);
        sample.putNumber(rate, 5000);
        sample.putState(usage, ValueState.VANISHED);
        sample.putState(current, ValueState.UNSUPPORTED);
        sample.putState(pids, ValueState.MISSING);
        sample.putState(events, ValueState.MAX);
        sample.putNumber(swap, 1);

        assertThat(report.render(Format.OPENMETRICS, false)).isEqualTo(
            "# TYPE cgroup_memory_swap_current_bytes gauge\n"
                + "# UNIT cgroup_memory_swap_current_bytes bytes\n"
                + "# HELP cgroup_memory_swap_current_bytes From memory.swap.current, bytes. "
                + "scope=subtree: as the kernel reports it, including descendants.\n"
                + "cgroup_memory_swap_current_bytes{cgroup=\"/\",id=\"1\",scope=\"subtree\"} 1\n"
                + "# EOF\n");
    }

    @Test
    void rendersAnEmptyReport() throws IOException
    {
        final ReportFixture report = new ReportFixture();
        report.column("memory.current");
        report.row(1, "/", 0);

        assertThat(report.render(Format.OPENMETRICS, false)).isEqualTo("# EOF\n");
        assertThat(report.render(Format.PROMETHEUS, false)).isEmpty();
    }

    @Test
    void neverGivesTwoColumnsTheSameSeriesWhenTheirNamesCollide() throws Exception
    {
        final StatInfo micros = StatInfo.counter(StatScope.HIERARCHICAL, StatUnit.MICROSECONDS);
        final StatCatalog catalog = StatCatalog.v2()
            .withOverride("cpu.stat", "usage.usec", micros)
            .withOverride("cpu.stat", "USAGE_usec", micros)
            .withOverride("cpu.stat", "usage", StatInfo.gauge(StatScope.HIERARCHICAL, StatUnit.MICROSECONDS))
            .withOverride("memory.stat", "pgfault_total", StatInfo.gauge(StatScope.HIERARCHICAL, StatUnit.COUNT));
        final ReportFixture report = new ReportFixture(catalog);
        final String[] names = {"cpu.stat.usage_usec", "cpu.stat.usage.usec", "cpu.stat.usage", "cpu.stat.USAGE_usec",
            "memory.stat.pgfault", "memory.stat.pgfault_total", "cgroup.procs"};
        final ReportFixture.Values sample = report.row(1, "/", 0);
        for (int i = 0; i < names.length; i++)
        {
            sample.putNumber(report.column(names[i]), i + 1);
        }
        final int procs = report.column("cgroup.procs");
        sample.putNumber(report.column("cgroup.procs:self"), 8);

        final String openMetrics = report.render(Format.OPENMETRICS, false);
        final Map<String, ExpositionChecker.Family> families = ExpositionChecker.check(openMetrics, true);
        ExpositionChecker.check(report.render(Format.PROMETHEUS, false), false);

        final List<String> values = new ArrayList<>();
        families.values().forEach(f -> f.samples().forEach(s -> values.add(s.value())));
        assertThat(values).containsExactlyInAnyOrder("0.000001", "0.000002", "0.000003", "0.000004", "5", "6", "7",
            "8");
        assertThat(samples(openMetrics)).contains(
            "cgroup_cpu_usage_seconds_total{cgroup=\"/\",id=\"1\",scope=\"subtree\"} 0.000004",
            "cgroup_procs{cgroup=\"/\",id=\"1\",scope=\"self\"} 7",
            "cgroup_memory_pgfault_total{cgroup=\"/\",id=\"1\",scope=\"subtree\"} 5");
        assertThat(families.keySet()).allMatch(name -> !name.endsWith("_total") || families.get(name).type()
            .equals("counter"));
        Promtool.assumeInstalled();
        Promtool.assertCheckMetricsPasses(report.render(Format.PROMETHEUS, false), tmp);
        Promtool.assertOpenMetricsParses(openMetrics, tmp);
    }

    @Test
    void avoidsWordsThatPromtoolTakesForAbbreviatedUnits() throws Exception
    {
        final StatCatalog catalog = StatCatalog.v2()
            .withOverride("memory.stat", "foo_ms_bar", StatInfo.gauge(StatScope.HIERARCHICAL, StatUnit.BYTES))
            .withOverride("memory.stat", "d_x", StatInfo.counter(StatScope.HIERARCHICAL, StatUnit.COUNT))
            .withOverride("memory.stat", "x_h", StatInfo.gauge(StatScope.HIERARCHICAL, StatUnit.COUNT));
        final ReportFixture report = new ReportFixture(catalog);
        final ReportFixture.Values sample = report.row(1, "/", 0);
        sample.putNumber(report.column("memory.stat.foo_ms_bar"), 1);
        sample.putNumber(report.column("memory.stat.d_x"), 2);
        sample.putNumber(report.column("memory.stat.x_h"), 3);

        assertThat(samples(report.render(Format.PROMETHEUS, false))).containsExactly(
            "cgroup_memory_dx_total{cgroup=\"/\",id=\"1\",scope=\"subtree\"} 2",
            "cgroup_memory_foo_msbar_bytes{cgroup=\"/\",id=\"1\",scope=\"subtree\"} 1",
            "cgroup_memory_xh{cgroup=\"/\",id=\"1\",scope=\"subtree\"} 3");
        Promtool.assumeInstalled();
        Promtool.assertCheckMetricsPasses(report.render(Format.PROMETHEUS, false), tmp);
    }

    @Test
    void skipsARowThatRepeatsAnEarlierCgroup() throws IOException
    {
        final ReportFixture report = new ReportFixture();
        final int current = report.column("memory.current");
        report.row(5, "/a", 1).putNumber(current, 1);
        report.row(5, "/a", 1).putNumber(current, 2);
        report.row(6, "/a", 1).putNumber(current, 3);

        assertThat(samples(report.render(Format.OPENMETRICS, false))).containsExactly(
            "cgroup_memory_current_bytes{cgroup=\"/a\",id=\"5\",scope=\"subtree\"} 1",
            "cgroup_memory_current_bytes{cgroup=\"/a\",id=\"6\",scope=\"subtree\"} 3");
    }

    @Test
    void rendersTheSameTextWhateverOrderColumnsWereSeenIn() throws IOException
    {
        final String[] names = {"memory.current", "io.stat.8:0.rbytes", "io.stat.259:0.rbytes", "cpu.stat.usage_usec",
            "cpu.pressure.some.total", "memory.max"};
        final ReportFixture forward = new ReportFixture();
        final ReportFixture backward = new ReportFixture();
        final ReportFixture.Values f = forward.row(1, "/", 0);
        final ReportFixture.Values b = backward.row(1, "/", 0);
        for (int i = 0; i < names.length; i++)
        {
            f.putNumber(forward.column(names[i]), i);
        }
        for (int i = names.length - 1; i >= 0; i--)
        {
            b.putNumber(backward.column(names[i]), i);
        }

        assertThat(backward.render(Format.OPENMETRICS, false)).isEqualTo(forward.render(Format.OPENMETRICS, false));
    }

    @Test
    void escapesLabelValuesAndHelpPerFormat()
    {
        final StringBuilder label = new StringBuilder();
        OpenMetricsRenderer.escapeLabelValue("a\\b\"c\nd\re\u00e9", label);
        assertThat(label).hasToString("a\\\\b\\\"c\\nd\re\u00e9");
        final StringBuilder key = new StringBuilder();
        OpenMetricsRenderer.escapeKeyLabelValue("a\\b\"c\nd\re\u00e9\u0000\u001b\u009b", key);
        assertThat(key).hasToString("a\\\\b\\\"c\\nd\\\\x0de\u00e9\\\\x00\\\\x1b\\\\u009b");

        final StringBuilder openMetrics = new StringBuilder();
        OpenMetricsRenderer.escapeHelp("a\\b\"c\nd", true, openMetrics);
        assertThat(openMetrics).hasToString("a\\\\b\\\"c\\nd");

        final StringBuilder prometheus = new StringBuilder();
        OpenMetricsRenderer.escapeHelp("a\\b\"c\nd", false, prometheus);
        assertThat(prometheus).hasToString("a\\\\b\"c\\nd");
    }

    @Test
    void givesContentTypesOfBothFormats()
    {
        assertThat(OpenMetricsRenderer.openMetrics().contentType())
            .isEqualTo("application/openmetrics-text; version=1.0.0; charset=utf-8");
        assertThat(OpenMetricsRenderer.prometheusText().contentType())
            .isEqualTo("text/plain; version=0.0.4; charset=utf-8");
        assertThat(Renderer.of(Format.OPENMETRICS, false)).isSameAs(OpenMetricsRenderer.openMetrics());
        assertThat(Renderer.of(Format.PROMETHEUS, true)).isSameAs(OpenMetricsRenderer.prometheusText());
    }

    /** The report behind the golden files; every value there was derived by hand from these. */
    static ReportFixture golden()
    {
        final ReportFixture report = new ReportFixture();
        final Columns columns = report.columns;
        final int usage = report.column("cpu.stat.usage_usec");
        final int usageSelf = report.column("cpu.stat.usage_usec:self");
        final int usageRate = report.column("cpu.stat.usage_usec:rate");
        final int memMax = report.column("memory.max");
        final int memMaxEffective = report.column("memory.max:effective");
        final int rbytes8 = report.column("io.stat.8:0.rbytes");
        final int rbytes259 = report.column("io.stat.259:0.rbytes");
        final int rios8 = report.column("io.stat.8:0.rios");
        final int rbytes8Self = report.column("io.stat.8:0.rbytes:self");
        final int someTotal = report.column("cpu.pressure.some.total");
        final int fullTotal = report.column("cpu.pressure.full.total");
        final int someAvg10 = report.column("cpu.pressure.some.avg10");
        final int procs = report.column("cgroup.procs");
        final int procsSubtree = report.column("cgroup.procs:subtree");
        final int controllers = report.column("cgroup.controllers");
        final int numaAnon0 = report.column("memory.numa_stat.anon.N0");
        final int current = report.column("memory.current");
        final int quota = report.column("cpu.max.quota");
        final int period = report.column("cpu.max.period");
        final int weight = report.column("cpu.weight");

        final ReportFixture.Values root = report.row(1, "/", 0);
        root.putNumber(usage, 5_000_000);
        root.putNumber(usageSelf, 3_765_433);
        root.putNumber(usageRate, 1234);
        root.putState(memMax, ValueState.MAX);
        root.putState(memMaxEffective, ValueState.MAX);
        root.putNumber(procs, 10);
        root.putNumber(procsSubtree, 13);
        root.putText(controllers, "cpu io memory");
        root.putNumber(current, 104_857_600);
        root.putNumber(someTotal, 2_500_000);
        root.putNumber(fullTotal, 0);
        root.putNumber(someAvg10, 125);
        root.putState(quota, ValueState.MAX);
        root.putNumber(period, 100_000);
        root.putNumber(weight, 100);

        final ReportFixture.Values b = report.row(2, B, 1);
        b.putNumber(usage, 1_234_567);
        b.putNumber(usageSelf, 1_234_562);
        b.putNumber(memMax, 1_073_741_824);
        b.putNumber(memMaxEffective, 1_073_741_824);
        b.putNumber(rbytes8, 4096);
        b.putNumber(rbytes8Self, 3072);
        b.putNumber(rbytes259, 512);
        b.putNumber(rios8, 3);
        b.putNumber(someTotal, 2500);
        b.putNumber(fullTotal, 1000);
        b.putNumber(someAvg10, 7);
        b.putNumber(procs, 2);
        b.putNumber(procsSubtree, 3);
        b.putNumber(numaAnon0, 8192);
        b.putNumber(current, 52_428_800);
        b.putNumber(quota, 50_000);
        b.putNumber(period, 100_000);

        final ReportFixture.Values c = report.row(3, C, 2);
        c.putNumber(usage, 5);
        c.putNumber(usageSelf, 5);
        c.putState(memMax, ValueState.MAX);
        c.putNumber(memMaxEffective, 1_073_741_824);
        c.putNumber(rbytes8, 1024);
        c.putNumber(rbytes8Self, 1024);
        c.putNumber(procs, 1);
        c.putNumber(procsSubtree, 1);
        c.putState(current, ValueState.VANISHED);
        c.putState(quota, ValueState.MAX);
        c.putNumber(period, 100_000);
        return report;
    }

    static List<String> samples(final String text)
    {
        return text.lines().filter(line -> !line.startsWith("#")).toList();
    }

    private static String resource(final String name) throws IOException
    {
        try (InputStream in = OpenMetricsRendererTest.class.getResourceAsStream(name))
        {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
