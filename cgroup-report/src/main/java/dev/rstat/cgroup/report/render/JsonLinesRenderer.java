package dev.rstat.cgroup.report.render;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

import dev.rstat.cgroup.stat.Columns;
import dev.rstat.cgroup.stat.ValueState;

/**
 * JSON Lines: one object per row, {@code {"id":..,"path":"..","depth":..,"<column>":<number>|"max"|"<text>"|null}},
 * each followed by {@code \n}. Numbers are exact JSON numbers (unsigned, with the column's scale: {@code 1.25}); a
 * u64 above 2^53 is printed exactly, which some JSON parsers read back with less precision.
 * <p>
 * Strings are escaped by a small hand-written escaper ({@link #quote(String, StringBuilder)}) rather than a JSON
 * library: quote and backslash are escaped, control characters become {@code \b \f \n \r \t} or
 * <code>&#92;u00XX</code>, and every character from U+007F up is written as <code>&#92;uXXXX</code> (a non-BMP
 * character as its two surrogate escapes, an unpaired surrogate as its own escape), so the output is pure ASCII
 * whatever the Writer's encoding.
 * Stateless.
 */
final class JsonLinesRenderer implements Renderer
{
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    @Override
    public void render(final Columns columns, final List<Row> rows, final Writer out) throws IOException
    {
        final int[] order = ColumnOrder.of(columns);
        final int count = order.length;
        final String[] keys = new String[count];
        for (int column = 0; column < count; column++)
        {
            final StringBuilder key = new StringBuilder();
            key.append(',');
            quote(columns.name(order[column]), key);
            key.append(':');
            keys[column] = key.toString();
        }
        final StringBuilder line = new StringBuilder(256);
        for (final Row row : rows)
        {
            line.setLength(0);
            line.append("{\"id\":").append(Long.toUnsignedString(row.id())).append(",\"path\":");
            quote(row.path(), line);
            line.append(",\"depth\":").append(row.depth());
            for (int column = 0; column < count; column++)
            {
                line.append(keys[column]);
                final ValueState state = row.sample().state(order[column]);
                if (state == ValueState.NUMBER)
                {
                    line.append(Cells.exact(columns, row.sample(), order[column]));
                }
                else if (state == ValueState.MAX || state == ValueState.TEXT)
                {
                    quote(Cells.exact(columns, row.sample(), order[column]), line);
                }
                else
                {
                    line.append("null");
                }
            }
            line.append("}\n");
            out.append(line);
        }
        out.flush();
    }

    /**
     * Appends a JSON string literal.
     *
     * @param text the string.
     * @param out  where to append it, with its quotes.
     */
    static void quote(final String text, final StringBuilder out)
    {
        out.append('"');
        for (int i = 0, length = text.length(); i < length; i++)
        {
            final char c = text.charAt(i);
            switch (c)
            {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default ->
                {
                    if (c < 0x20 || c >= 0x7f)
                    {
                        out.append("\\u")
                            .append(HEX[(c >> 12) & 0xf])
                            .append(HEX[(c >> 8) & 0xf])
                            .append(HEX[(c >> 4) & 0xf])
                            .append(HEX[c & 0xf]);
                    }
                    else
                    {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
