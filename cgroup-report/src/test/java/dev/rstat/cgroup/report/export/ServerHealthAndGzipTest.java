package dev.rstat.cgroup.report.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.rstat.cgroup.report.Table;

/**
 * The server's own health families, failures logged once per distinct failure without a stack trace, and gzip
 * compression asked for with {@code Accept-Encoding}.
 */
class ServerHealthAndGzipTest
{
    private static final InetSocketAddress EPHEMERAL = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    private static final String OPENMETRICS = "application/openmetrics-text;version=1.0.0";
    private static final long SECOND = 1_000_000_000L;
    private static final Path PROMTOOL = Path.of("/usr/bin/promtool");

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final AtomicLong clock = new AtomicLong();
    private final AtomicInteger walks = new AtomicInteger();
    private final List<String> log = new CopyOnWriteArrayList<>();
    private MetricsServer server;

    @TempDir
    Path tmp;

    @AfterEach
    void closeServer()
    {
        if (server != null)
        {
            server.close();
        }
    }

    @Test
    void countsFailedWalksAndShowsTheLastSuccessAfterTheCgroupFamilies() throws Exception
    {
        final Supplier<Table> walker = () ->
        {
            final int walk = walks.incrementAndGet();
            clock.addAndGet(250_000_000L);
            if (walk == 2 || walk == 3)
            {
                throw new IllegalStateException("cannot read: file=/sys/fs/cgroup/x");
            }
            return MetricsServerTest.report(walk);
        };
        server = MetricsServer.start(EPHEMERAL, walker, Duration.ofSeconds(1), clock::get, log::add);

        final long before = System.currentTimeMillis();
        final String first = get(OPENMETRICS, null).body();
        final long after = System.currentTimeMillis();
        assertThat(first).endsWith("# EOF\n").contains(
            "# TYPE cgroup_walk_last_duration_seconds gauge\n# UNIT cgroup_walk_last_duration_seconds seconds\n",
            "cgroup_walk_last_duration_seconds 0.250000000\n", "# TYPE cgroup_walk_failures counter\n",
            "cgroup_walk_failures_total 0\n");
        assertThat(first.indexOf("cgroup_walk_")).isGreaterThan(first.indexOf("cgroup_cpu_usage_seconds_total"));
        final double success = value(first, "cgroup_walk_last_success_timestamp_seconds");
        assertThat(success).isBetween(before / 1e3 - 0.001, after / 1e3 + 0.001);

        clock.addAndGet(SECOND);
        assertThat(get(null, null).statusCode()).isEqualTo(500);
        clock.addAndGet(SECOND);
        assertThat(get(null, null).statusCode()).isEqualTo(500);
        clock.addAndGet(SECOND);
        final String recovered = get(null, null).body();
        assertThat(recovered).contains("# TYPE cgroup_walk_failures_total counter\n", "cgroup_walk_failures_total 2\n")
            .doesNotContain("# EOF", "# UNIT");
        assertThat(value(recovered, "cgroup_walk_last_success_timestamp_seconds")).isGreaterThanOrEqualTo(success);
        assertThat(log).as("two failed walks with the same message: one line, no exception class")
            .containsExactly("walk failed: cannot read: file=/sys/fs/cgroup/x");
    }

    @Test
    void logsEachDistinctFailureOnce() throws Exception
    {
        server = MetricsServer.start(EPHEMERAL, () ->
        {
            final int walk = walks.incrementAndGet();
            clock.addAndGet(SECOND);
            throw new IllegalArgumentException(walk % 2 == 0 ? "cgroup not found: path=/gone" : "no such root");
        }, Duration.ZERO, clock::get, log::add);
        for (int i = 0; i < 6; i++)
        {
            clock.addAndGet(SECOND);
            assertThat(get(null, null).statusCode()).isEqualTo(500);
        }
        assertThat(walks).hasValue(6);
        assertThat(log).containsExactly("walk failed: no such root", "walk failed: cgroup not found: path=/gone");
    }

    @Test
    void theHealthFamiliesPassPromtool() throws Exception
    {
        assumeTrue(Files.isExecutable(PROMTOOL), "no " + PROMTOOL + " (apt-get install prometheus)");
        server = MetricsServer.start(EPHEMERAL, () -> MetricsServerTest.report(walks.incrementAndGet()),
            Duration.ZERO, clock::get, log::add);
        final Path input = Files.writeString(tmp.resolve("metrics.prom"), get(null, null).body());
        final Process promtool = new ProcessBuilder(PROMTOOL.toString(), "check", "metrics")
            .redirectInput(input.toFile()).redirectErrorStream(true).start();
        final String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(promtool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(promtool.exitValue()).as(output).isZero();
        assertThat(output).isEmpty();
    }

    @Test
    void compressesWithGzipWhenAskedAndOnlyThen() throws Exception
    {
        server = MetricsServer.start(EPHEMERAL, () -> MetricsServerTest.report(7), Duration.ofHours(1), clock::get,
            log::add);
        final HttpResponse<byte[]> gzipped = client.send(request(OPENMETRICS, "gzip"),
            HttpResponse.BodyHandlers.ofByteArray());
        final HttpResponse<byte[]> plain = client.send(request(OPENMETRICS, null),
            HttpResponse.BodyHandlers.ofByteArray());
        final HttpResponse<byte[]> refused = client.send(request(OPENMETRICS, "gzip;q=0, identity"),
            HttpResponse.BodyHandlers.ofByteArray());

        assertThat(gzipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(gzipped.headers().firstValue("Vary")).hasValue("Accept, Accept-Encoding");
        final byte[] inflated;
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped.body())))
        {
            inflated = in.readAllBytes();
        }
        assertThat(new String(inflated, StandardCharsets.UTF_8)).isEqualTo(new String(plain.body(),
            StandardCharsets.UTF_8)).endsWith("# EOF\n");
        assertThat(gzipped.body().length).isLessThan(plain.body().length);
        assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(refused.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(refused.body()).isEqualTo(plain.body());
    }

    @Test
    void readsAcceptEncodingLikeHttpSays()
    {
        assertThat(MetricsServer.acceptsGzip("gzip")).isTrue();
        assertThat(MetricsServer.acceptsGzip("deflate, GZIP;q=0.5")).isTrue();
        assertThat(MetricsServer.acceptsGzip("*")).isTrue();
        assertThat(MetricsServer.acceptsGzip("*, gzip;q=0")).isFalse();
        assertThat(MetricsServer.acceptsGzip("identity")).isFalse();
        assertThat(MetricsServer.acceptsGzip("gzip;q=0.000")).isFalse();
        assertThat(MetricsServer.acceptsGzip(null)).isFalse();
    }

    private static double value(final String exposition, final String name)
    {
        final Matcher matcher = Pattern.compile("(?m)^" + name + " (\\S+)$").matcher(exposition);
        assertThat(matcher.find()).as(name).isTrue();
        return Double.parseDouble(matcher.group(1));
    }

    private HttpResponse<String> get(final String accept, final String encoding)
        throws IOException, InterruptedException
    {
        return client.send(request(accept, encoding), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest request(final String accept, final String encoding)
    {
        final HttpRequest.Builder builder = HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + server.address().getPort() + MetricsServer.METRICS_PATH))
            .timeout(Duration.ofSeconds(30));
        if (accept != null)
        {
            builder.header("Accept", accept);
        }
        if (encoding != null)
        {
            builder.header("Accept-Encoding", encoding);
        }
        return builder.build();
    }
}
