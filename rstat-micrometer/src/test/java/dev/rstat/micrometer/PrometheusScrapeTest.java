package dev.rstat.micrometer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.rstat.Aggregation;
import dev.rstat.Histogram;
import dev.rstat.RstatNode;

import io.micrometer.core.instrument.MockClock;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class PrometheusScrapeTest
{
    private static final Path PROMTOOL = Path.of("/usr/bin/promtool");

    private final TenantTree tree = new TenantTree();
    private final MockClock clock = new MockClock();
    private final PrometheusMeterRegistry registry =
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT).throwExceptionOnRegistrationFailure();
    private final RstatMeterBinder binder = RstatMeterBinder.builder(tree.rstat).clock(clock).build();

    @AfterEach
    void close()
    {
        binder.close();
        registry.close();
        tree.rstat.close();
    }

    @Test
    void aScrapeShowsTheEnginesValuesForEveryNodeStatisticAndScope() throws Exception
    {
        binder.bindTo(registry);
        writeFromThreads(3, 400, 5);

        final PrometheusText scrape = scrape();

        assertThat(scrape.types).containsEntry("rstat_requests_count_total", "counter")
            .containsEntry("rstat_requests_kib_bytes_total", "counter")
            .containsEntry("rstat_requests_inflight", "gauge")
            .containsEntry("rstat_requests_inflight_max", "gauge")
            .containsEntry("rstat_requests_rss_peak_bytes", "gauge")
            .containsEntry("rstat_cpu_usage_seconds_total", "counter");
        assertThat(scrape.help).containsEntry("rstat_requests_inflight", "requests in flight");
        for (final Map.Entry<String, RstatNode> e : tree.nodes.entrySet())
        {
            final String path = e.getKey();
            final RstatNode n = e.getValue();
            assertThat(scrape.value("rstat_requests_count_total", "path", path, "scope", "self"))
                .isEqualTo(tree.requests.local(n, tree.count));
            assertThat(scrape.value("rstat_requests_count_total", "path", path, "scope", "subtree"))
                .isEqualTo(tree.requests.subtree(n, tree.count));
            assertThat(scrape.value("rstat_requests_kib_bytes_total", "path", path, "scope", "subtree"))
                .isEqualTo(tree.requests.subtree(n, tree.kib) * 1024.0);
            assertThat(scrape.value("rstat_requests_inflight", "path", path, "scope", "self"))
                .isEqualTo(tree.requests.local(n, tree.inflight));
            assertThat(scrape.value("rstat_requests_inflight_max", "path", path, "scope", "subtree"))
                .isEqualTo(tree.requests.aggregate(n, tree.inflight, Aggregation.MAX));
            assertThat(scrape.value("rstat_requests_inflight_zero", "path", path, "scope", "subtree"))
                .isEqualTo(tree.requests.aggregate(n, tree.inflight, Aggregation.COUNT_ZERO));
            assertThat(scrape.value("rstat_requests_rss_peak_bytes", "path", path, "scope", "subtree"))
                .isEqualTo(tree.requests.subtree(n, tree.rssPeak));
            assertThat(scrape.value("rstat_cpu_usage_seconds_total", "path", path, "scope", "self"))
                .isEqualTo(tree.cpu.local(n, tree.usage) / 1e6);
        }
        // what the threads did, independently of the engine: 3 threads x 400 requests on each of the 6 nodes
        assertThat(scrape.value("rstat_requests_count_total", "path", "/", "scope", "subtree")).isEqualTo(3 * 400 * 6);
        assertThat(scrape.value("rstat_requests_count_total", "path", "/tenant-a", "scope", "subtree"))
            .isEqualTo(3 * 400 * 3);
    }

    @Test
    void oneScrapeOfThousandsOfMetersCostsOneFlushPerGroup()
    {
        for (int t = 0; t < 20; t++)
        {
            final RstatNode tenant = tree.create("/", "t" + t);
            for (int a = 0; a < 10; a++)
            {
                tree.create("/t" + t, "app" + a);
            }
            tree.requests.add(tenant, tree.count, 1);
        }
        binder.bindTo(registry);
        for (final RstatNode node : tree.nodes.values())
        {
            tree.requests.add(node, tree.count, 2);
            tree.requests.record(node, tree.latency, 3_000);
            tree.cpu.add(node, tree.usage, 5);
        }
        clock.add(Duration.ofSeconds(5));
        final long requestsBefore = tree.requests.flushCount();
        final long cpuBefore = tree.cpu.flushCount();

        final PrometheusText scrape = PrometheusText.parse(registry.scrape());

        assertThat(tree.requests.flushCount() - requestsBefore).isEqualTo(1);
        assertThat(tree.cpu.flushCount() - cpuBefore).isEqualTo(1);
        assertThat(scrape.samples).hasSizeGreaterThan(5_000);
        assertThat(scrape.value("rstat_requests_count_total", "path", "/", "scope", "subtree"))
            .isEqualTo(2 * tree.nodes.size() + 20);
        assertThat(scrape.value("rstat_cpu_usage_seconds_total", "path", "/t7/app3", "scope", "self"))
            .isEqualTo(5 / 1e6);
    }

    @Test
    void nodesCreatedAndRemovedLaterAppearInAndDisappearFromTheScrape()
    {
        binder.bindTo(registry);
        final RstatNode app = tree.create("/tenant-b", "app-4");
        tree.requests.add(app, tree.count, 6);

        assertThat(PrometheusText.parse(registry.scrape()).find("rstat_requests_count_total", "path",
            "/tenant-b/app-4")).as("a scrape within the refresh interval").isEmpty();
        clock.add(Duration.ofSeconds(5));
        registry.scrape(); // its first read refreshes the meter set: the new node may or may not be in this one
        assertThat(PrometheusText.parse(registry.scrape())
            .value("rstat_requests_count_total", "path", "/tenant-b/app-4", "scope", "self"))
            .as("the next scrape shows the new node").isEqualTo(6);

        final RstatNode other = tree.create("/tenant-a", "app-5");
        tree.requests.add(other, tree.count, 8);
        binder.refresh();
        assertThat(PrometheusText.parse(registry.scrape())
            .value("rstat_requests_count_total", "path", "/tenant-a/app-5", "scope", "self"))
            .as("refresh() before a scrape shows a node created just before").isEqualTo(8);

        tree.remove("/tenant-b/app-4");
        tree.remove("/tenant-a/app-5");
        binder.refresh();
        final PrometheusText after = PrometheusText.parse(registry.scrape());

        assertThat(after.samples).noneMatch(s -> s.labels.getOrDefault("path", "").endsWith("app-4") ||
            s.labels.getOrDefault("path", "").endsWith("app-5"));
        assertThat(after.value("rstat_requests_count_total", "path", "/", "scope", "subtree")).isEqualTo(14);
        assertThat(after.value("rstat_nodes")).isEqualTo(tree.nodes.size());
    }

    @Test
    void pathsWithQuotesBackslashesAndNewlinesParseBackUnchanged()
    {
        final String name = "odd \"name\" \\ with\nnewline";
        final RstatNode odd = tree.create("/tenant-a", name);
        tree.requests.add(odd, tree.count, 4);
        binder.bindTo(registry);

        final PrometheusText scrape = scrape();

        assertThat(scrape.value("rstat_requests_count_total", "path", "/tenant-a/" + name, "scope", "self"))
            .isEqualTo(4);
    }

    @Test
    void histogramQuantileGaugesInTheScrapeAgreeWithHistogramQuantile()
    {
        final SplittableRandom random = new SplittableRandom(3);
        for (final String path : List.of("/tenant-a/app-1", "/tenant-a/app-2", "/tenant-b/app-3"))
        {
            for (int i = 0; i < 1_000; i++)
            {
                tree.requests.record(tree.node(path), tree.latency, random.nextLong(100, 20_000_000));
            }
        }
        binder.bindTo(registry);

        final PrometheusText scrape = scrape();

        assertThat(scrape.types).containsEntry("rstat_requests_latency_percentile_seconds", "gauge")
            .containsEntry("rstat_requests_latency_max_seconds", "gauge")
            .containsEntry("rstat_requests_latency_count_total", "counter")
            .containsEntry("rstat_requests_latency_sum_seconds_total", "counter");
        for (final String path : List.of("/", "/tenant-a", "/tenant-a/app-2", "/tenant-b/app-3"))
        {
            final RstatNode n = tree.node(path);
            final Histogram subtree = tree.requests.histogram(n, tree.latency);
            final Histogram own = tree.requests.localHistogram(n, tree.latency);
            for (final String q : List.of("0.5", "0.9", "0.99", "1"))
            {
                final String name = q.equals("1") ? "rstat_requests_latency_max_seconds" :
                    "rstat_requests_latency_percentile_seconds";
                final String[] phi = q.equals("1") ? new String[0] : new String[] {"phi", q};
                assertThat(scrape.value(name, concat("path", path, "scope", "subtree", phi)))
                    .isEqualTo(subtree.quantile(Double.parseDouble(q)) / 1e9);
                final double self = scrape.value(name, concat("path", path, "scope", "self", phi));
                if (own.totalCount() == 0)
                {
                    assertThat(self).isNaN();
                }
                else
                {
                    assertThat(self).isEqualTo(own.quantile(Double.parseDouble(q)) / 1e9);
                }
            }
            assertThat(scrape.value("rstat_requests_latency_count_total", "path", path, "scope", "subtree"))
                .isEqualTo(subtree.totalCount());
            assertThat(scrape.value("rstat_requests_latency_sum_seconds_total", "path", path, "scope", "subtree"))
                .isEqualTo(subtree.sumEstimate() / 1e9);
        }
        assertThat(scrape.value("rstat_requests_latency_count_total", "path", "/", "scope", "subtree"))
            .isEqualTo(3_000);
    }

    @Test
    void theScrapePassesPromtoolsLint(@TempDir final Path dir) throws Exception
    {
        assumeTrue(Files.isExecutable(PROMTOOL), "no " + PROMTOOL + " (apt-get install prometheus)");
        binder.bindTo(registry);
        writeFromThreads(2, 10, 9);
        final Path input = Files.writeString(dir.resolve("metrics.prom"), registry.scrape(), StandardCharsets.UTF_8);

        final Process promtool = new ProcessBuilder(PROMTOOL.toString(), "check", "metrics")
            .redirectErrorStream(true).redirectInput(input.toFile()).redirectOutput(dir.resolve("out").toFile())
            .start();
        assertThat(promtool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        final String output = Files.readString(dir.resolve("out"));
        assertThat(promtool.exitValue()).as(output).isZero();
        assertThat(output).isEmpty();
    }

    private static String[] concat(final String k1, final String v1, final String k2, final String v2,
                                   final String... more)
    {
        final List<String> all = new ArrayList<>(List.of(k1, v1, k2, v2));
        all.addAll(List.of(more));
        return all.toArray(new String[0]);
    }

    private PrometheusText scrape()
    {
        clock.add(Duration.ofSeconds(5));
        return PrometheusText.parse(registry.scrape());
    }

    private void writeFromThreads(final int threads, final int requests, final long seed) throws Exception
    {
        final List<RstatNode> nodes = new ArrayList<>(tree.nodes.values());
        final ExecutorService pool = Executors.newFixedThreadPool(threads);
        try
        {
            final List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++)
            {
                final SplittableRandom random = new SplittableRandom(seed + t);
                done.add(pool.submit(() ->
                {
                    for (int r = 0; r < requests; r++)
                    {
                        for (final RstatNode node : nodes)
                        {
                            tree.requests.add(node, tree.count, 1);
                            tree.requests.add(node, tree.kib, random.nextInt(1, 64));
                            tree.requests.add(node, tree.inflight, random.nextInt(3) - 1);
                            tree.requests.recordMax(node, tree.rssPeak, random.nextLong(1 << 20));
                            tree.requests.record(node, tree.latency, random.nextLong(1_000, 5_000_000));
                            tree.cpu.add(node, tree.usage, random.nextInt(1, 1_000));
                        }
                    }
                }));
            }
            for (final Future<?> f : done)
            {
                f.get(1, TimeUnit.MINUTES);
            }
        }
        finally
        {
            pool.shutdownNow();
        }
    }
}
