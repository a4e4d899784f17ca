package dev.rstat.cgroup.cli;

import static dev.rstat.cgroup.cli.Golden.tree;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sampling commands piped into {@code head} in a real shell: when {@code head} has what it wants and closes the
 * pipe, the command must end (within one interval, here long before a generous timeout), quietly, with the status a
 * shell shows for a command killed by SIGPIPE ({@code yes | head} leaves {@code ${PIPESTATUS[0]}} at 141).
 */
class ClosedStdoutTest
{
    private static final long TIMEOUT_SECONDS = 120;

    @TempDir
    Path tmp;

    @Test
    void intervalIntoHeadEndsQuietlyWithTheSigpipeStatus() throws Exception
    {
        final Result result = pipeIntoHead("head -3", "--root", tree("systemd-host/tree"), "--interval", "200ms");
        assertThat(result.stdout()).hasSize(3);
        assertThat(result.stdout().get(0)).startsWith("# sample 1 at ");
        assertThat(result.walkStatus()).isEqualTo(StdoutClosedException.EXIT_STATUS);
        assertThat(result.stderr()).isEmpty();
    }

    @Test
    void reportIntoHeadEndsQuietlyWithTheSigpipeStatus() throws Exception
    {
        final Result result = pipeIntoHead("head", "report", "--root", tree("systemd-host/tree"), "--interval",
            "200ms");
        assertThat(result.stdout()).hasSize(10);
        assertThat(result.stdout().get(0)).startsWith("timestamp,id,path,depth");
        assertThat(result.walkStatus()).isEqualTo(StdoutClosedException.EXIT_STATUS);
        assertThat(result.stderr()).isEmpty();
    }

    @Test
    void oneWalkIntoAClosedPipeEndsWithTheSigpipeStatus() throws Exception
    {
        final Result result = pipeIntoHead("head -1", "--root", tree("systemd-host/tree"), "--format", "csv");
        assertThat(result.stdout()).hasSize(1);
        assertThat(result.walkStatus()).isIn(0, StdoutClosedException.EXIT_STATUS);
        assertThat(result.stderr()).isEmpty();
    }

    @Test
    void yesIntoHeadLeavesTheStatusTheCommandCopies() throws Exception
    {
        final Process shell = new ProcessBuilder("bash", "-c", "yes | head -1 >/dev/null; echo ${PIPESTATUS[0]}")
            .redirectErrorStream(true).start();
        assertThat(shell.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim())
            .isEqualTo(Integer.toString(StdoutClosedException.EXIT_STATUS));
    }

    private record Result(List<String> stdout, String stderr, int walkStatus)
    {
    }

    private Result pipeIntoHead(final String head, final String... args) throws IOException, InterruptedException
    {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "needs bash");
        final StringBuilder command = new StringBuilder();
        command.append(quote(Path.of(System.getProperty("java.home"), "bin", "java").toString()))
            .append(" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx128m -cp ")
            .append(quote(System.getProperty("java.class.path"))).append(' ').append(CgroupWalk.class.getName());
        for (final String arg : args)
        {
            command.append(' ').append(quote(arg));
        }
        final Path out = tmp.resolve("stdout.txt");
        final Path err = tmp.resolve("stderr.txt");
        final Path status = tmp.resolve("status.txt");
        command.append(" 2>").append(quote(err.toString())).append(" | ").append(head).append(" >")
            .append(quote(out.toString())).append("; echo ${PIPESTATUS[0]} >").append(quote(status.toString()));
        final Process shell = new ProcessBuilder("bash", "-c", command.toString()).inheritIO().start();
        try
        {
            assertThat(shell.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS))
                .as("the command ends once head has closed the pipe").isTrue();
        }
        finally
        {
            if (shell.isAlive())
            {
                shell.descendants().forEach(ProcessHandle::destroyForcibly);
                shell.destroyForcibly().waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
        }
        return new Result(Files.readAllLines(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8),
            Integer.parseInt(Files.readString(status, StandardCharsets.US_ASCII).trim()));
    }

    private static String quote(final String word)
    {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
