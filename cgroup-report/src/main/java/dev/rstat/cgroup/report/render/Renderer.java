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
