package dev.rstat.cgroup.report;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

import org.eclipse.collections.impl.list.mutable.primitive.IntArrayList;

import dev.rstat.cgroup.stat.StatSign;
import dev.rstat.cgroup.stat.ValueState;

/**
 * Which rows of a sample are printed, in which order: {@code --filter REGEX}, {@code --sort FIELD[:asc]} and
 * {@code --top N}, applied to the rows of a walk.
 * <p>
 * The filter keeps rows whose path contains a match of the regular expression. Sorting keeps the tree: siblings are
 * ordered by the field (largest first unless {@code :asc}; {@code max} counts as infinite; missing values last) and
 * each row is followed by its sorted subtree, like systemd-cgtop. {@code --top N} keeps the first N children of every
 * parent (like below's {@code --top}), so the tree's shape survives; without {@code --sort} siblings keep the walk's
 * order (by name in UTF-8 byte order), and {@code --sort path} uses that order too. A row whose parent is not kept
 * (filtered out, or above the start) is a root of the printed forest; roots are never cut by {@code --top}, so
 * {@code --top 0} prints the start cgroup alone. Parents come from the sample's tree, never from paths. Immutable.
 */
public final class RowSelection
{
    private final Pattern filter;
    private final String sortField;
    private final boolean ascending;
    private final int top;

    /**
     * @param filter a regular expression rows' paths must contain a match of, or null for all.
     * @param sort   a field name, {@code path} or {@code id}, optionally with {@code :asc} or {@code :desc}; or null.
     * @param top    how many children of every parent to keep, or null for all.
     * @throws java.util.regex.PatternSyntaxException for an invalid filter.
     */
    public RowSelection(final String filter, final String sort, final Integer top)
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

    /**
     * @return whether this selection keeps every row in its order.
     */
    public boolean isIdentity()
    {
        return filter == null && sortField == null && top == Integer.MAX_VALUE;
    }

    /**
     * Selects and orders rows.
     *
     * @param sample the sample.
     * @param rows   rows of the sample, in walk order.
     * @return the rows to print, in order.
     * @throws UnknownFieldException if the sort field names no field of the sample.
     */
    public int[] apply(final Sample sample, final int[] rows)
    {
        final IntArrayList kept = new IntArrayList(rows.length);
        for (final int row : rows)
        {
            if (filter == null || filter.matcher(sample.path(row)).find())
            {
                kept.add(row);
            }
        }
        if (sortField == null && top == Integer.MAX_VALUE)
        {
            return kept.toArray();
        }
        final Comparator<Integer> order = comparator(sample);
        final boolean[] isKept = new boolean[sample.size()];
        for (int i = 0; i < kept.size(); i++)
        {
            isKept[kept.get(i)] = true;
        }
        final List<List<Integer>> children = new ArrayList<>(sample.size());
        for (int i = 0; i < sample.size(); i++)
        {
            children.add(null);
        }
        final List<Integer> roots = new ArrayList<>();
        for (int i = 0; i < kept.size(); i++)
        {
            final int row = kept.get(i);
            final int parent = sample.parent(row);
            if (parent >= 0 && isKept[parent])
            {
                if (children.get(parent) == null)
                {
                    children.set(parent, new ArrayList<>());
                }
                children.get(parent).add(row);
            }
            else
            {
                roots.add(row);
            }
        }
        final IntArrayList out = new IntArrayList(kept.size());
        final List<Integer> stack = new ArrayList<>();
        // --top limits the children of a printed cgroup; the start cgroup (and a row whose parent was filtered out)
        // is no one's printed child, so --top 0 prints the start alone
        pushSorted(stack, roots, order, Integer.MAX_VALUE);
        while (!stack.isEmpty())
        {
            final int row = stack.remove(stack.size() - 1);
            out.add(row);
            final List<Integer> kids = children.get(row);
            if (kids != null)
            {
                pushSorted(stack, kids, order, top);
            }
        }
        return out.toArray();
    }

    private static void pushSorted(final List<Integer> stack, final List<Integer> siblings,
        final Comparator<Integer> order, final int keep)
    {
        siblings.sort(order);
        final int n = Math.min(keep, siblings.size());
        for (int i = n - 1; i >= 0; i--)
        {
            stack.add(siblings.get(i));
        }
    }

    private Comparator<Integer> comparator(final Sample sample)
    {
        if (sortField == null)
        {
            return (a, b) -> 0;
        }
        if (sortField.equals("path"))
        {
            final Comparator<Integer> byPath = Comparator.comparing(
                row -> sample.path(row).getBytes(StandardCharsets.UTF_8), Arrays::compareUnsigned);
            return ascending ? byPath : byPath.reversed();
        }
        if (sortField.equals("id"))
        {
            final Comparator<Integer> byId = (a, b) -> Long.compareUnsigned(sample.id(a), sample.id(b));
            return ascending ? byId : byId.reversed();
        }
        final Field field = Field.parse(sample.columns(), sortField);
        if (field == null || !sample.fields().contains(field))
        {
            throw new UnknownFieldException("unknown --sort field: field=" + sortField +
                " (a column name as printed in the header, path or id)");
        }
        final boolean signed = sample.info(field).sign() == StatSign.SIGNED;
        return (a, b) ->
        {
            final boolean aHas = has(sample, a, field);
            final boolean bHas = has(sample, b, field);
            if (aHas != bHas)
            {
                return aHas ? -1 : 1;
            }
            final int c = compare(sample, a, b, field, signed);
            return ascending ? c : -c;
        };
    }

    private static boolean has(final Sample sample, final int row, final Field field)
    {
        final ValueState state = sample.state(row, field);
        return state == ValueState.NUMBER || state == ValueState.MAX;
    }

    private static int compare(final Sample sample, final int a, final int b, final Field field,
        final boolean signed)
    {
        final boolean aMax = sample.state(a, field) == ValueState.MAX;
        final boolean bMax = sample.state(b, field) == ValueState.MAX;
        if (aMax || bMax)
        {
            return Boolean.compare(aMax, bMax);
        }
        if (sample.state(a, field) != ValueState.NUMBER || sample.state(b, field) != ValueState.NUMBER)
        {
            return 0;
        }
        return signed ? Long.compare(sample.value(a, field), sample.value(b, field)) :
            Long.compareUnsigned(sample.value(a, field), sample.value(b, field));
    }

    /**
     * The {@code --sort} field names no field of the sample (a usage error, found only once fields are known).
     */
    public static final class UnknownFieldException extends IllegalArgumentException
    {
        private static final long serialVersionUID = 1L;

        /**
         * @param message what was not found.
         */
        public UnknownFieldException(final String message)
        {
            super(message);
        }
    }
}
