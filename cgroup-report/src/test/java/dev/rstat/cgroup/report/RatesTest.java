package dev.rstat.cgroup.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.rstat.cgroup.Hierarchy;
import dev.rstat.cgroup.stat.ValueState;

/**
 * The sampler's rates with controlled read times ({@link Sampler.Builder#clock}): cgroup2 CPU time as a percentage
 * of one CPU, bytes per second, pressure stall time as a percentage of wall time; cgroup1 nanosecond and USER_HZ CPU
 * time; counters beyond {@link Long#MAX_VALUE}; resets; recreated cgroups; no rate without time passing. Expected
 * values worked out by hand in the comments.
 */
class RatesTest
{
    private static final long SECOND = 1_000_000_000L;

    @TempDir
    Path tmp;

    private long now;

    private Sampler sampler(final Path root, final List<String> files)
    {
        return Sampler.on(Hierarchy.at(root)).files(files).rates(true).clock(() -> now).build();
    }

    private static String rate(final Sample sample, final String column)
    {
        final Field field = sample.field(column, Derivation.RATE);
        assertThat(field).as("rate field of %s", column).isNotNull();
        final int row = Trees.row(sample, "/a");
        if (sample.state(row, field) != ValueState.NUMBER)
        {
            return "-";
        }
        assertThat(sample.info(field).scale()).isEqualTo(2);
        final long hundredths = sample.value(row, field);
        return hundredths / 100 + "." + String.format(Locale.ROOT, "%02d", hundredths % 100);
    }

    private Path v2(final long usage, final long readBytes, final long stall)
    {
        final Path root = tmp.resolve("v2");
        Trees.cgroup(root, 1, "cgroup.controllers", "cpu io memory\n");
        Trees.cgroup(root.resolve("a"), 7, "cpu.stat", "usage_usec " + usage + "\n", "io.stat",
            "8:0 rbytes=" + readBytes + " wbytes=0\n", "memory.pressure",
            "some avg10=0.00 avg60=0.00 avg300=0.00 total=" + stall + "\n", "memory.current", "123\n");
        return root;
    }

    private Path v1(final String usage, final long userTicks, final long systemTicks)
    {
        final Path root = tmp.resolve("v1");
        Trees.cgroup(root, 1, ".rstat-snapshot", "source=/sys/fs/cgroup/cpuacct\nversion=1\ncontrollers=cpuacct\n");
        Trees.cgroup(root.resolve("a"), 9, "cpuacct.usage", usage + "\n", "cpuacct.stat",
            "user " + userTicks + "\nsystem " + systemTicks + "\n");
        return root;
    }

    @Test
    void cpuTimeIsPercentOfOneCpuAndOtherCountersArePerSecond()
    {
        final Path root = v2(1_000_000, 4096, 0);
        try (Sampler sampler = sampler(root, List.of("cpu.stat", "io.stat", "memory.pressure", "memory.current")))
        {
            now = 10 * SECOND;
            assertThat(rate(sampler.sample(), "cpu.stat.usage_usec")).as("the first read has none").isEqualTo("-");
            v2(1_000_000 + 1_500_000, 4096 + 2 * 1024 * 1024, 250_000);
            now = 12 * SECOND;
            final Sample second = sampler.sample();

            assertThat(rate(second, "cpu.stat.usage_usec")).as("1.5 s of CPU in 2 s").isEqualTo("75.00");
            assertThat(rate(second, "io.stat.8:0.rbytes")).as("1 MiB/s").isEqualTo("1048576.00");
            assertThat(rate(second, "memory.pressure.some.total")).as("stalled 0.25 s of 2 s").isEqualTo("12.50");
            assertThat(second.field("memory.current", Derivation.RATE)).as("gauges get no rate").isNull();
        }
    }

    @Test
    void cgroup1NanosecondsAndUserHzTicksArePercentOfOneCpu()
    {
        final Path root = v1("0", 100, 100);
        try (Sampler sampler = sampler(root, List.of("cpuacct.usage", "cpuacct.stat")))
        {
            now = 4 * SECOND;
            sampler.sample();
            // 3 s of CPU (ns) in 4 s = 75.00%; 250 ticks of 10 ms = 2.5 s in 4 s = 62.50%; 1 tick = 10 ms in 4 s
            v1(Long.toString(3 * SECOND), 350, 101);
            now = 8 * SECOND;
            final Sample next = sampler.sample();
            assertThat(rate(next, "cpuacct.usage")).isEqualTo("75.00");
            assertThat(rate(next, "cpuacct.stat.user")).isEqualTo("62.50");
            assertThat(rate(next, "cpuacct.stat.system")).isEqualTo("0.25");
        }
    }

    @Test
    void countersBeyondLongMaxAreUnsignedAndOneResetLeavesTheOthers()
    {
        final long nearTop = -1_000_000_000L;
        final Path root = v1(Long.toUnsignedString(nearTop), 100, 100);
        try (Sampler sampler = sampler(root, List.of("cpuacct.usage", "cpuacct.stat")))
        {
            now = SECOND;
            sampler.sample();
            // +0.5 s of CPU in 1 s = 50.00% although the raw longs are negative; user went down: a reset
            v1(Long.toUnsignedString(nearTop + SECOND / 2), 50, 300);
            now = 2 * SECOND;
            final Sample next = sampler.sample();
            assertThat(rate(next, "cpuacct.usage")).isEqualTo("50.00");
            assertThat(rate(next, "cpuacct.stat.user")).isEqualTo("-");
            assertThat(rate(next, "cpuacct.stat.system")).as("200 ticks = 2 s in 1 s").isEqualTo("200.00");
            assertThat(sampler.statistics().resets()).isEqualTo(1);
        }
    }

    @Test
    void noRateWithoutTimePassingNorAcrossARecreatedCgroup()
    {
        final Path root = v1("0", 0, 0);
        try (Sampler sampler = sampler(root, List.of("cpuacct.usage", "cpuacct.stat")))
        {
            now = SECOND;
            sampler.sample();
            v1(Long.toString(SECOND), 1, 1);
            assertThat(rate(sampler.sample(), "cpuacct.usage")).as("read at the same time").isEqualTo("-");
            v1(Long.toString(2 * SECOND), 2, 2);
            now = 2 * SECOND;
            assertThat(rate(sampler.sample(), "cpuacct.usage"))
                .as("from the latest read at 1 s (1 s of CPU): 1 s of CPU in 1 s").isEqualTo("100.00");

            Trees.cgroup(root.resolve("a"), 10, "cpuacct.usage", Long.toString(5 * SECOND) + "\n");
            now = 3 * SECOND;
            assertThat(rate(sampler.sample(), "cpuacct.usage")).as("another id: another cgroup").isEqualTo("-");
            assertThat(sampler.statistics().recreated()).isEqualTo(1);
        }
    }
}
