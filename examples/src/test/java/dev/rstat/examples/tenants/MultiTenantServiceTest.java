package dev.rstat.examples.tenants;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

import dev.rstat.Histogram;
import dev.rstat.RstatNode;
import dev.rstat.StatDescriptor;
import dev.rstat.StatGroup;

import org.eclipse.collections.api.list.primitive.MutableLongList;
import org.eclipse.collections.impl.list.mutable.primitive.LongArrayList;
import org.junit.jupiter.api.Test;

import static dev.rstat.examples.tenants.MultiTenantService.CANARY;
import static dev.rstat.examples.tenants.MultiTenantService.TARGETS;
import static dev.rstat.examples.tenants.MultiTenantService.TREE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MultiTenantServiceTest
{
    private static final List<String> TENANTS = List.of("/acme", "/globex", "/initech");

    private final MultiTenantService service = new MultiTenantService(4);
    private final List<Worker> workers = service.serve(8, 4_000, 7);
    private final StatGroup requests = service.requests();
    private final int count = requests.indexOf("count");
    private final int bytes = requests.indexOf("bytes");
    private final int inflight = requests.indexOf("inflight");

    @Test
    void subtreeTotalsAtEveryLevelEqualWhatTheWorkersSent()
    {
        requests.flush(service.node("/"));

        for (final String path : livePaths())
        {
            final RstatNode node = service.node(path);
            assertThat(requests.subtree(node, count)).as("count of %s", path).isEqualTo(sent(path, Worker::count));
            assertThat(requests.subtree(node, bytes)).as("bytes of %s", path).isEqualTo(sent(path, Worker::bytes));
            assertThat(requests.subtree(node, inflight)).as("inflight of %s", path)
                .isEqualTo(sent(path, Worker::inflight));
        }
        assertThat(sent("/", Worker::count)).isPositive();
        assertThat(sent("/", Worker::inflight)).as("requests left open in the last round").isPositive();
    }

    @Test
    void readOnATenantFlushesItsSubtreeAndReturnsItsTotal()
    {
        for (final String tenant : TENANTS)
        {
            assertThat(requests.read(service.node(tenant), count)).as(tenant).isEqualTo(sent(tenant, Worker::count));
        }
    }

    @Test
    void localIsOnlyTheNodesOwnRequestsWhileSubtreeIncludesItsEndpoints()
    {
        final RstatNode shop = service.node("/acme/shop");
        requests.flush(shop);

        final long own = sentTo("/acme/shop", Worker::count);
        assertThat(own).isPositive();
        assertThat(requests.local(shop, count)).isEqualTo(own);
        assertThat(requests.subtree(shop, count)).isEqualTo(sent("/acme/shop", Worker::count)).isGreaterThan(own);
        assertThat(requests.local(service.node("/acme/shop/cart"), count))
            .isEqualTo(requests.subtree(service.node("/acme/shop/cart"), count))
            .isEqualTo(sentTo("/acme/shop/cart", Worker::count));
        requests.flush(service.node("/acme"));
        assertThat(requests.local(service.node("/acme"), count)).isZero();
    }

    @Test
    void removedCanaryContributionStaysInItsAppsSubtree()
    {
        final RstatNode shop = service.node("/acme/shop");
        requests.flush(service.node("/"));

        assertThat(service.canary().isRemoved()).isTrue();
        assertThat(livePaths()).doesNotContain(CANARY);
        assertThatThrownBy(() -> requests.subtree(service.canary(), count)).isInstanceOf(IllegalStateException.class);
        for (final int stat : new int[] {count, bytes, inflight})
        {
            final long kept = requests.subtree(shop, stat) - requests.local(shop, stat) -
                requests.subtree(service.node("/acme/shop/cart"), stat) -
                requests.subtree(service.node("/acme/shop/pay"), stat);
            assertThat(kept).as("stat %d", stat).isEqualTo(sentTo(CANARY, stat == count ? Worker::count :
                stat == bytes ? Worker::bytes : Worker::inflight));
        }
        assertThat(sentTo(CANARY, Worker::count)).isPositive();
        assertThat(sentTo(CANARY, Worker::inflight)).as("all canary requests finished before removal").isZero();
    }

    @Test
    void rootSamplesTakenWhileServingNeverDecreaseNorExceedTheFinalTotal()
    {
        final MutableLongList samples = service.rootSamples();

        assertThat(samples.isEmpty()).isFalse();
        for (int i = 1; i < samples.size(); i++)
        {
            assertThat(samples.get(i)).isGreaterThanOrEqualTo(samples.get(i - 1));
        }
        assertThat(samples.getLast()).isLessThanOrEqualTo(sent("/", Worker::count));
    }

    @Test
    void reportPrintsTheTotalsOfEveryLiveNode()
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        service.report(new PrintStream(out, true, StandardCharsets.UTF_8));

        final List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).contains(
            "/acme served " + sent("/acme", Worker::count) + " requests",
            "/acme/shop: " + sent("/acme/shop", Worker::count) + " requests in its subtree, " +
                sentTo("/acme/shop", Worker::count) + " its own (/health), " +
                sentTo(CANARY, Worker::count) + " from the removed canary " + CANARY);
        for (final String path : livePaths())
        {
            assertThat(lines).anySatisfy(line -> assertThat(line.split(" +")).containsExactly(path,
                Long.toString(sent(path, Worker::count)), Long.toString(sent(path, Worker::bytes)),
                Long.toString(sent(path, Worker::inflight))));
        }
        assertThat(lines).noneMatch(line -> line.startsWith(CANARY));
    }

    @Test
    void latencyHistogramsMergeUpTheTreeAndBoundTheTrueQuantiles()
    {
        final int latency = requests.indexOf("latency");
        final StatDescriptor d = requests.schema().stat("latency");
        requests.flush(service.node("/"));

        for (final String path : livePaths())
        {
            final LongArrayList values = new LongArrayList();
            for (final String target : TARGETS)
            {
                if (path.equals("/") || target.equals(path) || target.startsWith(path + "/"))
                {
                    workers.forEach(w -> values.addAll(w.latencies(TARGETS.indexOf(target))));
                }
            }
            final long[] expected = new long[d.width()];
            values.forEach(v -> expected[d.bucketOf(v)]++);
            final Histogram h = requests.histogram(service.node(path), latency);
            assertThat(h.counts()).as("buckets of %s", path).isEqualTo(expected);
            values.sortThis();
            for (final double q : new double[] {0.5, 0.9, 0.99})
            {
                final long truth = values.get((int)Math.max(0, Math.ceil(q * values.size()) - 1));
                assertThat(truth).as("%s p%s", path, q * 100)
                    .isBetween(h.quantileLowerBound(q), h.quantileUpperBound(q));
                assertThat(h.quantile(q)).isBetween((double)h.quantileLowerBound(q), (double)h.quantileUpperBound(q));
            }
        }
        assertThat(requests.histogram(service.node("/initech"), latency).quantile(0.5))
            .as("the slow tenant's median is above the fast one's")
            .isGreaterThan(requests.histogram(service.node("/acme/blog"), latency).quantile(0.5));
    }

    @Test
    void reportPrintsLatencyQuantilesOfEveryLiveNode()
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        service.report(new PrintStream(out, true, StandardCharsets.UTF_8));
        final List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        final int latency = requests.indexOf("latency");

        for (final String path : livePaths())
        {
            final Histogram h = requests.histogram(service.node(path), latency);
            assertThat(lines).as(path).contains(String.format("%-22s %12.0f %12.0f", path, h.quantile(0.5),
                h.quantile(0.99)));
        }
    }

    private static List<String> livePaths()
    {
        final List<String> paths = new ArrayList<>();
        paths.add("/");
        paths.addAll(TREE);
        return paths;
    }

    /**
     * What the workers sent to {@code path} and everything under it, by their own tallies.
     */
    private long sent(final String path, final BiFunction<Worker, Integer, Long> tally)
    {
        long sum = 0;
        for (final String target : TARGETS)
        {
            if (path.equals("/") || target.equals(path) || target.startsWith(path + "/"))
            {
                sum += sentTo(target, tally);
            }
        }
        return sum;
    }

    /**
     * What the workers sent to exactly {@code target}, by their own tallies.
     */
    private long sentTo(final String target, final BiFunction<Worker, Integer, Long> tally)
    {
        long sum = 0;
        for (final Worker worker : workers)
        {
            sum += tally.apply(worker, TARGETS.indexOf(target));
        }
        return sum;
    }
}
