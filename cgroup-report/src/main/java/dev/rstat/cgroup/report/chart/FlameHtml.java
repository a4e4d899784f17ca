package dev.rstat.cgroup.report.chart;

import java.io.IOException;
import java.io.Writer;

/**
 * Writes a {@link FlameChart} as one self-contained HTML page: the boxes' layout, paths, tooltips and colours as data,
 * and a small inline script that draws them as positioned boxes (nothing is fetched when the page is opened). Click a
 * box to zoom into its subtree (its ancestors stay as full-width bars above it; click one to zoom out), type in the
 * search box to highlight the cgroups whose path contains the text (case-insensitive; the line says how many and
 * what share of the root they hold). The page's address can carry {@code #zoom=N} (box N in pre-order) and
 * {@code &search=TEXT}; {@code #measure} makes the page list every box's drawn position and width in
 * {@code <pre id="measured">} (for tests in a browser).
 */
public final class FlameHtml
{
    private static final String SCRIPT = Resources.text("flame.js");
    private static final String STYLE = Resources.text("flame.css");
    private static final int BYTES_PER_BOX = 220;

    private FlameHtml()
    {
    }

    /**
     * @param chart the chart.
     * @param out   where to write; not closed.
     * @throws IOException if writing fails.
     */
    public static void write(final FlameChart chart, final Writer out) throws IOException
    {
        final StringBuilder html = new StringBuilder(4096 + chart.size() * BYTES_PER_BOX);
        final FlameLayout layout = chart.layout();
        final String title = Escapes.printable(chart.title());
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>");
        Escapes.xml(title, html);
        html.append("</title>\n<meta name=\"viewport\" content=\"width=device-width\">\n<style>\n").append(STYLE)
            .append("</style></head><body>\n<h1>");
        Escapes.xml(title, html);
        html.append("</h1>\n<div id=\"bar\"><span>width: <b>");
        Escapes.xml(chart.statName(), html);
        html.append("</b> (root: ");
        Escapes.xml(chart.format(layout.value(0)), html);
        html.append(", ").append(chart.size()).append(chart.size() == 1 ? " cgroup" : " cgroups")
            .append(")</span><span id=\"legend\">colour: ");
        if (chart.colorName() == null)
        {
            html.append("depth");
        }
        else
        {
            final double[] range = chart.colorRange();
            html.append("<b>");
            Escapes.xml(chart.colorName(), html);
            html.append("</b> ");
            Escapes.xml(Double.isInfinite(range[0]) ? "-" : chart.formatColor(range[0]), html);
            html.append(" <span id=\"ramp\"></span> ");
            Escapes.xml(Double.isInfinite(range[1]) ? "-" : chart.formatColor(range[1]), html);
        }
        html.append("</span>\n<input id=\"search\" type=\"search\" placeholder=\"highlight paths containing\u2026\" " +
            "aria-label=\"search paths\"><button id=\"reset\" type=\"button\">reset zoom</button>" +
            "<span id=\"found\"></span></div>\n<div id=\"chart\"></div>\n<pre id=\"details\"></pre>\n" +
            "<pre id=\"measured\"></pre>\n<p>Click a box to zoom into it, an upper bar to zoom out; the uncovered " +
            "part of a box is the cgroup's own share.</p>\n<script>\nwindow.FLAME = {\"root\": ");
        Escapes.js(Escapes.printable(chart.rootPath()), html);
        html.append(",\n\"p\": [");
        for (int i = 0; i < chart.size(); i++)
        {
            html.append(i == 0 ? "" : ",").append(layout.parent(i));
        }
        html.append("],\n\"e\": [");
        for (int i = 0; i < chart.size(); i++)
        {
            html.append(i == 0 ? "" : ",").append(layout.end(i));
        }
        numbers(html, "x", chart, layout::x);
        numbers(html, "w", chart, layout::width);
        numbers(html, "v", chart, layout::value);
        html.append("],\n\"n\": [");
        for (int i = 0; i < chart.size(); i++)
        {
            if (i > 0)
            {
                html.append(',');
            }
            Escapes.js(Escapes.printable(chart.name(i)), html);
        }
        html.append("],\n\"c\": [");
        for (int i = 0; i < chart.size(); i++)
        {
            html.append(i == 0 ? "\"" : ",\"").append(chart.color(i)).append('"');
        }
        html.append("],\n\"t\": [");
        for (int i = 0; i < chart.size(); i++)
        {
            if (i > 0)
            {
                html.append(",\n");
            }
            Escapes.js(chart.tooltip(i), html);
        }
        html.append("]};\n").append(SCRIPT).append("</script>\n</body></html>\n");
        out.write(html.toString());
        out.flush();
    }

    private static void numbers(final StringBuilder html, final String name, final FlameChart chart,
        final java.util.function.IntToDoubleFunction value)
    {
        html.append("],\n\"").append(name).append("\": [");
        for (int i = 0; i < chart.size(); i++)
        {
            final double v = value.applyAsDouble(i);
            html.append(i == 0 ? "" : ",");
            if (v == Math.rint(v) && Math.abs(v) < 1e15)
            {
                html.append((long)v);
            }
            else
            {
                html.append(v);
            }
        }
    }
}
