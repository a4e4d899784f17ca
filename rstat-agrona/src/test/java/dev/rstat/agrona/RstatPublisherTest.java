package dev.rstat.agrona;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.rstat.Rstat;
import dev.rstat.RstatNode;
import dev.rstat.Schema;
import dev.rstat.StatGroup;

import static dev.rstat.agrona.CountersFileWriterTest.find;
import static dev.rstat.agrona.CountersFileWriterTest.labels;
import static org.assertj.core.api.Assertions.assertThat;

class RstatPublisherTest
{
    @TempDir
    Path dir;

    private final Schema schema = Schema.builder()
        .group("requests", g -> g.counter("count").gauge("inflight").stat("latency", s -> s.logHistogram(4)))
        .build();

    @Test
    void everyNodesSubtreeAndLocalValuesArePublishedWithTheEnginesValues()
    {
        final Rstat rstat = Rstat.builder(schema).stripes(2).build();
        final StatGroup requests = rstat.group("requests");
        final RstatNode tenant = rstat.create(rstat.root(), 42, "tenant-a");
        final RstatNode app = rstat.create(tenant, 43, "checkout");
        requests.add(app, requests.indexOf("count"), 5);
        requests.add(tenant, requests.indexOf("count"), 2);
        requests.add(app, requests.indexOf("inflight"), -3);
        requests.record(app, requests.indexOf("latency"), 3);
        final Path file = dir.resolve("stats");
        try (RstatPublisher publisher = RstatPublisher.create(file, rstat, Duration.ofSeconds(5));
            CountersView view = CountersView.open(file))
        {
            assertThat(find(view, "/tenant-a requests.count subtree").nodeId()).isEqualTo(42);
            assertThat(value(view, "/tenant-a requests.count subtree")).isEqualTo(7)
                .isEqualTo(requests.subtree(tenant, requests.indexOf("count")));
            assertThat(value(view, "/tenant-a requests.count local")).isEqualTo(2);
            assertThat(value(view, "/tenant-a/checkout requests.count local")).isEqualTo(5);
            assertThat(value(view, "/ requests.count subtree")).isEqualTo(7);
            assertThat(value(view, "/tenant-a/checkout requests.inflight local")).isEqualTo(-3);
            assertThat(find(view, "/tenant-a/checkout requests.inflight local").signed()).isTrue();
            assertThat(find(view, "/tenant-a/checkout requests.inflight local").typeId())
                .isEqualTo(CounterTypes.GAUGE);
            // 3 falls in the log bucket [2, 4): bucket 2
            assertThat(value(view, "/tenant-a requests.latency[2] subtree")).isEqualTo(1);
            assertThat(find(view, "/tenant-a requests.latency[2] subtree").typeId())
                .isEqualTo(CounterTypes.LOG_HISTOGRAM_BUCKET);
            assertThat(find(view, "/tenant-a/checkout requests.count local").incarnation())
                .isEqualTo(app.incarnation());

            requests.add(app, requests.indexOf("count"), 10);
            publisher.publish();
            view.refresh();
            assertThat(value(view, "/tenant-a requests.count subtree")).isEqualTo(17);
            assertThat(view.consistent()).isTrue();
        }
    }

    @Test
    void aNodeRecreatedUnderTheSameIdAndNameGetsNewCountersAndTheOldOnesAreFreed()
    {
        final Rstat rstat = Rstat.builder(schema).stripes(1).slotReuseDelay(Duration.ZERO).build();
        final StatGroup requests = rstat.group("requests");
        final int count = requests.indexOf("count");
        final RstatNode old = rstat.create(rstat.root(), 7, "job");
        requests.add(old, count, 100);
        final Path file = dir.resolve("stats");
        try (RstatPublisher publisher = RstatPublisher.create(file, rstat, Duration.ofHours(1));
            CountersView view = CountersView.open(file))
        {
            final CountersView.Counter cached = find(view, "/job requests.count local");
            assertThat(value(view, "/job requests.count local")).isEqualTo(100);

            rstat.remove(old);
            final RstatNode recreated = rstat.create(rstat.root(), 7, "job");
            requests.add(recreated, count, 1);
            publisher.publish();
            view.refresh();

            final CountersView.Counter now = find(view, "/job requests.count local");
            assertThat(now.registrationId()).isNotEqualTo(cached.registrationId());
            assertThat(now.incarnation()).isEqualTo(recreated.incarnation()).isNotEqualTo(cached.incarnation());
            assertThat(now.id()).as("the old slot waits for its deadline").isNotEqualTo(cached.id());
            assertThat(view.isCurrent(view.generation(), cached.id(), cached.registrationId())).isFalse();
            assertThat(value(view, "/job requests.count local")).isEqualTo(1);
            assertThat(labels(view).stream().filter(l -> l.equals("/job requests.count local"))).hasSize(1);
            assertThat(value(view, "/ requests.count subtree")).as("the removed node's usage stays in the root")
                .isEqualTo(101);
        }
    }

    @Test
    void replacingTheTreeOrRestoringItsDataStartsANewGeneration()
    {
        final Rstat rstat = Rstat.builder(schema).stripes(1).build();
        rstat.create(rstat.root(), 1, "a");
        final Path file = dir.resolve("stats");
        try (RstatPublisher publisher = RstatPublisher.create(file, rstat, Duration.ZERO);
            CountersView view = CountersView.open(file))
        {
            final long first = view.generation();
            publisher.restored();
            assertThat(view.refresh()).isEqualTo(CountersView.Change.NEW_GENERATION);
            assertThat(view.generation()).isGreaterThan(first);

            final Schema other = Schema.builder().group("jobs", g -> g.counter("runs")).build();
            final Rstat replacement = Rstat.builder(other).stripes(1).build();
            replacement.create(replacement.root(), 2, "b");
            publisher.replace(replacement);
            assertThat(view.refresh()).isEqualTo(CountersView.Change.NEW_GENERATION);
            assertThat(labels(view)).contains("/b jobs.runs subtree").noneMatch(l -> l.contains("requests"));
        }
    }

    @Test
    void aFullFileIsRenewedAtTwiceItsCapacityInANewGeneration()
    {
        final Rstat rstat = Rstat.builder(schema).stripes(1).build();
        final Path file = dir.resolve("stats");
        try (RstatPublisher publisher = RstatPublisher.create(file, rstat, Duration.ZERO);
            CountersView view = CountersView.open(file))
        {
            final int capacity = publisher.writer().capacity();
            final long first = view.generation();
            // 6 columns x 2 scopes per node
            for (int i = 0; i < capacity / 12 + 1; i++)
            {
                rstat.create(rstat.root(), i, "n" + i);
            }
            publisher.publish();
            assertThat(publisher.writer().capacity()).isEqualTo(2 * capacity);
            assertThat(view.refresh()).isEqualTo(CountersView.Change.NEW_GENERATION);
            assertThat(view.generation()).isGreaterThan(first);
            assertThat(view.size()).isEqualTo(1 + (capacity / 12 + 2) * 12);
        }
    }

    @Test
    void aPeriodicPublisherPublishesNewWritesUntilClosedAndThenMarksTheFileClosed() throws InterruptedException
    {
        final Rstat rstat = Rstat.builder(schema).stripes(1).build();
        final StatGroup requests = rstat.group("requests");
        final RstatNode job = rstat.create(rstat.root(), 5, "job");
        final Path file = dir.resolve("stats");
        try (CountersView view = openAfter(RstatPublisher.create(file, rstat, Duration.ZERO), file, requests, job))
        {
            assertThat(view.reader().state()).isEqualTo(CountersFile.STATE_CLOSED);
            view.refresh();
            assertThat(value(view, "/job requests.count local")).isEqualTo(42);
        }
    }

    private static CountersView openAfter(final RstatPublisher publisher, final Path file, final StatGroup requests,
        final RstatNode job) throws InterruptedException
    {
        final CountersView view = CountersView.open(file);
        try (publisher)
        {
            assertThat(value(view, "/job requests.count local")).isZero();
            publisher.start(Duration.ofMillis(5));
            requests.add(job, requests.indexOf("count"), 42);
            final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            do
            {
                assertThat(System.nanoTime()).as("published within 30 s").isLessThan(deadline);
                Thread.sleep(5);
                view.refresh();
            }
            while (value(view, "/job requests.count local") != 42);
            assertThat(publisher.periodicFailures()).isZero();
        }
        return view;
    }

    private static long value(final CountersView view, final String label)
    {
        for (int i = 0; i < view.size(); i++)
        {
            if (view.counter(i).label().equals(label))
            {
                return view.value(i);
            }
        }
        throw new AssertionError("no counter labelled " + label + " in " + labels(view));
    }
}
