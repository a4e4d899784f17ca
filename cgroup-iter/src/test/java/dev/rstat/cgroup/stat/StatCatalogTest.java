package dev.rstat.cgroup.stat;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StatCatalogTest
{
    private final StatCatalog v2 = StatCatalog.v2();
    private final StatCatalog v1 = StatCatalog.v1();

    @Test
    void marksV2HierarchicalStatsHierarchical()
    {
        for (final String usage : new String[] {"usage_usec", "user_usec", "system_usec"})
        {
            assertThat(v2.describe("cpu.stat", usage).scope()).as(usage).isEqualTo(StatScope.HIERARCHICAL);
        }
        assertThat(v2.describe("memory.current", "").scope()).isEqualTo(StatScope.HIERARCHICAL);
        assertThat(v2.describe("memory.stat", "anon").scope()).isEqualTo(StatScope.HIERARCHICAL);
        assertThat(v2.describe("memory.stat", "pgfault").scope()).isEqualTo(StatScope.HIERARCHICAL);
        assertThat(v2.describe("memory.events", "oom_kill").scope()).isEqualTo(StatScope.HIERARCHICAL);
        assertThat(v2.describe("io.stat", "8:0.rbytes").scope()).isEqualTo(StatScope.HIERARCHICAL);
        assertThat(v2.describe("pids.current", "").scope()).isEqualTo(StatScope.HIERARCHICAL);
    }

    @Test
    void marksLocalStatsLocal()
    {
        for (final String bandwidth : new String[] {"nr_periods", "nr_throttled", "throttled_usec", "nr_bursts",
            "burst_usec"})
        {
            assertThat(v2.describe("cpu.stat", bandwidth).scope()).as(bandwidth).isEqualTo(StatScope.LOCAL);
        }
        assertThat(v2.describe("cpu.stat.local", "throttled_usec").scope()).isEqualTo(StatScope.LOCAL);
        assertThat(v2.describe("memory.events.local", "oom_kill").scope()).isEqualTo(StatScope.LOCAL);
        assertThat(v2.describe("pids.events.local", "max").scope()).isEqualTo(StatScope.LOCAL);
        assertThat(v2.describe("cgroup.procs", "").scope()).isEqualTo(StatScope.LOCAL);
        assertThat(v1.describe("cgroup.procs", "").scope()).isEqualTo(StatScope.LOCAL);
        assertThat(v1.describe("memory.stat", "cache").scope()).isEqualTo(StatScope.LOCAL);
        assertThat(v1.describe("memory.stat", "total_cache").scope()).isEqualTo(StatScope.HIERARCHICAL);
        assertThat(v1.describe("memory.stat", "total_workingset_refault_file").scope())
            .isEqualTo(StatScope.HIERARCHICAL);
    }

    @Test
    void describesKindsAndUnits()
    {
        assertThat(v2.describe("memory.max", "")).isEqualTo(StatInfo.limit(StatUnit.BYTES));
        assertThat(v2.describe("cpu.max", "quota")).isEqualTo(StatInfo.limit(StatUnit.MICROSECONDS));
        assertThat(v2.describe("cpu.stat", "usage_usec").kind()).isEqualTo(StatKind.COUNTER);
        assertThat(v2.describe("memory.stat", "file").kind()).isEqualTo(StatKind.GAUGE);
        assertThat(v2.describe("memory.stat", "pgscan_kswapd").kind()).isEqualTo(StatKind.COUNTER);
        assertThat(v2.describe("memory.stat", "thp_fault_alloc").kind()).isEqualTo(StatKind.COUNTER);
        assertThat(v2.describe("io.pressure", "some.avg10")).isEqualTo(
            new StatInfo(StatKind.PRESSURE, StatScope.HIERARCHICAL, StatUnit.PERCENT, 2, StatSign.UNSIGNED));
        assertThat(v2.describe("cgroup.controllers", "").kind()).isEqualTo(StatKind.INFO);
        assertThat(v1.describe("cpu.cfs_quota_us", "").sign()).isEqualTo(StatSign.MINUS_ONE_IS_MAX);
        assertThat(v2.describe("cpu.weight.nice", "").sign()).isEqualTo(StatSign.SIGNED);
    }

    @Test
    void givesFormatsOfKnownFiles()
    {
        assertThat(v2.file("memory.current").format()).isEqualTo(StatFormat.SINGLE);
        assertThat(v2.file("cpu.max").format()).isEqualTo(StatFormat.SPACE_SEPARATED);
        assertThat(v2.file("memory.stat").format()).isEqualTo(StatFormat.FLAT_KEYED);
        assertThat(v2.file("io.stat").format()).isEqualTo(StatFormat.NESTED_KEYED);
        assertThat(v2.file("irq.pressure").format()).isEqualTo(StatFormat.PRESSURE);
        assertThat(v1.file("cpuacct.usage_all").format()).isEqualTo(StatFormat.TABLE);
        assertThat(v1.file("blkio.throttle.io_serviced").format()).isEqualTo(StatFormat.DEVICE_KEYED);
        assertThat(v2.file("cgroup.procs").format()).isEqualTo(StatFormat.LINE_COUNT);
        assertThat(v2.file("cpuset.cpus").format()).isEqualTo(StatFormat.TEXT);
    }

    @Test
    void knowsNamePatterns()
    {
        assertThat(v2.file("hugetlb.2MB.current").format()).isEqualTo(StatFormat.SINGLE);
        assertThat(v2.describe("hugetlb.1GB.current", "")).isEqualTo(StatInfo.gauge(StatScope.HIERARCHICAL,
            StatUnit.BYTES));
        assertThat(v2.describe("hugetlb.2MB.events.local", "max").scope()).isEqualTo(StatScope.LOCAL);
        assertThat(v1.describe("hugetlb.2MB.limit_in_bytes", "").kind()).isEqualTo(StatKind.LIMIT);
        assertThat(v2.file("cpuset.cpus.exclusive.effective").format()).isEqualTo(StatFormat.TEXT);
        assertThat(v2.file("misc.foo.effective").format()).isEqualTo(StatFormat.TEXT);
        assertThat(v2.knows("memory.stat.effective")).isFalse();
        assertThat(v2.fileOf("memory.stat.effective")).isEqualTo("memory.stat");
        assertThat(v2.knows("hugetlb.current")).isFalse();
    }

    @Test
    void readsUnknownFilesAndKeysSafely()
    {
        assertThat(v2.knows("foo.bar")).isFalse();
        assertThat(v2.file("foo.bar")).isEqualTo(FileSpec.unknown());
        assertThat(v2.describe("foo.bar", "x")).isEqualTo(StatInfo.UNKNOWN);
        assertThat(v2.describe("memory.stat", "brand_new")).isEqualTo(StatInfo.UNKNOWN);
        assertThat(v2.describe("cpu.stat", "brand_new")).isEqualTo(StatInfo.UNKNOWN);
        assertThat(StatInfo.UNKNOWN.additive()).isFalse();
        assertThat(StatInfo.UNKNOWN.kind()).isEqualTo(StatKind.INFO);
        assertThat(StatInfo.UNKNOWN.scope()).isEqualTo(StatScope.NONE);
    }

    @Test
    void separatesV1AndV2Meanings()
    {
        assertThat(v2.describe("memory.stat", "shmem").scope()).isEqualTo(StatScope.HIERARCHICAL);
        assertThat(v1.describe("memory.stat", "shmem").scope()).isEqualTo(StatScope.LOCAL);
        assertThat(v1.describe("cpu.stat", "throttled_time").unit()).isEqualTo(StatUnit.NANOSECONDS);
        assertThat(v2.describe("cpu.stat", "throttled_time")).isEqualTo(StatInfo.UNKNOWN);
        assertThat(StatCatalog.forVersion(1)).isSameAs(v1);
        assertThat(StatCatalog.forVersion(2)).isSameAs(v2);
        assertThat(v1.version()).isEqualTo(1);
        assertThatThrownBy(() -> StatCatalog.forVersion(3))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("unknown cgroup version: version=3");
    }

    @Test
    void overridesKeysWithoutChangingTheOriginal()
    {
        final StatInfo counter = StatInfo.counter(StatScope.HIERARCHICAL, StatUnit.COUNT);
        final StatCatalog changed = v2.withOverride("memory.stat", "brand_new", counter);
        assertThat(changed.describe("memory.stat", "brand_new")).isEqualTo(counter);
        assertThat(changed.describe("memory.stat", "anon")).isEqualTo(v2.describe("memory.stat", "anon"));
        assertThat(v2.describe("memory.stat", "brand_new")).isEqualTo(StatInfo.UNKNOWN);

        final StatCatalog newFile = v2.withOverride("foo.current", "", StatInfo.gauge(StatScope.LOCAL,
            StatUnit.BYTES));
        assertThat(newFile.knows("foo.current")).isTrue();
        assertThat(newFile.describe("foo.current", "").unit()).isEqualTo(StatUnit.BYTES);

        final StatCatalog text = v2.withFile("foo.list", FileSpec.of(StatFormat.TEXT, StatInfo.UNKNOWN));
        assertThat(text.file("foo.list").format()).isEqualTo(StatFormat.TEXT);
    }

    @Test
    void findsTheFileOfAColumn()
    {
        assertThat(v2.fileOf("io.stat.8:0.rbytes")).isEqualTo("io.stat");
        assertThat(v2.fileOf("cpu.stat.usage_usec")).isEqualTo("cpu.stat");
        assertThat(v2.fileOf("cpu.stat.local.throttled_usec")).isEqualTo("cpu.stat.local");
        assertThat(v2.fileOf("cpu.max.burst")).isEqualTo("cpu.max.burst");
        assertThat(v2.fileOf("cpu.max.quota")).isEqualTo("cpu.max");
        assertThat(v2.fileOf("memory.current")).isEqualTo("memory.current");
        assertThat(v2.fileOf("foo.bar.baz")).isNull();
    }

    @Test
    void knowsWhichGaugesAreHighWaterMarks()
    {
        assertThat(v2.isPeak("memory.peak")).isTrue();
        assertThat(v2.isPeak("pids.peak")).isTrue();
        assertThat(v2.isPeak("memory.current")).isFalse();
        assertThat(v1.isPeak("memory.memsw.max_usage_in_bytes")).isTrue();
        assertThat(v1.isPeak("hugetlb.2MB.max_usage_in_bytes")).isTrue();
        assertThat(v1.isPeak("hugetlb.2MB.usage_in_bytes")).isFalse();
        assertThat(v1.describe("memory.max_usage_in_bytes", "").kind()).isEqualTo(StatKind.GAUGE);
    }
}
