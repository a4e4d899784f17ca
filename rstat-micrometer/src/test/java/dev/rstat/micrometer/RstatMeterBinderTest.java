package dev.rstat.micrometer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.rstat.Histogram;
import dev.rstat.Rstat;
import dev.rstat.RstatNode;
import dev.rstat.Schema;
import dev.rstat.StatGroup;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class RstatMeterBinderTest
{
    private static final List<String> SCOPES = List.of("self", "subtree");

    private final TenantTree tree = new TenantTree();
    private final MockClock clock = new MockClock();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
    private final RstatMeterBinder binder = RstatMeterBinder.builder(tree.rstat).clock(clock).build();

    @AfterEach
    void close()
    {
        binder.close();
        tree.rstat.close();
    }

    @Test
    void everyLiveNodeHasOneMeterPerStatisticAndScopeTaggedWithPathAndScope()
    {
        binder.bindTo(registry);

        final Set<String> expected = new HashSet<>();
        expected.add("GAUGE rstat.nodes {}");
        for (final String path : tree.nodes.keySet())
        {
            for (final String scope : SCOPES)
            {
                final String tags = " {path=" + path + ", scope=" + scope;
                expected.add("COUNTER rstat.requests.count" + tags + "}");
                expected.add("COUNTER rstat.requests.kib" + tags + "}");
                expected.add("GAUGE rstat.requests.inflight" + tags + "}");
                expected.add("GAUGE rstat.requests.rss_peak" + tags + "}");
                for (final String phi : List.of("0.5", "0.9", "0.99"))
                {
                    expected.add("GAUGE rstat.requests.latency.percentile {path=" + path + ", phi=" + phi +
                        ", scope=" + scope + "}");
                }
                expected.add("GAUGE rstat.requests.latency.max" + tags + "}");
                expected.add("COUNTER rstat.requests.latency.count" + tags + "}");
                expected.add("COUNTER rstat.requests.latency.sum" + tags + "}");
                expected.add("COUNTER rstat.cpu.usage" + tags + "}");
            }
            for (final String aggregate : List.of("min", "max", "avg", "zero"))
            {
                expected.add("GAUGE rstat.requests.inflight." + aggregate + " {path=" + path + ", scope=subtree}");
            }
        }
        final Set<String> actual = new HashSet<>();
        for (final Meter meter : registry.getMeters())
        {
            final Map<String, String> tags = new java.util.TreeMap<>();
            for (final Tag tag : meter.getId().getTags())
            {
                tags.put(tag.getKey(), tag.getValue());
            }
            actual.add(meter.getId().getType() + " " + meter.getId().getName() + " " + tags);
        }
        assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(binder.exportedNodes()).isEqualTo(tree.nodes.size());
    }

    @Test
    void selfAndSubtreeValuesAreTheEnginesAsWrittenFromManyThreads() throws Exception
    {
        binder.bindTo(registry);
        final List<RstatNode> nodes = new ArrayList<>(tree.nodes.values());
        final int threads = 4;
        final int rounds = 500;
        final ExecutorService pool = Executors.newFixedThreadPool(threads);
        try
        {
            final List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++)
            {
                done.add(pool.submit(() ->
                {
                    for (int r = 0; r < rounds; r++)
                    {
                        for (int i = 0; i < nodes.size(); i++)
                        {
                            tree.requests.add(nodes.get(i), tree.count, 1);
                            tree.requests.add(nodes.get(i), tree.kib, i + 1);
                            tree.cpu.add(nodes.get(i), tree.usage, 250);
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
        nextScrape();

        final long perNode = (long)threads * rounds;
        for (final Map.Entry<String, RstatNode> e : tree.nodes.entrySet())
        {
            final String path = e.getKey();
            final RstatNode node = e.getValue();
            long subtreeCount = 0;
            long subtreeKib = 0;
            for (int i = 0; i < nodes.size(); i++)
            {
                if (node.isAncestorOrSelfOf(nodes.get(i)))
                {
                    subtreeCount += perNode;
                    subtreeKib += perNode * (i + 1);
                }
            }
            final long ownKib = perNode * (nodes.indexOf(node) + 1);
            assertThat(counter("rstat.requests.count", path, "self")).isEqualTo(perNode);
            assertThat(counter("rstat.requests.count", path, "subtree")).isEqualTo(subtreeCount);
            assertThat(counter("rstat.requests.kib", path, "self")).isEqualTo(ownKib * 1024.0);
            assertThat(counter("rstat.requests.kib", path, "subtree")).isEqualTo(subtreeKib * 1024.0);
            assertThat(counter("rstat.cpu.usage", path, "subtree"))
                .isEqualTo(subtreeCount * 250 / 1e6);
            // and what the engine itself holds after the scrape's flush
            assertThat(counter("rstat.requests.count", path, "self")).isEqualTo(tree.requests.local(node, tree.count));
            assertThat(counter("rstat.requests.count", path, "subtree"))
                .isEqualTo(tree.requests.subtree(node, tree.count));
        }
    }

    @Test
    void recomputedAggregatesAreGaugesUnderSuffixedNamesOverTheLiveSubtree()
    {
        final Map<String, Long> own = new HashMap<>(Map.of(
            "/", 0L, "/tenant-a", 2L, "/tenant-a/app-1", 5L, "/tenant-a/app-2", 0L, "/tenant-b", 1L,
            "/tenant-b/app-3", 3L));
        own.forEach((path, v) -> tree.requests.add(tree.node(path), tree.inflight, v));
        tree.requests.recordMax(tree.node("/tenant-a/app-2"), tree.rssPeak, 4096);
        tree.requests.recordMax(tree.node("/tenant-b"), tree.rssPeak, 1024);
        binder.bindTo(registry);

        for (final String path : tree.nodes.keySet())
        {
            assertAggregatesMatch(path, own);
        }
        assertThat(gauge("rstat.requests.rss_peak", "/", "subtree")).isEqualTo(4096);
        assertThat(gauge("rstat.requests.rss_peak", "/tenant-b", "self")).isEqualTo(1024);
        assertThat(gauge("rstat.requests.rss_peak", "/tenant-a", "self")).isEqualTo(0);

        tree.remove("/tenant-a/app-1");
        own.remove("/tenant-a/app-1");
        tree.remove("/tenant-a/app-2");
        own.remove("/tenant-a/app-2");
        binder.refresh();

        assertAggregatesMatch("/tenant-a", own);
        assertAggregatesMatch("/", own);
        assertThat(gauge("rstat.requests.inflight.max", "/tenant-a", "subtree")).isEqualTo(2);
        // the peak of a removed node stays in its ancestors' marks
        assertThat(gauge("rstat.requests.rss_peak", "/", "subtree")).isEqualTo(4096);
    }

    private void assertAggregatesMatch(final String path, final Map<String, Long> own)
    {
        final List<Long> values = new ArrayList<>();
        own.forEach((p, v) ->
        {
            if (tree.node(path).isAncestorOrSelfOf(tree.node(p)))
            {
                values.add(v);
            }
        });
        final RstatNode node = tree.node(path);
        assertThat(gauge("rstat.requests.inflight", path, "self")).isEqualTo((double)own.get(path));
        assertThat(gauge("rstat.requests.inflight.min", path, "subtree"))
            .isEqualTo(values.stream().mapToLong(Long::longValue).min().orElseThrow());
        assertThat(gauge("rstat.requests.inflight.max", path, "subtree"))
            .isEqualTo(values.stream().mapToLong(Long::longValue).max().orElseThrow());
        assertThat(gauge("rstat.requests.inflight.avg", path, "subtree"))
            .isCloseTo(values.stream().mapToLong(Long::longValue).average().orElseThrow(), within(1e-12));
        assertThat(gauge("rstat.requests.inflight.zero", path, "subtree"))
            .isEqualTo(values.stream().filter(v -> v == 0).count());
        assertThat(gauge("rstat.requests.inflight", path, "subtree"))
            .isEqualTo(tree.requests.aggregate(node, tree.inflight, dev.rstat.Aggregation.SUM));
    }

    @Test
    void valuesAreInMicrometerBaseUnitsWithTheStatisticsDescription()
    {
        final RstatNode app = tree.node("/tenant-b/app-3");
        tree.requests.add(app, tree.kib, 3);
        tree.cpu.add(app, tree.usage, 1_500_001);
        tree.requests.record(app, tree.latency, 1_500);
        binder.bindTo(registry);

        assertThat(counter("rstat.requests.kib", "/tenant-b/app-3", "self")).isEqualTo(3 * 1024);
        assertThat(counter("rstat.cpu.usage", "/tenant-b/app-3", "self")).isEqualTo(1.500001);
        final Histogram h = tree.requests.localHistogram(app, tree.latency);
        assertThat(counter("rstat.requests.latency.sum", "/tenant-b/app-3", "self"))
            .isEqualTo(h.sumEstimate() / 1e9);
        assertThat(id("rstat.requests.kib").getBaseUnit()).isEqualTo("bytes");
        assertThat(id("rstat.requests.rss_peak").getBaseUnit()).isEqualTo("bytes");
        assertThat(id("rstat.cpu.usage").getBaseUnit()).isEqualTo("seconds");
        assertThat(id("rstat.requests.latency.percentile").getBaseUnit()).isEqualTo("seconds");
        assertThat(id("rstat.requests.latency.max").getBaseUnit()).isEqualTo("seconds");
        assertThat(id("rstat.requests.latency.sum").getBaseUnit()).isEqualTo("seconds");
        assertThat(id("rstat.requests.latency.count").getBaseUnit()).isNull();
        assertThat(id("rstat.requests.count").getBaseUnit()).isNull();
        assertThat(id("rstat.requests.inflight.zero").getBaseUnit()).isNull();

        assertThat(id("rstat.requests.inflight").getDescription()).isEqualTo("requests in flight");
        assertThat(id("rstat.requests.kib").getDescription()).isEqualTo("response size in KiB");
        assertThat(id("rstat.requests.inflight.max").getDescription()).contains("requests in flight");
        assertThat(id("rstat.requests.count").getDescription()).isEqualTo("counter requests.count");
    }

    @Test
    void histogramQuantileGaugesAgreeWithTheEnginesHistogramAndBoundTheTrueQuantile()
    {
        final SplittableRandom random = new SplittableRandom(11);
        final Map<String, List<Long>> recorded = new HashMap<>();
        for (final String path : List.of("/tenant-a/app-1", "/tenant-a/app-2", "/tenant-b"))
        {
            final List<Long> values = new ArrayList<>();
            for (int i = 0; i < 2_000; i++)
            {
                final long ns = random.nextLong(1_000, 50_000_000);
                tree.requests.record(tree.node(path), tree.latency, ns);
                values.add(ns);
            }
            recorded.put(path, values);
        }
        binder.bindTo(registry);

        for (final String path : tree.nodes.keySet())
        {
            final RstatNode node = tree.node(path);
            for (final String scope : SCOPES)
            {
                final Histogram h = scope.equals("self") ? tree.requests.localHistogram(node, tree.latency) :
                    tree.requests.histogram(node, tree.latency);
                final List<Long> truth = new ArrayList<>();
                recorded.forEach((p, v) ->
                {
                    if (scope.equals("self") ? p.equals(path) : node.isAncestorOrSelfOf(tree.node(p)))
                    {
                        truth.addAll(v);
                    }
                });
                truth.sort(null);
                assertThat(counter("rstat.requests.latency.count", path, scope)).isEqualTo(truth.size());
                for (final double q : new double[] {0.5, 0.9, 0.99, 1.0})
                {
                    final double gauge = q == 1.0 ? gauge("rstat.requests.latency.max", path, scope) :
                        registry.get("rstat.requests.latency.percentile")
                            .tags("path", path, "scope", scope, "phi", MeterTemplate.quantileTag(q)).gauge().value();
                    if (truth.isEmpty())
                    {
                        assertThat(gauge).isNaN();
                        continue;
                    }
                    assertThat(gauge).isEqualTo(h.quantile(q) / 1e9);
                    final long exact = truth.get((int)Math.max(1, Math.ceil(q * truth.size())) - 1);
                    assertThat(exact).isBetween(h.quantileLowerBound(q), h.quantileUpperBound(q));
                    assertThat(gauge).isBetween(h.quantileLowerBound(q) / 1e9, h.quantileUpperBound(q) / 1e9);
                }
            }
        }
    }

    @Test
    void metersOfNodesCreatedLaterAppearAndThoseOfRemovedNodesDisappearAtTheNextRefresh()
    {
        binder.bindTo(registry);
        final RstatNode app = tree.create("/tenant-b", "app-4");
        tree.requests.add(app, tree.count, 9);
        assertThat(search("/tenant-b/app-4").meters()).isEmpty();

        binder.refresh();

        assertThat(search("/tenant-b/app-4").meters()).hasSize(26);
        assertThat(counter("rstat.requests.count", "/tenant-b/app-4", "self")).isEqualTo(9);

        tree.remove("/tenant-b/app-4");
        binder.refresh();

        assertThat(search("/tenant-b/app-4").meters()).isEmpty();
        assertThat(counter("rstat.requests.count", "/tenant-b", "subtree")).isEqualTo(9);
        assertThat(binder.exportedNodes()).isEqualTo(tree.nodes.size());
    }

    @Test
    void theFirstReadAfterTheRefreshIntervalUpdatesTheMeterSet()
    {
        binder.bindTo(registry);
        tree.create("/tenant-a", "app-5");
        clock.add(Duration.ofMillis(999));
        gauge("rstat.requests.inflight", "/", "self");
        assertThat(search("/tenant-a/app-5").meters()).isEmpty();

        clock.add(Duration.ofMillis(1));
        gauge("rstat.requests.inflight", "/", "self");

        assertThat(search("/tenant-a/app-5").meters()).hasSize(26);
    }

    @Test
    void readingEveryMeterCostsOneFlushPerGroupPerRefreshInterval()
    {
        binder.bindTo(registry);
        write();
        nextScrape();
        final long requestsBefore = tree.requests.flushCount();
        final long cpuBefore = tree.cpu.flushCount();

        final int meters = readEveryMeter();
        readEveryMeter();

        assertThat(meters).isGreaterThan(150);
        assertThat(tree.requests.flushCount() - requestsBefore).isEqualTo(1);
        assertThat(tree.cpu.flushCount() - cpuBefore).isEqualTo(1);

        nextScrape();
        readEveryMeter();
        assertThat(tree.requests.flushCount() - requestsBefore).isEqualTo(2);
    }

    @Test
    void concurrentFirstReadsShareOneRefresh() throws Exception
    {
        binder.bindTo(registry);
        write();
        nextScrape();
        final long before = tree.requests.flushCount();
        final int threads = 8;
        final CyclicBarrier start = new CyclicBarrier(threads);
        final ExecutorService pool = Executors.newFixedThreadPool(threads);
        try
        {
            final List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++)
            {
                done.add(pool.submit(() ->
                {
                    start.await();
                    return readEveryMeter();
                }));
            }
            for (final Future<Integer> f : done)
            {
                assertThat(f.get(1, TimeUnit.MINUTES)).isGreaterThan(150);
            }
        }
        finally
        {
            pool.shutdownNow();
        }

        assertThat(tree.requests.flushCount() - before).isEqualTo(1);
        assertThat(counter("rstat.requests.count", "/", "subtree")).isEqualTo(tree.nodes.size());
    }

    @Test
    void aRemovedNodesMetersReadItsLastValuesUntilTheNextRefreshRemovesThem()
    {
        tree.requests.add(tree.node("/tenant-a/app-2"), tree.count, 7);
        binder.bindTo(registry);
        assertThat(counter("rstat.requests.count", "/tenant-a/app-2", "self")).isEqualTo(7);

        tree.remove("/tenant-a/app-2");

        assertThat(counter("rstat.requests.count", "/tenant-a/app-2", "self")).isEqualTo(7);
        nextScrape();
        gauge("rstat.requests.inflight", "/", "self");
        assertThat(search("/tenant-a/app-2").meters()).isEmpty();
    }

    @Test
    void ofSiblingsSharingAPathTheFirstIsExportedAndTheOtherCountedUntilItsTurn()
    {
        final RstatNode twin = tree.rstat.create(tree.node("/tenant-a"), 99, "app-1");
        tree.requests.add(tree.node("/tenant-a/app-1"), tree.count, 3);
        tree.requests.add(twin, tree.count, 4);
        binder.bindTo(registry);

        assertThat(binder.skippedNodes()).isEqualTo(1);
        assertThat(binder.exportedNodes()).isEqualTo(6);
        assertThat(registry.get("rstat.nodes").gauge().value()).isEqualTo(6);
        assertThat(counter("rstat.requests.count", "/tenant-a/app-1", "self")).isEqualTo(3);

        tree.remove("/tenant-a/app-1");
        binder.refresh();

        assertThat(binder.skippedNodes()).isZero();
        assertThat(counter("rstat.requests.count", "/tenant-a/app-1", "self")).isEqualTo(4);
    }

    @Test
    void twoRegistriesGetTheSameMetersAndCloseRemovesThemFromBoth()
    {
        final SimpleMeterRegistry other = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
        tree.requests.add(tree.node("/tenant-b/app-3"), tree.count, 5);
        binder.bindTo(registry);
        binder.bindTo(other);
        binder.bindTo(other);

        assertThat(other.getMeters()).hasSameSizeAs(registry.getMeters());
        assertThat(other.get("rstat.requests.count").tags("path", "/", "scope", "subtree").functionCounter().count())
            .isEqualTo(5);
        tree.create("/", "tenant-c");
        binder.refresh();
        assertThat(other.find("rstat.requests.count").tag("path", "/tenant-c").meters()).hasSize(2);

        binder.close();

        assertThat(registry.getMeters()).isEmpty();
        assertThat(other.getMeters()).isEmpty();
        assertThatThrownBy(() -> binder.bindTo(registry)).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("closed");
    }

    @Test
    void aFailingFlushListenerIsCountedAndTheMetersStillReadWhatTheFlushFolded()
    {
        tree.requests.subscribe((node, parent, stripe) ->
        {
            throw new IllegalStateException("listener failed");
        });
        tree.requests.add(tree.node("/tenant-a/app-1"), tree.count, 2);
        binder.bindTo(registry);

        assertThat(binder.flushFailures()).isEqualTo(1);
        assertThat(counter("rstat.requests.count", "/", "subtree")).isEqualTo(2);
    }

    @Test
    void pathsFollowParentLinksFromTheRootsName()
    {
        final Rstat host = Rstat.builder(TenantTree.SCHEMA).root(1, "host").stripes(1).build();
        final RstatNode a = host.create(host.root(), 2, "a");
        host.create(a, 3, "b");
        final RstatMeterBinder hostBinder = RstatMeterBinder.builder(host).prefix("svc").build();
        hostBinder.bindTo(registry);

        final Set<String> paths = new HashSet<>();
        registry.find("svc.requests.count").meters().forEach(m -> paths.add(m.getId().getTag("path")));
        assertThat(paths).containsExactlyInAnyOrder("host", "host/a", "host/a/b");
        hostBinder.close();
        host.close();
    }

    @Test
    void aChainThousandsDeepIsExportedFromASmallStack() throws Exception
    {
        final int depth = 5_000;
        final Rstat chain = Rstat.builder(Schema.builder().group("g", g -> g.counter("c")).build()).stripes(1).build();
        RstatNode leaf = chain.root();
        for (int i = 0; i < depth; i++)
        {
            leaf = chain.create(leaf, i + 2, "x");
        }
        chain.group("g").add(leaf, 0, 1);
        final RstatMeterBinder chainBinder = RstatMeterBinder.builder(chain).clock(clock).build();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final AtomicReference<String> leafPath = new AtomicReference<>();
        final RstatNode deepest = leaf;
        // the leaf's path with nothing known yet climbs 5,000 parents (a binder meets that when slot reuse puts a
        // child before its ancestors in nodes()): a recursive climb overflows 64 KiB of stack
        final Thread small = new Thread(null, () ->
        {
            try
            {
                final Map<RstatNode, String> memo = new HashMap<>();
                leafPath.set(NodePaths.path(deepest, memo::get, memo));
                chainBinder.bindTo(registry);
            }
            catch (final Throwable t)
            {
                failure.set(t);
            }
        }, "small-stack", 64 * 1024);
        small.start();
        small.join();

        assertThat(failure.get()).isNull();
        assertThat(leafPath.get()).isEqualTo("/x".repeat(depth));
        assertThat(chainBinder.exportedNodes()).isEqualTo(depth + 1);
        assertThat(registry.get("rstat.g.c").tags("path", "/x".repeat(depth), "scope", "self").functionCounter()
            .count()).isEqualTo(1);
        assertThat(registry.get("rstat.g.c").tags("path", "/", "scope", "subtree").functionCounter().count())
            .isEqualTo(1);
        chainBinder.close();
        chain.close();
    }

    @Test
    void badConfigurationFailsWithAOneLineMessageNamingTheValue()
    {
        final RstatMeterBinder.Builder b = RstatMeterBinder.builder(tree.rstat);
        assertThatThrownBy(() -> b.prefix("")).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("meter name prefix must be non-empty without a leading or trailing dot: prefix=\"\"");
        assertThatThrownBy(() -> b.prefix("app.")).hasMessageContaining("prefix=\"app.\"");
        assertThatThrownBy(() -> b.quantiles(0.5, 1.5)).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("quantile out of [0, 1]: quantile=1.5");
        assertThatThrownBy(() -> b.quantiles(Double.NaN)).hasMessage("quantile out of [0, 1]: quantile=NaN");
        assertThatThrownBy(() -> b.quantiles(0.5, 0.50)).hasMessage("quantile given twice: quantile=0.5");
        assertThatThrownBy(() -> b.refreshInterval(Duration.ZERO))
            .hasMessage("refresh interval must be more than 0: interval=PT0S");
    }

    private void write()
    {
        for (final RstatNode node : tree.nodes.values())
        {
            tree.requests.add(node, tree.count, 1);
            tree.requests.record(node, tree.latency, 4_000);
            tree.cpu.add(node, tree.usage, 10);
        }
    }

    private int readEveryMeter()
    {
        int n = 0;
        for (final Meter meter : registry.getMeters())
        {
            meter.measure().forEach(m -> m.getValue());
            n++;
        }
        return n;
    }

    private void nextScrape()
    {
        clock.add(Duration.ofSeconds(2));
    }

    private Search search(final String path)
    {
        return registry.find("").tag("path", path).name(name -> true);
    }

    private Meter.Id id(final String name)
    {
        return registry.get(name).meters().iterator().next().getId();
    }

    private double counter(final String name, final String path, final String scope)
    {
        return registry.get(name).tags("path", path, "scope", scope).functionCounter().count();
    }

    private double gauge(final String name, final String path, final String scope)
    {
        return registry.get(name).tags("path", path, "scope", scope).gauge().value();
    }
}
