package dev.rstat.cgroup.cli;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.rstat.cgroup.CgroupVersion;
import dev.rstat.cgroup.Hierarchy;
import dev.rstat.cgroup.Order;
import dev.rstat.cgroup.report.export.MetricsServer;
import dev.rstat.cgroup.report.export.Report;
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
    private static final String V2_SERVE_DEFAULT = "cpu.stat,cpu.max,cpu.pressure,memory.current,memory.max," +
        "memory.high,memory.swap.current,memory.swap.max,memory.stat,memory.events,memory.pressure,io.stat,io.max," +
        "io.pressure,pids.current,pids.max,cgroup.stat,cgroup.procs";
    private static final String V1_SERVE_EXTRA = "memory.limit_in_bytes,cpu.cfs_quota_us,cpu.cfs_period_us,pids.max";

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

    @Option(names = "--stats", paramLabel = "FILE", split = ",",
        description = "Files to read, or 'all'. Default on v2: " + V2_SERVE_DEFAULT + "; on v1 the walk default " +
            "plus " + V1_SERVE_EXTRA + ".")
    List<String> stats;

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
        final List<String> files = stats != null ? stats : defaults(hierarchy.version());
        final PrintWriter err = spec.commandLine().getErr();
        final Problems problems = new Problems(err::println);
        final Sampler.WalkSpec walk = new Sampler.WalkSpec(Order.DESCENDANTS_PRE, cgroup, null, null, null);
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
        try (Sampler sampler = new Sampler(hierarchy, walk, files, problems, !noAggregate, false);
            MetricsServer server = MetricsServer.start(address,
                () -> new Report(sampler.columns(), sampler.sample()), minInterval))
        {
            err.println("cgroup-walk: serving " + server.metricsUri() + " (Ctrl-C to stop)");
            err.flush();
            stop.await();
        }
        finally
        {
            closed.countDown();
        }
        return CgroupWalk.OK;
    }

    private static List<String> defaults(final CgroupVersion version)
    {
        if (version.number() == 2)
        {
            return List.of(V2_SERVE_DEFAULT.split(","));
        }
        final java.util.ArrayList<String> files = new java.util.ArrayList<>(StatsSelection.defaults(version));
        files.addAll(List.of(V1_SERVE_EXTRA.split(",")));
        return files;
    }
}
