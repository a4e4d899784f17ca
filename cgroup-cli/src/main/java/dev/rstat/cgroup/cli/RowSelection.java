package dev.rstat.cgroup.cli;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.rstat.cgroup.report.HierarchyAggregator;
import dev.rstat.cgroup.report.render.Row;
import dev.rstat.cgroup.stat.Columns;
import dev.rstat.cgroup.stat.StatSample;
import dev.rstat.cgroup.stat.ValueState;

/**
 * {@code --filter REGEX}, {@code --sort FIELD[:asc]} and {@code --top N}, applied to a finished sample.
 * <p>
 * The filter keeps rows whose path contains a match of the regular expression. Sorting keeps the tree: siblings are
 * ordered by the field (largest first unless {@code :asc}; {@code max} counts as infinite; missing values last) and
 * each row is followed by its sorted subtree, like systemd-cgtop. {@code --top N} keeps the first N children of every
 * parent (like below's {@code --top}), so the tree's shape survives; without {@code --sort} siblings keep the walk's
 * order (by name in UTF-8 byte order), and {@code --sort path} uses that order too. A row whose parent is not in the
 * sample (filtered out, or above the start) is a root of the printed forest.
 */
final class RowSelection
{
    private final Pattern filter;
    private final String sortField;
    private final boolean ascending;
    private final int top;

    RowSelection(final String filter, final String sort, final Integer top)
    {
        this.filter = filter == null ? null : Pattern.compile(filter);
        if (sort != null && sort.endsWith(":asc"))
        {
            this.sortField = sort.substring(0, sort.length() - 4);
            this.ascending = true;
        }
        else if (sort != null && sort.endsWith(":desc"))
        {
            this.sortField = sort.substring(0, sort.length() - 5);
            this.ascending = false;
        }
        else
        {
            this.sortField = sort;
            this.ascending = false;
        }
        this.top = top == null ? Integer.MAX_VALUE : top;
    }

    boolean isIdentity()
    {
        return filter == null && sortField == null && top == Integer.MAX_VALUE;
    }

    List<Row> apply(final Columns columns, final List<Row> rows)
    {
        final List<Row> kept = new ArrayList<>(rows.size());
        for (final Row row : rows)
        {
            if (filter == null || filter.matcher(row.path()).find())
            {
                kept.add(row);
            }
        }
        if (sortField == null && top == Integer.MAX_VALUE)
        {
            return kept;
        }
        final Comparator<Row> order = comparator(columns);
        final Map<String, List<Row>> children = new HashMap<>();
        final List<Row> roots = new ArrayList<>();
        final Map<String, Row> byPath = new HashMap<>();
        for (final Row row : kept)
        {
            byPath.put(row.path(), row);
        }
        for (final Row row : kept)
        {
            final String parent = HierarchyAggregator.parentPath(row.path());
            if (parent != null && byPath.containsKey(parent))
            {
                children.computeIfAbsent(parent, k -> new ArrayList<>()).add(row);
            }
            else
            {
                roots.add(row);
            }
        }
        final List<Row> out = new ArrayList<>(kept.size());
        final ArrayList<Row> stack = new ArrayList<>();
        pushSorted(stack, roots, order);
        while (!stack.isEmpty())
        {
            final Row row = stack.remove(stack.size() - 1);
            out.add(row);
            final List<Row> kids = children.get(row.path());
            if (kids != null)
            {
                pushSorted(stack, kids, order);
            }
        }
        return out;
    }

    private void pushSorted(final ArrayList<Row> stack, final List<Row> siblings, final Comparator<Row> order)
    {
        siblings.sort(order);
        final int n = Math.min(top, siblings.size());
        for (int i = n - 1; i >= 0; i--)
        {
            stack.add(siblings.get(i));
        }
    }

    private Comparator<Row> comparator(final Columns columns)
    {
        if (sortField == null)
        {
            return (a, b) -> 0;
        }
        if (sortField.equals("path"))
        {
            final Comparator<Row> byPath = Comparator.comparing(row -> row.path().getBytes(StandardCharsets.UTF_8),
                Arrays::compareUnsigned);
            return ascending ? byPath : byPath.reversed();
        }
        if (sortField.equals("id"))
        {
            final Comparator<Row> byId = (a, b) -> Long.compareUnsigned(a.id(), b.id());
            return ascending ? byId : byId.reversed();
        }
        final int column = columns.id(sortField);
        if (column < 0)
        {
            throw new UnknownFieldException("unknown --sort field: field=" + sortField +
                " (a column name as printed in the header, path or id)");
        }
        final boolean signed = columns.signed(column);
        final Comparator<Row> byValue = (a, b) -> compare(a.sample(), b.sample(), column, signed);
        return (a, b) ->
        {
            final boolean aHas = has(a.sample(), column);
            final boolean bHas = has(b.sample(), column);
            if (aHas != bHas)
            {
                return aHas ? -1 : 1;
            }
            final int c = byValue.compare(a, b);
            return ascending ? c : -c;
        };
    }

    private static boolean has(final StatSample sample, final int column)
    {
        final ValueState state = sample.state(column);
        return state == ValueState.NUMBER || state == ValueState.MAX;
    }

    private static int compare(final StatSample a, final StatSample b, final int column, final boolean signed)
    {
        final boolean aMax = a.state(column) == ValueState.MAX;
        final boolean bMax = b.state(column) == ValueState.MAX;
        if (aMax || bMax)
        {
            return Boolean.compare(aMax, bMax);
        }
        if (a.state(column) != ValueState.NUMBER || b.state(column) != ValueState.NUMBER)
        {
            return 0;
        }
        return signed ? Long.compare(a.value(column), b.value(column)) :
            Long.compareUnsigned(a.value(column), b.value(column));
    }

    /**
     * The {@code --sort} field names no column of the sample (a usage error, found only once columns are known).
     */
    static final class UnknownFieldException extends IllegalArgumentException
    {
        private static final long serialVersionUID = 1L;

        UnknownFieldException(final String message)
        {
            super(message);
        }
    }
}
