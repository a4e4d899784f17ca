package dev.rstat.cgroup.stat;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SpaceSeparatedFilesTest
{
    private final ReaderFixture v2 = new ReaderFixture();
    private final ReaderFixture v1 = new ReaderFixture(StatCatalog.v1());

    @Test
    void namesCpuMaxColumnsQuotaAndPeriod()
    {
        v2.parse("cpu.max", "max 100000\n");
        assertThat(v2.names()).containsExactly("cpu.max.quota", "cpu.max.period");
        assertThat(v2.state("cpu.max.quota")).isEqualTo(ValueState.MAX);
        assertThat(v2.value("cpu.max.period")).isEqualTo(100000L);
        assertThat(v2.info("cpu.max.quota").kind()).isEqualTo(StatKind.LIMIT);
        assertThat(v2.info("cpu.max.quota").unit()).isEqualTo(StatUnit.MICROSECONDS);

        v2.parse("cpu.max", "50000 100000\n");
        assertThat(v2.value("cpu.max.quota")).isEqualTo(50000L);
        assertThat(v2.warnings).isEmpty();
    }

    @Test
    void namesExtraCpuMaxValuesByPosition()
    {
        v2.parse("cpu.max", "max 100000 7\n");
        assertThat(v2.value("cpu.max.2")).isEqualTo(7L);
    }

    @Test
    void readsPerCpuUsageWithTrailingSpace()
    {
        v1.parse("cpuacct.usage_percpu", "33745041734 40803594780 \n");
        assertThat(v1.names()).containsExactly("cpuacct.usage_percpu.cpu0", "cpuacct.usage_percpu.cpu1");
        assertThat(v1.value("cpuacct.usage_percpu.cpu0")).isEqualTo(33745041734L);
        assertThat(v1.value("cpuacct.usage_percpu.cpu1")).isEqualTo(40803594780L);
        assertThat(v1.info("cpuacct.usage_percpu.cpu1").unit()).isEqualTo(StatUnit.NANOSECONDS);
        assertThat(v1.info("cpuacct.usage_percpu.cpu1").scope()).isEqualTo(StatScope.HIERARCHICAL);
        assertThat(v1.warnings).isEmpty();

        v1.parse("cpuacct.usage_percpu_user", "1 2 \n");
        assertThat(v1.value("cpuacct.usage_percpu_user.cpu1")).isEqualTo(2L);
    }

    @Test
    void namesValuesOfUnknownFilesByIndex()
    {
        v2.parse("foo.list", "1 2 3\n");
        assertThat(v2.names()).containsExactly("foo.list.0", "foo.list.1", "foo.list.2");
        assertThat(v2.value("foo.list.2")).isEqualTo(3L);
    }

    @Test
    void keepsGoodValuesNextToABadOne()
    {
        v2.parse("cpu.max", "abc 100000\n");
        assertThat(v2.state("cpu.max.quota")).isEqualTo(ValueState.MISSING);
        assertThat(v2.value("cpu.max.period")).isEqualTo(100000L);
        assertThat(v2.problems.malformedCount()).isEqualTo(1);
    }

    @Test
    void reportsEmptyFile()
    {
        v1.parse("cpuacct.usage_percpu", "");
        assertThat(v1.present()).isEmpty();
        assertThat(v1.warnings).containsExactly(
            "malformed line: file=/cg/cpuacct.usage_percpu line=1 text=\"\" reason=empty file: expected a value");
    }
}
