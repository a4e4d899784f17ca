package dev.rstat.cgroup.stat;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TextAndLineCountFilesTest
{
    private final ReaderFixture v2 = new ReaderFixture();
    private final ReaderFixture v1 = new ReaderFixture(StatCatalog.v1());

    @Test
    void readsTextFilesWithoutTheirLineEnding()
    {
        v2.parse("cgroup.controllers", "cpu io memory pids\n");
        v2.parseMore("cgroup.subtree_control", "");
        v2.parseMore("cgroup.type", "domain threaded\r\n");
        v2.parseMore("cpuset.cpus", "0-1,4\n");
        v2.parseMore("cpuset.cpus.effective", "0-3\n");
        v2.parseMore("cpuset.mems.effective", "0");
        assertThat(v2.state("cgroup.controllers")).isEqualTo(ValueState.TEXT);
        assertThat(v2.text("cgroup.controllers")).isEqualTo("cpu io memory pids");
        assertThat(v2.text("cgroup.subtree_control")).isEmpty();
        assertThat(v2.text("cgroup.type")).isEqualTo("domain threaded");
        assertThat(v2.text("cpuset.cpus")).isEqualTo("0-1,4");
        assertThat(v2.text("cpuset.cpus.effective")).isEqualTo("0-3");
        assertThat(v2.text("cpuset.mems.effective")).isEqualTo("0");
        assertThat(v2.warnings).isEmpty();
    }

    @Test
    void keepsInnerLinesOfMultiLineText()
    {
        v1.parse("devices.list", "c 1:3 rwm\nb 8:0 r\n");
        assertThat(v1.text("devices.list")).isEqualTo("c 1:3 rwm\nb 8:0 r");
    }

    @Test
    void reusesTheStringOfAnUnchangedText()
    {
        v2.parse("cgroup.type", "domain\n");
        final String first = v2.text("cgroup.type");
        v2.parse("cgroup.type", "domain\n");
        assertThat(v2.text("cgroup.type")).isSameAs(first);
        v2.parse("cgroup.type", "threaded\n");
        assertThat(v2.text("cgroup.type")).isEqualTo("threaded");
    }

    @Test
    void countsProcessesAndTasks()
    {
        v2.parse("cgroup.procs", "1\n2\n3\n");
        assertThat(v2.value("cgroup.procs")).isEqualTo(3L);
        assertThat(v2.info("cgroup.procs")).isEqualTo(StatInfo.gauge(StatScope.LOCAL, StatUnit.COUNT));
        v2.parse("cgroup.procs", "");
        assertThat(v2.value("cgroup.procs")).isZero();
        v1.parse("tasks", "10\n11\n12\n13");
        assertThat(v1.value("tasks")).isEqualTo(4L);
        assertThat(v2.warnings).isEmpty();
    }
}
