package dev.rstat.cgroup.report;

import org.junit.jupiter.api.Test;

import dev.rstat.cgroup.stat.Columns;
import dev.rstat.cgroup.stat.StatCatalog;
import dev.rstat.cgroup.stat.StatSample;
import dev.rstat.cgroup.stat.ValueState;

import static org.assertj.core.api.Assertions.assertThat;

class RateTrackerTest
{
    private static final long SECOND = 1_000_000_000L;

    private final Columns columns = new Columns(StatCatalog.v2());
    private final int usage = columns.intern("cpu.stat.usage_usec");
    private final int rbytes = columns.intern("io.stat.8:0.rbytes");
    private final int stall = columns.intern("memory.pressure.some.total");
    private final int current = columns.intern("memory.current");
    private final RateTracker rates = new RateTracker(columns);

    @Test
    void cpuTimeIsPercentOfOneCpuAndOtherCountersArePerSecond()
    {
        rates.observe(7, "/a", sample(1_000_000, 4096, 0), 10 * SECOND);
        final StatSample second = sample(1_000_000 + 1_500_000, 4096 + 2 * 1024 * 1024, 250_000);

        rates.observe(7, "/a", second, 12 * SECOND);

        assertThat(rate(second, "cpu.stat.usage_usec")).as("1.5 s of CPU in 2 s = 75.00%").isEqualTo(7500);
        assertThat(rate(second, "io.stat.8:0.rbytes")).as("1 MiB/s, two decimals").isEqualTo(1024 * 1024 * 100);
        assertThat(rate(second, "memory.pressure.some.total")).as("stalled 0.25 s of 2 s = 12.50%")
            .isEqualTo(1250);
        assertThat(columns.id("memory.current:rate")).as("gauges get no rate").isEqualTo(-1);
    }

    @Test
    void aCounterThatGoesDownIsAResetNotANegativeRate()
    {
        rates.observe(7, "/a", sample(5_000_000, 100, 0), SECOND);
        final StatSample reset = sample(1_000, 200, 0);

        rates.observe(7, "/a", reset, 2 * SECOND);

        assertThat(reset.state(columns.id("cpu.stat.usage_usec:rate"))).isEqualTo(ValueState.MISSING);
        assertThat(rate(reset, "io.stat.8:0.rbytes")).isEqualTo(100 * 100);
        assertThat(rates.resets()).isEqualTo(1);
    }

    @Test
    void noRateAcrossARecreatedCgroupOrOnTheFirstSample()
    {
        final StatSample first = sample(1_000, 0, 0);
        rates.observe(7, "/a", first, SECOND);
        assertThat(first.state(columns.id("cpu.stat.usage_usec:rate"))).isEqualTo(ValueState.MISSING);

        final StatSample recreated = sample(2_000, 0, 0);
        rates.observe(8, "/a", recreated, 2 * SECOND);
        assertThat(recreated.state(columns.id("cpu.stat.usage_usec:rate"))).isEqualTo(ValueState.MISSING);
        assertThat(rates.recreated()).isEqualTo(1);

        final StatSample next = sample(3_000, 0, 0);
        rates.observe(8, "/a", next, 3 * SECOND);
        assertThat(rate(next, "cpu.stat.usage_usec")).isEqualTo(10);
    }

    private StatSample sample(final long usageUsec, final long readBytes, final long stallUsec)
    {
        final StatSample s = new StatSample();
        s.putNumber(usage, usageUsec);
        s.putNumber(rbytes, readBytes);
        s.putNumber(stall, stallUsec);
        s.putNumber(current, 123);
        return s;
    }

    private long rate(final StatSample sample, final String column)
    {
        final int id = columns.id(column + RateTracker.RATE);
        assertThat(sample.state(id)).isEqualTo(ValueState.NUMBER);
        return sample.value(id);
    }
}
