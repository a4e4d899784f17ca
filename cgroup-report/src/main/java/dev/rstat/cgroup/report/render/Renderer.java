package dev.rstat.cgroup.report.render;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

import dev.rstat.cgroup.stat.Columns;

/**
 * Renders a finished report. Columns are written in id order (first-seen order of {@link Columns}). Writers are not
 * closed by the renderer (they are flushed when the renderer wraps them).
 */
public interface Renderer
{
    /**
     * Writes the report.
     *
     * @param columns the columns of the report.
     * @param rows    the rows, in output order.
     * @param out     where to write.
     * @throws IOException if writing fails.
     */
    void render(Columns columns, List<Row> rows, Writer out) throws IOException;

    /**
     * A renderer for a format.
     *
     * @param format the format.
     * @param raw    exact numbers instead of human units (TEXT only; the other formats are always exact).
     * @return the renderer.
     */
    static Renderer of(final Format format, final boolean raw)
    {
        return switch (format)
        {
            case TEXT -> new TextRenderer(raw);
            case CSV -> new CsvRenderer();
            case JSON -> new JsonLinesRenderer();
            case OPENMETRICS -> OpenMetricsRenderer.openMetrics();
            case PROMETHEUS -> OpenMetricsRenderer.prometheusText();
        };
    }
}
