package dev.rstat.examples.tenants;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import dev.rstat.Histogram;
import dev.rstat.Rstat;
import dev.rstat.RstatNode;
import dev.rstat.Schema;
import dev.rstat.StatGroup;
import dev.rstat.StatUnit;

import org.eclipse.collections.api.list.primitive.MutableLongList;
import org.eclipse.collections.impl.list.mutable.primitive.LongArrayList;

/**
 * Embedding example: a multi-tenant service counts requests and response bytes (counters), in-flight requests
 * (a gauge) and response times (a log histogram) per tenant → app → endpoint, from many worker threads, and reads
 * totals and latency quantiles (p50, p99) at any level.
 * <pre>
 *   /
 *   ├── /acme
 *   │   ├── /acme/shop             also answers its own /health checks: local ≠ subtree
 *   │   │   ├── /acme/shop/cart
 *   │   │   ├── /acme/shop/pay
 *   │   │   └── /acme/shop/pay-v2  canary: created after round 1, removed after round 2
 *   │   └── /acme/blog
 *   │       └── /acme/blog/posts
 *   ├── /globex
 *   │   └── /globex/api
 *   │       ├── /globex/api/users
 *   │       └── /globex/api/orders
 *   └── /initech
 *       └── /initech/tps
 *           └── /initech/tps/reports
 * </pre>
 * Workers only write: {@code add(node, stat, delta)} on their own stripe, never waiting for readers. Readers flush on
 * demand: {@code read} flushes just the subtree it reads, and only what changed since the last flush. Workers serve
 * {@value #ROUNDS} rounds; between rounds, while every worker waits at a barrier, the canary endpoint is deployed
 * (after round 1) and retired (after round 2). Retiring it flushes its counts into {@code /acme/shop}, where they
 * stay. Requests still open at the end of the last round stay in flight, so the gauge ends above zero.
 * <p>
 * Not thread-safe itself: {@link #serve} and {@link #report} are called by one thread, one after the other.
 */
public final class MultiTenantService
{
    /** Buckets of the latency histogram: the last one starts at 2^22 µs (about 4 s). */
    public static final int LATENCY_BUCKETS = 24;
    /** The statistics: one stat group, flushed and read together. */
    public static final Schema SCHEMA = Schema.builder()
        .group("requests", stats -> stats.counter("count").counter("bytes").gauge("inflight")
            .stat("latency", s -> s.logHistogram(LATENCY_BUCKETS).unit(StatUnit.SECONDS).exponent(-6)
                .description("response time of finished requests, microseconds")))
        .build();
    /** Rounds of requests each worker serves. */
    public static final int ROUNDS = 3;
    /** Tenants, apps and endpoints created up front, in pre-order. */
    public static final List<String> TREE = List.of(
        "/acme", "/acme/shop", "/acme/shop/cart", "/acme/shop/pay", "/acme/blog", "/acme/blog/posts",
        "/globex", "/globex/api", "/globex/api/users", "/globex/api/orders",
        "/initech", "/initech/tps", "/initech/tps/reports");
    /** The endpoint created after the first round and removed after the second. */
    public static final String CANARY = "/acme/shop/pay-v2";
    /** Where requests go: every endpoint, the shop app itself ({@code /health}) and the canary while it lives. */
    public static final List<String> TARGETS = List.of(
        "/acme/shop/cart", "/acme/shop/pay", "/acme/shop", "/acme/blog/posts",
        "/globex/api/users", "/globex/api/orders", "/initech/tps/reports", CANARY);

    private final Rstat rstat;
    private final StatGroup requests;
    private final int count;
    private final int bytes;
    private final int inflight;
    private final int latency;
    private final Map<String, RstatNode> nodes = new LinkedHashMap<>();
    private final RstatNode[] targets = new RstatNode[TARGETS.size()];
    private final MutableLongList rootSamples = new LongArrayList();
    private volatile int[] routes;
    private RstatNode canary;

    /**
     * Creates the tree of {@link #TREE}.
     *
     * @param stripes of the rstat tree (about the number of CPUs).
     */
    public MultiTenantService(final int stripes)
    {
        rstat = Rstat.builder(SCHEMA).stripes(stripes).build();
        requests = rstat.group("requests");
        count = requests.indexOf("count");
        bytes = requests.indexOf("bytes");
        inflight = requests.indexOf("inflight");
        latency = requests.indexOf("latency");
        nodes.put("/", rstat.root());
        for (final String path : TREE)
        {
            create(path);
        }
        routes = routesTo(TARGETS.subList(0, TARGETS.size() - 1));
    }

    /**
     * Serves 8 workers × 3 rounds × 50,000 steps, then prints the report.
     *
     * @param args ignored.
     */
    public static void main(final String[] args)
    {
        final MultiTenantService service = new MultiTenantService(Runtime.getRuntime().availableProcessors());
        service.serve(8, 50_000, 42);
        service.report(System.out);
    }

    /**
     * Runs the workers to completion, sampling the root's request count while they run.
     *
     * @param workerCount   worker threads.
     * @param stepsPerRound steps (a request started or finished) per worker and round.
     * @param seed          worker {@code i} draws from {@code new Random(seed + i)}.
     * @return the workers, with their own tally of what they sent.
     */
    public List<Worker> serve(final int workerCount, final int stepsPerRound, final long seed)
    {
        if (canary != null)
        {
            throw new IllegalStateException("a service serves once: canary=" + canary);
        }
        final CyclicBarrier betweenRounds = new CyclicBarrier(workerCount, this::nextRound);
        final List<Worker> workers = new ArrayList<>();
        for (int i = 0; i < workerCount; i++)
        {
            workers.add(new Worker(this, betweenRounds, stepsPerRound, seed + i));
        }
        final ExecutorService pool = Executors.newFixedThreadPool(workerCount);
        try
        {
            final List<Future<?>> running = new ArrayList<>();
            workers.forEach(worker -> running.add(pool.submit(worker)));
            boolean serving = true;
            while (serving)
            {
                // Reads run alongside the writers: each read flushes what changed since the previous one.
                rootSamples.add(requests.read(rstat.root(), count));
                serving = false;
                for (final Future<?> worker : running)
                {
                    if (worker.isDone())
                    {
                        join(worker);
                    }
                    else
                    {
                        serving = true;
                    }
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
        }
        finally
        {
            pool.shutdownNow();
        }
        return workers;
    }

    /**
     * Prints totals read at every level: a tenant, an app's own and subtree totals, then a consistent table.
     *
     * @param out receives the report.
     */
    public void report(final PrintStream out)
    {
        if (!rootSamples.isEmpty())
        {
            out.printf("sampled the root %d times while serving: %d requests at first, %d at last%n",
                rootSamples.size(), rootSamples.getFirst(), rootSamples.getLast());
        }

        // read(): flushes what changed under /acme, and nothing else, then returns its subtree total.
        out.printf("/acme served %d requests%n", requests.read(node("/acme"), count));

        // An app that also answers requests itself: local() is its own share, subtree() includes its endpoints.
        final RstatNode shop = node("/acme/shop");
        requests.flush(shop);
        final long shopAll = requests.subtree(shop, count);
        final long shopOwn = requests.local(shop, count);
        long shopEndpoints = 0;
        for (final String endpoint : List.of("/acme/shop/cart", "/acme/shop/pay"))
        {
            shopEndpoints += requests.subtree(node(endpoint), count);
        }
        out.printf("/acme/shop: %d requests in its subtree, %d its own (/health), %d from the removed canary %s%n",
            shopAll, shopOwn, shopAll - shopOwn - shopEndpoints, CANARY);

        // flushAndRead(): no other flush runs while the table is read, so every parent includes its children.
        requests.flushAndRead(rstat.root(), group ->
        {
            out.printf("%-22s %9s %13s %8s%n", "node", "requests", "bytes", "inflight");
            nodes.forEach((path, node) -> out.printf("%-22s %9d %13d %8d%n", path,
                group.subtree(node, count), group.subtree(node, bytes), group.subtree(node, inflight)));
        });

        // A log histogram merges up the tree bucket by bucket: every level's quantiles come from one flush.
        requests.flushAndRead(rstat.root(), group ->
        {
            out.printf("%-22s %12s %12s   (µs; each estimate within its power-of-two " +
                "bucket)%n", "latency", "p50", "p99");
            nodes.forEach((path, node) ->
            {
                final Histogram h = group.histogram(node, latency);
                out.printf("%-22s %12.0f %12.0f%n", path, h.quantile(0.5), h.quantile(0.99));
            });
        });
    }

    /**
     * @return the request statistics group.
     */
    public StatGroup requests()
    {
        return requests;
    }

    /**
     * @param path of a live node ({@code "/"}, an entry of {@link #TREE}).
     * @return its handle.
     */
    public RstatNode node(final String path)
    {
        final RstatNode node = nodes.get(path);
        if (node == null)
        {
            throw new IllegalArgumentException("no such live node: path=" + path);
        }
        return node;
    }

    /**
     * @return the root's request count as sampled while the workers ran, in sampling order.
     */
    public MutableLongList rootSamples()
    {
        return rootSamples;
    }

    /**
     * @return the canary endpoint's handle once created (removed after the second round), else {@code null}.
     */
    public RstatNode canary()
    {
        return canary;
    }

    int[] routes()
    {
        return routes;
    }

    RstatNode target(final int index)
    {
        return targets[index];
    }

    void start(final RstatNode target)
    {
        requests.add(target, count, 1);
        requests.add(target, inflight, 1);
    }

    void finish(final RstatNode target, final long responseBytes, final long latencyUs)
    {
        requests.add(target, bytes, responseBytes);
        requests.record(target, latency, latencyUs);
        requests.add(target, inflight, -1);
    }

    /**
     * Runs between rounds while all workers wait: deploys the canary after round 1, retires it after round 2.
     */
    private void nextRound()
    {
        if (canary == null)
        {
            canary = create(CANARY);
            routes = routesTo(TARGETS);
        }
        else if (!canary.isRemoved())
        {
            routes = routesTo(TARGETS.subList(0, TARGETS.size() - 1));
            nodes.remove(CANARY);
            rstat.remove(canary);
        }
    }

    private RstatNode create(final String path)
    {
        final int slash = path.lastIndexOf('/');
        final RstatNode node = rstat.create(node(slash == 0 ? "/" : path.substring(0, slash)), nodes.size() + 1, path);
        nodes.put(path, node);
        final int target = TARGETS.indexOf(path);
        if (target >= 0)
        {
            targets[target] = node;
        }
        return node;
    }

    private static int[] routesTo(final List<String> paths)
    {
        return paths.stream().mapToInt(TARGETS::indexOf).toArray();
    }

    private static void join(final Future<?> worker)
    {
        try
        {
            worker.get();
        }
        catch (final ExecutionException ex)
        {
            throw new IllegalStateException("worker failed: cause=" + ex.getCause(), ex.getCause());
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while serving", ex);
        }
    }
}
