package dev.rstat.cgroup.report.render;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.rstat.cgroup.stat.Columns;

/**
 * The order in which renderers print columns: the order in which columns were first seen, except that a derived
 * column ({@code name:self}, {@code name:subtree}, {@code name:effective}, {@code name:rate}) is printed right after
 * the column it is derived from, so aggregated values sit next to the raw ones.
 */
public final class ColumnOrder
{
    private ColumnOrder()
    {
    }

    /**
     * @param columns interned so far.
     * @return column ids in display order.
     */
    public static int[] of(final Columns columns)
    {
        final int size = columns.size();
        final Map<String, List<Integer>> derived = new HashMap<>();
        final List<Integer> bases = new ArrayList<>(size);
        for (int c = 0; c < size; c++)
        {
            final String name = columns.name(c);
            final int suffix = name.lastIndexOf(':');
            final String base = suffix > 0 && isSuffix(name.substring(suffix + 1)) ? name.substring(0, suffix) : null;
            if (base != null && columns.id(base) >= 0)
            {
                derived.computeIfAbsent(base, k -> new ArrayList<>()).add(c);
            }
            else
            {
                bases.add(c);
            }
        }
        final int[] order = new int[size];
        int i = 0;
        for (final int c : bases)
        {
            order[i++] = c;
            final List<Integer> after = derived.get(columns.name(c));
            if (after != null)
            {
                for (final int d : after)
                {
                    order[i++] = d;
                }
            }
        }
        return order;
    }

    private static boolean isSuffix(final String suffix)
    {
        return suffix.equals("self") || suffix.equals("subtree") || suffix.equals("effective") ||
            suffix.equals("rate");
    }
}
