package dev.rstat.benchmarks.shm;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.rstat.cgroup.Hierarchy;
import dev.rstat.cgroup.report.Sampler;
import dev.rstat.cgroup.report.Table;
import dev.rstat.cgroup.report.export.MetricsServer;
import dev.rstat.cgroup.report.export.SampleCountersPublisher;

/**
 * The other process of {@link SharedMemoryReadBenchmark}: samples a synthetic tree into a counters file every
 * second (as {@code cgroup-walk publish --interval 1s} does) and serves the same sampler configuration at
 * {@code /metrics} (as {@code cgroup-walk serve} does, its walk cached for an hour so that a scrape costs only the
 * exposition). Prints {@code ready <port> <counters>} on stdout once both are up; exits when stdin closes.
 * <p>
 * Usage: {@code ShmFixture TREE FILE}.
 */
public final class ShmFixture
{
    /** The files read: 20 values per synthetic cgroup with the aggregation's :self and :subtree values. */
    static final List<String> FILES = List.of("cpu.stat", "cpu.pressure", "memory.current", "pids.current");

    private ShmFixture()
    {
    }

    /**
     * @param args the tree and the counters file.
     * @throws Exception if the fixture cannot start.
     */
    public static void main(final String[] args) throws Exception
    {
        final Hierarchy hierarchy = Hierarchy.at(Path.of(args[0]));
        try (Sampler published = sampler(hierarchy); Sampler served = sampler(hierarchy))
        {
            final dev.rstat.cgroup.report.Sample first = published.sample();
            try (SampleCountersPublisher publisher = SampleCountersPublisher.create(Path.of(args[1]),
                SampleCountersPublisher.capacityFor(first), Duration.ofSeconds(10));
                MetricsServer server = MetricsServer.start(new InetSocketAddress("127.0.0.1", 0),
                    () -> Table.of(served.sample()), Duration.ofHours(1)))
            {
                publisher.publish(first);
                final Thread loop = new Thread(() ->
                {
                    try
                    {
                        while (!Thread.currentThread().isInterrupted())
                        {
                            Thread.sleep(1000);
                            publisher.publish(published.sample());
                        }
                    }
                    catch (final InterruptedException ex)
                    {
                        Thread.currentThread().interrupt();
                    }
                }, "shm-fixture-publish");
                loop.setDaemon(true);
                loop.start();
                System.out.println("ready " + server.address().getPort());
                System.out.flush();
                try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in,
                    StandardCharsets.UTF_8)))
                {
                    while (in.readLine() != null)
                    {
                        // wait for EOF
                    }
                }
                loop.interrupt();
                loop.join();
            }
        }
    }

    static Sampler sampler(final Hierarchy hierarchy)
    {
        return Sampler.on(hierarchy).files(FILES).aggregate(true).build();
    }
}
