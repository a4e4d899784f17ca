package dev.rstat.cgroup.report;

import java.util.Objects;

import dev.rstat.cgroup.CgroupWalker;
import dev.rstat.cgroup.Order;

/**
 * Which cgroups of a {@link Sample} to take, in which order, as {@link CgroupWalker} would visit them: one of the
 * kernel's {@code cgroup_iter} {@link Order orders} from a start cgroup (by path, or by id), at most {@code limit}
 * cgroups, at most {@code maxDepth} levels away from the start. {@link Sample#rows(Walk)} computes it from the
 * sample's tree. Immutable; the {@code with...} methods return changed copies.
 *
 * @param order    the order.
 * @param start    the start cgroup's path relative to the hierarchy root ({@code /} by default); ignored when
 *                 {@code byId}.
 * @param startId  the start cgroup's id, when {@code byId}.
 * @param byId     whether the start is given by id.
 * @param limit    the most cgroups to take ({@link Long#MAX_VALUE}: all).
 * @param maxDepth the most levels away from the start: below it for the descendant orders and
 *                 {@link Order#CHILDREN}, above it for {@link Order#ANCESTORS_UP} ({@link Integer#MAX_VALUE}: all).
 */
public record Walk(Order order, String start, long startId, boolean byId, long limit, int maxDepth)
{
    /**
     * Validates the components.
     *
     * @param order    the order.
     * @param start    the start path.
     * @param startId  the start id.
     * @param byId     whether the start is given by id.
     * @param limit    the most cgroups.
     * @param maxDepth the most levels.
     */
    public Walk
    {
        Objects.requireNonNull(order, "order");
        Objects.requireNonNull(start, "start");
        CgroupWalker.pathNames(start);
        if (limit < 0)
        {
            throw new IllegalArgumentException("limit must not be negative: limit=" + limit);
        }
        if (maxDepth < 0)
        {
            throw new IllegalArgumentException("max depth must not be negative: maxDepth=" + maxDepth);
        }
    }

    /**
     * The whole hierarchy in pre-order, the walker's default.
     *
     * @return the walk.
     */
    public static Walk all()
    {
        return new Walk(Order.DESCENDANTS_PRE, "/", 0, false, Long.MAX_VALUE, Integer.MAX_VALUE);
    }

    /**
     * @param value the order.
     * @return a copy with that order.
     */
    public Walk withOrder(final Order value)
    {
        return new Walk(value, start, startId, byId, limit, maxDepth);
    }

    /**
     * @param path the start cgroup's path, e.g. {@code /system.slice}.
     * @return a copy starting there.
     */
    public Walk withStart(final String path)
    {
        return new Walk(order, path, 0, false, limit, maxDepth);
    }

    /**
     * @param id the start cgroup's id.
     * @return a copy starting at the cgroup with that id.
     */
    public Walk withStartId(final long id)
    {
        return new Walk(order, "/", id, true, limit, maxDepth);
    }

    /**
     * @param value the most cgroups to take.
     * @return a copy with that limit.
     */
    public Walk withLimit(final long value)
    {
        return new Walk(order, start, startId, byId, value, maxDepth);
    }

    /**
     * @param value the most levels away from the start.
     * @return a copy with that depth limit.
     */
    public Walk withMaxDepth(final int value)
    {
        return new Walk(order, start, startId, byId, limit, value);
    }

    /**
     * The walker that visits this walk's cgroups itself (the oracle of {@link Sample#rows(Walk)}).
     *
     * @param builder a walker builder for the hierarchy.
     * @return the builder, configured.
     */
    public CgroupWalker.Builder configure(final CgroupWalker.Builder builder)
    {
        builder.order(order).limit(limit).maxDepth(maxDepth);
        return byId ? builder.startId(startId) : builder.start(start);
    }
}
