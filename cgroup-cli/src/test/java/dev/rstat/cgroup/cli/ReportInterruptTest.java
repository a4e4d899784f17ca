package dev.rstat.cgroup.cli;

import static dev.rstat.cgroup.cli.Golden.csv;
import static dev.rstat.cgroup.cli.Golden.run;
import static dev.rstat.cgroup.cli.Golden.tree;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cgroup-walk report --output FILE} interrupted by a signal (Ctrl-C is SIGINT; service managers send SIGTERM)
 * in a child JVM: the file must appear complete, as valid CSV whose samples are all whole, and no temporary file may
 * be left behind. Also: an output directory that does not exist is an error and leaves nothing.
 */
class ReportInterruptTest
{
    private static final int SIGINT = 2;
    private static final int SIGTERM = 15;
    private static final int SYSTEMD_HOST_CGROUPS = 36;
    private static final long START_TIMEOUT_SECONDS = 60;
    private static final long EXIT_TIMEOUT_SECONDS = 30;

    @TempDir
    Path tmp;

    @Test
    void ctrlCCommitsACompleteReport() throws Exception
    {
        interruptAndCheck(SIGINT, "INT");
    }

    @Test
    void sigtermCommitsACompleteReport() throws Exception
    {
        interruptAndCheck(SIGTERM, "TERM");
    }

    @Test
    void failsWithExitCode1AndLeavesNoFileForAMissingOutputDirectory() throws IOException
    {
        final Path missing = tmp.resolve("no-such-dir/report.csv");
        final Golden.Run report = run("report", "--root", tree("systemd-host/tree"), "--interval", "200ms", "--count",
            "1", "--output", missing.toString());
        assertThat(report.code()).isEqualTo(CgroupWalk.UNUSABLE);
        assertThat(report.err()).contains("cannot write output").contains("file=" + missing);
        assertThat(report.out()).isEmpty();

        final Golden.Run walk = run("--root", tree("systemd-host/tree"), "--interval", "200ms", "--count", "1",
            "--format", "csv", "--output", missing.toString());
        assertThat(walk.code()).isEqualTo(CgroupWalk.UNUSABLE);
        assertThat(walk.err()).contains("cannot write output").contains("file=" + missing);
        try (Stream<Path> entries = Files.walk(tmp))
        {
            assertThat(entries.filter(p -> !p.equals(tmp)).toList()).isEmpty();
        }
    }

    private void interruptAndCheck(final int signal, final String name) throws Exception
    {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self")), "needs Linux /proc and kill(1)");
        final Path dir = Files.createDirectory(tmp.resolve("out"));
        final Path output = dir.resolve("report.csv");
        final Path log = tmp.resolve("stderr.txt");
        final ProcessBuilder builder = new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx128m",
            "-cp", System.getProperty("java.class.path"),
            CgroupWalk.class.getName(), "report", "--root", tree("systemd-host/tree"), "--interval", "200ms",
            "--output", output.toString(), "--html", dir.resolve("report.html").toString())
            .redirectOutput(tmp.resolve("stdout.txt").toFile())
            .redirectError(log.toFile());
        final Process child = builder.start();
        try
        {
            Assumptions.assumeFalse(ignores(child.pid(), signal),
                "SIG" + name + " is ignored by this process tree (e.g. started in the background by a " +
                    "non-interactive shell), so a child JVM cannot receive it");
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_SECONDS);
            while (completeLines(dir, output) < 1 + 2 * SYSTEMD_HOST_CGROUPS)
            {
                assertThat(child.isAlive()).as("report still running; stderr: %s", read(log)).isTrue();
                assertThat(System.nanoTime()).as("two samples written within %d s", START_TIMEOUT_SECONDS)
                    .isLessThan(deadline);
                Thread.sleep(50);
            }
            final Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(child.pid())).start();
            assertThat(kill.waitFor(EXIT_TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
            assertThat(kill.exitValue()).isZero();
            assertThat(child.waitFor(EXIT_TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("exits after SIG" + name).isTrue();
        }
        finally
        {
            if (child.isAlive())
            {
                child.destroyForcibly().waitFor(EXIT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
        }
        assertThat(child.exitValue()).as("normal exit, or the JVM's 128 + signal after its shutdown hooks; stderr: %s",
            read(log)).isIn(0, 128 + signal);
        assertThat(read(log)).doesNotContain("Exception", "internal error");

        try (Stream<Path> entries = Files.list(dir))
        {
            assertThat(entries.map(p -> p.getFileName().toString())).as("the report, its page, no temporary file")
                .containsExactlyInAnyOrder("report.csv", "report.html");
        }
        assertThat(Files.readString(dir.resolve("report.html"), StandardCharsets.UTF_8)).contains("window.PLOT")
            .contains("\"label\": \"/init.scope\"").endsWith("</html>\n");
        assertThat(Files.getPosixFilePermissions(output)).isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));
        final Golden.Table table = csv(Files.readString(output, StandardCharsets.UTF_8));
        assertThat(table.header().subList(0, 4)).containsExactly("timestamp", "id", "path", "depth");
        assertThat(table.header()).contains("cpu.stat.usage_usec:rate", "memory.current:self");
        final Map<String, List<String>> samples = new LinkedHashMap<>();
        for (final List<String> row : table.rows())
        {
            samples.computeIfAbsent(row.get(0), k -> new ArrayList<>()).add(row.get(table.column("path")));
        }
        assertThat(samples.size()).as("at least the two samples seen before the signal").isGreaterThanOrEqualTo(2);
        final List<String> first = samples.values().iterator().next();
        assertThat(first).hasSize(SYSTEMD_HOST_CGROUPS).startsWith("/", "/init.scope");
        for (final Map.Entry<String, List<String>> sample : samples.entrySet())
        {
            assertThat(sample.getValue()).as("sample " + sample.getKey() + " is whole").isEqualTo(first);
        }
    }

    /**
     * @return whether the process ignores the signal ({@code SigIgn} in {@code /proc/PID/status}): an ignored
     *         SIGINT is inherited by every child of a background job of a non-interactive shell.
     */
    private static boolean ignores(final long pid, final int signal) throws IOException
    {
        final Optional<String> line = Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
            .filter(l -> l.startsWith("SigIgn:")).findFirst();
        return line.isPresent() && (Long.parseUnsignedLong(line.get().substring(7).trim(), 16) &
            (1L << (signal - 1))) != 0;
    }

    /** Complete lines in the temporary file the report is being written to (0 before it exists). */
    private static long completeLines(final Path dir, final Path output) throws IOException
    {
        final String prefix = "." + output.getFileName() + ".";
        try (Stream<Path> entries = Files.list(dir))
        {
            final List<Path> temps = entries.filter(p -> p.getFileName().toString().startsWith(prefix) &&
                p.getFileName().toString().endsWith(".tmp")).toList();
            if (temps.isEmpty())
            {
                return 0;
            }
            assertThat(temps).as("one temporary file").hasSize(1);
            final byte[] content = Files.readAllBytes(temps.get(0));
            long lines = 0;
            for (final byte b : content)
            {
                if (b == '\n')
                {
                    lines++;
                }
            }
            return lines;
        }
    }

    private static String read(final Path file) throws IOException
    {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }
}
