package dev.rstat.cgroup.report.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.rstat.cgroup.stat.StatUnit;

class TimeChartTest
{
    private static final String CSV = """
        timestamp,id,path,depth,cpu.stat.usage_usec,cpu.stat.usage_usec:rate,memory.current
        2026-01-01T00:00:00Z,1,/,0,100,,
        2026-01-01T00:00:00Z,2,/a,1,10,,1000
        2026-01-01T00:00:00Z,3,/a/x,2,5,,500
        2026-01-01T00:00:00Z,4,/b,1,10,,3000
        2026-01-01T00:00:00Z,5,/c,1,10,,10
        2026-01-01T00:00:05Z,1,/,0,200,40.00,
        2026-01-01T00:00:05Z,2,/a,1,20,30.00,1200
        2026-01-01T00:00:05Z,3,/a/x,2,7,20.00,600
        2026-01-01T00:00:05Z,4,/b,1,20,2.00,3000
        2026-01-01T00:00:05Z,5,/c,1,20,1.50,20
        """;

    private static List<ReportSeries> read(final String csv)
    {
        final List<ReportSeries> series = List.of(ReportSeries.cpu(), ReportSeries.memory());
        ReportCsv.read(new StringReader(csv), "r.csv", series);
        return series;
    }

    @Test
    void theTopCgroupsOfALevelAreRankedByTheirMeanAndTheRestIsSummedAsOther()
    {
        final List<ReportSeries> series = read(CSV);
        final TimeChart memory = TimeChart.top(series.get(1), StatUnit.BYTES, 1, 1);

        assertThat(memory.column()).isEqualTo("memory.current");
        assertThat(memory.times()).hasSize(2);
        assertThat(memory.lines()).extracting(TimeChart.Line::label)
            .containsExactly("/b", "other (2 cgroups)", "/ (total)");
        assertThat(memory.lines().get(1).values()).containsExactly(1010.0, 1220.0);
        assertThat(memory.lines().get(0).mean()).isEqualTo(3000.0);
        assertThat(memory.lines().get(2).values()[0]).as("root without a value").isNaN();
    }

    @Test
    void theRateColumnIsChosenAndItsFirstSampleHasNoValue()
    {
        final TimeChart cpu = TimeChart.top(read(CSV).get(0), StatUnit.PERCENT, 8, 1);

        assertThat(cpu.column()).isEqualTo("cpu.stat.usage_usec:rate");
        assertThat(cpu.lines()).extracting(TimeChart.Line::label).containsExactly("/a", "/b", "/c", "/ (total)");
        assertThat(cpu.lines().get(0).values()[0]).isNaN();
        assertThat(cpu.lines().get(0).values()[1]).isEqualTo(30.0);
        assertThat(cpu.lines().get(3).values()[1]).isEqualTo(40.0);
    }

    @Test
    void aDeeperLevelTakesTheGrandchildren()
    {
        final TimeChart memory = TimeChart.top(read(CSV).get(1), StatUnit.BYTES, 8, 2);

        assertThat(memory.lines()).extracting(TimeChart.Line::label).containsExactly("/a/x", "/ (total)");
    }

    @Test
    void aFileThatIsNotAReportOrHasABadNumberIsNamedWithItsLine()
    {
        assertThatThrownBy(() -> read("a,b,c\n1,2,3\n")).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("not a cgroup-walk report CSV (its header must start with timestamp,id,path,depth): " +
                "file=r.csv line=1");
        assertThatThrownBy(() -> read(CSV.replace("3000\n2026-01-01T00:00:05Z", "lots\n2026-01-01T00:00:05Z")))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("not a number: file=r.csv line=10 value=lots");
        assertThatThrownBy(() -> read(CSV.replace("2026-01-01T00:00:05Z,5", "yesterday,5")))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timestamp=yesterday")
            .hasMessageContaining("line=11");
        assertThatThrownBy(() -> read("")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
    }
}
