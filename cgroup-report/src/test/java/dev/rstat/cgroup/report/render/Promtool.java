package dev.rstat.cgroup.report.render;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs the real {@code /usr/bin/promtool} (Debian package {@code prometheus}); tests that use it skip when it is not
 * installed.
 * <ul>
 * <li>{@code promtool check metrics} parses the Prometheus text format from stdin and lints it (names, units,
 * {@code _total}, HELP); it reads OpenMetrics {@code # UNIT}/{@code # EOF} lines as comments but then finds counter
 * samples ({@code x_total}) without metadata of their own, so it is given the Prometheus format.</li>
 * <li>{@code promtool tsdb create-blocks-from openmetrics} parses with Prometheus' strict OpenMetrics parser ({@code #
 * EOF}, unit suffixes, escapes); it needs timestamps, so a fixed one is appended to every sample line.</li>
 * </ul>
 */
final class Promtool
{
    static final Path PROMTOOL = Path.of("/usr/bin/promtool");
    private static final long TIMEOUT_SECONDS = 60;
    private static final String TIMESTAMP = " 1700000000";

    private Promtool()
    {
    }

    static void assumeInstalled()
    {
        assumeTrue(Files.isExecutable(PROMTOOL), "no " + PROMTOOL + " (apt-get install prometheus)");
    }

    /**
     * Asserts that {@code promtool check metrics} accepts a Prometheus text exposition without a single lint
     * problem.
     *
     * @param prometheusText the exposition.
     * @param dir            a scratch directory.
     */
    static void assertCheckMetricsPasses(final String prometheusText, final Path dir)
        throws IOException, InterruptedException
    {
        final Path scratch = Files.createTempDirectory(dir, "prom");
        final Path input = Files.writeString(scratch.resolve("metrics.prom"), prometheusText, StandardCharsets.UTF_8);
        final Result result = run(scratch, input, List.of(PROMTOOL.toString(), "check", "metrics"));
        assertThat(result.exit()).as("promtool check metrics: " + result.output()).isZero();
        assertThat(result.output()).as("promtool check metrics output").isEmpty();
    }

    /**
     * Asserts that Prometheus' OpenMetrics parser ({@code promtool tsdb create-blocks-from openmetrics}) accepts an
     * exposition once every sample has a timestamp, and imports every sample.
     *
     * @param openMetrics the exposition.
     * @param dir         a scratch directory.
     */
    static void assertOpenMetricsParses(final String openMetrics, final Path dir)
        throws IOException, InterruptedException
    {
        final StringBuilder stamped = new StringBuilder(openMetrics.length() * 2);
        long samples = 0;
        for (final String line : openMetrics.split("\n", -1))
        {
            if (line.isEmpty())
            {
                continue;
            }
            stamped.append(line);
            if (!line.startsWith("#"))
            {
                stamped.append(TIMESTAMP);
                samples++;
            }
            stamped.append('\n');
        }
        final Path scratch = Files.createTempDirectory(dir, "om");
        final Path input = Files.writeString(scratch.resolve("metrics.om"), stamped, StandardCharsets.UTF_8);
        final Path blocks = scratch.resolve("blocks");
        final Result result = run(scratch, null, List.of(PROMTOOL.toString(), "tsdb", "create-blocks-from",
            "openmetrics", input.toString(), blocks.toString()));
        assertThat(result.exit()).as("promtool tsdb create-blocks-from openmetrics: " + result.output()).isZero();
        if (samples > 0)
        {
            assertThat(result.output()).as("imported samples").containsPattern("\\s" + samples + "\\s");
        }
    }

    /**
     * Runs {@code promtool check metrics} on any input.
     *
     * @param text the input.
     * @param dir  a scratch directory.
     * @return exit code and combined output.
     */
    static Result checkMetrics(final String text, final Path dir) throws IOException, InterruptedException
    {
        final Path scratch = Files.createTempDirectory(dir, "any");
        final Path input = Files.writeString(scratch.resolve("any.txt"), text, StandardCharsets.UTF_8);
        return run(scratch, input, List.of(PROMTOOL.toString(), "check", "metrics"));
    }

    private static Result run(final Path dir, final Path stdin, final List<String> command)
        throws IOException, InterruptedException
    {
        final Path output = dir.resolve("promtool.out");
        final ProcessBuilder builder = new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile());
        if (stdin != null)
        {
            builder.redirectInput(stdin.toFile());
        }
        final Process process = builder.start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS))
        {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException("promtool did not finish: command=" + command);
        }
        return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }

    /** Exit code and output of one run. */
    record Result(int exit, String output)
    {
    }
}
