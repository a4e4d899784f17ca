package dev.rstat.cgroup.report.render;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

import dev.rstat.cgroup.report.Field;
import dev.rstat.cgroup.report.Sample;
import dev.rstat.cgroup.report.Table;
import dev.rstat.cgroup.stat.Columns;
import dev.rstat.cgroup.stat.StatInfo;

/**
 * RFC 4180 CSV with {@code \n} record separators (quoting by Apache Commons CSV, so any path reads back exactly).
 * Header {@code id,path,depth,<fields...>}; a number is exact (unsigned, scaled), {@code max} stays {@code max} (or
 * what {@link MaxAs} says), a text is printed with its control characters escaped, and every other state is an empty
 * cell. Stateless.
 */
final class CsvRenderer implements Renderer
{
    private final String max;

    CsvRenderer()
    {
        this(Cells.MAX);
    }

    /**
     * @param max what a limit without a limit ({@code max}) is written as, null for an empty cell.
     */
    CsvRenderer(final String max)
    {
        this.max = max;
    }

    @Override
    public void render(final Table table, final Writer out) throws IOException
    {
        final Sample sample = table.sample();
        final Columns columns = sample.columns();
        final List<Field> fields = table.fields();
        final StatInfo[] infos = table.infos();
        final CsvCells cells = new CsvCells(out, max);
        cells.text("id");
        cells.text("path");
        cells.text("depth");
        cells.names(columns, fields);
        cells.end();
        for (final int row : table.rows())
        {
            cells.unsigned(sample.id(row));
            cells.text(sample.path(row));
            cells.unsigned(sample.depth(row));
            for (int f = 0; f < infos.length; f++)
            {
                cells.value(sample, row, fields.get(f), infos[f]);
            }
            cells.end();
        }
        out.flush();
    }
}
