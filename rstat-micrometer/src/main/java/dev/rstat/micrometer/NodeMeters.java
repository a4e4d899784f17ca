package dev.rstat.micrometer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

import dev.rstat.Histogram;
import dev.rstat.Rstat;
import dev.rstat.RstatNode;
import dev.rstat.StatGroup;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * One exported node: its path, one {@link Reading} per template, the meters registered for it in each registry,
 * and its histograms as read in the current window (read once per window however many quantile meters ask).
 * The meter list is changed under the binder's window lock only.
 */
final class NodeMeters
{
    /** A histogram and the window it was read in. */
    private static final class Cached
    {
        final long generation;
        final Histogram histogram;

        Cached(final long generation, final Histogram histogram)
        {
            this.generation = generation;
            this.histogram = histogram;
        }
    }

    /** A meter and the registry that holds it. */
    private static final class Registered
    {
        final MeterRegistry registry;
        final Meter meter;

        Registered(final MeterRegistry registry, final Meter meter)
        {
            this.registry = registry;
            this.meter = meter;
        }
    }

    private final Rstat rstat;
    private final RstatNode node;
    private final String path;
    private final ScrapeWindow window;
    private final List<Reading> readings;
    private final AtomicReferenceArray<Cached> histograms;
    private final List<Registered> meters = new ArrayList<>();

    NodeMeters(final Rstat rstat, final RstatNode node, final String path, final MeterTemplate.Plan plan,
               final ScrapeWindow window)
    {
        this.rstat = rstat;
        this.node = node;
        this.path = path;
        this.window = window;
        this.histograms = new AtomicReferenceArray<>(plan.histogramSlots);
        this.readings = new ArrayList<>(plan.templates.size());
        for (final MeterTemplate template : plan.templates)
        {
            readings.add(new Reading(this, template, window));
        }
    }

    /** @return the node. */
    RstatNode node()
    {
        return node;
    }

    /** @return its {@code path} tag. */
    String path()
    {
        return path;
    }

    /** @return whether the node is still live in its tree. */
    boolean isLive()
    {
        return rstat.contains(node);
    }

    /**
     * @param slot   the histogram's slot in the plan (one per histogram statistic and scope).
     * @param group  its group.
     * @param column its column.
     * @param own    the node's own histogram ({@code self}) rather than its subtree's.
     * @return the histogram as read in the current window.
     */
    Histogram histogram(final int slot, final StatGroup group, final int column, final boolean own)
    {
        final long generation = window.generation();
        final Cached cached = histograms.get(slot);
        if (cached != null && cached.generation == generation)
        {
            return cached.histogram;
        }
        final Histogram read = own ? group.localHistogram(node, column) : group.histogram(node, column);
        histograms.set(slot, new Cached(generation, read));
        return read;
    }

    /**
     * Registers every template's meter of this node.
     *
     * @param registry to register with.
     * @param plan     the templates, in the order of the readings.
     */
    void register(final MeterRegistry registry, final MeterTemplate.Plan plan)
    {
        for (int i = 0; i < readings.size(); i++)
        {
            meters.add(new Registered(registry, plan.templates.get(i).register(registry, path, readings.get(i))));
        }
    }

    /** Removes every meter of this node from every registry. */
    void removeAll()
    {
        for (final Registered r : meters)
        {
            r.registry.remove(r.meter);
        }
        meters.clear();
    }

    /**
     * Removes this node's meters from one registry.
     *
     * @param registry the registry.
     */
    void removeFrom(final MeterRegistry registry)
    {
        meters.removeIf(r ->
        {
            if (r.registry == registry)
            {
                registry.remove(r.meter);
                return true;
            }
            return false;
        });
    }
}
