package dev.rstat.examples.micrometer;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.rstat.Aggregation;
import dev.rstat.Rstat;
import dev.rstat.RstatNode;
import dev.rstat.Schema;
import dev.rstat.StatGroup;
import dev.rstat.StatUnit;
import dev.rstat.micrometer.RstatMeterBinder;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * Embedding example: an rstat tree of tenants and their apps, exported through Micrometer. The binder is bound to
 * Micrometer's Prometheus registry while the tree holds only its tenants; then one thread per tenant creates the
 * tenant's apps and serves requests on them (a counter, a byte counter, an in-flight gauge with its subtree maximum
 * and idle count, a latency log histogram in nanoseconds). Finally {@code refresh()} picks up the apps and flushes
 * once, and one scrape of the registry is printed: every node's own and subtree values, in base units
 * (bytes, seconds), with the latency's percentiles estimated from the merged buckets.
 * <pre>
 *   /
 *   ├── /acme      → /acme/shop, /acme/api
 *   ├── /globex    → /globex/shop, /globex/api
 *   └── /initech   → /initech/shop, /initech/api
 * </pre>
 */
public final class MicrometerScrape
{
    /** The statistics: one group of four kinds. */
    public static final Schema SCHEMA = Schema.builder()
        .group("requests", g -> g
            .stat("count", s -> s.counter().description("requests served"))
            .stat("bytes", s -> s.counter().unit(StatUnit.BYTES).description("response bytes"))
            .stat("inflight", s -> s.gauge().aggregate(Aggregation.SUM, Aggregation.MAX, Aggregation.COUNT_ZERO)
                .description("requests in flight"))
            .stat("latency", s -> s.logHistogram(36).unit(StatUnit.SECONDS).exponent(-9)
                .description("request latency")))
        .build();
    /** The tenants, each served by its own thread. */
    public static final List<String> TENANTS = List.of("acme", "globex", "initech");
    /** The apps every tenant runs. */
    public static final List<String> APPS = List.of("shop", "api");
    /** Requests each app still has open when the scrape is taken. */
    public static final int OPEN = 2;

    private MicrometerScrape()
    {
    }

    /**
     * Builds and loads the tree, then scrapes it once.
     *
     * @param requests requests each app serves (at least {@link #OPEN}).
     * @param seed     of the latencies and sizes.
     * @return the scrape, in the Prometheus text format.
     * @throws Exception if a worker fails.
     */
    public static String scrape(final int requests, final long seed) throws Exception
    {
        final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (Rstat rstat = Rstat.builder(SCHEMA).build())
        {
            final List<RstatNode> tenants = new ArrayList<>();
            for (final String tenant : TENANTS)
            {
                tenants.add(rstat.create(rstat.root(), tenants.size() + 2, tenant));
            }
            final RstatMeterBinder meters = RstatMeterBinder.builder(rstat).build();
            meters.bindTo(registry);
            final ExecutorService pool = Executors.newFixedThreadPool(tenants.size());
            try
            {
                final List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < tenants.size(); t++)
                {
                    final RstatNode tenant = tenants.get(t);
                    final SplittableRandom random = new SplittableRandom(seed + t);
                    done.add(pool.submit(() -> serve(rstat, tenant, requests, random)));
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
            meters.refresh();
            return registry.scrape();
        }
        finally
        {
            registry.close();
        }
    }

    private static void serve(final Rstat rstat, final RstatNode tenant, final int requests,
                              final SplittableRandom random)
    {
        final StatGroup group = rstat.group("requests");
        final int count = group.indexOf("count");
        final int bytes = group.indexOf("bytes");
        final int inflight = group.indexOf("inflight");
        final int latency = group.indexOf("latency");
        final List<RstatNode> apps = new ArrayList<>();
        for (final String app : APPS)
        {
            apps.add(rstat.create(tenant, tenant.id() * 100 + apps.size(), app));
        }
        for (int r = 0; r < requests; r++)
        {
            for (final RstatNode app : apps)
            {
                group.add(app, inflight, 1);
                group.add(app, count, 1);
                if (r < requests - OPEN)
                {
                    group.add(app, bytes, random.nextInt(200, 20_000));
                    group.record(app, latency, (long)(200_000 * Math.exp(random.nextGaussian())));
                    group.add(app, inflight, -1);
                }
            }
        }
    }

    /**
     * Prints one scrape.
     *
     * @param args ignored.
     * @throws Exception if a worker fails.
     */
    public static void main(final String[] args) throws Exception
    {
        System.out.print(scrape(5_000, 42));
    }
}
