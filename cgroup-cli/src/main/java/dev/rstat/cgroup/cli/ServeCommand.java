package dev.rstat.cgroup.cli;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.rstat.cgroup.Hierarchy;
import dev.rstat.cgroup.report.Sampler;
import dev.rstat.cgroup.report.Table;
import dev.rstat.cgroup.report.Walk;
import dev.rstat.cgroup.report.export.MetricsServer;
import dev.rstat.cgroup.stat.Problems;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code cgroup-walk serve}: serves the hierarchy to Prometheus at {@code /metrics}, walking it on a scrape at most
 * once per minimum interval (a burst of scrapes costs one walk), with hierarchical aggregates so that every value is
 * labelled {@code scope="self"} or {@code scope="subtree"}. Runs until Ctrl-C or SIGTERM.
 */
@Command(
    name = "serve",
    header = "Serves the hierarchy to Prometheus at http://LISTEN/metrics (OpenMetrics or Prometheus text).",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Serves the hierarchy to Prometheus at http://LISTEN/metrics: OpenMetrics 1.0 or the Prometheus text format " +
            "by content negotiation, walked at most once per --min-interval (a burst of scrapes costs one walk).",
        "Families are cgroup_<file>_<key>[_self|_subtree|_effective]_<unit>, labelled cgroup (path), id and scope " +
            "(self or subtree), so sum(x{scope=\"self\"}) never double counts."},
    footerHeading = "%nExamples:%n",
    footer = {"  cgroup-walk serve", "  cgroup-walk serve --listen 0.0.0.0:9400 --min-interval 5s --stats all"})
final class ServeCommand implements Callable<Integer>
{
    private static final int MAX_TOLD = 1024;

    @ParentCommand
    CgroupWalk parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:9400",
        description = "Address to listen on (default ${DEFAULT-VALUE}: loopback only unless you say otherwise).")
    String listen;

    @Option(names = "--min-interval", paramLabel = "D", defaultValue = "1s", converter = DurationConverter.class,
        description = "Minimum time between two walks; scrapes in between get the last result " +
            "(default ${DEFAULT-VALUE}).")
    Duration minInterval;

    @Option(names = "--stats", paramLabel = "FILE", split = ",", descriptionKey = "serve.stats",
        description = "Files to read, or 'all' (default: the catalog's list of exported files).")
    List<String> stats;

    @CommandLine.Mixin
    DeriveOption derive = new DeriveOption();

    @Option(names = "--no-aggregate",
        description = "Do not derive :self/:subtree/:effective values (cheaper; v2 values then all have " +
            "scope=\"subtree\").")
    boolean noAggregate;

    @Parameters(index = "0", arity = "0..1", paramLabel = "CGROUP", description = "Start cgroup (default /).")
    String cgroup;

    ServeCommand()
    {
    }

    @Override
    public Integer call() throws InterruptedException
    {
        final InetSocketAddress address;
        try
        {
            address = MetricsServer.parseAddress(listen);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), ex.getMessage());
        }
        final Hierarchy hierarchy = CgroupWalk.hierarchy(parent.root);
        final PrintWriter err = spec.commandLine().getErr();
        // a server walks again and again: each distinct problem (a file that cannot be read) is told once
        final Set<String> told = new HashSet<>();
        final Problems problems = new Problems(line ->
        {
            synchronized (told)
            {
                if (told.size() < MAX_TOLD && told.add(line))
                {
                    err.println("cgroup-walk: " + line);
                    err.flush();
                }
            }
        });
        final Walk walk = cgroup == null ? Walk.all() : Walk.all().withStart(cgroup);
        final List<String> files = stats != null ? stats :
            hierarchy.catalog().exportFiles();
        final CountDownLatch stop = new CountDownLatch(1);
        final CountDownLatch closed = new CountDownLatch(1);
        final Thread hook = new Thread(() ->
        {
            stop.countDown();
            try
            {
                closed.await(10, TimeUnit.SECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }, "cgroup-walk-serve-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try (Sampler sampler = Sampler.on(hierarchy).files(files).walk(walk).aggregate(!noAggregate)
                .derive(derive.derivations()).problems(problems).build())
        {
            // one walk before listening: a root or start cgroup that cannot be walked is an error now (exit 1),
            // not a 500 on every scrape
            Table.of(sampler.sample());
            serve(sampler, address, err, stop);
        }
        finally
        {
            closed.countDown();
        }
        return CgroupWalk.OK;
    }

    private void serve(final Sampler sampler, final InetSocketAddress address, final PrintWriter err,
        final CountDownLatch stop) throws InterruptedException
    {
        try (MetricsServer server = MetricsServer.start(address, () -> Table.of(sampler.sample()), minInterval,
            line ->
            {
                err.println("cgroup-walk: " + line);
                err.flush();
            }))
        {
            err.println("cgroup-walk: serving " + server.metricsUri() + " (Ctrl-C to stop)");
            err.flush();
            stop.await();
        }
    }

}
