package dev.rstat.cgroup.stat;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FlatKeyedFilesTest
{
    private final ReaderFixture v2 = new ReaderFixture();
    private final ReaderFixture v1 = new ReaderFixture(StatCatalog.v1());

    @Test
    void readsCpuStatKeysInFileOrder()
    {
        v2.parse("cpu.stat", """
            usage_usec 71838534
            user_usec 55727144
            system_usec 16111390
            nice_usec 0
            nr_periods 12
            nr_throttled 3
            throttled_usec 4500
            """);
        assertThat(v2.names()).containsExactly("cpu.stat.usage_usec", "cpu.stat.user_usec", "cpu.stat.system_usec",
            "cpu.stat.nice_usec", "cpu.stat.nr_periods", "cpu.stat.nr_throttled", "cpu.stat.throttled_usec");
        assertThat(v2.value("cpu.stat.usage_usec")).isEqualTo(71838534L);
        assertThat(v2.value("cpu.stat.system_usec")).isEqualTo(16111390L);
        assertThat(v2.value("cpu.stat.nice_usec")).isZero();
        assertThat(v2.value("cpu.stat.throttled_usec")).isEqualTo(4500L);
        assertThat(v2.info("cpu.stat.usage_usec").scope()).isEqualTo(StatScope.HIERARCHICAL);
        assertThat(v2.info("cpu.stat.nr_throttled").scope()).isEqualTo(StatScope.LOCAL);
        assertThat(v2.columns.file(v2.column("cpu.stat.user_usec"))).isEqualTo("cpu.stat");
        assertThat(v2.warnings).isEmpty();
    }

    @Test
    void keepsUnknownKeysInAnyPosition()
    {
        v2.parse("memory.stat", "anon 100\nbrand_new_key 5\nfile 200\n");
        assertThat(v2.value("memory.stat.anon")).isEqualTo(100L);
        assertThat(v2.value("memory.stat.brand_new_key")).isEqualTo(5L);
        assertThat(v2.value("memory.stat.file")).isEqualTo(200L);
        assertThat(v2.info("memory.stat.brand_new_key")).isEqualTo(StatInfo.UNKNOWN);
        assertThat(v2.info("memory.stat.anon").scope()).isEqualTo(StatScope.HIERARCHICAL);

        v2.parse("memory.stat", "anon 1\nfile 2\nnewer_key 3\nbrand_new_key 4\n");
        assertThat(v2.value("memory.stat.anon")).isEqualTo(1L);
        assertThat(v2.value("memory.stat.file")).isEqualTo(2L);
        assertThat(v2.value("memory.stat.newer_key")).isEqualTo(3L);
        assertThat(v2.value("memory.stat.brand_new_key")).isEqualTo(4L);
        assertThat(v2.names()).containsExactly("memory.stat.anon", "memory.stat.brand_new_key", "memory.stat.file",
            "memory.stat.newer_key");
    }

    @Test
    void readsV1MemoryStatWithLocalAndTotalKeys()
    {
        v1.parse("memory.stat", """
            cache 9560064
            rss 6664192
            pgfault 34828
            hierarchical_memory_limit 9223372036854771712
            total_cache 84295680
            total_rss 11935744
            total_pgfault 959654
            """);
        assertThat(v1.value("memory.stat.cache")).isEqualTo(9560064L);
        assertThat(v1.value("memory.stat.total_cache")).isEqualTo(84295680L);
        assertThat(v1.value("memory.stat.hierarchical_memory_limit")).isEqualTo(9223372036854771712L);
        assertThat(v1.info("memory.stat.cache")).isEqualTo(StatInfo.gauge(StatScope.LOCAL, StatUnit.BYTES));
        assertThat(v1.info("memory.stat.total_cache"))
            .isEqualTo(StatInfo.gauge(StatScope.HIERARCHICAL, StatUnit.BYTES));
        assertThat(v1.info("memory.stat.pgfault")).isEqualTo(StatInfo.counter(StatScope.LOCAL, StatUnit.COUNT));
        assertThat(v1.info("memory.stat.total_pgfault"))
            .isEqualTo(StatInfo.counter(StatScope.HIERARCHICAL, StatUnit.COUNT));
        assertThat(v1.info("memory.stat.hierarchical_memory_limit").kind()).isEqualTo(StatKind.LIMIT);
    }

    @Test
    void readsEventAndStatusFiles()
    {
        v2.parse("memory.events", "low 0\nhigh 3\nmax 2\noom 1\noom_kill 1\noom_group_kill 0\nsock_throttled 0\n");
        v2.parseMore("cgroup.stat", "nr_descendants 4\nnr_subsys_cpu 5\nnr_dying_descendants 1\n");
        v2.parseMore("cgroup.events", "populated 1\nfrozen 0\n");
        v2.parseMore("pids.events", "max 7\n");
        assertThat(v2.value("memory.events.high")).isEqualTo(3L);
        assertThat(v2.value("memory.events.oom_kill")).isEqualTo(1L);
        assertThat(v2.info("memory.events.max")).isEqualTo(StatInfo.counter(StatScope.HIERARCHICAL, StatUnit.COUNT));
        assertThat(v2.value("cgroup.stat.nr_subsys_cpu")).isEqualTo(5L);
        assertThat(v2.info("cgroup.stat.nr_subsys_cpu").scope()).isEqualTo(StatScope.HIERARCHICAL);
        assertThat(v2.value("cgroup.events.populated")).isEqualTo(1L);
        assertThat(v2.info("cgroup.events.populated").kind()).isEqualTo(StatKind.INFO);
        assertThat(v2.value("pids.events.max")).isEqualTo(7L);
        assertThat(v2.warnings).isEmpty();
    }

    @Test
    void readsV1CpuacctStatAndOomControl()
    {
        v1.parse("cpuacct.stat", "user 5771\nsystem 1683\n");
        v1.parseMore("memory.oom_control", "oom_kill_disable 0\nunder_oom 0\noom_kill 2\n");
        assertThat(v1.value("cpuacct.stat.user")).isEqualTo(5771L);
        assertThat(v1.value("cpuacct.stat.system")).isEqualTo(1683L);
        assertThat(v1.info("cpuacct.stat.user").unit()).isEqualTo(StatUnit.USER_HZ);
        assertThat(v1.value("memory.oom_control.oom_kill")).isEqualTo(2L);
        assertThat(v1.info("memory.oom_control.under_oom").kind()).isEqualTo(StatKind.INFO);
    }

    @Test
    void readsDeviceKeyedSettings()
    {
        v2.parse("io.weight", "default 100\n8:16 200\n");
        assertThat(v2.value("io.weight.default")).isEqualTo(100L);
        assertThat(v2.value("io.weight.8:16")).isEqualTo(200L);
    }

    @Test
    void parsesTheRestOfTheFileAfterMalformedLines()
    {
        v2.parse("cpu.stat", "usage_usec 1\nuser_usec\nsystem_usec 3 4\nnice_usec x\ncore_sched.force_idle_usec 5\n");
        assertThat(v2.value("cpu.stat.usage_usec")).isEqualTo(1L);
        assertThat(v2.value("cpu.stat.core_sched.force_idle_usec")).isEqualTo(5L);
        assertThat(v2.present()).containsExactly("cpu.stat.usage_usec", "cpu.stat.core_sched.force_idle_usec");
        assertThat(v2.warnings).containsExactly(
            "malformed line: file=/cg/cpu.stat line=2 text=\"user_usec\" reason=expected KEY VALUE",
            "malformed line: file=/cg/cpu.stat line=3 text=\"system_usec 3 4\" reason=expected KEY VALUE",
            "malformed line: file=/cg/cpu.stat line=4 text=\"nice_usec x\" reason=not a number: value=x");
    }
}
