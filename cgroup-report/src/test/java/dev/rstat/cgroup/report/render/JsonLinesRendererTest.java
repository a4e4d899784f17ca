package dev.rstat.cgroup.report.render;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.rstat.cgroup.stat.StatSample;
import dev.rstat.cgroup.stat.ValueState;

import static org.assertj.core.api.Assertions.assertThat;

class JsonLinesRendererTest
{
    private final ReportFixture report = new ReportFixture();

    private static String quoted(final String text)
    {
        final StringBuilder out = new StringBuilder();
        JsonLinesRenderer.quote(text, out);
        return out.toString();
    }

    @Test
    void writesOneObjectPerRow() throws IOException
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
        report.row(-1L, "/a", 1).putNumber(avg10, 0);

        assertThat(report.render(Format.JSON, false)).isEqualTo(
            "{\"id\":1,\"path\":\"/\",\"depth\":0,\"memory.current\":4096,\"memory.max\":\"max\","
                + "\"cpu.pressure.some.avg10\":2.32,\"memory.high\":18446744073709551615,"
                + "\"cgroup.controllers\":\"cpu io\",\"pids.current\":null,\"cpu.weight.nice\":-5}\n"
                + "{\"id\":18446744073709551615,\"path\":\"/a\",\"depth\":1,\"memory.current\":null,"
                + "\"memory.max\":null,\"cpu.pressure.some.avg10\":0.00,\"memory.high\":null,"
                + "\"cgroup.controllers\":null,\"pids.current\":null,\"cpu.weight.nice\":null}\n");
    }

    @Test
    void escapesQuotesBackslashesAndControlCharacters()
    {
        assertThat(quoted("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
        assertThat(quoted("\n\r\t\b\f")).isEqualTo("\"\\n\\r\\t\\b\\f\"");
        assertThat(quoted("\u0000\u0001\u001f")).isEqualTo("\"\\u0000\\u0001\\u001f\"");
        assertThat(quoted("/plain-path_1.2:3")).isEqualTo("\"/plain-path_1.2:3\"");
        assertThat(quoted("")).isEqualTo("\"\"");
    }

    @Test
    void escapesNonAsciiIncludingNonBmpAndLoneSurrogates()
    {
        assertThat(quoted("\u00e9\u007f")).isEqualTo("\"\\u00e9\\u007f\"");
        assertThat(quoted("\u65e5")).isEqualTo("\"\\u65e5\"");
        assertThat(quoted("x\ud83d\ude00y")).isEqualTo("\"x\\ud83d\\ude00y\"");
        assertThat(quoted("\ud800-\udfff")).isEqualTo("\"\\ud800-\\udfff\"");
        assertThat(quoted("\u2028")).isEqualTo("\"\\u2028\"");
    }

    @Test
    void writesAwkwardPathsThatDecodeBackExactly() throws IOException
    {
        final List<String> paths = ReportFixture.awkwardPaths();
        for (int i = 0; i < paths.size(); i++)
        {
            report.row(i, paths.get(i), 0);
        }
        final String json = report.render(Format.JSON, false);
        final String[] lines = json.split("\n", -1);
        assertThat(lines).hasSize(paths.size() + 1);
        assertThat(lines[paths.size()]).isEmpty();
        for (int i = 0; i < paths.size(); i++)
        {
            final String prefix = "{\"id\":" + i + ",\"path\":";
            final String suffix = ",\"depth\":0}";
            assertThat(lines[i]).startsWith(prefix).endsWith(suffix);
            assertThat(lines[i].chars().allMatch(c -> c >= 0x20 && c < 0x7f)).as("ASCII only").isTrue();
            final String literal = lines[i].substring(prefix.length(), lines[i].length() - suffix.length());
            assertThat(decode(literal)).isEqualTo(paths.get(i));
        }
    }

    /** A minimal JSON string literal decoder, written independently of the renderer's escaper. */
    private static String decode(final String literal)
    {
        assertThat(literal).startsWith("\"").endsWith("\"");
        final List<Character> chars = new ArrayList<>();
        int i = 1;
        while (i < literal.length() - 1)
        {
            final char c = literal.charAt(i);
            assertThat(c).as("raw quote inside literal %s", literal).isNotEqualTo('"');
            if (c != '\\')
            {
                chars.add(c);
                i++;
                continue;
            }
            final char kind = literal.charAt(i + 1);
            switch (kind)
            {
                case '"', '\\', '/' -> chars.add(kind);
                case 'n' -> chars.add('\n');
                case 'r' -> chars.add('\r');
                case 't' -> chars.add('\t');
                case 'b' -> chars.add('\b');
                case 'f' -> chars.add('\f');
                case 'u' ->
                {
                    chars.add((char)Integer.parseInt(literal.substring(i + 2, i + 6), 16));
                    i += 4;
                }
                default -> throw new AssertionError("bad escape in " + literal);
            }
            i += 2;
        }
        final StringBuilder out = new StringBuilder();
        chars.forEach(out::append);
        return out.toString();
    }
}
