package dev.rstat.cgroup.cli;

import org.junit.jupiter.api.Test;

import dev.rstat.agrona.CounterTypes;
import dev.rstat.agrona.CountersFile;
import dev.rstat.agrona.CountersView;

import static org.assertj.core.api.Assertions.assertThat;

class StatValueFormatTest
{
    @Test
    void valuesPrintAsNumbersOfTheirUnitUnsignedUnlessSignedAndMaxForALimitsAllOnes()
    {
        assertThat(StatCommand.format(counter(CounterTypes.GAUGE, -2, 0), 19712)).isEqualTo("197.12");
        assertThat(StatCommand.format(counter(CounterTypes.COUNTER, 0, 0), -1L)).isEqualTo("18446744073709551615");
        assertThat(StatCommand.format(counter(CounterTypes.GAUGE, 0, CountersFile.FLAG_SIGNED), -3)).isEqualTo("-3");
        assertThat(StatCommand.format(counter(CounterTypes.LIMIT, 0, 0), -1L)).isEqualTo("max");
        assertThat(StatCommand.format(counter(CounterTypes.LIMIT, 0, 0), 4096)).isEqualTo("4096");
        assertThat(StatCommand.format(counter(CounterTypes.COUNTER, -9, 0), 1_500_000_000L)).isEqualTo("1.500000000");
    }

    private static CountersView.Counter counter(final int type, final int exponent, final int flags)
    {
        return new CountersView.Counter(1, 1, type, "/ x", 1, 1, CounterTypes.SCOPE_VALUE, exponent, flags);
    }
}
