package dev.rstat.cgroup.stat;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StatSampleTest
{
    private final StatSample sample = new StatSample();

    @Test
    void reportsMissingForColumnsNeverSet()
    {
        assertThat(sample.state(0)).isEqualTo(ValueState.MISSING);
        assertThat(sample.state(100_000)).isEqualTo(ValueState.MISSING);
        assertThat(sample.value(3)).isZero();
        assertThat(sample.text(3)).isNull();
    }

    @Test
    void keepsNumbersStatesAndTexts()
    {
        sample.putNumber(0, -1L);
        sample.putState(1, ValueState.MAX);
        sample.putState(2, ValueState.VANISHED);
        sample.putText(3, "cpu io");
        sample.putState(4, ValueState.UNSUPPORTED);
        assertThat(sample.state(0)).isEqualTo(ValueState.NUMBER);
        assertThat(Long.toUnsignedString(sample.value(0))).isEqualTo("18446744073709551615");
        assertThat(sample.state(1)).isEqualTo(ValueState.MAX);
        assertThat(sample.value(1)).isZero();
        assertThat(sample.state(2)).isEqualTo(ValueState.VANISHED);
        assertThat(sample.state(3)).isEqualTo(ValueState.TEXT);
        assertThat(sample.text(3)).isEqualTo("cpu io");
        assertThat(sample.state(4)).isEqualTo(ValueState.UNSUPPORTED);
    }

    @Test
    void replacesAValueByAState()
    {
        sample.putText(0, "x");
        sample.putState(0, ValueState.MISSING);
        assertThat(sample.state(0)).isEqualTo(ValueState.MISSING);
        assertThat(sample.text(0)).isNull();
        sample.putNumber(0, 5);
        assertThat(sample.value(0)).isEqualTo(5L);
    }

    @Test
    void clearsEverythingForReuse()
    {
        sample.putNumber(0, 1);
        sample.putText(500, "t");
        sample.clear();
        assertThat(sample.state(0)).isEqualTo(ValueState.MISSING);
        assertThat(sample.state(500)).isEqualTo(ValueState.MISSING);
        assertThat(sample.text(500)).isNull();
        sample.putNumber(7, 9);
        assertThat(sample.value(7)).isEqualTo(9L);
    }

    @Test
    void copiesIndependently()
    {
        sample.putNumber(1, 42);
        sample.putText(2, "a");
        final StatSample copy = sample.copy();
        sample.putNumber(1, 43);
        sample.putText(2, "b");
        sample.putNumber(200, 1);
        assertThat(copy.value(1)).isEqualTo(42L);
        assertThat(copy.text(2)).isEqualTo("a");
        assertThat(copy.state(200)).isEqualTo(ValueState.MISSING);
        copy.putNumber(300, 3);
        assertThat(copy.value(300)).isEqualTo(3L);
        assertThat(new StatSample().copy().state(0)).isEqualTo(ValueState.MISSING);
    }

    @Test
    void rejectsStatesThatNeedAValue()
    {
        assertThatThrownBy(() -> sample.putState(0, ValueState.NUMBER))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("state needs a value: column=0 state=NUMBER");
        assertThatThrownBy(() -> sample.putState(0, ValueState.TEXT)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sample.putNumber(-1, 0)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
