package dev.rstat.cgroup.report.export;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.rstat.cgroup.report.Field;
import dev.rstat.cgroup.report.SampleBuilder;
import dev.rstat.cgroup.report.Table;
import dev.rstat.cgroup.report.render.OpenMetricsRenderer;
import dev.rstat.cgroup.stat.Columns;
import dev.rstat.cgroup.stat.ValueState;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MetricsServerTest
{
    private static final InetSocketAddress EPHEMERAL = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    private static final String PROMETHEUS_ACCEPT = "application/openmetrics-text;version=1.0.0,"
        + "application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";
    private static final long SECOND = 1_000_000_000L;
    private static final long WAIT_SECONDS = 30;

    private final HttpClient client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(WAIT_SECONDS))
        .build();
    private final AtomicLong clock = new AtomicLong();
    private final AtomicInteger walks = new AtomicInteger();
    private MetricsServer server;

    @AfterEach
    void closeServer()
    {
        if (server != null)
        {
            server.close();
        }
    }

    @Test
    void servesOpenMetricsToPrometheusAndTheTextFormatToOthers() throws Exception
    {
        final Table report = report(42);
        server = MetricsServer.start(EPHEMERAL, () -> report, Duration.ofSeconds(1));

        final HttpResponse<String> openMetrics = get("/metrics", PROMETHEUS_ACCEPT);
        final HttpResponse<String> plain = get("/metrics", null);
        final HttpResponse<String> text = get("/metrics", "text/plain;version=0.0.4");

        assertThat(openMetrics.statusCode()).isEqualTo(200);
        assertThat(openMetrics.headers().firstValue("Content-Type"))
            .hasValue("application/openmetrics-text; version=1.0.0; charset=utf-8");
        assertThat(openMetrics.headers().firstValue("Vary")).hasValue("Accept, Accept-Encoding");
        assertThat(withoutHealth(openMetrics.body())).isEqualTo(render(OpenMetricsRenderer.openMetrics(), report))
            .contains("cgroup_cpu_usage_seconds_total{cgroup=\"/a,\\\"b\\\"\",id=\"2\",scope=\"subtree\"} 0.000042")
            .endsWith("# EOF\n");
        for (final HttpResponse<String> response : List.of(plain, text))
        {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type"))
                .hasValue("text/plain; version=0.0.4; charset=utf-8");
            assertThat(withoutHealth(response.body())).isEqualTo(render(OpenMetricsRenderer.prometheusText(), report))
                .contains("# TYPE cgroup_cpu_usage_seconds_total counter");
        }
    }

    @Test
    void scrapesArrivingDuringAWalkWaitForItInsteadOfWalkingAgain() throws Exception
    {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        server = MetricsServer.start(EPHEMERAL, () ->
        {
            final int walk = walks.incrementAndGet();
            entered.countDown();
            await(release);
            return report(walk);
        }, Duration.ZERO);

        final List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < MetricsServer.HANDLER_THREADS; i++)
        {
            responses.add(client.sendAsync(request("/metrics", null), HttpResponse.BodyHandlers.ofString()));
        }
        assertThat(entered.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        awaitWaitingScrapes(MetricsServer.HANDLER_THREADS - 1);
        release.countDown();

        for (final CompletableFuture<HttpResponse<String>> response : responses)
        {
            assertThat(response.get(WAIT_SECONDS, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            assertThat(response.get().body()).contains("} 0.000001\n");
        }
        assertThat(walks).hasValue(1);
        assertThat(server.walks()).isEqualTo(1);
    }

    @Test
    void aBurstOfScrapesWithinTheIntervalCostsOneWalk() throws Exception
    {
        server = MetricsServer.start(EPHEMERAL, () -> report(walks.incrementAndGet()), Duration.ofHours(1));

        final List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < 24; i++)
        {
            responses.add(client.sendAsync(request("/metrics", i % 2 == 0 ? PROMETHEUS_ACCEPT : null),
                HttpResponse.BodyHandlers.ofString()));
        }
        for (final CompletableFuture<HttpResponse<String>> response : responses)
        {
            assertThat(response.get(WAIT_SECONDS, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }

        assertThat(walks).hasValue(1);
    }

    @Test
    void walksAgainOnceTheIntervalHasPassed() throws Exception
    {
        server = MetricsServer.start(EPHEMERAL, () -> report(walks.incrementAndGet()), Duration.ofSeconds(10),
            clock::get);

        assertThat(get("/metrics", null).body()).contains("} 0.000001\n");
        clock.addAndGet(10 * SECOND - 1);
        assertThat(get("/metrics", PROMETHEUS_ACCEPT).body()).contains("} 0.000001\n");
        assertThat(walks).hasValue(1);
        clock.addAndGet(1);
        assertThat(get("/metrics", null).body()).contains("} 0.000002\n").doesNotContain("} 0.000001\n");
        assertThat(walks).hasValue(2);
        assertThat(server.walks()).isEqualTo(2);
    }

    @Test
    void answersAFailedWalkWithOneLineAndKeepsServing() throws Exception
    {
        final Supplier<Table> walker = () ->
        {
            final int walk = walks.incrementAndGet();
            if (walk == 1)
            {
                throw new IllegalStateException("cannot read: file=/sys/fs/cgroup/x\nsecond line");
            }
            return walk == 2 ? null : report(walk);
        };
        server = MetricsServer.start(EPHEMERAL, walker, Duration.ofSeconds(1), clock::get);

        final HttpResponse<String> failed = get("/metrics", PROMETHEUS_ACCEPT);
        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(failed.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
        assertThat(failed.body())
            .isEqualTo("walk failed: cannot read: file=/sys/fs/cgroup/x second line\n");
        assertThat(get("/metrics", null).statusCode()).isEqualTo(500);
        assertThat(walks).hasValue(1);

        clock.addAndGet(SECOND);
        final HttpResponse<String> nothing = get("/metrics", null);
        assertThat(nothing.statusCode()).isEqualTo(500);
        assertThat(nothing.body()).isEqualTo("walk failed: the walker returned no report\n");

        clock.addAndGet(SECOND);
        final HttpResponse<String> recovered = get("/metrics", null);
        assertThat(recovered.statusCode()).isEqualTo(200);
        assertThat(recovered.body()).contains("} 0.000003\n");
        assertThat(walks).hasValue(3);
    }

    @Test
    void servesAnIndexPageAndRefusesOtherPathsAndMethods() throws Exception
    {
        server = MetricsServer.start(EPHEMERAL, () -> report(walks.incrementAndGet()), Duration.ofSeconds(1));

        final HttpResponse<String> index = get("/", null);
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(index.body()).contains("<a href=\"metrics\">/metrics</a>");
        for (final String path : List.of("/metrics/", "/metricsx", "/favicon.ico", "/metrics/x", "//metrics"))
        {
            assertThat(get(path, null).statusCode()).as(path).isEqualTo(404);
        }
        for (final String method : List.of("POST", "PUT", "DELETE", "OPTIONS"))
        {
            final HttpResponse<String> refused = client.send(HttpRequest.newBuilder(uri("/metrics"))
                .method(method, HttpRequest.BodyPublishers.ofString("x")).build(),
                HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).as(method).isEqualTo(405);
            assertThat(refused.headers().firstValue("Allow")).as(method).hasValue("GET, HEAD");
        }
        final HttpResponse<String> head = client.send(HttpRequest.newBuilder(uri("/metrics"))
            .method("HEAD", HttpRequest.BodyPublishers.noBody()).header("Accept", PROMETHEUS_ACCEPT).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Type"))
            .hasValue("application/openmetrics-text; version=1.0.0; charset=utf-8");
        assertThat(head.body()).isEmpty();
        assertThat(walks).hasValue(1);
    }

    @Test
    void stopsListeningWhenClosed() throws Exception
    {
        server = MetricsServer.start(EPHEMERAL, () -> report(1), Duration.ofSeconds(1));
        final URI metrics = server.metricsUri();
        assertThat(metrics.toString()).startsWith("http://127.0.0.1:").endsWith("/metrics");
        assertThat(client.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString())
            .statusCode()).isEqualTo(200);

        server.close();
        server.close();

        assertThatThrownBy(() -> HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
            .send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString()))
            .isInstanceOf(IOException.class);
    }

    @Test
    void failsToStartOnAPortInUse()
    {
        server = MetricsServer.start(EPHEMERAL, () -> report(1), Duration.ofSeconds(1));

        assertThatThrownBy(() -> MetricsServer.start(server.address(), () -> report(1), Duration.ofSeconds(1)))
            .isInstanceOf(UncheckedIOException.class)
            .hasMessageContaining("cannot listen: address=");
        assertThatThrownBy(() -> MetricsServer.start(EPHEMERAL, () -> report(1), Duration.ofSeconds(-1)))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parsesListenAddresses() throws Exception
    {
        assertThat(MetricsServer.parseAddress("127.0.0.1:9400"))
            .isEqualTo(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 9400));
        assertThat(MetricsServer.parseAddress("[::1]:9500"))
            .isEqualTo(new InetSocketAddress(InetAddress.getByName("::1"), 9500));
        assertThat(MetricsServer.parseAddress("0.0.0.0:0"))
            .isEqualTo(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 0));
        assertThat(MetricsServer.parseAddress("9400"))
            .isEqualTo(new InetSocketAddress(InetAddress.getLoopbackAddress(), 9400));
        assertThat(MetricsServer.DEFAULT_ADDRESS).isEqualTo(MetricsServer.parseAddress("127.0.0.1:9400"));
        for (final String bad : List.of("", ":9400", "host:", "host:x", "1.2.3.4:65536", "::1:9400", "[]:1", "-1"))
        {
            assertThatThrownBy(() -> MetricsServer.parseAddress(bad)).as(bad)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("address=" + bad);
        }
    }

    /** A table whose CPU usage is {@code micros} microseconds, for a root and a child with an awkward name. */
    static Table report(final long micros)
    {
        final Columns columns = new Columns();
        final Field usage = Field.raw(columns.intern("cpu.stat.usage_usec"));
        final Field max = Field.raw(columns.intern("memory.max"));
        final SampleBuilder sample = new SampleBuilder(columns);
        final int root = sample.row(1, "/", 0);
        sample.number(root, usage, micros * 10).state(root, max, ValueState.MAX);
        final int child = sample.row(2, "/a,\"b\"", 1, root);
        sample.number(child, usage, micros).number(child, max, 4096);
        return Table.of(sample.build());
    }

    /**
     * @return the exposition without the server's own health families (the cgroup_walk_* lines), as the renderer
     *         alone writes it.
     */
    static String withoutHealth(final String exposition)
    {
        final StringBuilder out = new StringBuilder(exposition.length());
        for (final String line : exposition.split("\n", -1))
        {
            if (!line.startsWith("cgroup_walk_") && !line.matches("# (TYPE|UNIT|HELP) cgroup_walk_.*"))
            {
                out.append(line).append('\n');
            }
        }
        return out.substring(0, out.length() - 1);
    }

    static String render(final OpenMetricsRenderer renderer, final Table report) throws IOException
    {
        final StringWriter out = new StringWriter();
        renderer.render(report, out);
        return out.toString();
    }

    private HttpResponse<String> get(final String path, final String accept) throws IOException, InterruptedException
    {
        return client.send(request(path, accept), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest request(final String path, final String accept)
    {
        final HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(WAIT_SECONDS));
        if (accept != null)
        {
            builder.header("Accept", accept);
        }
        return builder.build();
    }

    private URI uri(final String path)
    {
        return URI.create("http://127.0.0.1:" + server.address().getPort() + path);
    }

    private void awaitWaitingScrapes(final int expected) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (server.waitingScrapes() < expected)
        {
            assertThat(System.nanoTime() - deadline).as("scrapes waiting for the walk").isNegative();
            Thread.sleep(5);
        }
    }

    private static void await(final CountDownLatch latch)
    {
        try
        {
            if (!latch.await(WAIT_SECONDS, TimeUnit.SECONDS))
            {
                throw new IllegalStateException("not released");
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }
}
