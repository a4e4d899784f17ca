package dev.rstat.cgroup.report.render;

import java.io.IOException;
import java.io.Writer;

import dev.rstat.cgroup.report.Table;

/**
 * Renders a table of a sample: its rows in order, its fields in order. Writers are not closed by the renderer (they
 * are flushed).
 */
public interface Renderer
{
    /**
     * Writes the table.
     *
     * @param table what to print.
     * @param out   where to write.
     * @throws IOException if writing fails.
     */
    void render(Table table, Writer out) throws IOException;

    /**
     * A renderer for a format.
     *
     * @param format the format.
     * @param raw    exact numbers instead of human units (TEXT only; the other formats are always exact).
     * @return the renderer.
     */
    static Renderer of(final Format format, final boolean raw)
    {
        return of(format, raw, 0, names -> { });
    }

    /**
     * A renderer for a format whose text table fits a width: columns that do not fit are left out from the right,
     * long paths are shortened in the middle ({@code /system.slice/…/foo.scope}), no line is longer than the width
     * and none wraps. The other formats ignore the width.
     *
     * @param format   the format.
     * @param raw      exact numbers instead of human units (TEXT only).
     * @param width    the width of the text table in characters, 0 for no limit.
     * @param dropped  told the names of the columns left out of a text table, whenever there are any.
     * @return the renderer.
     */
    /**
     * CSV whose limits without a limit ({@code max}) are written as {@code maxAs} says.
     *
     * @param maxAs {@code max}, an empty cell or a number.
     * @return the renderer.
     */
    static Renderer csv(final MaxAs maxAs)
    {
        return new CsvRenderer(maxAs.cell());
    }

    static Renderer of(final Format format, final boolean raw, final int width,
        final java.util.function.Consumer<java.util.List<String>> dropped)
    {
        if (format == Format.TEXT)
        {
            return new TextRenderer(raw, width, dropped);
        }
        return switch (format)
        {
            case TEXT -> new TextRenderer(raw);
            case CSV -> new CsvRenderer();
            case JSON -> new JsonLinesRenderer();
            case OPENMETRICS -> OpenMetricsRenderer.openMetrics();
            case PROMETHEUS -> OpenMetricsRenderer.prometheusText();
            case KVM_STATS -> throw new IllegalArgumentException("kvm-stats is a binary format: write it with " +
                "KvmStatsWriter, not a text renderer");
        };
    }
}
