package dev.rstat.cgroup.stat;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PressureFilesTest
{
    private final ReaderFixture v2 = new ReaderFixture();

    @Test
    void readsAveragesAsTwoDecimalFixedPoint()
    {
        v2.parse("cpu.pressure", """
            some avg10=2.32 avg60=1.03 avg300=1.57 total=10685038
            full avg10=0.00 avg60=0.00 avg300=0.00 total=0
            """);
        assertThat(v2.names()).containsExactly(
            "cpu.pressure.some.avg10", "cpu.pressure.some.avg60", "cpu.pressure.some.avg300",
            "cpu.pressure.some.total",
            "cpu.pressure.full.avg10", "cpu.pressure.full.avg60", "cpu.pressure.full.avg300",
            "cpu.pressure.full.total");
        assertThat(v2.value("cpu.pressure.some.avg10")).isEqualTo(232L);
        assertThat(v2.value("cpu.pressure.some.avg60")).isEqualTo(103L);
        assertThat(v2.value("cpu.pressure.some.avg300")).isEqualTo(157L);
        assertThat(v2.value("cpu.pressure.some.total")).isEqualTo(10685038L);
        assertThat(v2.columns.scale(v2.column("cpu.pressure.some.avg10"))).isEqualTo(2);
        assertThat(v2.columns.scale(v2.column("cpu.pressure.some.total"))).isZero();
        assertThat(v2.info("cpu.pressure.full.avg300").kind()).isEqualTo(StatKind.PRESSURE);
        assertThat(v2.info("cpu.pressure.full.avg300").unit()).isEqualTo(StatUnit.PERCENT);
        assertThat(v2.info("cpu.pressure.full.total").unit()).isEqualTo(StatUnit.MICROSECONDS);
        assertThat(v2.info("cpu.pressure.full.total").additive()).isFalse();
    }

    @Test
    void readsSystemLevelCpuFullLineOfZeros()
    {
        v2.parse("cpu.pressure", "some avg10=0.50 avg60=0.10 avg300=0.01 total=1234\n"
            + "full avg10=0.00 avg60=0.00 avg300=0.00 total=0\n");
        assertThat(v2.value("cpu.pressure.full.avg10")).isZero();
        assertThat(v2.value("cpu.pressure.full.total")).isZero();
        assertThat(v2.state("cpu.pressure.full.avg60")).isEqualTo(ValueState.NUMBER);
        assertThat(v2.value("cpu.pressure.some.avg300")).isEqualTo(1L);
    }

    @Test
    void readsIrqPressureWithOnlyAFullLine()
    {
        v2.parse("irq.pressure", "full avg10=100.00 avg60=0.07 avg300=0.00 total=99\n");
        assertThat(v2.names()).containsExactly("irq.pressure.full.avg10", "irq.pressure.full.avg60",
            "irq.pressure.full.avg300", "irq.pressure.full.total");
        assertThat(v2.value("irq.pressure.full.avg10")).isEqualTo(10000L);
        assertThat(v2.value("irq.pressure.full.avg60")).isEqualTo(7L);
        assertThat(v2.warnings).isEmpty();
    }

    @Test
    void infersScaleOfDecimalsInUnknownFiles()
    {
        v2.parse("foo.pressure", "some avg10=1.25 total=7\n");
        assertThat(v2.columns.scale(v2.column("foo.pressure.some.avg10"))).isEqualTo(2);
        assertThat(v2.value("foo.pressure.some.avg10")).isEqualTo(125L);
        assertThat(v2.value("foo.pressure.some.total")).isEqualTo(7L);
    }
}
