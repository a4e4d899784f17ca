package dev.rstat.cgroup.stat;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NestedKeyedFilesTest
{
    private final ReaderFixture v2 = new ReaderFixture();
    private final ReaderFixture v1 = new ReaderFixture(StatCatalog.v1());

    @Test
    void readsIoStatPerDeviceAndSkipsDevicesWithoutStats()
    {
        v2.parse("io.stat", """
            8:0 rbytes=1459200 wbytes=314773504 rios=192 wios=353 dbytes=0 dios=0
            7:0
            253:0 rbytes=1 wbytes=2 rios=3 wios=4 dbytes=5 dios=6
            """);
        assertThat(v2.value("io.stat.8:0.rbytes")).isEqualTo(1459200L);
        assertThat(v2.value("io.stat.8:0.wbytes")).isEqualTo(314773504L);
        assertThat(v2.value("io.stat.8:0.wios")).isEqualTo(353L);
        assertThat(v2.value("io.stat.253:0.dios")).isEqualTo(6L);
        assertThat(v2.names()).hasSize(12).noneMatch(name -> name.contains("7:0"));
        assertThat(v2.info("io.stat.253:0.rbytes")).isEqualTo(StatInfo.counter(StatScope.HIERARCHICAL, StatUnit.BYTES));
        assertThat(v2.info("io.stat.8:0.rios")).isEqualTo(StatInfo.counter(StatScope.HIERARCHICAL, StatUnit.COUNT));
        assertThat(v2.columns.file(v2.column("io.stat.8:0.rbytes"))).isEqualTo("io.stat");
        assertThat(v2.warnings).isEmpty();
    }

    @Test
    void followsDevicesThatMoveAppearAndDisappear()
    {
        v2.parse("io.stat", "8:0 rbytes=10 wbytes=20\n253:0 rbytes=30 wbytes=40\n");
        v2.parse("io.stat", """
            8:16 rbytes=5 wbytes=6 rios=1 wios=1 dbytes=0 dios=0 depth=1 avg_lat=250 win=100
            8:0 rbytes=11 wbytes=21
            8:32 rbytes=7 wbytes=8 missed=2 total=9
            """);
        assertThat(v2.value("io.stat.8:0.rbytes")).isEqualTo(11L);
        assertThat(v2.value("io.stat.8:0.wbytes")).isEqualTo(21L);
        assertThat(v2.state("io.stat.253:0.rbytes")).isEqualTo(ValueState.MISSING);
        assertThat(v2.value("io.stat.8:16.depth")).isEqualTo(1L);
        assertThat(v2.value("io.stat.8:16.avg_lat")).isEqualTo(250L);
        assertThat(v2.value("io.stat.8:16.win")).isEqualTo(100L);
        assertThat(v2.value("io.stat.8:32.missed")).isEqualTo(2L);
        assertThat(v2.value("io.stat.8:32.total")).isEqualTo(9L);
        assertThat(v2.info("io.stat.8:32.total").additive()).isFalse();
        assertThat(v2.info("io.stat.8:16.avg_lat").additive()).isFalse();
    }

    @Test
    void readsIoMaxWithMaxValues()
    {
        v2.parse("io.max", "8:16 rbps=2097152 wbps=max riops=max wiops=120\n");
        assertThat(v2.value("io.max.8:16.rbps")).isEqualTo(2097152L);
        assertThat(v2.state("io.max.8:16.wbps")).isEqualTo(ValueState.MAX);
        assertThat(v2.state("io.max.8:16.riops")).isEqualTo(ValueState.MAX);
        assertThat(v2.value("io.max.8:16.wiops")).isEqualTo(120L);
        assertThat(v2.info("io.max.8:16.rbps")).isEqualTo(StatInfo.limit(StatUnit.BYTES));
    }

    @Test
    void readsV2NumaStatPerNode()
    {
        v2.parse("memory.numa_stat", "anon N0=4096 N1=8192\nfile N0=0 N1=12288\nworkingset_refault_anon N0=3 N1=0\n");
        assertThat(v2.value("memory.numa_stat.anon.N0")).isEqualTo(4096L);
        assertThat(v2.value("memory.numa_stat.anon.N1")).isEqualTo(8192L);
        assertThat(v2.value("memory.numa_stat.file.N1")).isEqualTo(12288L);
        assertThat(v2.info("memory.numa_stat.anon.N1"))
            .isEqualTo(StatInfo.gauge(StatScope.HIERARCHICAL, StatUnit.BYTES));
        assertThat(v2.info("memory.numa_stat.workingset_refault_anon.N0").kind()).isEqualTo(StatKind.COUNTER);
    }

    @Test
    void readsV1NumaStatWithTotalsInTheFirstToken()
    {
        v1.parse("memory.numa_stat", """
            total=3961 N0=3961
            file=120 N0=120
            hierarchical_total=23462 N0=23462
            """);
        assertThat(v1.value("memory.numa_stat.total")).isEqualTo(3961L);
        assertThat(v1.value("memory.numa_stat.total.N0")).isEqualTo(3961L);
        assertThat(v1.value("memory.numa_stat.file.N0")).isEqualTo(120L);
        assertThat(v1.value("memory.numa_stat.hierarchical_total.N0")).isEqualTo(23462L);
        assertThat(v1.info("memory.numa_stat.total")).isEqualTo(StatInfo.gauge(StatScope.LOCAL, StatUnit.PAGES));
        assertThat(v1.info("memory.numa_stat.hierarchical_total.N0"))
            .isEqualTo(StatInfo.gauge(StatScope.HIERARCHICAL, StatUnit.PAGES));
        assertThat(v1.warnings).isEmpty();
    }

    @Test
    void keepsGoodPairsOfALineWithABadOne()
    {
        v2.parse("io.stat", "8:0 rbytes=1 garbage wbytes=2 rios=x =5\n");
        assertThat(v2.value("io.stat.8:0.rbytes")).isEqualTo(1L);
        assertThat(v2.value("io.stat.8:0.wbytes")).isEqualTo(2L);
        assertThat(v2.present()).containsExactly("io.stat.8:0.rbytes", "io.stat.8:0.wbytes");
        assertThat(v2.problems.malformedCount()).isEqualTo(1);
        assertThat(v2.warnings).containsExactly("malformed line: file=/cg/io.stat line=1 "
            + "text=\"8:0 rbytes=1 garbage wbytes=2 rios=x =5\" reason=expected SUBKEY=VALUE");
    }
}
