package dev.rstat.cgroup.cli;

import static dev.rstat.cgroup.cli.Golden.csv;
import static dev.rstat.cgroup.cli.Golden.run;
import static dev.rstat.cgroup.cli.Golden.tree;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the command says when something is off: one prefix, no Java exception class or temporary file name, "did you
 * mean" for a mistyped command, warnings for selections that match nothing, usage errors for options that do
 * nothing, {@code -o -} for stdout, a plain word for a second snapshot into the same directory.
 */
class MessagesTest
{
    private static final String SYSTEMD = tree("systemd-host/tree");

    @TempDir
    Path tmp;

    @Test
    void aMistypedCommandGetsDidYouMean()
    {
        for (final String[] typo : new String[][] {{"snapshto", "snapshot"}, {"reprot", "report"},
            {"serv", "serve"}, {"mount", "mounts"}})
        {
            final Golden.Run r = run("--root", SYSTEMD, typo[0]);
            assertThat(r.code()).as(typo[0]).isEqualTo(CgroupWalk.USAGE);
            assertThat(r.err()).as(typo[0]).contains("did you mean '" + typo[1] + "'?").doesNotContain("Exception");
        }
        final Golden.Run far = run("--root", SYSTEMD, "nothing-like-a-command");
        assertThat(far.code()).isEqualTo(CgroupWalk.UNUSABLE);
        assertThat(far.err()).startsWith("cgroup-walk: start cgroup not found: ").doesNotContain("did you mean",
            "Exception");
    }

    @Test
    void countOrDurationWithoutIntervalIsAUsageError()
    {
        final Golden.Run count = run("--root", SYSTEMD, "--count", "3");
        assertThat(count.code()).isEqualTo(CgroupWalk.USAGE);
        assertThat(count.err()).startsWith("cgroup-walk: --count needs --interval");
        assertThat(count.out()).isEmpty();
        final Golden.Run duration = run("--root", SYSTEMD, "--duration", "10s");
        assertThat(duration.code()).isEqualTo(CgroupWalk.USAGE);
        assertThat(duration.err()).startsWith("cgroup-walk: --duration needs --interval");
    }

    @Test
    void dashOutputIsStdout() throws IOException
    {
        final Golden.Run dash = run("--root", SYSTEMD, "--format", "csv", "-o", "-");
        assertThat(dash.code()).isZero();
        assertThat(dash.out()).isEqualTo(run("--root", SYSTEMD, "--format", "csv").out());
        final Golden.Run report = run("--root", SYSTEMD, "report", "--interval", "100ms", "--count", "1",
            "--output", "-");
        assertThat(report.code()).isZero();
        assertThat(csv(report.out()).rows()).hasSize(36);
        try (Stream<Path> files = Files.list(Path.of("")))
        {
            assertThat(files.map(Path::toString)).doesNotContain("-");
        }
    }

    @Test
    void selectionsThatMatchNothingWarn()
    {
        final Golden.Run r = run("--root", SYSTEMD, "--stats", "memory.current,memory.bogus", "--columns",
            "memory.*,nothing*", "--filter", "zzz");
        assertThat(r.code()).isZero();
        assertThat(r.err().lines().toList()).containsExactly(
            "cgroup-walk: warning: --stats memory.bogus: no cgroup of this walk has that file",
            "cgroup-walk: warning: --columns nothing*: matches no column (the CSV header lists them; --columns all)",
            "cgroup-walk: warning: --filter zzz: matches no cgroup path of the walk (36 cgroups)");
        final Golden.Run fine = run("--root", SYSTEMD, "--stats", "memory.current", "--columns", "memory.*",
            "--filter", "system");
        assertThat(fine.err()).isEmpty();
        final Golden.Run repeated = run("--root", SYSTEMD, "--filter", "zzz", "--interval", "100ms", "--count", "3");
        assertThat(repeated.err().lines()).as("warned once, not per sample").hasSize(1);
    }

    @Test
    void writeErrorsNameTheTargetNotTheTemporaryFileNorAnExceptionClass()
    {
        for (final String target : List.of(tmp.resolve("no-such-dir/out.csv").toString(), "/proc/out.csv"))
        {
            for (final String[] args : new String[][] {{"--format", "csv", "-o", target},
                {"--format", "csv", "--interval", "100ms", "--count", "1", "-o", target},
                {"report", "--count", "1", "--interval", "100ms", "-o", target}})
            {
                final String[] all = Stream.concat(Stream.of("--root", SYSTEMD), Stream.of(args))
                    .toArray(String[]::new);
                final Golden.Run r = run(all);
                assertThat(r.code()).isEqualTo(CgroupWalk.UNUSABLE);
                assertThat(r.err()).startsWith("cgroup-walk: cannot write output: file=" + target + " error=")
                    .doesNotContain(".tmp", "Exception").hasLineCount(1);
            }
        }
    }

    @Test
    void aMissingStartCgroupIsOneLineWithoutAnExceptionClass()
    {
        final Golden.Run r = run("--root", SYSTEMD, "/system.slice/gone.service");
        assertThat(r.code()).isEqualTo(CgroupWalk.UNUSABLE);
        assertThat(r.err()).isEqualTo("cgroup-walk: start cgroup not found: root=" + SYSTEMD +
            " path=/system.slice/gone.service error=no such file or directory\n");
    }

    @Test
    void aSecondSnapshotIntoTheSameDirectorySaysItIsNotEmpty()
    {
        final String out = tmp.resolve("snap").toString();
        final Golden.Run first = run("--root", SYSTEMD, "snapshot", "--out", out);
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.err()).startsWith("cgroup-walk: snapshot: out=" + out);
        final Golden.Run second = run("--root", SYSTEMD, "snapshot", "--out", out);
        assertThat(second.code()).isEqualTo(CgroupWalk.UNUSABLE);
        assertThat(second.err()).isEqualTo("cgroup-walk: cannot write snapshot: out=" + out +
            " error=the directory exists and is not empty (snapshot writes a new or empty directory)\n");
    }

    @Test
    void usageErrorsOfSubcommandsHaveTheSamePrefix()
    {
        final Golden.Run r = run("--root", SYSTEMD, "report", "--interval", "0s");
        assertThat(r.code()).isEqualTo(CgroupWalk.USAGE);
        assertThat(r.err().lines()).allMatch(line -> line.startsWith("cgroup-walk: "));
        final Golden.Run option = run("--formt", "csv");
        assertThat(option.err().lines().toList()).contains("cgroup-walk: Possible solutions: --format")
            .allMatch(line -> line.startsWith("cgroup-walk: "));
    }

    @Test
    void messagesLoseExceptionClassNames()
    {
        assertThat(Messages.line("error=java.nio.file.NoSuchFileException: /x")).isEqualTo("cgroup-walk: error=/x");
        assertThat(Messages.line("walk failed: IllegalStateException: bad")).isEqualTo(
            "cgroup-walk: walk failed: bad");
        assertThat(Messages.line("cgroup-walk: memory.stat Errors are fine")).isEqualTo(
            "cgroup-walk: memory.stat Errors are fine");
        assertThat(Messages.closest("snapshto", List.of("snapshot", "serve"))).isEqualTo("snapshot");
        assertThat(Messages.closest("x", List.of("serve"))).isNull();
    }
}
