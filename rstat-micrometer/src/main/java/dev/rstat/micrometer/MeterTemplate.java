package dev.rstat.micrometer;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.rstat.Aggregation;
import dev.rstat.StatDescriptor;
import dev.rstat.StatGroup;
import dev.rstat.StatKind;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * One meter that every exported node gets: its name, type, base unit, description and fixed tags, and how its value
 * is read from the engine (without flushing: the scrape's refresh flushed). The plan of a tree, every template of
 * every statistic of every group, is {@link #plan(List, String, List)}; the layout it follows is the one documented
 * on {@link RstatMeterBinder}.
 */
final class MeterTemplate
{
    static final String SCOPE = RstatMeterBinder.SCOPE;
    static final String PHI = RstatMeterBinder.PHI;
    static final String SELF = RstatMeterBinder.SELF;
    static final String SUBTREE = RstatMeterBinder.SUBTREE;

    /** How a template reads its value, in the statistic's own units, from one node's meters. */
    @FunctionalInterface
    interface Read
    {
        double from(NodeMeters node);
    }

    private final String name;
    private final boolean counter;
    private final StatScale scale;
    private final String description;
    private final Tags tags;
    private final Read read;

    private MeterTemplate(final String name, final boolean counter, final StatScale scale, final String description,
                          final Tags tags, final Read read)
    {
        this.name = name;
        this.counter = counter;
        this.scale = scale;
        this.description = description;
        this.tags = tags;
        this.read = read;
    }

    /** @return the meter's name. */
    String name()
    {
        return name;
    }

    /** @return whether it is a {@link FunctionCounter} (else a {@link Gauge}). */
    boolean isCounter()
    {
        return counter;
    }

    /** @return its fixed tags (scope, phi), without {@code path}. */
    Tags tags()
    {
        return tags;
    }

    /**
     * @param node the node's meters.
     * @return the current value in base units (the engine's as of the last flush).
     */
    double value(final NodeMeters node)
    {
        return scale.toBase(read.from(node));
    }

    /**
     * Registers this template's meter of one node.
     *
     * @param registry to register with.
     * @param path     the node's {@code path} tag.
     * @param reading  the meter's value function (held strongly by the node's meters).
     * @return the registered meter, to remove it when the node goes.
     */
    Meter register(final MeterRegistry registry, final String path, final Reading reading)
    {
        final Tags all = Tags.of(RstatMeterBinder.PATH, path).and(tags);
        if (counter)
        {
            return FunctionCounter.builder(name, reading, Reading::value)
                .tags(all).baseUnit(scale.baseUnit()).description(description).register(registry);
        }
        return Gauge.builder(name, reading, Reading::value)
            .tags(all).baseUnit(scale.baseUnit()).description(description).strongReference(true).register(registry);
    }

    /** The templates of a tree and how many histograms each node caches. */
    static final class Plan
    {
        final List<MeterTemplate> templates = new ArrayList<>();
        int histogramSlots;
    }

    /**
     * @param groups    the tree's groups.
     * @param prefix    the first segment of every name.
     * @param quantiles the quantiles a histogram exports, each in [0, 1].
     * @return every template, group by group, statistic by statistic, in declaration order.
     */
    static Plan plan(final List<StatGroup> groups, final String prefix, final List<Double> quantiles)
    {
        final Plan plan = new Plan();
        for (final StatGroup group : groups)
        {
            for (final StatDescriptor stat : group.schema().stats())
            {
                final String name = prefix + '.' + group.name() + '.' + stat.name();
                if (stat.kind().isHistogram())
                {
                    histogram(plan, group, stat, name, quantiles);
                }
                else
                {
                    scalar(plan.templates, group, stat, name);
                }
            }
        }
        return plan;
    }

    private static void scalar(final List<MeterTemplate> out, final StatGroup group, final StatDescriptor stat,
                               final String name)
    {
        final int column = stat.column();
        final boolean counter = stat.kind() == StatKind.COUNTER;
        final StatScale scale = StatScale.of(stat);
        final String description = describe(group, stat);
        out.add(new MeterTemplate(name, counter, scale, description, Tags.of(SCOPE, SELF),
            n -> group.local(n.node(), column)));
        if (stat.kind() == StatKind.PEAK)
        {
            out.add(new MeterTemplate(name, false, scale, description, Tags.of(SCOPE, SUBTREE),
                n -> group.aggregate(n.node(), column, Aggregation.MAX)));
            return;
        }
        for (final Aggregation aggregation : stat.aggregations())
        {
            final Tags subtree = Tags.of(SCOPE, SUBTREE);
            switch (aggregation)
            {
                case SUM:
                    out.add(new MeterTemplate(name, counter, scale, description, subtree,
                        n -> group.aggregate(n.node(), column, Aggregation.SUM)));
                    break;
                case AVG:
                    out.add(new MeterTemplate(name + '.' + suffix(aggregation), false, scale,
                        describe(aggregation, stat), subtree, n -> group.average(n.node(), column)));
                    break;
                case COUNT_ZERO:
                    out.add(new MeterTemplate(name + '.' + suffix(aggregation), false, StatScale.none(),
                        describe(aggregation, stat), subtree,
                        n -> group.aggregate(n.node(), column, Aggregation.COUNT_ZERO)));
                    break;
                case MIN:
                case MAX:
                default:
                    out.add(new MeterTemplate(name + '.' + suffix(aggregation), false, scale,
                        describe(aggregation, stat), subtree, n -> group.aggregate(n.node(), column, aggregation)));
                    break;
            }
        }
    }

    private static void histogram(final Plan plan, final StatGroup group, final StatDescriptor stat, final String name,
                                  final List<Double> quantiles)
    {
        final int column = stat.column();
        final StatScale scale = StatScale.of(stat);
        final String what = stat.description().isEmpty() ? stat.name() : stat.description();
        for (final String scope : List.of(SELF, SUBTREE))
        {
            final boolean own = scope.equals(SELF);
            final int slot = plan.histogramSlots++;
            for (final double q : quantiles)
            {
                plan.templates.add(new MeterTemplate(name + ".percentile", false, scale,
                    "quantile estimates of " + what + " (interpolated in their bucket)",
                    Tags.of(SCOPE, scope, PHI, quantileTag(q)),
                    n -> n.histogram(slot, group, column, own).quantile(q)));
            }
            plan.templates.add(new MeterTemplate(name + ".max", false, scale,
                "largest value of the highest non-empty bucket of " + what +
                    " (its lower bound in the open last bucket)",
                Tags.of(SCOPE, scope), n -> n.histogram(slot, group, column, own).quantile(1.0)));
            plan.templates.add(new MeterTemplate(name + ".count", true, StatScale.none(),
                "values recorded in " + what, Tags.of(SCOPE, scope),
                n -> n.histogram(slot, group, column, own).totalCount()));
            plan.templates.add(new MeterTemplate(name + ".sum", true, scale,
                "sum of the values recorded in " + what + ", each estimated at its bucket's middle",
                Tags.of(SCOPE, scope), n -> n.histogram(slot, group, column, own).sumEstimate()));
        }
    }

    /**
     * @param q a quantile.
     * @return its tag value, without trailing zeros: {@code 0.5}, {@code 0.99}, {@code 1}.
     */
    static String quantileTag(final double q)
    {
        return BigDecimal.valueOf(q).stripTrailingZeros().toPlainString();
    }

    /**
     * @param aggregation a recomputed aggregation.
     * @return the suffix of its meter's name: {@code min}, {@code max}, {@code avg}, {@code zero}.
     */
    static String suffix(final Aggregation aggregation)
    {
        return aggregation == Aggregation.COUNT_ZERO ? "zero" : aggregation.name().toLowerCase(Locale.ROOT);
    }

    private static String describe(final StatGroup group, final StatDescriptor stat)
    {
        return stat.description().isEmpty() ?
            stat.kind().name().toLowerCase(Locale.ROOT) + ' ' + group.name() + '.' + stat.name() : stat.description();
    }

    private static String describe(final Aggregation aggregation, final StatDescriptor stat)
    {
        final String what = stat.description().isEmpty() ? stat.name() : stat.description();
        switch (aggregation)
        {
            case MIN:
                return "smallest own value in the live subtree of " + what;
            case MAX:
                return "largest own value in the live subtree of " + what;
            case AVG:
                return "average own value over the live subtree of " + what;
            case COUNT_ZERO:
                return "nodes of the live subtree holding 0 of " + what;
            case SUM:
            default:
                return what;
        }
    }
}
