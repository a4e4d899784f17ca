package dev.rstat.cgroup.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.rstat.agrona.CountersFile;
import dev.rstat.agrona.CountersView;
import dev.rstat.cgroup.Hierarchy;
import dev.rstat.cgroup.report.Field;
import dev.rstat.cgroup.report.Sample;
import dev.rstat.cgroup.report.Sampler;
import dev.rstat.cgroup.stat.ValueState;

import static dev.rstat.cgroup.cli.Golden.run;
import static dev.rstat.cgroup.cli.Golden.tree;
import static org.assertj.core.api.Assertions.assertThat;

class PublishAndStatCliTest
{
    @TempDir
    Path tmp;

    @Test
    void publishWritesEveryValueOfTheSampleAndStatPrintsThemOnce()
    {
        final Path file = tmp.resolve("stats");
        final Golden.Run publish = run("--root", tree("systemd-host/tree"), "publish", "--file", file.toString(),
            "--interval", "10ms", "--count", "2", "--stats", "memory.current,pids.current,memory.max");
        assertThat(publish.code()).as(publish.err()).isZero();
        assertThat(publish.err()).contains("2 samples published to " + file.toAbsolutePath());

        // the values the sampler reads from the same tree, independently
        final List<String> expected = new ArrayList<>();
        try (Sampler sampler = Sampler.on(Hierarchy.at(Path.of(tree("systemd-host/tree"))))
            .files(List.of("memory.current", "pids.current", "memory.max")).aggregate(true).rates(true).build();
            CountersView view = CountersView.open(file))
        {
            sampler.sample();
            final Sample sample = sampler.sample();
            int values = 0;
            for (final int row : sample.rows())
            {
                for (final Field field : sample.fields())
                {
                    final ValueState state = sample.state(row, field);
                    if (state == ValueState.NUMBER || state == ValueState.MAX)
                    {
                        values++;
                        final String label = sample.path(row) + " " + field.name(sample.columns());
                        final String value = state == ValueState.MAX ? "max" :
                            field.info(sample.columns()).sign() == dev.rstat.cgroup.stat.StatSign.SIGNED ?
                                Long.toString(sample.value(row, field)) :
                                Long.toUnsignedString(sample.value(row, field));
                        expected.add(value + " " + label);
                    }
                }
            }
            assertThat(values).isGreaterThan(20);
            assertThat(view.size()).as("counter 0 and one counter per value").isEqualTo(1 + values);
            assertThat(view.reader().state()).isEqualTo(CountersFile.STATE_CLOSED);
            assertThat(view.reader().samples()).isEqualTo(2);
        }

        final Golden.Run stat = run("stat", "--file", file.toString(), "--count", "1");
        assertThat(stat.code()).as(stat.err()).isZero();
        assertThat(stat.out()).contains("state=closed", "samples=2", "rstat counters file generation");
        final List<String> printed = new ArrayList<>();
        for (final String line : stat.out().split("\n"))
        {
            final String[] parts = line.trim().split("\\s+", 5);
            if (parts.length == 5 && parts[0].matches("\\d+") && !parts[0].equals("0"))
            {
                printed.add(parts[2] + " " + parts[4]);
            }
        }
        assertThat(printed).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void aFileThatCannotBeWrittenIsOneErrorLineAndExitCode1()
    {
        final Path file = tmp.resolve("no-such-dir").resolve("stats");
        final Golden.Run publish = run("--root", tree("systemd-host/tree"), "publish", "--file", file.toString(),
            "--count", "1");
        assertThat(publish.code()).isEqualTo(CgroupWalk.UNUSABLE);
        assertThat(publish.err()).isEqualTo("cgroup-walk: cannot create counters file: file=" + file +
            " error=no such file or directory\n");
    }

    @Test
    void statOnAMissingFileOrAFileThatIsNotACountersFileIsOneErrorLine() throws IOException
    {
        final Path missing = tmp.resolve("missing");
        final Golden.Run none = run("stat", "--file", missing.toString(), "--count", "1");
        assertThat(none.code()).isEqualTo(CgroupWalk.UNUSABLE);
        assertThat(none.err()).isEqualTo("cgroup-walk: no counters file: file=" + missing +
            " (is a publisher such as 'cgroup-walk publish' running?)\n");

        final Path text = Files.writeString(tmp.resolve("text"), "x".repeat(8192));
        final Golden.Run bad = run("stat", "--file", text.toString(), "--count", "1");
        assertThat(bad.code()).isEqualTo(CgroupWalk.UNUSABLE);
        assertThat(bad.err()).startsWith("cgroup-walk: not an rstat counters file: file=" + text +
            " bad magic at offset 0").doesNotContain("Exception").hasLineCount(1);
    }
}
