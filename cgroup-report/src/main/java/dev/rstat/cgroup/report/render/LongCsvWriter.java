package dev.rstat.cgroup.report.render;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

import dev.rstat.cgroup.report.Field;
import dev.rstat.cgroup.report.Sample;
import dev.rstat.cgroup.report.Table;
import dev.rstat.cgroup.stat.Columns;
import dev.rstat.cgroup.stat.StatInfo;

/**
 * Long-format CSV for repeated samples: one row per cgroup per sample, with a timestamp column first
 * ({@code timestamp,id,path,depth,<fields...>}), ready for pandas, DuckDB or a spreadsheet.
 * <p>
 * The header is written with the fields of the first sample. Fields that appear later (a new {@code io.stat} device,
 * a new {@code memory.stat} key) are still written, in the order they appeared, but the header no longer names them:
 * {@link #needsRewrite()} then says so, and {@link #rewrite(Reader, Writer)} copies the file with the complete header,
 * padding earlier rows with empty cells, so that nothing is lost. RFC 4180 quoting, {@code \n} record separators. Not
 * thread-safe.
 */
public final class LongCsvWriter
{
    private static final int FIXED = 4;

    private final Writer out;
    private final CsvCells cells;
    private final List<Field> order = new ArrayList<>();
    private final Set<Field> known = new HashSet<>();
    private Columns columns;
    private int header = -1;

    /**
     * @param out where to write; not closed.
     */
    public LongCsvWriter(final Writer out)
    {
        this(out, MaxAs.KERNEL);
    }

    /**
     * @param out   where to write; not closed.
     * @param maxAs how {@code max} (no limit) is written.
     */
    public LongCsvWriter(final Writer out, final MaxAs maxAs)
    {
        this.out = out;
        this.cells = new CsvCells(out, maxAs.cell());
    }

    /**
     * Writes one sample.
     *
     * @param timestamp of the sample (ISO-8601).
     * @param table     the rows and fields of the sample.
     * @throws IOException if writing fails.
     */
    public void write(final String timestamp, final Table table) throws IOException
    {
        final Sample sample = table.sample();
        columns = sample.columns();
        for (final Field field : table.fields())
        {
            if (known.add(field))
            {
                order.add(field);
            }
        }
        if (header < 0)
        {
            header = order.size();
            cells.text("timestamp");
            cells.text("id");
            cells.text("path");
            cells.text("depth");
            cells.names(columns, order);
            cells.end();
        }
        final Set<Field> present = new HashSet<>(table.fields());
        final boolean[] printed = new boolean[order.size()];
        for (int f = 0; f < printed.length; f++)
        {
            printed[f] = present.contains(order.get(f));
        }
        final StatInfo[] infos = sample.infos(order);
        for (final int row : table.rows())
        {
            cells.text(timestamp);
            cells.unsigned(sample.id(row));
            cells.text(sample.path(row));
            cells.unsigned(sample.depth(row));
            for (int f = 0; f < order.size(); f++)
            {
                final Field field = order.get(f);
                if (printed[f])
                {
                    cells.value(sample, row, field, infos[f]);
                }
                else
                {
                    cells.text(null);
                }
            }
            cells.end();
        }
        out.flush();
    }

    /**
     * @return whether fields appeared after the header was written.
     */
    public boolean needsRewrite()
    {
        return header >= 0 && order.size() != header;
    }

    /**
     * @return the names of the fields that appeared after the header was written.
     */
    public List<String> lateColumns()
    {
        final List<String> late = new ArrayList<>();
        for (int i = Math.max(header, 0); i < order.size(); i++)
        {
            late.add(order.get(i).name(columns));
        }
        return late;
    }

    /**
     * Copies what this writer wrote, read back from {@code in}, to {@code out} with the complete header.
     *
     * @param in      the file written so far.
     * @param written the rewritten file.
     * @throws IOException if reading or writing fails.
     */
    public void rewrite(final Reader in, final Writer written) throws IOException
    {
        final CSVPrinter rewritten = new CSVPrinter(written, CsvCells.FORMAT);
        final int width = FIXED + order.size();
        try (CSVParser parser = CSVParser.builder().setReader(in).setFormat(CsvCells.FORMAT).get())
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
                    for (final Field field : order)
                    {
                        rewritten.print(field.name(columns));
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
}
