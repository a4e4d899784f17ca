package dev.rstat.cgroup.report.render;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

import org.apache.commons.csv.CSVFormat;

import dev.rstat.cgroup.report.Field;
import dev.rstat.cgroup.report.Sample;
import dev.rstat.cgroup.stat.Columns;
import dev.rstat.cgroup.stat.StatInfo;
import dev.rstat.cgroup.stat.StatSign;

/**
 * Writes RFC 4180 CSV records with {@code \n} separators: texts (paths, names, text values) quoted as needed by
 * Apache Commons CSV, numbers written digit by digit into a reused buffer (they never need quoting), so that a row
 * makes no String per number. Not thread-safe.
 */
final class CsvCells
{
    /** The format: RFC 4180 with {@code \n} record separators. */
    static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
        .setRecordSeparator('\n')
        .get();

    private final Writer out;
    private final String max;
    private final StringBuilder digits = new StringBuilder(24);
    private boolean first = true;

    CsvCells(final Writer out)
    {
        this(out, Cells.MAX);
    }

    /**
     * @param out where to write.
     * @param max what a {@link dev.rstat.cgroup.stat.ValueState#MAX} cell holds: {@code max}, or a number, or
     *            null for an empty cell ({@link MaxAs}).
     */
    CsvCells(final Writer out, final String max)
    {
        this.out = out;
        this.max = max;
    }

    /**
     * A text cell (quoted if needed), or an empty cell for null.
     *
     * @param text the text.
     * @throws IOException if writing fails.
     */
    void text(final CharSequence text) throws IOException
    {
        FORMAT.print(text, out, first);
        first = false;
    }

    /**
     * An unsigned 64-bit integer cell.
     *
     * @param value the value.
     * @throws IOException if writing fails.
     */
    void unsigned(final long value) throws IOException
    {
        number(value, 0, false);
    }

    /**
     * A fixed-point number cell.
     *
     * @param value  unsigned (or two's complement if signed) value, scaled.
     * @param scale  number of decimals.
     * @param signed whether the value is signed.
     * @throws IOException if writing fails.
     */
    void number(final long value, final int scale, final boolean signed) throws IOException
    {
        separate();
        digits.setLength(0);
        Cells.appendNumber(value, scale, signed, digits);
        out.append(digits);
    }

    /**
     * The cell of one field of one row: number, {@code max}, text, or empty. A text read from a file has its control
     * characters escaped as in the text format ({@link TextRenderer#printable}): whatever a file holds, no NUL, escape
     * sequence or line break of its own reaches a cell. (Paths are written exactly: RFC 4180 quoting keeps them in
     * one field, and they must match {@code /proc/PID/cgroup}.)
     *
     * @param sample the sample.
     * @param row    the row.
     * @param field  the field.
     * @param info   what the field is.
     * @throws IOException if writing fails.
     */
    void value(final Sample sample, final int row, final Field field, final StatInfo info) throws IOException
    {
        switch (sample.state(row, field))
        {
            case NUMBER -> number(sample.value(row, field), info.scale(), info.sign() == StatSign.SIGNED);
            case MAX -> text(max);
            case TEXT -> text(TextRenderer.printable(sample.text(row, field)));
            default -> text(null);
        }
    }

    /**
     * The header cells of some fields.
     *
     * @param columns the columns.
     * @param fields  the fields.
     * @throws IOException if writing fails.
     */
    void names(final Columns columns, final List<Field> fields) throws IOException
    {
        for (final Field field : fields)
        {
            text(field.name(columns));
        }
    }

    /**
     * Ends the record.
     *
     * @throws IOException if writing fails.
     */
    void end() throws IOException
    {
        out.write('\n');
        first = true;
    }

    private void separate() throws IOException
    {
        if (!first)
        {
            out.write(',');
        }
        first = false;
    }
}
