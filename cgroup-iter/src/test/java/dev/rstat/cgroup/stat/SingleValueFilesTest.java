package dev.rstat.cgroup.stat;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SingleValueFilesTest
{
    private final ReaderFixture v2 = new ReaderFixture();
    private final ReaderFixture v1 = new ReaderFixture(StatCatalog.v1());

    @Test
    void readsSingleNumbersIntoColumnNamedLikeTheFile()
    {
        v2.parse("memory.current", "109125632\n");
        v2.parseMore("pids.current", "5\n");
        assertThat(v2.value("memory.current")).isEqualTo(109125632L);
        assertThat(v2.value("pids.current")).isEqualTo(5L);
        assertThat(v2.names()).containsExactly("memory.current", "pids.current");
        assertThat(v2.columns.file(v2.column("memory.current"))).isEqualTo("memory.current");
        assertThat(v2.info("memory.current"))
            .isEqualTo(StatInfo.gauge(StatScope.HIERARCHICAL, StatUnit.BYTES));
        assertThat(v2.warnings).isEmpty();
    }

    @Test
    void readsV1CpuacctUsageInNanoseconds()
    {
        v1.parse("cpuacct.usage", "74548636514\n");
        assertThat(v1.value("cpuacct.usage")).isEqualTo(74548636514L);
        assertThat(v1.info("cpuacct.usage").unit()).isEqualTo(StatUnit.NANOSECONDS);
        assertThat(v1.info("cpuacct.usage").kind()).isEqualTo(StatKind.COUNTER);
    }

    @Test
    void readsMaxLiteralAsMaxState()
    {
        v2.parse("memory.max", "max\n");
        v2.parseMore("pids.max", "max\n");
        assertThat(v2.state("memory.max")).isEqualTo(ValueState.MAX);
        assertThat(v2.state("pids.max")).isEqualTo(ValueState.MAX);
        assertThat(v2.sample.value(v2.column("memory.max"))).isZero();
        v2.parse("pids.max", "4096\n");
        assertThat(v2.value("pids.max")).isEqualTo(4096L);
        assertThat(v2.state("memory.max")).isEqualTo(ValueState.MISSING);
    }

    @Test
    void readsLargestUnsignedValue()
    {
        v2.parse("memory.high", "18446744073709551615");
        assertThat(v2.value("memory.high")).isEqualTo(-1L);
        assertThat(Long.toUnsignedString(v2.value("memory.high"))).isEqualTo("18446744073709551615");
    }

    @Test
    void readsV1MinusOneQuotaAsUnlimited()
    {
        v1.parse("cpu.cfs_quota_us", "-1\n");
        assertThat(v1.state("cpu.cfs_quota_us")).isEqualTo(ValueState.MAX);
        v1.parse("cpu.cfs_quota_us", "50000\n");
        assertThat(v1.value("cpu.cfs_quota_us")).isEqualTo(50000L);
        v1.parse("cpu.rt_runtime_us", "-1\n");
        assertThat(v1.state("cpu.rt_runtime_us")).isEqualTo(ValueState.MAX);
        v1.parse("cpu.cfs_quota_us", "-2\n");
        assertThat(v1.state("cpu.cfs_quota_us")).isEqualTo(ValueState.MISSING);
        assertThat(v1.problems.malformedCount()).isEqualTo(1);
        assertThat(v1.warnings.get(0)).contains("reason=negative value: value=-2");
    }

    @Test
    void carriesSignedValuesAsTwosComplementInSignedColumns()
    {
        v2.parse("cpu.weight.nice", "-5\n");
        assertThat(v2.value("cpu.weight.nice")).isEqualTo(-5L);
        assertThat(v2.columns.signed(v2.column("cpu.weight.nice"))).isTrue();
        v1.parse("cpuset.sched_relax_domain_level", "-1\n");
        assertThat(v1.value("cpuset.sched_relax_domain_level")).isEqualTo(-1L);
        assertThat(v1.state("cpuset.sched_relax_domain_level")).isEqualTo(ValueState.NUMBER);
        v2.parse("cpu.weight", "100\n");
        assertThat(v2.columns.signed(v2.column("cpu.weight"))).isFalse();
    }

    @Test
    void readsTwoDecimalSettingsScaled()
    {
        v2.parse("cpu.uclamp.min", "12.50\n");
        v2.parseMore("cpu.uclamp.max", "max\n");
        assertThat(v2.value("cpu.uclamp.min")).isEqualTo(1250L);
        assertThat(v2.columns.scale(v2.column("cpu.uclamp.min"))).isEqualTo(2);
        assertThat(v2.state("cpu.uclamp.max")).isEqualTo(ValueState.MAX);
    }

    @Test
    void reportsSecondValueButKeepsTheFirst()
    {
        v2.parse("memory.current", "12\n34\n");
        assertThat(v2.value("memory.current")).isEqualTo(12L);
        assertThat(v2.warnings).containsExactly(
            "malformed line: file=/cg/memory.current line=2 text=\"34\" reason=unexpected extra line");
    }

    @Test
    void reportsTwoValuesOnTheLineAndKeepsNone()
    {
        v2.parse("memory.current", "12 34\n");
        assertThat(v2.present()).isEmpty();
        assertThat(v2.warnings).containsExactly(
            "malformed line: file=/cg/memory.current line=1 text=\"12 34\" reason=expected one value");
    }
}
