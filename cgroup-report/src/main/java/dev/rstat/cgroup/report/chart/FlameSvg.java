package dev.rstat.cgroup.report.chart;

import java.io.IOException;
import java.io.Writer;

/**
 * Writes a {@link FlameChart} as a static SVG image: one {@code <rect>} per cgroup with its tooltip as a
 * {@code <title>} (browsers show it on hover) and its name where the box is wide enough. No script, so it also shows
 * where scripts are stripped (image viewers, code review sites); zoom and search are the HTML page's.
 */
public final class FlameSvg
{
    /** Width of the image in pixels. */
    public static final int WIDTH = 1200;
    private static final int MARGIN = 10;
    private static final int ROW = 17;
    private static final int TOP = 36;
    private static final double CHAR_WIDTH = 6.5;
    private static final double MIN_LABEL = 24;
    private static final int BYTES_PER_BOX = 260;

    private FlameSvg()
    {
    }

    /**
     * @param chart the chart.
     * @param out   where to write; not closed.
     * @throws IOException if writing fails.
     */
    public static void write(final FlameChart chart, final Writer out) throws IOException
    {
        final FlameLayout layout = chart.layout();
        final double inner = WIDTH - 2 * MARGIN;
        final int height = TOP + (layout.maxDepth() + 1) * ROW + MARGIN;
        final StringBuilder svg = new StringBuilder(1024 + chart.size() * BYTES_PER_BOX);
        svg.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
            .append(WIDTH).append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(WIDTH)
            .append(' ').append(height).append("\" font-family=\"sans-serif\" font-size=\"11\">\n")
            .append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n<text x=\"").append(MARGIN)
            .append("\" y=\"16\" font-size=\"15\" font-weight=\"bold\">");
        Escapes.xml(Escapes.printable(chart.title()), svg);
        svg.append("</text>\n<text x=\"").append(MARGIN).append("\" y=\"30\">width: ");
        Escapes.xml(chart.statName() + " (root: " + chart.format(layout.value(0)) + ", " + chart.size() +
            (chart.size() == 1 ? " cgroup" : " cgroups") + "); colour: " +
            (chart.colorName() == null ? "depth" : chart.colorName()), svg);
        svg.append("</text>\n");
        for (int i = 0; i < chart.size(); i++)
        {
            final double x = MARGIN + layout.x(i) * inner;
            final double w = layout.width(i) * inner;
            final int y = TOP + layout.depth(i) * ROW;
            svg.append("<g><title>");
            Escapes.xml(chart.tooltip(i), svg);
            svg.append("</title><rect x=\"").append(coordinate(x)).append("\" y=\"").append(y)
                .append("\" width=\"").append(coordinate(w)).append("\" height=\"").append(ROW - 1)
                .append("\" fill=\"").append(chart.color(i)).append("\" data-i=\"").append(i).append("\"/>");
            if (w >= MIN_LABEL)
            {
                final String name = i == 0 ? chart.label(0) : Escapes.printable(chart.name(i));
                final int fits = (int)((w - 6) / CHAR_WIDTH);
                final String shown = name.length() <= fits ? name : name.substring(0, Math.max(0, fits - 1)) +
                    "\u2026";
                svg.append("<text x=\"").append(coordinate(x + 3)).append("\" y=\"").append(y + ROW - 5)
                    .append("\">");
                Escapes.xml(shown, svg);
                svg.append("</text>");
            }
            svg.append("</g>\n");
        }
        svg.append("</svg>\n");
        out.write(svg.toString());
        out.flush();
    }

    private static String coordinate(final double v)
    {
        return Quantity.fixed(v, 3);
    }
}
