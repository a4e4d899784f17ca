package dev.rstat.cgroup.report.render;

import java.io.IOException;

import org.junit.jupiter.api.Test;

import dev.rstat.cgroup.stat.StatSample;
import dev.rstat.cgroup.stat.ValueState;

import static org.assertj.core.api.Assertions.assertThat;

class TextRendererTest
{
    private final ReportFixture report = new ReportFixture();

    private void threeRows()
    {
        final int current = report.column("memory.current");
        final int usage = report.column("cpu.stat.usage_usec");
        final int max = report.column("memory.max");
        final int pids = report.column("pids.current");
        final ReportFixture.Values root = report.row(1, "/", 0);
        root.putNumber(current, 1572864);
        root.putNumber(usage, 12345);
        root.putState(max, ValueState.MAX);
        final ReportFixture.Values a = report.row(2, "/a", 1);
        a.putNumber(current, 512);
        a.putNumber(usage, 90_000_000);
        a.putNumber(max, 1073741824);
        a.putNumber(pids, 7);
        final ReportFixture.Values b = report.row(3, "/a/b\nc", 2);
        b.putNumber(usage, 999);
        b.putState(max, ValueState.VANISHED);
        b.putState(pids, ValueState.UNSUPPORTED);
    }

    @Test
    void alignsIndentedRowsWithHumanUnits() throws IOException
    {
        threeRows();
        assertThat(report.render(Format.TEXT, false)).isEqualTo(
            "PATH         memory.current  cpu.stat.usage_usec  memory.max  pids.current\n"
                + "/                   1.5 MiB              12.3 ms         max             -\n"
                + "  /a                  512 B              1.5 min     1.0 GiB             7\n"
                + "    /a/b\\nc               -               999 us           -             -\n");
    }

    @Test
    void printsExactNumbersWhenRaw() throws IOException
    {
        threeRows();
        assertThat(report.render(Format.TEXT, true)).isEqualTo(
            "PATH         memory.current  cpu.stat.usage_usec  memory.max  pids.current\n"
                + "/                   1572864                12345         max             -\n"
                + "  /a                    512             90000000  1073741824             7\n"
                + "    /a/b\\nc               -                  999           -             -\n");
    }

    @Test
    void alignsTextColumnsLeftAndShowsPercentages() throws IOException
    {
        final int controllers = report.column("cgroup.controllers");
        final int avg10 = report.column("cpu.pressure.some.avg10");
        report.row(1, "/", 0).putText(controllers, "cpu io memory");
        final ReportFixture.Values child = report.row(2, "/x", 1);
        child.putText(controllers, "io");
        child.putNumber(avg10, 250);
        assertThat(report.render(Format.TEXT, false)).isEqualTo(
            "PATH  cgroup.controllers  cpu.pressure.some.avg10\n"
                + "/     cpu io memory                             -\n"
                + "  /x  io                                    2.50%\n");
    }

    @Test
    void printsOnlyTheHeaderForNoRows() throws IOException
    {
        report.column("memory.current");
        assertThat(report.render(Format.TEXT, false)).isEqualTo("PATH  memory.current\n");
    }

    @Test
    void capsIndentationOfVeryDeepRows() throws IOException
    {
        report.row(1, "/deep", 10_000);
        assertThat(report.render(Format.TEXT, false))
            .isEqualTo("PATH\n" + " ".repeat(2 * TextRenderer.MAX_INDENT_LEVELS) + "/deep\n");
    }

    @Test
    void escapesControlCharactersOnly()
    {
        assertThat(TextRenderer.printable("/a b/\u00e9")).isEqualTo("/a b/\u00e9");
        assertThat(TextRenderer.printable("a\tb\r\u0001\\")).isEqualTo("a\\tb\\r\\x01\\\\");
    }
}
