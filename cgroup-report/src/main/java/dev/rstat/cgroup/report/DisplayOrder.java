package dev.rstat.cgroup.report;

import java.util.Arrays;

import org.eclipse.collections.impl.list.mutable.primitive.IntArrayList;

import dev.rstat.cgroup.stat.Columns;

/**
 * The order in which a sample's columns are printed: the order in which the requested walk (in pre-order, parents
 * first, siblings by name, when the whole hierarchy is sampled) first meets them, each row's columns in the order its
 * files gave them, whatever order the sampler read the rows in. So output keeps its columns where a walk in the
 * requested order put them (the root's files first in pre-order), although samples are read children first. Columns
 * that appear in a later sample follow the earlier ones, in that sample's order.
 * <p>
 * During a walk each row hands in the columns it set, in order, of which only the columns new since the last ordering
 * are kept; after the walk, if there are new columns, the rows are replayed in order. Not thread-safe.
 */
final class DisplayOrder
{
    private final Columns columns;
    private final IntArrayList log = new IntArrayList();
    private int[] rowStart = new int[64];
    private int[] order = new int[0];
    private int rows;

    DisplayOrder(final Columns columns)
    {
        this.columns = columns;
    }

    /** Starts a walk. */
    void beginWalk()
    {
        log.clear();
        rows = 0;
    }

    /**
     * One row's columns, in the order they were set.
     *
     * @param row    the row index (rows come in order 0, 1, ...).
     * @param setOrder the columns the row's read set, in order.
     */
    void row(final int row, final IntArrayList setOrder)
    {
        if (row + 1 >= rowStart.length)
        {
            rowStart = Arrays.copyOf(rowStart, rowStart.length * 2);
        }
        rowStart[row] = log.size();
        final int known = order.length;
        for (int i = 0; i < setOrder.size(); i++)
        {
            final int column = setOrder.get(i);
            if (column >= known)
            {
                log.add(column);
            }
        }
        rows = row + 1;
        rowStart[rows] = log.size();
    }

    /**
     * @return whether columns appeared since the last ordering.
     */
    boolean grew()
    {
        return columns.size() != order.length;
    }

    /**
     * Places the columns that appeared in this walk, replaying its rows in the given order.
     *
     * @param rowOrder rows in the order their columns count (pre-order for a whole hierarchy, else the walk's).
     */
    void endWalk(final int[] rowOrder)
    {
        final int size = columns.size();
        if (size == order.length)
        {
            return;
        }
        final int known = order.length;
        final boolean[] placed = new boolean[size];
        final int[] grown = Arrays.copyOf(order, size);
        int next = known;
        for (final int row : rowOrder)
        {
            if (row >= rows)
            {
                continue;
            }
            for (int i = rowStart[row]; i < rowStart[row + 1]; i++)
            {
                final int column = log.get(i);
                if (!placed[column])
                {
                    placed[column] = true;
                    grown[next++] = column;
                }
            }
        }
        for (int column = known; column < size; column++)
        {
            if (!placed[column])
            {
                grown[next++] = column;
            }
        }
        order = grown;
    }

    /**
     * @return the columns in display order (a copy is not made: do not modify).
     */
    int[] columns()
    {
        return order;
    }
}
