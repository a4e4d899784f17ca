package dev.rstat.cgroup.stat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LinesTest
{
    private final Lines lines = new Lines();

    private List<String> allLines(final String content)
    {
        final byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        lines.reset(bytes, bytes.length);
        final List<String> result = new ArrayList<>();
        while (lines.next())
        {
            result.add(lines.number() + ":" + lines.text());
        }
        return result;
    }

    private List<String> tokens(final String line)
    {
        final byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        lines.reset(bytes, bytes.length);
        lines.next();
        final List<String> result = new ArrayList<>();
        for (int i = 0, n = lines.tokenize(); i < n; i++)
        {
            result.add(new String(bytes, lines.start(i), lines.end(i) - lines.start(i), StandardCharsets.UTF_8));
        }
        return result;
    }

    @Test
    void splitsLinesWithAndWithoutFinalNewline()
    {
        assertThat(allLines("a 1\nb 2\n")).containsExactly("1:a 1", "2:b 2");
        assertThat(allLines("a 1\nb 2")).containsExactly("1:a 1", "2:b 2");
        assertThat(allLines("")).isEmpty();
        assertThat(allLines("\n\nx\n")).containsExactly("1:", "2:", "3:x");
    }

    @Test
    void dropsCarriageReturnOfCrlf()
    {
        assertThat(allLines("a 1\r\nb 2\r\n")).containsExactly("1:a 1", "2:b 2");
    }

    @Test
    void splitsTokensOnSpacesAndTabs()
    {
        assertThat(tokens("  usage_usec \t 71838534  ")).containsExactly("usage_usec", "71838534");
        assertThat(tokens("33745041734 40803594780 ")).containsExactly("33745041734", "40803594780");
        assertThat(tokens("   ")).isEmpty();
    }

    @Test
    void tokenizesManyTokens()
    {
        final StringBuilder line = new StringBuilder();
        for (int i = 0; i < 100; i++)
        {
            line.append(i).append(' ');
        }
        assertThat(tokens(line.toString())).hasSize(100).startsWith("0", "1").endsWith("99");
    }

    @Test
    void skipsEmptyLines()
    {
        final byte[] bytes = "\n  \nx 1\n\t\ny 2".getBytes(StandardCharsets.UTF_8);
        lines.reset(bytes, bytes.length);
        assertThat(lines.nextNonEmpty()).isTrue();
        assertThat(lines.number()).isEqualTo(3);
        assertThat(lines.nextNonEmpty()).isTrue();
        assertThat(lines.number()).isEqualTo(5);
        assertThat(lines.nextNonEmpty()).isFalse();
    }
}
