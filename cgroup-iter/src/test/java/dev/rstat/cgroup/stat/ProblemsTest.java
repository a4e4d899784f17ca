package dev.rstat.cgroup.stat;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemsTest
{
    private final List<String> warnings = new ArrayList<>();
    private final Problems problems = new Problems(warnings::add);

    @Test
    void summarizesNothing()
    {
        assertThat(problems.any()).isFalse();
        assertThat(problems.summary()).isEqualTo("no problems");
        assertThat(warnings).isEmpty();
    }

    @Test
    void summarizesCountsWithPlurals()
    {
        problems.vanished(Path.of("/a"));
        problems.vanished(Path.of("/b"));
        problems.unreadable(Path.of("/a/memory.stat"), new AccessDeniedException("/a/memory.stat"));
        problems.malformed(Path.of("/a/io.stat"), 3, "8:0 x", "expected SUBKEY=VALUE");
        assertThat(problems.any()).isTrue();
        assertThat(problems.summary()).isEqualTo("skipped: 2 vanished cgroups, 1 unreadable file, 1 malformed line");
        problems.malformed(Path.of("/a/io.stat"), 4, "", "x");
        assertThat(problems.summary()).isEqualTo("skipped: 2 vanished cgroups, 1 unreadable file, 2 malformed lines");
        assertThat(problems.vanishedCount()).isEqualTo(2);
        assertThat(problems.unreadableCount()).isEqualTo(1);
        assertThat(problems.malformedCount()).isEqualTo(2);
    }

    @Test
    void listsOnlyNonZeroCounts()
    {
        problems.malformed(Path.of("/f"), 1, "", "empty");
        assertThat(problems.summary()).isEqualTo("skipped: 1 malformed line");
    }

    @Test
    void writesOneLineWithKeyValueContextPerProblem()
    {
        problems.vanished(Path.of("/sys/fs/cgroup/a"));
        problems.malformed(Path.of("/sys/fs/cgroup/a/cpu.stat"), 3, "usage_usec \"x\"\tq\\", "not a number");
        assertThat(warnings).containsExactly(
            "vanished: path=/sys/fs/cgroup/a",
            "malformed line: file=/sys/fs/cgroup/a/cpu.stat line=3 text=\"usage_usec \\\"x\\\"\\x09q\\\\\" "
                + "reason=not a number");
    }

    @Test
    void countsAVanishedPathReportedTwiceInARowOnce()
    {
        problems.vanished(Path.of("/a"));
        problems.vanished(Path.of("/a"));
        problems.vanished(Path.of("/b"));
        problems.vanished(Path.of("/a"));
        assertThat(problems.vanishedCount()).isEqualTo(3);
        assertThat(warnings).hasSize(3);
    }

    @Test
    void warnsOncePerUnreadableFileNameAndError()
    {
        problems.unreadable(Path.of("/a/cpu.pressure"), new IOException("Operation not supported"));
        problems.unreadable(Path.of("/b/cpu.pressure"), new IOException("Operation not supported"));
        problems.unreadable(Path.of("/b/cpu.pressure"), new IOException("Input/output error"));
        problems.unreadable(Path.of("/b/io.pressure"), new IOException("Operation not supported"));
        assertThat(problems.unreadableCount()).isEqualTo(4);
        assertThat(warnings).hasSize(3);
        assertThat(warnings.get(0)).isEqualTo("unreadable file: file=/a/cpu.pressure "
            + "error=Operation not supported "
            + "(further unreadable cpu.pressure files with this error are only counted)");
    }

    @Test
    void suppressesWarningsAfterTheLimitButKeepsCounting()
    {
        final Problems limited = new Problems(warnings::add, 2);
        for (int i = 1; i <= 5; i++)
        {
            limited.malformed(Path.of("/f"), i, "x", "bad");
        }
        assertThat(warnings).hasSize(3);
        assertThat(warnings.get(2)).isEqualTo("further warnings suppressed: maxWarnings=2 (see the summary)");
        assertThat(limited.malformedCount()).isEqualTo(5);
        assertThat(limited.summary()).isEqualTo("skipped: 5 malformed lines");

        final List<String> none = new ArrayList<>();
        final Problems silent = new Problems(none::add, 0);
        silent.vanished(Path.of("/x"));
        assertThat(none).isEmpty();
        assertThat(silent.vanishedCount()).isEqualTo(1);
    }

    @Test
    void cutsLongLineTexts()
    {
        final String escaped = Problems.escape("y".repeat(500));
        assertThat(escaped).isEqualTo("y".repeat(200) + "...(500 chars)");
    }
}
