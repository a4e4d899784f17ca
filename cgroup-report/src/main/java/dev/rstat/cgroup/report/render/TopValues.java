package dev.rstat.cgroup.report.render;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import dev.rstat.cgroup.report.Derivation;
import dev.rstat.cgroup.report.Field;
import dev.rstat.cgroup.report.Sample;
import dev.rstat.cgroup.stat.Columns;
import dev.rstat.cgroup.stat.Overview;
import dev.rstat.cgroup.stat.StatCatalog;
import dev.rstat.cgroup.stat.StatInfo;
import dev.rstat.cgroup.stat.StatKind;
import dev.rstat.cgroup.stat.StatScope;
import dev.rstat.cgroup.stat.ValueState;

/**
 * One quantity of the top view for every row of a sample, as subtree value and as own share. The columns are the
 * catalog's ({@link StatCatalog#overview(Overview)}): the first glob that matches columns of the sample, summed over
 * the columns it matches (devices); a cumulative quantity is the {@link Derivation#RATE rate} of those columns.
 * <ul>
 * <li>a hierarchical value (cgroup2 {@code cpu.stat.usage_usec}, {@code memory.current}, v1 {@code cpuacct.usage}):
 * the subtree value is the value; the own share is the value minus the children's (the {@code :self} of
 * {@code --aggregate}; none at the hierarchy root where the catalog says the kernel computes the root's value
 * differently);</li>
 * <li>a local value (v1 {@code tasks}, {@code blkio.throttle.io_service_bytes}): the own share is the value, the
 * subtree value its sum over the cgroup and its descendants in the sample;</li>
 * <li>pressure is neither: both are the kernel's value.</li>
 * </ul>
 * Immutable once built.
 */
final class TopValues
{
    private final Overview quantity;
    private final StatInfo info;
    private final long[] own;
    private final long[] subtree;
    private final boolean[] hasOwn;
    private final boolean[] hasSubtree;

    private TopValues(final Overview quantity, final StatInfo info, final int size)
    {
        this.quantity = quantity;
        this.info = info;
        own = new long[size];
        subtree = new long[size];
        hasOwn = new boolean[size];
        hasSubtree = new boolean[size];
    }

    /**
     * @param sample   a sample.
     * @param quantity a quantity.
     * @return its values, or null if no row of the sample has a number in any of its columns.
     */
    static TopValues of(final Sample sample, final Overview quantity)
    {
        final Columns columns = sample.columns();
        final StatCatalog catalog = columns.catalog();
        final List<Field> fields = sample.fields();
        for (final String glob : catalog.overview(quantity))
        {
            final Pattern pattern = glob(glob);
            final List<Field> matched = new ArrayList<>();
            for (final Field field : fields)
            {
                if (field.derivation() == Derivation.RAW && pattern.matcher(columns.name(field.column())).matches())
                {
                    matched.add(quantity.cumulative() ? new Field(field.column(), Derivation.RATE) : field);
                }
            }
            if (anyValue(sample, matched))
            {
                return compute(sample, quantity, matched, catalog);
            }
        }
        return null;
    }

    /** Whether some row has a value in one of the columns (read, whether or not it has a rate yet). */
    private static boolean anyValue(final Sample sample, final List<Field> matched)
    {
        for (final Field field : matched)
        {
            final Field raw = Field.raw(field.column());
            for (int row = 0; row < sample.size(); row++)
            {
                if (sample.state(row, raw) == ValueState.NUMBER)
                {
                    return true;
                }
            }
        }
        return false;
    }

    private static TopValues compute(final Sample sample, final Overview quantity, final List<Field> matched,
        final StatCatalog catalog)
    {
        final int size = sample.size();
        final List<Field> present = new ArrayList<>();
        for (final Field field : matched)
        {
            if (sample.fields().contains(field))
            {
                present.add(field);
            }
        }
        final Field first = matched.get(0);
        final StatInfo column = sample.columns().info(first.column());
        final TopValues values = new TopValues(quantity, sample.info(first), size);
        final long[] value = new long[size];
        final boolean[] has = new boolean[size];
        for (int row = 0; row < size; row++)
        {
            for (final Field field : present)
            {
                if (sample.state(row, field) == ValueState.NUMBER)
                {
                    value[row] += sample.value(row, field);
                    has[row] = true;
                }
            }
        }
        final int[] deepestFirst = deepestFirst(sample);
        if (column.kind() == StatKind.PRESSURE || column.scope() == StatScope.NONE)
        {
            System.arraycopy(value, 0, values.own, 0, size);
            System.arraycopy(value, 0, values.subtree, 0, size);
            System.arraycopy(has, 0, values.hasOwn, 0, size);
            System.arraycopy(has, 0, values.hasSubtree, 0, size);
        }
        else if (column.scope() == StatScope.HIERARCHICAL)
        {
            final long[] children = new long[size];
            for (int row = 0; row < size; row++)
            {
                final int parent = sample.parent(row);
                if (parent >= 0 && has[row])
                {
                    children[parent] += value[row];
                }
            }
            final boolean rootDiffers = catalog.rootComputedDifferently(sample.columns().name(first.column()));
            for (int row = 0; row < size; row++)
            {
                values.subtree[row] = value[row];
                values.hasSubtree[row] = has[row];
                values.own[row] = value[row] - children[row];
                values.hasOwn[row] = has[row] && !(rootDiffers && sample.depth(row) == 0);
            }
        }
        else
        {
            for (int row = 0; row < size; row++)
            {
                values.own[row] = value[row];
                values.hasOwn[row] = has[row];
                values.subtree[row] = value[row];
                values.hasSubtree[row] = has[row];
            }
            for (final int row : deepestFirst)
            {
                final int parent = sample.parent(row);
                if (parent >= 0 && values.hasSubtree[row])
                {
                    values.subtree[parent] += values.subtree[row];
                    values.hasSubtree[parent] = true;
                }
            }
        }
        return values;
    }

    /**
     * @param sample a sample.
     * @return its rows, deepest first: every row comes after all its descendants.
     */
    static int[] deepestFirst(final Sample sample)
    {
        final int size = sample.size();
        int maxDepth = 0;
        for (int row = 0; row < size; row++)
        {
            maxDepth = Math.max(maxDepth, sample.depth(row));
        }
        final int[] counts = new int[maxDepth + 2];
        for (int row = 0; row < size; row++)
        {
            counts[maxDepth - sample.depth(row) + 1]++;
        }
        for (int d = 1; d < counts.length; d++)
        {
            counts[d] += counts[d - 1];
        }
        final int[] order = new int[size];
        for (int row = 0; row < size; row++)
        {
            order[counts[maxDepth - sample.depth(row)]++] = row;
        }
        return order;
    }

    private static Pattern glob(final String glob)
    {
        final StringBuilder regex = new StringBuilder();
        for (final String part : glob.split("\\*", -1))
        {
            if (regex.length() > 0 || glob.startsWith("*"))
            {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString());
    }

    Overview quantity()
    {
        return quantity;
    }

    /**
     * @param row      a row.
     * @param ownShare own share or subtree value.
     * @return whether the row has the value.
     */
    boolean has(final int row, final boolean ownShare)
    {
        return ownShare ? hasOwn[row] : hasSubtree[row];
    }

    /**
     * @param row      a row.
     * @param ownShare own share or subtree value.
     * @return the value, scaled as {@link #info()} says; 0 if there is none.
     */
    long value(final int row, final boolean ownShare)
    {
        return ownShare ? own[row] : subtree[row];
    }

    /**
     * @return what the values are (unit and scale): the rate's for a cumulative quantity.
     */
    StatInfo info()
    {
        return info;
    }

    /**
     * @param row      a row.
     * @param ownShare own share or subtree value.
     * @return the cell text: {@code -} without a value, bytes in human units, percentages and rates with their
     *         decimals.
     */
    String cell(final int row, final boolean ownShare)
    {
        if (!has(row, ownShare))
        {
            return TextRenderer.ABSENT;
        }
        final long v = value(row, ownShare);
        final String sign = v < 0 ? "-" : "";
        final long magnitude = v < 0 ? -v : v;
        return switch (info.unit())
        {
            case BYTES -> sign + Cells.bytes(unscale(magnitude));
            default -> sign + Cells.number(magnitude, info.scale(), false);
        };
    }

    private long unscale(final long scaled)
    {
        long v = scaled;
        for (int s = 0; s < info.scale(); s++)
        {
            v /= 10;
        }
        return v;
    }
}
