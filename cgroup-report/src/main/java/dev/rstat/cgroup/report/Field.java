package dev.rstat.cgroup.report;

import java.util.Objects;

import dev.rstat.cgroup.stat.Columns;
import dev.rstat.cgroup.stat.StatInfo;

/**
 * One value of every row of a {@link Sample}: a column read from cgroupfs and how the value is derived from it. Its
 * name, as CSV headers, JSON keys, {@code --sort} and {@code --columns} know it, is the column's name and the
 * derivation's suffix ({@code memory.current}, {@code cpu.stat.usage_usec:self}); {@link #name(Columns)} and
 * {@link #parse(Columns, String)} are the only places that join or split it.
 *
 * @param column     the column id ({@link Columns}).
 * @param derivation how the value is derived from the column.
 */
public record Field(int column, Derivation derivation)
{
    /**
     * Validates the components.
     *
     * @param column     the column id.
     * @param derivation the derivation.
     */
    public Field
    {
        if (column < 0)
        {
            throw new IllegalArgumentException("negative column: column=" + column);
        }
        Objects.requireNonNull(derivation, "derivation");
    }

    /**
     * The column's value as read.
     *
     * @param column the column id.
     * @return the field.
     */
    public static Field raw(final int column)
    {
        return new Field(column, Derivation.RAW);
    }

    /**
     * The field's name.
     *
     * @param columns the columns of the sample.
     * @return e.g. {@code io.stat.8:0.rbytes:rate}.
     */
    public String name(final Columns columns)
    {
        final String base = columns.name(column);
        return derivation == Derivation.RAW ? base : base + derivation.suffix();
    }

    /**
     * What the field's values are.
     *
     * @param columns the columns of the sample.
     * @return kind, scope, unit, scale and sign.
     */
    public StatInfo info(final Columns columns)
    {
        return derivation.info(columns.info(column));
    }

    /**
     * The field of a name: the longest derivation suffix it ends with, after a known column.
     *
     * @param columns the columns of the sample.
     * @param name    a field name.
     * @return the field, or null if no column has that name.
     */
    public static Field parse(final Columns columns, final String name)
    {
        for (final Derivation derivation : Derivation.values())
        {
            final String suffix = derivation.suffix();
            if (derivation != Derivation.RAW && name.endsWith(suffix))
            {
                final int column = columns.id(name.substring(0, name.length() - suffix.length()));
                if (column >= 0)
                {
                    return new Field(column, derivation);
                }
            }
        }
        final int column = columns.id(name);
        return column < 0 ? null : raw(column);
    }
}
