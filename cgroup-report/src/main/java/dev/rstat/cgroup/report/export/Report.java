package dev.rstat.cgroup.report.export;

import java.util.List;
import java.util.Objects;

import dev.rstat.cgroup.report.render.Row;
import dev.rstat.cgroup.stat.Columns;

/**
 * One finished walk of a hierarchy, ready to render: the columns and the rows, in output order.
 *
 * @param columns the columns of the walk (their catalog describes the values).
 * @param rows    the rows; copied.
 */
public record Report(Columns columns, List<Row> rows)
{
    /**
     * Validates and copies.
     *
     * @param columns the columns of the walk.
     * @param rows    the rows.
     */
    public Report
    {
        Objects.requireNonNull(columns, "columns");
        rows = List.copyOf(rows);
    }
}
