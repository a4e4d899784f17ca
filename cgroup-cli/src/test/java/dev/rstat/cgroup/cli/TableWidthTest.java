package dev.rstat.cgroup.cli;

import static dev.rstat.cgroup.cli.Golden.run;
import static dev.rstat.cgroup.cli.Golden.tree;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The text table fits the width: {@code COLUMNS} or {@code --width}; no line longer, nothing wrapped, long paths
 * shortened in the middle, the columns left out named once on stderr; no limit when the output is not a terminal and
 * no width is given.
 */
class TableWidthTest
{
    private static final String SYSTEMD = tree("systemd-host/tree");
    private static final int CGROUPS = 36;

    @Test
    void columnsEightyInTheEnvironmentFitsTheTableIntoEightyCharacters() throws Exception
    {
        final ProcessBuilder builder = new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC", "-Dfile.encoding=UTF-8", "-cp", System.getProperty("java.class.path"),
            CgroupWalk.class.getName(), "--root", SYSTEMD);
        builder.environment().put("COLUMNS", "80");
        builder.environment().put("LC_ALL", "C.UTF-8");
        final Process child = builder.start();
        final byte[] out = child.getInputStream().readAllBytes();
        final String err = new String(child.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(err).isZero();
        final List<String> lines = new String(out, StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).as("one line per cgroup and the header: nothing wrapped").hasSize(CGROUPS + 1);
        assertThat(lines).allMatch(line -> line.codePointCount(0, line.length()) <= 80, "at most 80 characters");
        assertThat(lines).anyMatch(line -> line.contains("\u2026"));
        assertThat(lines.get(0)).startsWith("PATH ").contains("cpu.stat.usage_usec");
        assertThat(err.lines().toList()).singleElement().asString()
            .matches("cgroup-walk: \\d+ columns left out to fit 80 characters, from \\S+ on .*");
    }

    @Test
    void widthOptionFitsAndZeroOrAPipeMeansNoLimit()
    {
        for (final int width : new int[] {40, 80, 120})
        {
            final Golden.Run r = run("--root", SYSTEMD, "--width", Integer.toString(width));
            assertThat(r.code()).isZero();
            assertThat(r.out().lines().toList()).hasSize(CGROUPS + 1)
                .allMatch(line -> line.codePointCount(0, line.length()) <= width);
        }
        final Golden.Run unlimited = run("--root", SYSTEMD, "--width", "0");
        assertThat(unlimited.err()).isEmpty();
        assertThat(unlimited.out().lines().mapToInt(String::length).max().orElseThrow()).isGreaterThan(200);
        assertThat(unlimited.out()).doesNotContain("\u2026").contains("pids.current");
        assertThat(run("--root", SYSTEMD, "--width", "5").code()).isEqualTo(CgroupWalk.USAGE);
    }

    @Test
    void readsTheWidthFromTheOptionThenColumns()
    {
        assertThat(TerminalWidth.of(100, "80")).isEqualTo(100);
        assertThat(TerminalWidth.of(0, "80")).isZero();
        assertThat(TerminalWidth.of(null, "132")).isEqualTo(132);
        assertThat(TerminalWidth.of(null, "7")).isEqualTo(TerminalWidth.MIN);
        assertThat(TerminalWidth.parse("abc")).isZero();
        assertThat(TerminalWidth.parse(" 90 ")).isEqualTo(90);
    }
}
