package dev.rstat.cgroup.report.render;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import dev.rstat.cgroup.stat.Columns;

/**
 * RFC 4180 CSV with {@code \n} record separators, printed by Apache Commons CSV (quoting as needed, so any path
 * reads back exactly). Header {@code id,path,depth,<columns...>}; a number is exact (unsigned, scaled), {@code max}
 * stays {@code max}, a text is printed as is, and every other state is an empty cell. Stateless.
 */
final class CsvRenderer implements Renderer
{
    static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
        .setRecordSeparator('\n')
        .get();

    @Override
    public void render(final Columns columns, final List<Row> rows, final Writer out) throws IOException
    {
        final int[] order = ColumnOrder.of(columns);
        final int count = order.length;
        final CSVPrinter printer = new CSVPrinter(out, FORMAT);
        printer.print("id");
        printer.print("path");
        printer.print("depth");
        for (int column = 0; column < count; column++)
        {
            printer.print(columns.name(order[column]));
        }
        printer.println();
        for (final Row row : rows)
        {
            printer.print(Long.toUnsignedString(row.id()));
            printer.print(row.path());
            printer.print(Integer.toString(row.depth()));
            for (int column = 0; column < count; column++)
            {
                printer.print(Cells.exact(columns, row.sample(), order[column]));
            }
            printer.println();
        }
        printer.flush();
    }
}
