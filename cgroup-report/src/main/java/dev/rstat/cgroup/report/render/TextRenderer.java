package dev.rstat.cgroup.report.render;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

import dev.rstat.cgroup.report.Field;
import dev.rstat.cgroup.report.Sample;
import dev.rstat.cgroup.report.Table;
import dev.rstat.cgroup.stat.StatInfo;
import dev.rstat.cgroup.stat.ValueState;

/**
 * Human-readable table: a header line ({@code PATH} and the column names), then one line per row with the path
 * indented by two spaces per depth level (at most {@value #MAX_INDENT_LEVELS} levels, so that very deep trees stay
 * readable), columns separated by two spaces and aligned: the path and text columns to the left, numbers to the
 * right. Values use human units from the catalog ({@code 1.5 MiB}, {@code 12.3 ms}, {@code 2.50%}) unless raw;
 * {@code max} stays {@code max}; a missing, unsupported or vanished value is {@code -}. Control characters in paths
 * and texts are shown escaped ({@code \n}, {@code \t}, {@code \xNN}, see {@link #printable}) so that one row stays one
 * line; use CSV or JSON for exact paths. Stateless.
 */
final class TextRenderer implements Renderer
{
    static final int MAX_INDENT_LEVELS = 40;
    static final String ABSENT = "-";

    private final boolean raw;
    private final int maxWidth;
    private final java.util.function.Consumer<List<String>> dropped;

    TextRenderer(final boolean raw)
    {
        this(raw, 0, names -> { });
    }

    /**
     * @param raw      exact numbers instead of human units.
     * @param maxWidth the width no line may exceed ({@link TextLayout}), 0 for no limit.
     * @param dropped  told the names of the columns left out to fit, when there are any.
     */
    TextRenderer(final boolean raw, final int maxWidth, final java.util.function.Consumer<List<String>> dropped)
    {
        this.raw = raw;
        this.maxWidth = maxWidth;
        this.dropped = dropped;
    }

    @Override
    public void render(final Table table, final Writer out) throws IOException
    {
        final Sample sample = table.sample();
        final List<Field> fields = table.fields();
        final StatInfo[] infos = table.infos();
        final int count = fields.size();
        final int[] rows = table.rows();
        final String[][] cells = new String[rows.length + 1][count + 1];
        final String[] indents = new String[rows.length + 1];
        indents[0] = "";
        final boolean[] leftAligned = new boolean[count + 1];
        leftAligned[0] = true;
        cells[0][0] = "PATH";
        for (int column = 0; column < count; column++)
        {
            cells[0][column + 1] = fields.get(column).name(sample.columns());
        }
        for (int r = 0; r < rows.length; r++)
        {
            final int row = rows[r];
            final String[] line = cells[r + 1];
            indents[r + 1] = "  ".repeat(Math.min(Math.max(sample.depth(row), 0), MAX_INDENT_LEVELS));
            line[0] = indents[r + 1] + printable(sample.path(row));
            for (int column = 0; column < count; column++)
            {
                final Field field = fields.get(column);
                final String value = raw ? Cells.exact(sample, row, field, infos[column]) :
                    Cells.human(sample, row, field, infos[column]);
                if (sample.state(row, field) == ValueState.TEXT)
                {
                    leftAligned[column + 1] = true;
                    line[column + 1] = printable(value);
                }
                else
                {
                    line[column + 1] = value == null ? ABSENT : value;
                }
            }
        }
        final int[] widths = new int[count + 1];
        for (final String[] line : cells)
        {
            for (int column = 0; column <= count; column++)
            {
                widths[column] = Math.max(widths[column], width(line[column]));
            }
        }
        final TextLayout.Layout layout = TextLayout.fit(widths[0],
            java.util.Arrays.copyOfRange(widths, 1, count + 1), maxWidth);
        if (layout.dropped() > 0)
        {
            final java.util.Set<Integer> kept = new java.util.HashSet<>(layout.kept());
            final List<String> names = new java.util.ArrayList<>();
            for (int column = 0; column < count; column++)
            {
                if (!kept.contains(column))
                {
                    names.add(cells[0][column + 1]);
                }
            }
            dropped.accept(names);
        }
        widths[0] = layout.pathWidth();
        final StringBuilder text = new StringBuilder(256);
        for (int r = 0; r < cells.length; r++)
        {
            final String[] line = cells[r];
            text.setLength(0);
            final String path = r == 0 ? line[0] : TextLayout.shorten(indents[r], line[0].substring(
                indents[r].length()), widths[0]);
            text.append(path).append(" ".repeat(Math.max(0, widths[0] - width(path))));
            for (final int kept : layout.kept())
            {
                final int column = kept + 1;
                text.append("  ");
                final int pad = widths[column] - width(line[column]);
                if (!leftAligned[column])
                {
                    text.append(" ".repeat(pad));
                }
                text.append(line[column]);
                if (leftAligned[column])
                {
                    text.append(" ".repeat(pad));
                }
            }
            int end = text.length();
            while (end > 0 && text.charAt(end - 1) == ' ')
            {
                end--;
            }
            text.setLength(end);
            text.append('\n');
            out.append(text);
        }
        out.flush();
    }

    private static int width(final String cell)
    {
        return cell.codePointCount(0, cell.length());
    }

    /**
     * Escapes control characters and backslashes so that a value stays on one line and no terminal control sequence
     * gets through: line feed, tab and carriage return as {@code \n \t \r}, other C0 controls and DEL as
     * {@code \xNN}, C1 controls (U+0080..U+009F, which some terminals obey) as <code>&#92;u00NN</code>, backslash
     * doubled.
     *
     * @param text the text.
     * @return the printable text.
     */
    static String printable(final String text)
    {
        StringBuilder out = null;
        for (int i = 0, length = text.length(); i < length; i++)
        {
            final char c = text.charAt(i);
            final String escape = switch (c)
            {
                case '\n' -> "\\n";
                case '\t' -> "\\t";
                case '\r' -> "\\r";
                case '\\' -> "\\\\";
                default -> c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int)c) :
                    c >= 0x80 && c <= 0x9f ? String.format("\\u%04x", (int)c) : null;
            };
            if (escape != null && out == null)
            {
                out = new StringBuilder(length + 8).append(text, 0, i);
            }
            if (out != null)
            {
                if (escape != null)
                {
                    out.append(escape);
                }
                else
                {
                    out.append(c);
                }
            }
        }
        return out == null ? text : out.toString();
    }
}
