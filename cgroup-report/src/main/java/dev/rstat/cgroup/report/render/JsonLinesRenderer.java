package dev.rstat.cgroup.report.render;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

import dev.rstat.cgroup.report.Field;
import dev.rstat.cgroup.report.Sample;
import dev.rstat.cgroup.report.Table;
import dev.rstat.cgroup.stat.StatInfo;
import dev.rstat.cgroup.stat.StatSign;
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
    public void render(final Table table, final Writer out) throws IOException
    {
        final Sample sample = table.sample();
        final List<Field> fields = table.fields();
        final String[] keys = keys(sample, fields);
        final StatInfo[] infos = table.infos();
        final int count = keys.length;
        final StringBuilder line = new StringBuilder(256);
        for (final int row : table.rows())
        {
            line.setLength(0);
            line.append("{\"id\":");
            Cells.appendNumber(sample.id(row), 0, false, line);
            line.append(",\"path\":");
            quote(sample.path(row), line);
            line.append(",\"depth\":").append(sample.depth(row));
            for (int column = 0; column < count; column++)
            {
                line.append(keys[column]);
                final Field field = fields.get(column);
                final ValueState state = sample.state(row, field);
                if (state == ValueState.NUMBER)
                {
                    Cells.appendNumber(sample.value(row, field), infos[column].scale(),
                        infos[column].sign() == StatSign.SIGNED, line);
                }
                else if (state == ValueState.MAX)
                {
                    quote(Cells.MAX, line);
                }
                else if (state == ValueState.TEXT)
                {
                    quote(sample.text(row, field), line);
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

    /** {@code ,"<field name>":} for each field, the text before its value. */
    private static String[] keys(final Sample sample, final List<Field> fields)
    {
        final String[] keys = new String[fields.size()];
        for (int column = 0; column < keys.length; column++)
        {
            final StringBuilder key = new StringBuilder();
            key.append(',');
            quote(fields.get(column).name(sample.columns()), key);
            key.append(':');
            keys[column] = key.toString();
        }
        return keys;
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
