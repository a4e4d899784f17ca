package dev.rstat.cgroup.report.render;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

import dev.rstat.cgroup.stat.Columns;

/**
 * Long-format CSV for repeated samples: one row per cgroup per sample, with a timestamp column first
 * ({@code timestamp,id,path,depth,<columns...>}), ready for pandas, DuckDB or a spreadsheet.
 * <p>
 * The header is written with the columns known after the first sample. Columns that appear later (a new
 * {@code io.stat} device, a new {@code memory.stat} key) are still written, in the order they appeared, but the header
 * no longer names them: {@link #needsRewrite()} then says so, and {@link #rewrite(Reader, Writer)} copies the file with
 * the complete header, padding earlier rows with empty cells, so that nothing is lost. RFC 4180 quoting, {@code \n}
 * record separators. Not thread-safe.
 */
public final class LongCsvWriter
{
    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setRecordSeparator('\n').get();
    private static final int FIXED = 4;

    private final Columns columns;
    private final CSVPrinter printer;
    private int[] header;
    private int[] order = new int[0];

    /**
     * @param columns the shared columns.
     * @param out     where to write; not closed.
     * @throws IOException if writing fails.
     */
    public LongCsvWriter(final Columns columns, final Writer out) throws IOException
    {
        this.columns = columns;
        this.printer = new CSVPrinter(out, FORMAT);
    }

    /**
     * Writes one sample.
     *
     * @param timestamp of the sample (ISO-8601).
     * @param rows      of the sample.
     * @throws IOException if writing fails.
     */
    public void write(final String timestamp, final List<Row> rows) throws IOException
    {
        if (header == null)
        {
            header = ColumnOrder.of(columns);
            order = header;
            printer.print("timestamp");
            printer.print("id");
            printer.print("path");
            printer.print("depth");
            for (final int column : header)
            {
                printer.print(columns.name(column));
            }
            printer.println();
        }
        else if (columns.size() != order.length)
        {
            order = appendNew(order, columns.size());
        }
        for (final Row row : rows)
        {
            printer.print(timestamp);
            printer.print(Long.toUnsignedString(row.id()));
            printer.print(row.path());
            printer.print(Integer.toString(row.depth()));
            for (final int column : order)
            {
                printer.print(Cells.exact(columns, row.sample(), column));
            }
            printer.println();
        }
        printer.flush();
    }

    /**
     * @return whether columns appeared after the header was written.
     */
    public boolean needsRewrite()
    {
        return header != null && order.length != header.length;
    }

    /**
     * @return the names of the columns that appeared after the header was written.
     */
    public List<String> lateColumns()
    {
        final List<String> late = new ArrayList<>();
        for (int i = header == null ? 0 : header.length; i < order.length; i++)
        {
            late.add(columns.name(order[i]));
        }
        return late;
    }

    /**
     * Copies what this writer wrote, read back from {@code in}, to {@code out} with the complete header.
     *
     * @param in  the file written so far.
     * @param out the rewritten file.
     * @throws IOException if reading or writing fails.
     */
    public void rewrite(final Reader in, final Writer out) throws IOException
    {
        final CSVPrinter rewritten = new CSVPrinter(out, FORMAT);
        final int width = FIXED + order.length;
        try (CSVParser parser = CSVParser.builder().setReader(in).setFormat(FORMAT).get())
        {
            boolean first = true;
            for (final CSVRecord record : parser)
            {
                if (first)
                {
                    first = false;
                    rewritten.print("timestamp");
                    rewritten.print("id");
                    rewritten.print("path");
                    rewritten.print("depth");
                    for (final int column : order)
                    {
                        rewritten.print(columns.name(column));
                    }
                    rewritten.println();
                    continue;
                }
                for (int i = 0; i < width; i++)
                {
                    rewritten.print(i < record.size() ? record.get(i) : null);
                }
                rewritten.println();
            }
        }
        rewritten.flush();
    }

    private static int[] appendNew(final int[] order, final int size)
    {
        final boolean[] seen = new boolean[size];
        for (final int column : order)
        {
            seen[column] = true;
        }
        final int[] grown = java.util.Arrays.copyOf(order, size);
        int i = order.length;
        for (int column = 0; column < size; column++)
        {
            if (!seen[column])
            {
                grown[i++] = column;
            }
        }
        return grown;
    }
}
