package dev.rstat.cgroup.stat;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TableFilesTest
{
    private final ReaderFixture v1 = new ReaderFixture(StatCatalog.v1());

    @Test
    void readsCpuacctUsageAllRowsByHeader()
    {
        v1.parse("cpuacct.usage_all", "cpu user system\n0 26121015620 6564299525\n1 29956364810 9797356522\n");
        assertThat(v1.names()).containsExactly("cpuacct.usage_all.cpu0.user", "cpuacct.usage_all.cpu0.system",
            "cpuacct.usage_all.cpu1.user", "cpuacct.usage_all.cpu1.system");
        assertThat(v1.value("cpuacct.usage_all.cpu0.user")).isEqualTo(26121015620L);
        assertThat(v1.value("cpuacct.usage_all.cpu1.system")).isEqualTo(9797356522L);
        assertThat(v1.info("cpuacct.usage_all.cpu1.system").unit()).isEqualTo(StatUnit.NANOSECONDS);
        assertThat(v1.warnings).isEmpty();
    }

    @Test
    void reportsRowsOfTheWrongWidth()
    {
        v1.parse("cpuacct.usage_all", "cpu user system\n0 1 2\n1 3\n2 4 5\n");
        assertThat(v1.value("cpuacct.usage_all.cpu2.system")).isEqualTo(5L);
        assertThat(v1.present()).doesNotContain("cpuacct.usage_all.cpu1.user");
        assertThat(v1.warnings).containsExactly("malformed line: file=/cg/cpuacct.usage_all line=3 text=\"1 3\" "
            + "reason=expected 3 columns like the header");
    }

    @Test
    void readsBlkioDeviceOperationLinesAndTotal()
    {
        v1.parse("blkio.throttle.io_service_bytes", """
            8:0 Read 123
            8:0 Write 456
            8:0 Sync 7
            8:0 Async 572
            8:0 Discard 0
            8:0 Total 579
            Total 579
            """);
        assertThat(v1.value("blkio.throttle.io_service_bytes.8:0.Read")).isEqualTo(123L);
        assertThat(v1.value("blkio.throttle.io_service_bytes.8:0.Write")).isEqualTo(456L);
        assertThat(v1.value("blkio.throttle.io_service_bytes.8:0.Total")).isEqualTo(579L);
        assertThat(v1.value("blkio.throttle.io_service_bytes.Total")).isEqualTo(579L);
        assertThat(v1.info("blkio.throttle.io_service_bytes.8:0.Read"))
            .isEqualTo(StatInfo.counter(StatScope.LOCAL, StatUnit.BYTES));
        v1.parseMore("blkio.throttle.io_serviced_recursive", "Total 0\n");
        assertThat(v1.value("blkio.throttle.io_serviced_recursive.Total")).isZero();
        assertThat(v1.info("blkio.throttle.io_serviced_recursive.Total"))
            .isEqualTo(StatInfo.counter(StatScope.HIERARCHICAL, StatUnit.COUNT));
        assertThat(v1.warnings).isEmpty();
    }

    @Test
    void reportsBlkioLinesOfOtherShapes()
    {
        v1.parse("blkio.throttle.io_serviced", "8:0 Read 1 extra\n8:0 Write 2\n");
        assertThat(v1.present()).containsExactly("blkio.throttle.io_serviced.8:0.Write");
        assertThat(v1.problems.malformedCount()).isEqualTo(1);
    }
}
