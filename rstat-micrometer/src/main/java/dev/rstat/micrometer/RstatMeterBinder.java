package dev.rstat.micrometer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

import dev.rstat.Rstat;
import dev.rstat.RstatNode;
import dev.rstat.StatGroup;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Binds an {@link Rstat} tree to Micrometer {@link MeterRegistry registries}: every live node gets one meter per
 * statistic and scope, named and typed from the statistic's {@linkplain dev.rstat.StatDescriptor descriptor}, so the
 * tree goes wherever the service already ships its metrics (Prometheus, OTLP, JMX, StatsD).
 * <pre>{@code
 * RstatMeterBinder meters = RstatMeterBinder.builder(rstat).prefix("app").build();
 * meters.bindTo(registry);                       // registers the meters of every live node
 * meters.refresh();                              // optional: flush and pick up new nodes right before a scrape
 * String text = prometheusRegistry.scrape();     // one flush per group, however many meters
 * }</pre>
 *
 * <h2>Meters</h2>
 * Every meter of a node carries the tags {@code path} (the node's path from its parent links: the root's name,
 * {@code "/"} by default, then {@code "/tenant-a/app-1"}) and {@code scope}: {@code self} is the node's own value
 * ({@link StatGroup#local}), {@code subtree} its value over the subtree, itself included. With
 * {@code N = <prefix>.<group>.<stat>}:
 * <table>
 * <caption>meters per node and statistic</caption>
 * <tr><th>kind</th><th>meter</th><th>type</th><th>value</th></tr>
 * <tr><td>COUNTER</td><td>{@code N{scope=self}}, {@code N{scope=subtree}}</td><td>{@code FunctionCounter}</td>
 * <td>own count, subtree SUM (removed descendants included: it never goes down)</td></tr>
 * <tr><td>GAUGE</td><td>{@code N{scope=self}}, {@code N{scope=subtree}}</td><td>{@code Gauge}</td>
 * <td>own value, subtree SUM</td></tr>
 * <tr><td>PEAK</td><td>{@code N{scope=self}}, {@code N{scope=subtree}}</td><td>{@code Gauge}</td>
 * <td>own high-water mark, the subtree's</td></tr>
 * <tr><td>COUNTER or GAUGE declaring MIN, MAX, AVG, COUNT_ZERO</td>
 * <td>{@code N.min}, {@code N.max}, {@code N.avg}, {@code N.zero}, each {@code {scope=subtree}}</td>
 * <td>{@code Gauge}</td><td>the recomputed aggregate over the live subtree (COUNT_ZERO: how many of its nodes hold
 * 0, in no unit)</td></tr>
 * <tr><td>LINEAR_HISTOGRAM, LOG_HISTOGRAM</td><td>{@code N.percentile{scope, phi=0.5|0.9|0.99}}</td>
 * <td>{@code Gauge}</td><td>{@link dev.rstat.Histogram#quantile(double)} of the node's own or subtree histogram
 * ({@code NaN} while empty)</td></tr>
 * <tr><td></td><td>{@code N.max{scope}}</td><td>{@code Gauge}</td><td>{@code quantile(1)}: the largest value of
 * the highest non-empty bucket, an upper bound of the maximum (its lower bound in the open-ended last bucket)</td></tr>
 * <tr><td></td><td>{@code N.count{scope}}, {@code N.sum{scope}}</td><td>{@code FunctionCounter}</td>
 * <td>values recorded; their sum, each estimated at its bucket's middle ({@link dev.rstat.Histogram#sumEstimate()})
 * </td></tr>
 * </table>
 * A subtree SUM meter exists when the statistic declares SUM (the default); a recomputed aggregate is a gauge under
 * a suffixed name rather than a tag on {@code N} because it can go down (a child is removed) while {@code N} of a
 * counter is a counter, and Prometheus allows one type and one tag set per name. The suffixes are those of
 * {@code cgroup-walk --derive} ({@code :max}, {@code :min}, {@code :avg}, {@code :zero}). Names follow Micrometer's
 * dotted convention; each registry renders them its way (Prometheus: {@code app_requests_count_total},
 * {@code app_requests_latency_percentile_seconds{phi="0.99"}}).
 * <p>
 * <b>Histograms as quantile gauges.</b> Micrometer's {@code DistributionSummary} and {@code Timer} record values
 * themselves and cannot be backed by a function, and the engine already holds the buckets, merged up the tree. So a
 * histogram exports what its buckets tell: the quantile estimates with the error bound of
 * {@link dev.rstat.Histogram} (within a factor of 2 for a log histogram, one bucket width for a linear one) as
 * gauges, and as counters its count and estimated sum, so {@code rate(sum) / rate(count)} is a mean. The gauges are
 * named and tagged the way Micrometer publishes a distribution's client-side percentiles and maximum
 * ({@code .percentile} with tag {@code phi}, {@code .max}): not a tag {@code quantile}, which Prometheus reserves for
 * summaries ({@code promtool check metrics} rejects it on a gauge). One shape for every unit (a
 * {@code FunctionTimer} would fit seconds only and render differently). The quantiles are configurable
 * ({@link Builder#quantiles(double...)}).
 * <p>
 * <b>Units.</b> A value {@code v} means {@code v × base^exponent} of the statistic's unit, and is exported in
 * Micrometer's base unit: SECONDS as {@code seconds} (nanoseconds divided by 1e9), BYTES as {@code bytes} (KiB
 * multiplied by 1024), CYCLES as {@code cycles}; NONE and BOOLEAN carry no unit (but still their scale). The
 * description is the statistic's.
 *
 * <h2>One flush per scrape</h2>
 * Meter functions never flush. The first meter read after the {@linkplain Builder#refreshInterval refresh interval}
 * (1 s by default) has passed <em>refreshes</em>: it updates the meter set (below), then flushes each group's root
 * once ({@link StatGroup#flushIfNeeded}, so the tree's flush policy applies), single-flight: concurrent readers wait
 * for that one refresh. Every other read of the window reads the flushed values ({@code local}, {@code subtree},
 * {@code aggregate}, {@code histogram}, each histogram once per window). A scrape of many meters therefore costs one
 * flush per group. {@link #refresh()} refreshes now and starts a window, so calling it right before a scrape makes
 * the scrape show every node that exists at that moment at no extra flush.
 *
 * <h2>Nodes come and go</h2>
 * Each refresh compares the tree's {@linkplain Rstat#nodes() live nodes} with the exported ones (O(nodes)): meters
 * of removed nodes are {@linkplain MeterRegistry#remove(Meter) removed} from every registry, new nodes get theirs.
 * A refresh run by a scrape's first read shows new nodes in that scrape or from the next one on, as the registry's
 * iteration order has it (at once when {@link #refresh()} ran first), and a removed node's meters read its last
 * values until they are removed. A node whose path another live node already holds (two siblings of one name) is
 * not exported while that one lives ({@link #skippedNodes()}). A flush that throws (a flush listener's failure) is
 * counted ({@link #flushFailures()}); the meters read what it folded, as the engine completes a flush first.
 * <p>
 * Two trees bound to one registry need two prefixes (their paths, the root's {@code "/"} at least, coincide). The
 * gauge {@code <prefix>.nodes} counts the exported nodes.
 * <p>
 * Thread-safe. The binder stays reachable from each registry it is bound to (its gauges hold it strongly), so a
 * caller may bind it and drop it; {@link #close()} removes its meters.
 */
public final class RstatMeterBinder implements MeterBinder, AutoCloseable
{
    /** The tag holding a node's path: {@value}. */
    public static final String PATH = "path";
    /** The tag saying whose value a meter shows: {@value}, either {@link #SELF} or {@link #SUBTREE}. */
    public static final String SCOPE = "scope";
    /** The scope of a node's own value ({@link StatGroup#local}): {@value}. */
    public static final String SELF = "self";
    /** The scope of a node's value over its subtree, itself included: {@value}. */
    public static final String SUBTREE = "subtree";
    /** The tag of a histogram's {@code .percentile} gauge holding its quantile, as Micrometer names it: {@value}. */
    public static final String PHI = "phi";

    private final Rstat rstat;
    private final String prefix;
    private final MeterTemplate.Plan plan;
    private final ScrapeWindow window;
    /** Guarded by the window's lock. */
    private final Map<RstatNode, NodeMeters> exported = new HashMap<>();
    /** Guarded by the window's lock. */
    private final Map<String, NodeMeters> byPath = new HashMap<>();
    /** Guarded by the window's lock. */
    private final List<MeterRegistry> registries = new ArrayList<>();
    /** Guarded by the window's lock. */
    private final List<Meter> ownMeters = new ArrayList<>();
    private volatile int exportedCount;
    private volatile int skippedCount;
    private volatile long flushFailures;
    private volatile boolean closed;

    private RstatMeterBinder(final Builder b)
    {
        this.rstat = b.rstat;
        this.prefix = b.prefix;
        this.plan = MeterTemplate.plan(rstat.groups(), prefix, b.quantiles);
        this.window = new ScrapeWindow(b.clock, b.refreshInterval.toNanos(), this::refreshLocked);
    }

    /**
     * @param rstat the tree to export.
     * @return a builder with the defaults: prefix {@code rstat}, quantiles 0.5, 0.9 and 0.99, refresh interval
     *         1 s, the system clock.
     */
    public static Builder builder(final Rstat rstat)
    {
        return new Builder(rstat);
    }

    /**
     * Registers the meters of every live node with {@code registry} (and keeps them up to date there). Binding the
     * same registry twice does nothing.
     *
     * @param registry to bind to.
     * @throws IllegalStateException once closed.
     */
    @Override
    public void bindTo(final MeterRegistry registry)
    {
        Objects.requireNonNull(registry, "registry");
        window.locked(() ->
        {
            if (closed)
            {
                throw new IllegalStateException("binder is closed: prefix=" + prefix);
            }
            for (final MeterRegistry bound : registries)
            {
                if (bound == registry)
                {
                    return;
                }
            }
            registries.add(registry);
            ownMeters.add(Gauge.builder(prefix + ".nodes", this, RstatMeterBinder::readExportedNodes)
                .description("nodes of the rstat tree exported as meters (live nodes of a path no other holds)")
                .strongReference(true)
                .register(registry));
            for (final NodeMeters node : exported.values())
            {
                node.register(registry, plan);
            }
        });
        window.refreshNow();
    }

    /**
     * Refreshes now: removes the meters of removed nodes, registers those of new nodes, flushes each group's root
     * once, and starts a refresh interval (meter reads within it do not flush again).
     */
    public void refresh()
    {
        window.refreshNow();
    }

    /** @return how many nodes have meters (as of the last refresh). */
    public int exportedNodes()
    {
        return exportedCount;
    }

    /** @return how many live nodes had no meters at the last refresh because another live node holds their path. */
    public int skippedNodes()
    {
        return skippedCount;
    }

    /**
     * @return how many flushes of a refresh threw (a flush listener's failure: the flush still folded everything
     *         and the meters read its values).
     */
    public long flushFailures()
    {
        return flushFailures;
    }

    /** Removes every meter this binder registered, from every registry; later refreshes do nothing. */
    @Override
    public void close()
    {
        window.locked(() ->
        {
            closed = true;
            for (final NodeMeters node : exported.values())
            {
                node.removeAll();
            }
            exported.clear();
            byPath.clear();
            for (int i = 0; i < ownMeters.size(); i++)
            {
                registries.get(i).remove(ownMeters.get(i));
            }
            ownMeters.clear();
            registries.clear();
            exportedCount = 0;
        });
    }

    private double readExportedNodes()
    {
        window.ensureFresh();
        return exportedCount;
    }

    private void refreshLocked()
    {
        if (closed)
        {
            return;
        }
        updateMeterSet();
        for (final StatGroup group : rstat.groups())
        {
            try
            {
                group.flushIfNeeded(rstat.root());
            }
            catch (final RuntimeException listenerFailure)
            {
                flushFailures++;
            }
        }
    }

    private void updateMeterSet()
    {
        for (final Iterator<NodeMeters> it = exported.values().iterator(); it.hasNext(); )
        {
            final NodeMeters node = it.next();
            if (!node.isLive())
            {
                node.removeAll();
                byPath.remove(node.path());
                it.remove();
            }
        }
        final Map<RstatNode, String> memo = new HashMap<>();
        final Function<RstatNode, String> known = n ->
        {
            final NodeMeters m = exported.get(n);
            return m != null ? m.path() : memo.get(n);
        };
        int skipped = 0;
        for (final RstatNode node : rstat.nodes())
        {
            if (exported.containsKey(node))
            {
                continue;
            }
            final String path = NodePaths.path(node, known, memo);
            if (byPath.containsKey(path))
            {
                skipped++;
                continue;
            }
            if (!rstat.contains(node))
            {
                continue;
            }
            final NodeMeters meters = new NodeMeters(rstat, node, path, plan, window);
            for (final MeterRegistry registry : registries)
            {
                meters.register(registry, plan);
            }
            exported.put(node, meters);
            byPath.put(path, meters);
        }
        exportedCount = exported.size();
        skippedCount = skipped;
    }

    /**
     * Configures a {@link RstatMeterBinder}. Not thread-safe.
     */
    public static final class Builder
    {
        private final Rstat rstat;
        private String prefix = "rstat";
        private List<Double> quantiles = List.of(0.5, 0.9, 0.99);
        private Duration refreshInterval = Duration.ofSeconds(1);
        private Clock clock = Clock.SYSTEM;

        private Builder(final Rstat rstat)
        {
            this.rstat = Objects.requireNonNull(rstat, "rstat");
        }

        /**
         * @param prefix the first segment of every meter name ({@code <prefix>.<group>.<stat>}); default
         *               {@code rstat}.
         * @return this builder.
         */
        public Builder prefix(final String prefix)
        {
            Objects.requireNonNull(prefix, "prefix");
            if (prefix.isBlank() || prefix.startsWith(".") || prefix.endsWith("."))
            {
                throw new IllegalArgumentException("meter name prefix must be non-empty without a leading or " +
                    "trailing dot: prefix=\"" + prefix + "\"");
            }
            this.prefix = prefix;
            return this;
        }

        /**
         * @param quantiles the quantiles each histogram exports as {@code .percentile} gauges, each in [0, 1], no
         *                  duplicates; default 0.5, 0.9, 0.99; none for only the max gauge and the count and sum.
         * @return this builder.
         */
        public Builder quantiles(final double... quantiles)
        {
            final List<Double> list = new ArrayList<>();
            final Set<String> tags = new LinkedHashSet<>();
            for (final double q : quantiles)
            {
                if (!(q >= 0 && q <= 1))
                {
                    throw new IllegalArgumentException("quantile out of [0, 1]: quantile=" + q);
                }
                if (!tags.add(MeterTemplate.quantileTag(q)))
                {
                    throw new IllegalArgumentException("quantile given twice: quantile=" + q);
                }
                list.add(q);
            }
            this.quantiles = List.copyOf(list);
            return this;
        }

        /**
         * @param interval how long the values of one refresh (one flush of each group, one update of the meter set)
         *                 serve meter reads before the next read refreshes again; more than 0, default 1 s. Longer
         *                 than a scrape takes, shorter than the scrape interval.
         * @return this builder.
         */
        public Builder refreshInterval(final Duration interval)
        {
            Objects.requireNonNull(interval, "interval");
            if (interval.isNegative() || interval.isZero())
            {
                throw new IllegalArgumentException("refresh interval must be more than 0: interval=" + interval);
            }
            this.refreshInterval = interval;
            return this;
        }

        /**
         * @param clock whose monotonic time measures the refresh interval (a {@code MockClock} in tests); default
         *              {@link Clock#SYSTEM}.
         * @return this builder.
         */
        public Builder clock(final Clock clock)
        {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** @return the binder; bind it with {@link RstatMeterBinder#bindTo(MeterRegistry)}. */
        public RstatMeterBinder build()
        {
            return new RstatMeterBinder(this);
        }
    }
}
