package dev.rstat.cgroup.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.rstat.cgroup.stat.Columns;
import dev.rstat.cgroup.stat.StatCatalog;
import dev.rstat.cgroup.stat.StatSample;
import dev.rstat.cgroup.stat.ValueState;

/**
 * {@link RateTracker} with controlled read times on cgroup1 units and u64 edge cases: nanosecond and USER_HZ CPU time
 * as a percentage of one CPU, a counter beyond {@link Long#MAX_VALUE}, a repeated read time, one reset among steady
 * counters. Expected values worked out by hand in the comments.
 */
class RateUnitsTest
{
    private static final long SECOND = 1_000_000_000L;

    private final Columns columns = new Columns(StatCatalog.v1());
    private final int usage = columns.intern("cpuacct.usage");
    private final int user = columns.intern("cpuacct.stat.user");
    private final int system = columns.intern("cpuacct.stat.system");
    private final RateTracker rates = new RateTracker(columns);

    private StatSample sample(final long usageNanos, final long userTicks, final long systemTicks)
    {
        final StatSample s = new StatSample();
        s.putNumber(usage, usageNanos);
        s.putNumber(user, userTicks);
        s.putNumber(system, systemTicks);
        return s;
    }

    private String rate(final StatSample sample, final int column)
    {
        final int id = columns.id(columns.name(column) + RateTracker.RATE);
        if (sample.state(id) != ValueState.NUMBER)
        {
            return "-";
        }
        assertThat(columns.scale(id)).isEqualTo(2);
        final long hundredths = sample.value(id);
        return hundredths / 100 + "." + String.format(java.util.Locale.ROOT, "%02d", hundredths % 100);
    }

    @Test
    void cgroup1NanosecondsAndUserHzTicksArePercentOfOneCpu()
    {
        rates.observe(9, "/a", sample(0, 100, 100), 4 * SECOND);
        // 3 s of CPU (ns) in 4 s = 75.00%; 250 ticks of 10 ms = 2.5 s in 4 s = 62.50%; 1 tick = 10 ms in 4 s = 0.25%
        final StatSample next = sample(3 * SECOND, 350, 101);
        rates.observe(9, "/a", next, 8 * SECOND);
        assertThat(rate(next, usage)).isEqualTo("75.00");
        assertThat(rate(next, user)).isEqualTo("62.50");
        assertThat(rate(next, system)).isEqualTo("0.25");
    }

    @Test
    void countersBeyondLongMaxAreUnsignedAndOneResetLeavesTheOthers()
    {
        final long nearTop = -1_000_000_000L; // 2^64 - 1e9 ns as an unsigned u64
        rates.observe(9, "/a", sample(nearTop, 100, 100), SECOND);
        // +0.5 s of CPU in 1 s = 50.00% although the raw longs are negative; user went down: a reset
        final StatSample next = sample(nearTop + SECOND / 2, 50, 300);
        rates.observe(9, "/a", next, 2 * SECOND);
        assertThat(rate(next, usage)).isEqualTo("50.00");
        assertThat(rate(next, user)).isEqualTo("-");
        assertThat(rate(next, system)).as("200 ticks = 2 s in 1 s").isEqualTo("200.00");
        assertThat(rates.resets()).isEqualTo(1);
    }

    @Test
    void noRateWithoutTimePassing()
    {
        rates.observe(9, "/a", sample(0, 0, 0), SECOND);
        final StatSample same = sample(SECOND, 1, 1);
        rates.observe(9, "/a", same, SECOND);
        assertThat(rate(same, usage)).isEqualTo("-");
        final StatSample later = sample(2 * SECOND, 2, 2);
        rates.observe(9, "/a", later, 2 * SECOND);
        assertThat(rate(later, usage)).as("from the latest read at 1 s (1 s of CPU): 1 s of CPU in 1 s")
            .isEqualTo("100.00");
    }
}
