package dev.rstat.cgroup.report.render;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CellsTest
{
    @Test
    void formatsBytesInBinaryUnits()
    {
        assertThat(Cells.bytes(0)).isEqualTo("0 B");
        assertThat(Cells.bytes(1023)).isEqualTo("1023 B");
        assertThat(Cells.bytes(1024)).isEqualTo("1.0 KiB");
        assertThat(Cells.bytes(1536)).isEqualTo("1.5 KiB");
        assertThat(Cells.bytes(5L * 1024 * 1024 * 1024)).isEqualTo("5.0 GiB");
        assertThat(Cells.bytes(-1L)).isEqualTo("16.0 EiB");
    }

    @Test
    void formatsNanosecondsAsTimes()
    {
        assertThat(Cells.nanos(999)).isEqualTo("999 ns");
        assertThat(Cells.nanos(1500)).isEqualTo("1.5 us");
        assertThat(Cells.nanos(2_500_000)).isEqualTo("2.5 ms");
        assertThat(Cells.nanos(3_000_000_000L)).isEqualTo("3.0 s");
        assertThat(Cells.nanos(7_200_000_000_000L)).isEqualTo("2.0 h");
    }

    @Test
    void formatsExactNumbersWithScaleAndSign()
    {
        assertThat(Cells.number(5, 2, false)).isEqualTo("0.05");
        assertThat(Cells.number(0, 2, false)).isEqualTo("0.00");
        assertThat(Cells.number(123, 2, false)).isEqualTo("1.23");
        assertThat(Cells.number(-1L, 2, false)).isEqualTo("184467440737095516.15");
        assertThat(Cells.number(-1L, 0, false)).isEqualTo("18446744073709551615");
        assertThat(Cells.number(-5, 0, true)).isEqualTo("-5");
        assertThat(Cells.number(Long.MIN_VALUE, 0, true)).isEqualTo("-9223372036854775808");
        assertThat(Cells.number(-150, 2, true)).isEqualTo("-1.50");
    }
}
