package dev.rstat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The statistics an {@link Rstat} tree keeps, declared up front and grouped into independent stat groups.
 * <pre>{@code
 * Schema schema = Schema.builder()
 *     .group("requests", g -> g.counter("count").counter("bytes").gauge("inflight")
 *         .stat("latency", s -> s.logHistogram(32).unit(StatUnit.SECONDS).exponent(-9))
 *         .stat("queue_depth", s -> s.gauge().aggregate(Aggregation.MAX, Aggregation.AVG).unstriped()))
 *     .group("cpu", g -> g.counter("usage_usec"))
 *     .build();
 * }</pre>
 * A group may declare no statistics at all: it then only keeps update trees, for subscribers that aggregate their
 * own per-stripe data (the {@code bpf_rstat_flush} pattern).
 */
public final class Schema
{
    private final List<GroupSchema> groups;

    private Schema(final List<GroupSchema> groups)
    {
        this.groups = Collections.unmodifiableList(groups);
    }

    /**
     * @return a builder for a new schema.
     */
    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * @return the groups in declaration order.
     */
    public List<GroupSchema> groups()
    {
        return groups;
    }

    /**
     * @param name of a group.
     * @return the group.
     * @throws IllegalArgumentException if there is no such group.
     */
    public GroupSchema group(final String name)
    {
        for (final GroupSchema group : groups)
        {
            if (group.name().equals(name))
            {
                return group;
            }
        }
        throw new IllegalArgumentException("unknown stat group: group=" + name);
    }

    /**
     * Builds a {@link Schema}. Not thread-safe.
     */
    public static final class Builder
    {
        private final List<GroupSchema> groups = new ArrayList<>();
        private final Set<String> names = new HashSet<>();

        private Builder()
        {
        }

        /**
         * Declares a group and its statistics.
         *
         * @param name  of the group, unique in the schema.
         * @param stats declares the group's statistics in order.
         * @return this builder.
         */
        public Builder group(final String name, final Consumer<GroupBuilder> stats)
        {
            if (name == null || name.isEmpty())
            {
                throw new IllegalArgumentException("group name must not be empty: name=" + name);
            }
            if (!names.add(name))
            {
                throw new IllegalArgumentException("duplicate stat group: group=" + name);
            }
            final GroupBuilder builder = new GroupBuilder(name);
            stats.accept(builder);
            groups.add(new GroupSchema(name, groups.size(), builder.stats));
            return this;
        }

        /**
         * @return the schema.
         * @throws IllegalStateException if no group was declared.
         */
        public Schema build()
        {
            if (groups.isEmpty())
            {
                throw new IllegalStateException("a schema needs at least one stat group");
            }
            return new Schema(new ArrayList<>(groups));
        }
    }

    /**
     * Declares the statistics of one group.
     */
    public static final class GroupBuilder
    {
        private final String group;
        private final List<StatDescriptor> stats = new ArrayList<>();

        private GroupBuilder(final String group)
        {
            this.group = group;
        }

        /**
         * @param name of a cumulative counter, aggregated by SUM.
         * @return this builder.
         */
        public GroupBuilder counter(final String name)
        {
            return stat(name, s -> s.counter());
        }

        /**
         * @param name of a gauge, aggregated by SUM.
         * @return this builder.
         */
        public GroupBuilder gauge(final String name)
        {
            return stat(name, s -> s.gauge());
        }

        /**
         * Declares a statistic with its kind, aggregations, unit and description.
         *
         * @param name        of the statistic, unique in the group.
         * @param declaration sets its properties (default: a striped counter aggregated by SUM, unit none).
         * @return this builder.
         */
        public GroupBuilder stat(final String name, final Consumer<StatDescriptor.Builder> declaration)
        {
            if (name == null || name.isEmpty())
            {
                throw new IllegalArgumentException("stat name must not be empty: group=" + group);
            }
            for (final StatDescriptor d : stats)
            {
                if (d.name().equals(name))
                {
                    throw new IllegalArgumentException("duplicate stat: group=" + group + " stat=" + name);
                }
            }
            final StatDescriptor.Builder builder = new StatDescriptor.Builder(name);
            declaration.accept(builder);
            stats.add(builder.build(group));
            return this;
        }
    }
}
