package dev.rstat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The declared statistics of one stat group, each {@linkplain StatDescriptor self-describing}, and the columns they
 * occupy.
 * <p>
 * A stat group is the unit of flushing, like a kernel subsystem since 6.16: each group has its own update trees
 * and its own flush lock, and flushing one group never walks another group's trees. Statistics are addressed by
 * their first column ({@link #indexOf(String)} once, then the {@code int} on the hot path). A scalar occupies one
 * column, a histogram one per bucket. Columns are laid out by how the flush treats them, whatever the declaration
 * order: first the striped additive ones (counters, gauges, histogram buckets), then the striped peaks, then the
 * unstriped statistics; {@link #stats()} keeps the declaration order.
 */
public final class GroupSchema
{
    private final String name;
    private final int index;
    private final List<StatDescriptor> stats;
    private final StatDescriptor[] byColumn;
    private final int additiveColumns;
    private final int stripedColumns;
    private final int[] recomputeColumns;
    private final Aggregation[] recomputeAggregations;

    GroupSchema(final String name, final int index, final List<StatDescriptor> declared)
    {
        this.name = name;
        this.index = index;
        this.stats = Collections.unmodifiableList(new ArrayList<>(declared));
        int columns = 0;
        for (final StatDescriptor d : declared)
        {
            columns += d.width();
        }
        this.byColumn = new StatDescriptor[columns];
        int next = 0;
        int additive = 0;
        int stripedEnd = 0;
        for (int pass = 0; pass < 3; pass++)
        {
            for (final StatDescriptor d : declared)
            {
                if (pass(d) == pass)
                {
                    d.column(next);
                    for (int i = 0; i < d.width(); i++)
                    {
                        byColumn[next++] = d;
                    }
                }
            }
            if (pass == 0)
            {
                additive = next;
            }
            else if (pass == 1)
            {
                stripedEnd = next;
            }
        }
        this.additiveColumns = additive;
        this.stripedColumns = stripedEnd;
        final List<Integer> recomputed = new ArrayList<>();
        final List<Aggregation> aggregations = new ArrayList<>();
        for (final StatDescriptor d : declared)
        {
            if (d.kind() == StatKind.PEAK)
            {
                continue;
            }
            for (final Aggregation a : d.aggregations())
            {
                if (a.isRecomputed())
                {
                    recomputed.add(d.column());
                    aggregations.add(a);
                }
            }
        }
        this.recomputeColumns = new int[recomputed.size()];
        for (int i = 0; i < recomputeColumns.length; i++)
        {
            recomputeColumns[i] = recomputed.get(i);
        }
        this.recomputeAggregations = aggregations.toArray(new Aggregation[0]);
    }

    private static int pass(final StatDescriptor d)
    {
        if (!d.striped())
        {
            return 2;
        }
        return d.kind() == StatKind.PEAK ? 1 : 0;
    }

    /**
     * @return the group's name.
     */
    public String name()
    {
        return name;
    }

    /**
     * @return the group's position in its {@link Schema}.
     */
    public int index()
    {
        return index;
    }

    /**
     * @return the declared statistics, in declaration order.
     */
    public List<StatDescriptor> stats()
    {
        return stats;
    }

    /**
     * @return how many columns the group's statistics occupy (one per scalar, one per histogram bucket); equal to
     *         the number of statistics when the group has no histogram.
     */
    public int statCount()
    {
        return byColumn.length;
    }

    /**
     * @param column a column index.
     * @return the statistic occupying it.
     */
    public StatDescriptor descriptor(final int column)
    {
        return byColumn[column];
    }

    /**
     * @param statName name of a statistic of this group.
     * @return its descriptor.
     * @throws IllegalArgumentException if the group has no such statistic.
     */
    public StatDescriptor stat(final String statName)
    {
        for (final StatDescriptor d : stats)
        {
            if (d.name().equals(statName))
            {
                return d;
            }
        }
        final List<String> names = new ArrayList<>();
        for (final StatDescriptor d : stats)
        {
            names.add(d.name());
        }
        throw new IllegalArgumentException("unknown stat: group=" + name + " stat=" + statName + " declared=" + names);
    }

    /**
     * @param column a column index.
     * @return the name of the statistic occupying it.
     */
    public String statName(final int column)
    {
        return byColumn[column].name();
    }

    /**
     * @param column a column index.
     * @return the kind of the statistic occupying it.
     */
    public StatKind kind(final int column)
    {
        return byColumn[column].kind();
    }

    /**
     * @param statName name of a statistic of this group.
     * @return its (first) column.
     * @throws IllegalArgumentException if the group has no such statistic.
     */
    public int indexOf(final String statName)
    {
        return stat(statName).column();
    }

    int additiveColumns()
    {
        return additiveColumns;
    }

    int stripedColumns()
    {
        return stripedColumns;
    }

    /** @return the column of each recomputed aggregate, one entry per (statistic, recomputed aggregation). */
    int[] recomputeColumns()
    {
        return recomputeColumns;
    }

    Aggregation[] recomputeAggregations()
    {
        return recomputeAggregations;
    }

    /**
     * @return the slot of a recomputed aggregate of the statistic at {@code column}, or -1.
     */
    int recomputeSlot(final int column, final Aggregation aggregation)
    {
        for (int i = 0; i < recomputeColumns.length; i++)
        {
            if (recomputeColumns[i] == column && recomputeAggregations[i] == aggregation)
            {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String toString()
    {
        final StringBuilder sb = new StringBuilder(name).append('{');
        for (int i = 0; i < stats.size(); i++)
        {
            sb.append(i == 0 ? "" : ", ").append(stats.get(i));
        }
        return sb.append('}').toString();
    }
}
