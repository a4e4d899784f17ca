package dev.rstat.cgroup.cli;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.rstat.cgroup.report.Derivation;
import dev.rstat.cgroup.report.Field;
import dev.rstat.cgroup.report.FieldSelection;
import dev.rstat.cgroup.report.Sample;
import dev.rstat.cgroup.report.SampleBuilder;
import dev.rstat.cgroup.stat.Columns;
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
    void columnGlobsKeepMatchingFieldsInDisplayOrder()
    {
        final Columns columns = new Columns();
        final Field usage = Field.raw(columns.intern("cpu.stat.usage_usec"));
        final Field user = Field.raw(columns.intern("cpu.stat.user_usec"));
        final Field current = Field.raw(columns.intern("memory.current"));
        final SampleBuilder builder = new SampleBuilder(columns);
        final int row = builder.row(1, "/", 0);
        builder.number(row, usage, 10).number(row, user, 4).state(row, current, ValueState.MAX)
            .number(row, new Field(usage.column(), Derivation.SELF), 6);
        final Sample sample = builder.build();
        final FieldSelection selection = new FieldSelection(List.of("cpu.stat.usage_usec*", "memory.*"));

        final List<Field> chosen = selection.apply(sample);

        assertThat(chosen).extracting(field -> field.name(columns))
            .as("derived values follow their column").containsExactly("cpu.stat.usage_usec",
                "cpu.stat.usage_usec:self", "memory.current");
        assertThat(selection.matchesAny(sample)).isTrue();
        assertThat(new FieldSelection(List.of("io.*")).matchesAny(sample)).isFalse();
    }
}
