package dev.rstat.micrometer;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.rstat.Aggregation;
import dev.rstat.Rstat;
import dev.rstat.RstatNode;
import dev.rstat.Schema;
import dev.rstat.StatBase;
import dev.rstat.StatGroup;
import dev.rstat.StatUnit;

/**
 * The tests' tree: {@code / → tenant-a → app-1, app-2} and {@code / → tenant-b → app-3}, with a group of every
 * kind ({@code requests}) and a second group ({@code cpu}), so that "one flush per group" has two groups to count.
 */
final class TenantTree
{
    static final Schema SCHEMA = Schema.builder()
        .group("requests", g -> g
            .counter("count")
            .stat("kib", s -> s.counter().unit(StatUnit.BYTES).base(StatBase.POW2).exponent(10)
                .description("response size in KiB"))
            .stat("inflight", s -> s.gauge()
                .aggregate(Aggregation.SUM, Aggregation.MIN, Aggregation.MAX, Aggregation.AVG, Aggregation.COUNT_ZERO)
                .description("requests in flight"))
            .stat("rss_peak", s -> s.peak().unit(StatUnit.BYTES).description("highest resident set"))
            .stat("latency", s -> s.logHistogram(40).unit(StatUnit.SECONDS).exponent(-9)
                .description("request latency")))
        .group("cpu", g -> g.stat("usage", s -> s.counter().unit(StatUnit.SECONDS).exponent(-6)))
        .build();

    final Rstat rstat = Rstat.builder(SCHEMA).stripes(4).build();
    final StatGroup requests = rstat.group("requests");
    final StatGroup cpu = rstat.group("cpu");
    final int count = requests.indexOf("count");
    final int kib = requests.indexOf("kib");
    final int inflight = requests.indexOf("inflight");
    final int rssPeak = requests.indexOf("rss_peak");
    final int latency = requests.indexOf("latency");
    final int usage = cpu.indexOf("usage");
    /** Every node by path, in pre-order. */
    final Map<String, RstatNode> nodes = new LinkedHashMap<>();

    TenantTree()
    {
        nodes.put("/", rstat.root());
        create("/", "tenant-a");
        create("/tenant-a", "app-1");
        create("/tenant-a", "app-2");
        create("/", "tenant-b");
        create("/tenant-b", "app-3");
    }

    RstatNode create(final String parentPath, final String name)
    {
        final RstatNode node = rstat.create(nodes.get(parentPath), nodes.size() + 1, name);
        nodes.put(parentPath.equals("/") ? "/" + name : parentPath + "/" + name, node);
        return node;
    }

    RstatNode node(final String path)
    {
        return nodes.get(path);
    }

    void remove(final String path)
    {
        rstat.remove(nodes.remove(path));
    }
}
