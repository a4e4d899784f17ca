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

    @Test
    void copiesANewReadAndReportsExactlyTheColumnsThatChanged()
    {
        sample.putNumber(0, 10);
        sample.putNumber(1, 20);
        sample.putText(2, "cpu io");
        sample.putState(3, ValueState.MAX);
        sample.putNumber(70, 5);
        final StatSample next = new StatSample(4);
        next.putNumber(0, 10);
        next.putNumber(1, 21);
        next.putText(2, "cpu io");
        next.putNumber(3, 4096);
        next.putNumber(5, 1);
        final java.util.List<String> changes = new java.util.ArrayList<>();

        sample.copyFrom(next, (column, before, beforeValue, after, afterValue) ->
            changes.add(column + ":" + before + "=" + beforeValue + "->" + after + "=" + afterValue));

        assertThat(changes).containsExactly("1:NUMBER=20->NUMBER=21", "3:MAX=0->NUMBER=4096",
            "5:MISSING=0->NUMBER=1", "70:NUMBER=5->MISSING=0");
        assertThat(sample.value(1)).isEqualTo(21);
        assertThat(sample.text(2)).isEqualTo("cpu io");
        assertThat(sample.state(70)).isEqualTo(ValueState.MISSING);
        changes.clear();
        sample.copyFrom(next, (column, before, beforeValue, after, afterValue) -> changes.add("" + column));
        assertThat(changes).as("the same read again changes nothing").isEmpty();
    }

    @Test
    void logsColumnsInTheOrderTheyAreFirstSetAfterAClear()
    {
        final org.eclipse.collections.impl.list.mutable.primitive.IntArrayList order =
            new org.eclipse.collections.impl.list.mutable.primitive.IntArrayList();
        sample.recordOrder(order);
        sample.putNumber(7, 1);
        sample.putNumber(2, 1);
        sample.putNumber(7, 2);
        sample.markState(9, ValueState.UNSUPPORTED);
        sample.putState(4, ValueState.MAX);
        assertThat(order.toArray()).as("set again, or marked by a failed file: not logged").containsExactly(7, 2, 4);
        sample.clear();
        order.clear();
        sample.putNumber(2, 1);
        assertThat(order.toArray()).containsExactly(2);
    }
}
