package dev.rstat.cgroup.report.export;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.rstat.cgroup.report.Derivation;
import dev.rstat.cgroup.report.Field;
import dev.rstat.cgroup.report.SampleBuilder;
import dev.rstat.cgroup.report.Table;
import dev.rstat.cgroup.stat.Columns;
import dev.rstat.cgroup.stat.ValueState;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real Prometheus ({@code /usr/bin/prometheus}, Debian package {@code prometheus}) scrapes a {@link MetricsServer}
 * on loopback every second; the test queries Prometheus' HTTP API until the values come back. Prometheus asks for
 * OpenMetrics, so this also checks that its strict OpenMetrics parser accepts the output (a rejected scrape leaves
 * {@code up} at 0 and no series). Skipped when Prometheus is not installed.
 */
class PrometheusScrapeTest
{
    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    private static final String AWKWARD = "/a,\"b\"";
    private static final String AWKWARDER = AWKWARD + "/new\nline \\ \u65e5\u672c";
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final Pattern VALUE = Pattern.compile("\"value\":\\[[0-9.e+]+,\"([^\"]*)\"\\]");

    @TempDir
    Path tmp;

    private final HttpClient client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();

    @Test
    void prometheusScrapesTheServerAndAnswersQueries() throws Exception
    {
        assumeTrue(Files.isExecutable(PROMETHEUS), "no " + PROMETHEUS + " (apt-get install prometheus)");
        final Table report = report();
        try (MetricsServer server = MetricsServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            () -> report, Duration.ofMillis(500)))
        {
            final int webPort = freeLoopbackPort();
            final Path config = Files.writeString(tmp.resolve("prometheus.yml"), String.join("\n",
                "global:",
                "  scrape_interval: 1s",
                "  scrape_timeout: 1s",
                "scrape_configs:",
                "  - job_name: rstat",
                "    static_configs:",
                "      - targets: ['127.0.0.1:" + server.address().getPort() + "']",
                ""));
            final Path log = tmp.resolve("prometheus.log");
            final Process prometheus = new ProcessBuilder(List.of(PROMETHEUS.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + tmp.resolve("data"),
                "--web.listen-address=127.0.0.1:" + webPort))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
            try
            {
                final URI api = URI.create("http://127.0.0.1:" + webPort + "/api/v1/");
                final long deadline = System.nanoTime() + DEADLINE.toNanos();

                assertThat(awaitValue(api, "cgroup_cpu_usage_seconds_total{cgroup=\"/a,\\\"b\\\"\","
                    + "scope=\"subtree\"}", deadline, prometheus, log)).isEqualTo("1.234567");
                assertThat(awaitValue(api, "up{job=\"rstat\"}", deadline, prometheus, log)).isEqualTo("1");
                assertThat(awaitValue(api, "cgroup_cpu_usage_self_seconds{scope=\"self\",cgroup=\"/\"}", deadline,
                    prometheus, log)).isEqualTo("3.765433");
                assertThat(awaitValue(api, "cgroup_memory_max_bytes{cgroup=\"/\"}", deadline, prometheus, log))
                    .isEqualTo("+Inf");
                assertThat(awaitValue(api, "cgroup_io_read_bytes_total{cgroup=\"/a,\\\"b\\\"/new\\nline \\\\ "
                    + "\u65e5\u672c\",device=\"8:0\"}", deadline, prometheus, log)).isEqualTo("4096");
                assertThat(Double.parseDouble(awaitValue(api, "sum(cgroup_cpu_usage_self_seconds{scope=\"self\"})",
                    deadline, prometheus, log))).as("own shares add up to the root's total").isCloseTo(5.0,
                    within(1e-9));
                assertThat(get(api.resolve("targets/metadata?match_target=" + encode("{job=\"rstat\"}")
                    + "&metric=cgroup_cpu_usage_seconds"))).as("metadata from the OpenMetrics UNIT line")
                    .contains("\"unit\":\"seconds\"").contains("\"type\":\"counter\"");
            }
            finally
            {
                prometheus.destroy();
                if (!prometheus.waitFor(10, TimeUnit.SECONDS))
                {
                    prometheus.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
            assertThat(server.walks()).isPositive();
        }
    }

    /** Root 5 s of CPU, of which 3.765433 s its own; a child with a comma and quotes; a grandchild with worse. */
    private static Table report()
    {
        final Columns columns = new Columns();
        final Field usage = Field.raw(columns.intern("cpu.stat.usage_usec"));
        final Field usageSelf = new Field(usage.column(), Derivation.SELF);
        final Field max = Field.raw(columns.intern("memory.max"));
        final Field rbytes = Field.raw(columns.intern("io.stat.8:0.rbytes"));
        final SampleBuilder sample = new SampleBuilder(columns);
        final int root = sample.row(1, "/", 0);
        sample.number(root, usage, 5_000_000).number(root, usageSelf, 3_765_433).state(root, max, ValueState.MAX);
        final int child = sample.row(2, AWKWARD, 1, root);
        sample.number(child, usage, 1_234_567).number(child, usageSelf, 1_234_562).number(child, max, 1 << 30);
        final int grandchild = sample.row(3, AWKWARDER, 2, child);
        sample.number(grandchild, usage, 5).number(grandchild, usageSelf, 5).number(grandchild, rbytes, 4096);
        return Table.of(sample.build());
    }

    private String awaitValue(final URI api, final String query, final long deadline, final Process prometheus,
        final Path log) throws IOException, InterruptedException
    {
        String last = "";
        while (System.nanoTime() - deadline < 0)
        {
            if (!prometheus.isAlive())
            {
                fail("prometheus exited: code=" + prometheus.exitValue() + " log=" + tail(log));
            }
            try
            {
                last = get(api.resolve("query?query=" + encode(query)));
                final Matcher value = VALUE.matcher(last);
                if (value.find())
                {
                    final String found = value.group(1);
                    assertThat(value.find()).as("one series for " + query + ": " + last).isFalse();
                    return found;
                }
            }
            catch (final IOException ex)
            {
                last = ex.toString();
            }
            Thread.sleep(200);
        }
        return fail("no value in time: query=" + query + " last=" + last + " log=" + tail(log));
    }

    private String get(final URI uri) throws IOException, InterruptedException
    {
        return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.ofString()).body();
    }

    private static String encode(final String text)
    {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static int freeLoopbackPort() throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            return socket.getLocalPort();
        }
    }

    private static String tail(final Path log) throws IOException
    {
        final String text = Files.exists(log) ? Files.readString(log) : "";
        return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
    }
}
