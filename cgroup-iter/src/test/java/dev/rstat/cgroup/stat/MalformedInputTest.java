package dev.rstat.cgroup.stat;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MalformedInputTest
{
    private final ReaderFixture v2 = new ReaderFixture();

    @Test
    void reportsEmptySingleValueFile()
    {
        v2.parse("memory.current", "");
        assertThat(v2.present()).isEmpty();
        assertThat(v2.warnings).containsExactly(
            "malformed line: file=/cg/memory.current line=1 text=\"\" reason=empty file: expected a value");
    }

    @Test
    void acceptsEmptyKeyedFiles()
    {
        v2.parse("cpu.stat.local", "");
        v2.parseMore("io.stat", "");
        assertThat(v2.present()).isEmpty();
        assertThat(v2.warnings).isEmpty();
    }

    @Test
    void readsFilesWithoutTrailingNewline()
    {
        v2.parse("memory.current", "42");
        v2.parseMore("cpu.stat", "usage_usec 1\nuser_usec 2");
        assertThat(v2.value("memory.current")).isEqualTo(42L);
        assertThat(v2.value("cpu.stat.user_usec")).isEqualTo(2L);
        assertThat(v2.warnings).isEmpty();
    }

    @Test
    void readsCrlfFiles()
    {
        v2.parse("cpu.stat", "usage_usec 10\r\nuser_usec 7\r\n");
        v2.parseMore("io.stat", "8:0 rbytes=1 wbytes=2\r\n");
        v2.parseMore("memory.max", "max\r\n");
        assertThat(v2.value("cpu.stat.usage_usec")).isEqualTo(10L);
        assertThat(v2.value("cpu.stat.user_usec")).isEqualTo(7L);
        assertThat(v2.value("io.stat.8:0.wbytes")).isEqualTo(2L);
        assertThat(v2.state("memory.max")).isEqualTo(ValueState.MAX);
        assertThat(v2.warnings).isEmpty();
    }

    @Test
    void reportsNumberOverflowingU64WithFileLineAndText()
    {
        v2.parse("memory.stat", "anon 1\nfile 18446744073709551616\nshmem 3\n");
        assertThat(v2.value("memory.stat.anon")).isEqualTo(1L);
        assertThat(v2.state("memory.stat.file")).isEqualTo(ValueState.MISSING);
        assertThat(v2.value("memory.stat.shmem")).isEqualTo(3L);
        assertThat(v2.warnings).containsExactly("malformed line: file=/cg/memory.stat line=2 "
            + "text=\"file 18446744073709551616\" reason=value overflows u64: value=18446744073709551616");
    }

    @Test
    void reportsGarbageAndKeepsTheRest()
    {
        v2.parse("memory.stat", "\u0001\u0002 5\nanon 10\n\u00ff\u00fe garbage\nfile 20\n");
        assertThat(v2.present()).containsExactly("memory.stat.anon", "memory.stat.file");
        assertThat(v2.value("memory.stat.file")).isEqualTo(20L);
        assertThat(v2.problems.malformedCount()).isEqualTo(2);
        assertThat(v2.warnings.get(0)).isEqualTo("malformed line: file=/cg/memory.stat line=1 "
            + "text=\"\\x01\\x02 5\" reason=invalid key: control character");
        assertThat(v2.warnings.get(1)).startsWith("malformed line: file=/cg/memory.stat line=3 ")
            .endsWith("reason=not a number: value=garbage");
    }

    @Test
    void reportsEachBadLineOnce()
    {
        v2.parse("io.stat", "8:0 a b c d\n");
        assertThat(v2.problems.malformedCount()).isEqualTo(1);
    }

    @Test
    void survivesBinaryContent()
    {
        final StringBuilder binary = new StringBuilder();
        for (int i = 0; i < 2000; i++)
        {
            binary.append((char)((i * 7919) % 256));
        }
        v2.parse("cpu.stat", binary + "\nusage_usec 5\n");
        v2.parseMore("io.stat", binary.toString());
        v2.parseMore("memory.current", binary.toString());
        assertThat(v2.value("cpu.stat.usage_usec")).isEqualTo(5L);
        assertThat(v2.problems.malformedCount()).isPositive();
    }

    @Test
    void aSingleValueFileHoldingAKeyedLineIsMalformedNotAValue()
    {
        v2.parse("memory.current", "usage_usec -5\n");
        assertThat(v2.present()).doesNotContain("memory.current");
        assertThat(v2.problems.malformedCount()).isEqualTo(1);
        assertThat(v2.warnings).containsExactly("malformed line: file=/cg/memory.current line=1 "
            + "text=\"usage_usec -5\" reason=expected one value");
    }

    @Test
    void aSingleValueFileHoldingRandomBytesIsMalformedAndItsWarningIsPrintable()
    {
        v2.parse("memory.current", "\u0000\u001b[31m\u00c2\u009b7\u0007\n");
        assertThat(v2.present()).doesNotContain("memory.current");
        assertThat(v2.problems.malformedCount()).isEqualTo(1);
        assertThat(v2.warnings).singleElement().asString().startsWith("malformed line: file=/cg/memory.current line=1")
            .doesNotContainPattern("[\\x00-\\x1f\\x7f-\\x9f]");
    }

    @Test
    void rejectsAKeyHoldingAC1ControlCharacter()
    {
        v2.parse("memory.stat", "anon\u00c2\u009b 5\nfile 20\n");
        assertThat(v2.present()).containsExactly("memory.stat.file");
        assertThat(v2.warnings).singleElement().asString().endsWith("reason=invalid key: control character");
    }
}
