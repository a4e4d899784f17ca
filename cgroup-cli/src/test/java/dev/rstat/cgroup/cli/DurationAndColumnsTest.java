package dev.rstat.cgroup.cli;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.rstat.cgroup.report.render.Row;
import dev.rstat.cgroup.stat.Columns;
import dev.rstat.cgroup.stat.StatSample;
import dev.rstat.cgroup.stat.ValueState;

import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurationAndColumnsTest
{
    @Test
    void parsesDurationsTheWayOperatorsTypeThem()
    {
        assertThat(DurationConverter.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DurationConverter.parse("5s")).isEqualTo(Duration.ofSeconds(5));
        assertThat(DurationConverter.parse("10m")).isEqualTo(Duration.ofMinutes(10));
        assertThat(DurationConverter.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(DurationConverter.parse("7")).isEqualTo(Duration.ofSeconds(7));
        assertThatThrownBy(() -> DurationConverter.parse("5 parsecs"))
            .isInstanceOf(CommandLine.TypeConversionException.class)
            .hasMessageContaining("value=5 parsecs");
    }

    @Test
    void columnGlobsKeepMatchingColumnsInDisplayOrderAcrossSamples()
    {
        final Columns source = new Columns();
        final int usage = source.intern("cpu.stat.usage_usec");
        final int user = source.intern("cpu.stat.user_usec");
        final int current = source.intern("memory.current");
        final ColumnProjection projection =
            new ColumnProjection(source, List.of("cpu.stat.usage_usec*", "memory.*"));
        final StatSample sample = new StatSample();
        sample.putNumber(usage, 10);
        sample.putNumber(user, 4);
        sample.putState(current, ValueState.MAX);

        final List<Row> first = projection.apply(source, List.of(new Row(1, "/", 0, sample)));
        final int self = source.intern("cpu.stat.usage_usec:self");
        sample.putNumber(self, 6);
        final List<Row> second = projection.apply(source, List.of(new Row(1, "/", 0, sample)));

        final Columns printed = projection.columns();
        assertThat(printed.size()).isEqualTo(3);
        assertThat(printed.name(0)).isEqualTo("cpu.stat.usage_usec");
        assertThat(printed.name(1)).isEqualTo("memory.current");
        assertThat(printed.name(2)).as("a column that appears later keeps its place after the first ones")
            .isEqualTo("cpu.stat.usage_usec:self");
        assertThat(first.get(0).sample().value(0)).isEqualTo(10);
        assertThat(first.get(0).sample().state(1)).isEqualTo(ValueState.MAX);
        assertThat(second.get(0).sample().value(2)).isEqualTo(6);
        assertThat(projection.matchesAny(new Columns())).isFalse();
    }
}
