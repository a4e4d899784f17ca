package dev.rstat.cgroup.report.render;

import java.io.IOException;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

import dev.rstat.cgroup.stat.StatSample;
import dev.rstat.cgroup.stat.ValueState;

import static org.assertj.core.api.Assertions.assertThat;

class CsvRendererTest
{
    private final ReportFixture report = new ReportFixture();

    @Test
    void writesHeaderAndExactValues() throws IOException
    {
        final int current = report.column("memory.current");
        final int max = report.column("memory.max");
        final int avg10 = report.column("cpu.pressure.some.avg10");
        final int high = report.column("memory.high");
        final int controllers = report.column("cgroup.controllers");
        final int pids = report.column("pids.current");
        final int nice = report.column("cpu.weight.nice");
        final ReportFixture.Values root = report.row(1, "/", 0);
        root.putNumber(current, 4096);
        root.putState(max, ValueState.MAX);
        root.putNumber(avg10, 232);
        root.putNumber(high, -1L);
        root.putText(controllers, "cpu io");
        root.putState(pids, ValueState.VANISHED);
        root.putNumber(nice, -5);
        final ReportFixture.Values child = report.row(-2L, "/a", 1);
        child.putNumber(avg10, 7);
        child.putState(current, ValueState.UNSUPPORTED);

        assertThat(report.render(Format.CSV, false)).isEqualTo(
            "id,path,depth,memory.current,memory.max,cpu.pressure.some.avg10,memory.high,cgroup.controllers,"
                + "pids.current,cpu.weight.nice\n"
                + "1,/,0,4096,max,2.32,18446744073709551615,cpu io,,-5\n"
                + "18446744073709551614,/a,1,,,0.07,,,,\n");
    }

    @Test
    void writesOnlyTheHeaderForNoRows() throws IOException
    {
        report.column("memory.current");
        assertThat(report.render(Format.CSV, false)).isEqualTo("id,path,depth,memory.current\n");
    }

    @Test
    void readsAwkwardPathsBackExactly() throws IOException
    {
        final int current = report.column("memory.current");
        final int type = report.column("cgroup.type");
        final List<String> paths = ReportFixture.awkwardPaths();
        for (int i = 0; i < paths.size(); i++)
        {
            final ReportFixture.Values sample = report.row(i, paths.get(i), i);
            sample.putNumber(current, i * 1000L);
            sample.putText(type, paths.get(i));
        }
        final String csv = report.render(Format.CSV, false);

        final CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get();
        try (CSVParser parser = CSVParser.parse(csv, format))
        {
            assertThat(parser.getHeaderNames()).containsExactly("id", "path", "depth", "memory.current",
                "cgroup.type");
            final List<CSVRecord> records = parser.getRecords();
            assertThat(records).hasSize(paths.size());
            for (int i = 0; i < paths.size(); i++)
            {
                final CSVRecord record = records.get(i);
                assertThat(record.get("path")).as("path %d", i).isEqualTo(paths.get(i));
                assertThat(record.get("cgroup.type")).as("a text read from a file has its controls escaped")
                    .isEqualTo(TextRenderer.printable(paths.get(i))).doesNotContainPattern("[\\x00-\\x1f\\x7f-\\x9f]");
                assertThat(record.get("id")).isEqualTo(Integer.toString(i));
                assertThat(record.get("depth")).isEqualTo(Integer.toString(i));
                assertThat(record.get("memory.current")).isEqualTo(Long.toString(i * 1000L));
            }
        }
    }
}
