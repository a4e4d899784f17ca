package dev.rstat.cgroup.report.chart;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a report CSV ({@code cgroup-walk report}: {@code timestamp,id,path,depth,<fields...>}, one row per cgroup
 * per sample) into {@link ReportSeries}.
 */
public final class ReportCsv
{
    private static final List<String> FIXED = List.of("timestamp", "id", "path", "depth");

    private ReportCsv()
    {
    }

    /**
     * @param in     the CSV; not closed.
     * @param source the file's name, for messages.
     * @param series the series to fill, each from the first of its candidate columns that the header names.
     * @throws IllegalArgumentException naming the file, line and value if the file is not a report CSV or a value is
     *                                  not a number.
     */
    public static void read(final Reader in, final String source, final List<ReportSeries> series)
    {
        try (CSVParser parser = CSVParser.builder().setReader(in).setFormat(CSVFormat.RFC4180).get())
        {
            final int[] columns = new int[series.size()];
            boolean header = true;
            for (final CSVRecord record : parser)
            {
                final long line = parser.getCurrentLineNumber();
                if (header)
                {
                    header = false;
                    final List<String> names = record.toList();
                    if (names.size() < FIXED.size() || !names.subList(0, FIXED.size()).equals(FIXED))
                    {
                        throw new IllegalArgumentException("not a cgroup-walk report CSV (its header must start " +
                            "with timestamp,id,path,depth): file=" + source + " line=1");
                    }
                    for (int s = 0; s < columns.length; s++)
                    {
                        final String chosen = series.get(s).choose(names);
                        columns[s] = chosen == null ? -1 : names.indexOf(chosen);
                    }
                    continue;
                }
                if (record.size() < FIXED.size())
                {
                    throw new IllegalArgumentException("short row: file=" + source + " line=" + line + " fields=" +
                        record.size());
                }
                final String timestamp = record.get(0);
                final String path = record.get(2);
                final int depth = integer(record.get(3), source, line);
                for (int s = 0; s < columns.length; s++)
                {
                    if (columns[s] >= 0)
                    {
                        final String cell = columns[s] < record.size() ? record.get(columns[s]) : "";
                        final double value = number(cell, source, line);
                        try
                        {
                            series.get(s).add(timestamp, path, depth, value);
                        }
                        catch (final IllegalArgumentException ex)
                        {
                            throw new IllegalArgumentException(ex.getMessage() + " file=" + source + " line=" + line,
                                ex);
                        }
                    }
                }
            }
            if (header)
            {
                throw new IllegalArgumentException("empty file, not a report CSV: file=" + source);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read report: file=" + source, ex);
        }
        catch (final UncheckedIOException ex)
        {
            throw new IllegalArgumentException("malformed CSV: file=" + source + " error=" + ex.getMessage(), ex);
        }
    }

    private static int integer(final String cell, final String source, final long line)
    {
        try
        {
            return Integer.parseInt(cell);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("depth is not a number: file=" + source + " line=" + line +
                " value=" + cell, ex);
        }
    }

    private static double number(final String cell, final String source, final long line)
    {
        if (cell.isEmpty() || cell.equals("max"))
        {
            return Double.NaN;
        }
        try
        {
            return Double.parseDouble(cell);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("not a number: file=" + source + " line=" + line + " value=" + cell,
                ex);
        }
    }
}
