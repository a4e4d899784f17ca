package dev.rstat.cgroup.cli;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.eclipse.collections.api.map.primitive.MutableLongObjectMap;
import org.eclipse.collections.impl.map.mutable.primitive.LongObjectHashMap;

import dev.rstat.cgroup.Cgroup;
import dev.rstat.cgroup.CgroupVisitor;
import dev.rstat.cgroup.CgroupWalker;
import dev.rstat.cgroup.Hierarchy;
import dev.rstat.cgroup.Order;
import dev.rstat.cgroup.report.HierarchyAggregator;
import dev.rstat.cgroup.report.RateTracker;
import dev.rstat.cgroup.report.render.Row;
import dev.rstat.cgroup.stat.Columns;
import dev.rstat.cgroup.stat.Problems;
import dev.rstat.cgroup.stat.StatCatalog;
import dev.rstat.cgroup.stat.StatReader;

/**
 * Takes samples of a hierarchy: walks it, reads the selected files of every walked cgroup, and optionally derives
 * rates (from the previous sample) and hierarchical aggregates (through the rstat engine).
 * <p>
 * With aggregation, every sample reads the whole hierarchy (a cgroup's own share needs its children, a subtree sum
 * all its descendants, an effective limit all its ancestors) and the requested walk (order, start, limit, depth) then
 * only chooses which rows are printed, in which order. Not thread-safe.
 */
final class Sampler implements AutoCloseable
{
    private final Hierarchy hierarchy;
    private final WalkSpec spec;
    private final List<String> files;
    private final Problems problems;
    private final Columns columns;
    private final StatReader reader;
    private final HierarchyAggregator aggregator;
    private final RateTracker rates;

    Sampler(final Hierarchy hierarchy, final WalkSpec spec, final List<String> files, final Problems problems,
        final boolean aggregate, final boolean withRates)
    {
        this.hierarchy = hierarchy;
        this.spec = spec;
        this.files = files;
        this.problems = problems;
        this.columns = new Columns(StatCatalog.forVersion(hierarchy.version().number()));
        this.reader = new StatReader(columns, problems);
        this.aggregator = aggregate ? new HierarchyAggregator(columns) : null;
        this.rates = withRates ? new RateTracker(columns) : null;
    }

    Columns columns()
    {
        return columns;
    }

    /**
     * @return one sample's rows, in the requested walk order.
     */
    List<Row> sample()
    {
        if (aggregator == null)
        {
            final StatsCollector collector = new StatsCollector(columns, reader, files, rates);
            spec.walker(hierarchy, problems).walk(collector);
            retainRates(collector.rows());
            return collector.rows();
        }
        final StatsCollector collector = new StatsCollector(columns, reader, files, rates);
        CgroupWalker.on(hierarchy).order(Order.DESCENDANTS_PRE).problems(problems).build().walk(collector);
        final List<Row> all = collector.rows();
        retainRates(all);
        aggregator.update(all);
        final MutableLongObjectMap<Row> byId = new LongObjectHashMap<>(all.size());
        for (final Row row : all)
        {
            byId.put(row.id(), row);
        }
        final List<Row> selected = new ArrayList<>();
        spec.walker(hierarchy, new Problems(line -> { })).walk(new CgroupVisitor()
        {
            @Override
            public boolean visit(final Cgroup cgroup)
            {
                final Row row = byId.get(cgroup.id());
                if (row != null)
                {
                    selected.add(row);
                }
                return true;
            }
        });
        return selected;
    }

    private void retainRates(final List<Row> rows)
    {
        if (rates != null)
        {
            final Set<String> paths = new HashSet<>(rows.size() * 2);
            for (final Row row : rows)
            {
                paths.add(row.path());
            }
            rates.retain(paths);
        }
    }

    @Override
    public void close()
    {
        if (aggregator != null)
        {
            aggregator.close();
        }
    }

    /**
     * Which cgroups a walk visits, in which order: the kernel order, the start (path or id), limit and depth.
     */
    record WalkSpec(Order order, String start, Long id, Long limit, Integer maxDepth)
    {
        CgroupWalker walker(final Hierarchy hierarchy, final Problems problems)
        {
            final CgroupWalker.Builder walker = CgroupWalker.on(hierarchy).order(order).problems(problems);
            if (id != null)
            {
                walker.startId(id);
            }
            else if (start != null)
            {
                walker.start(start);
            }
            if (limit != null)
            {
                walker.limit(limit);
            }
            if (maxDepth != null)
            {
                walker.maxDepth(maxDepth);
            }
            return walker.build();
        }
    }
}
