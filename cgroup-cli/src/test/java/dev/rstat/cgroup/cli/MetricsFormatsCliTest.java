package dev.rstat.cgroup.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class MetricsFormatsCliTest
{
    private static final String TREE = Path.of(System.getProperty("testdata.dir", "../testdata"))
        .resolve("systemd-host/tree").toString();

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(final String... args)
    {
        return CgroupWalk.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void exportsAggregatedOpenMetricsWithSelfAndSubtreeScopes()
    {
        assertThat(run("--root", TREE, "--aggregate", "--format", "openmetrics")).isEqualTo(0);

        final String text = out.toString();
        assertThat(text).endsWith("# EOF\n");
        assertThat(text).contains("cgroup_cpu_usage_seconds_total{cgroup=\"/system.slice\"");
        assertThat(text).contains("scope=\"self\"").contains("scope=\"subtree\"");
    }

    @Test
    void prometheusTextOfAFullAggregatedTreePassesPromtool() throws Exception
    {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/promtool")), "promtool is not installed");
        assertThat(run("--root", TREE, "--stats", "all", "--aggregate", "--format", "prometheus")).isEqualTo(0);
        final Path file = Files.createTempFile("metrics", ".txt");
        try
        {
            Files.writeString(file, out.toString(), StandardCharsets.UTF_8);
            final Process promtool = new ProcessBuilder("/usr/bin/promtool", "check", "metrics")
                .redirectInput(file.toFile()).redirectErrorStream(true).start();
            final String report = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(promtool.waitFor()).as(report).isEqualTo(0);
        }
        finally
        {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void metricsFormatsTakeOneSampleAndServeRejectsABadAddress()
    {
        assertThat(run("--root", TREE, "--format", "openmetrics", "--interval", "1s")).isEqualTo(2);
        assertThat(err.toString()).contains("takes one sample");
        assertThat(run("--root", TREE, "serve", "--listen", "nowhere:port")).isEqualTo(2);
        assertThat(err.toString()).contains("invalid listen address");
    }

    @Test
    void outputToADeviceWritesThroughItInsteadOfReplacingIt() throws Exception
    {
        final Path fifo = Files.createTempDirectory("fifo").resolve("pipe");
        final Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assumeTrue(mkfifo.waitFor() == 0, "mkfifo is not available");
        final Thread reader = new Thread(() ->
        {
            try
            {
                out.write(Files.readString(fifo, StandardCharsets.UTF_8));
            }
            catch (final java.io.IOException ex)
            {
                throw new java.io.UncheckedIOException(ex);
            }
        });
        reader.start();
        final StringWriter ignored = new StringWriter();
        final int code = CgroupWalk.run(new PrintWriter(ignored, true), new PrintWriter(err, true),
            "--root", TREE, "--max-depth", "0", "--format", "csv", "-o", fifo.toString());
        reader.join(30_000);

        assertThat(code).isEqualTo(0);
        assertThat(Files.isRegularFile(fifo)).as("still a FIFO, not replaced by a renamed file").isFalse();
        assertThat(Files.exists(fifo)).isTrue();
        assertThat(out.toString()).startsWith("id,path,depth,");
        Files.delete(fifo);
        Files.delete(fifo.getParent());
    }
}
