package dev.rstat.cgroup.report;

import java.util.List;
import java.util.Objects;

import dev.rstat.cgroup.stat.StatInfo;

/**
 * What a renderer prints: some rows of a {@link Sample}, in order, and some of its fields.
 *
 * @param sample the sample.
 * @param rows   row indexes of the sample, in output order; not copied.
 * @param fields the fields to print, in order; copied.
 */
public record Table(Sample sample, int[] rows, List<Field> fields)
{
    /**
     * Validates and copies.
     *
     * @param sample the sample.
     * @param rows   the rows.
     * @param fields the fields.
     */
    public Table
    {
        Objects.requireNonNull(sample, "sample");
        Objects.requireNonNull(rows, "rows");
        fields = List.copyOf(fields);
    }

    /**
     * The sample's rows of its own walk with all its fields.
     *
     * @param sample a sample.
     * @return the table.
     */
    public static Table of(final Sample sample)
    {
        return new Table(sample, sample.rows(), sample.fields());
    }

    /**
     * @return what the fields' values are, in field order.
     */
    public StatInfo[] infos()
    {
        return sample.infos(fields);
    }
}
