package dev.rstat.cgroup.report.chart;

import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.List;

import dev.rstat.cgroup.stat.StatUnit;

/**
 * Writes report charts ({@link TimeChart}) as one self-contained HTML page: the series as data and a small inline
 * script that draws them as inline SVG, as lines or as stacked areas (buttons switch; {@code #stacked} in the address
 * starts with areas), with a legend per chart whose entries hide and show their series. Nothing is fetched when the
 * page is opened.
 */
public final class PlotHtml
{
    private static final String SCRIPT = Resources.text("plot.js");
    private static final String STYLE = Resources.text("plot.css");

    private PlotHtml()
    {
    }

    /**
     * @param title  the page's title.
     * @param charts the charts (they should share their sample times; the first chart's are used).
     * @param out    where to write; not closed.
     * @throws IOException if writing fails.
     */
    public static void write(final String title, final List<TimeChart> charts, final Writer out) throws IOException
    {
        final StringBuilder html = new StringBuilder(8192);
        final List<Instant> times = charts.isEmpty() ? List.of() : charts.get(0).times();
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>");
        Escapes.xml(title, html);
        html.append("</title>\n<style>\n").append(STYLE).append("</style></head><body>\n<h1>");
        Escapes.xml(title, html);
        html.append("</h1>\n<div id=\"modes\">").append(times.size()).append(times.size() == 1 ? " sample" :
            " samples");
        if (!times.isEmpty())
        {
            html.append(", ").append(times.get(0)).append(" to ").append(times.get(times.size() - 1));
        }
        html.append(". Show as <button id=\"mode-lines\" type=\"button\">lines</button> " +
            "<button id=\"mode-areas\" type=\"button\">stacked areas</button> (click a legend entry to hide or show " +
            "it)</div>\n");
        for (int k = 0; k < charts.size(); k++)
        {
            html.append("<h2>");
            Escapes.xml(charts.get(k).title(), html);
            html.append("</h2>\n<div class=\"chart\" id=\"chart").append(k).append("\"><svg xmlns=" +
                "\"http://www.w3.org/2000/svg\" role=\"img\"></svg></div>\n<ul class=\"legend\" id=\"legend")
                .append(k).append("\"></ul>\n");
        }
        html.append("<script>\nwindow.PLOT = {\"t0\": ").append(times.isEmpty() ? 0 : times.get(0).toEpochMilli())
            .append(", \"t\": [");
        for (int t = 0; t < times.size(); t++)
        {
            html.append(t == 0 ? "" : ",").append(times.get(t).toEpochMilli() - times.get(0).toEpochMilli());
        }
        html.append("],\n\"charts\": [");
        for (int k = 0; k < charts.size(); k++)
        {
            final TimeChart chart = charts.get(k);
            html.append(k == 0 ? "" : ",\n").append("{\"unit\": \"").append(unit(chart.unit()))
                .append("\", \"lines\": [");
            for (int s = 0; s < chart.lines().size(); s++)
            {
                final TimeChart.Line line = chart.lines().get(s);
                html.append(s == 0 ? "\n" : ",\n").append("{\"label\": ");
                Escapes.js(Escapes.printable(line.label()), html);
                html.append(", \"kind\": \"").append(line.kind().name()).append("\", \"color\": \"")
                    .append(line.color()).append("\", \"mean\": ");
                number(line.mean(), html);
                html.append(", \"v\": [");
                for (int t = 0; t < times.size(); t++)
                {
                    html.append(t == 0 ? "" : ",");
                    number(t < line.values().length ? line.values()[t] : Double.NaN, html);
                }
                html.append("]}");
            }
            html.append("]}");
        }
        html.append("]};\n").append(SCRIPT).append("</script>\n</body></html>\n");
        out.write(html.toString());
        out.flush();
    }

    private static String unit(final StatUnit unit)
    {
        return switch (unit)
        {
            case BYTES -> "bytes";
            case PERCENT -> "percent";
            default -> "";
        };
    }

    private static void number(final double v, final StringBuilder out)
    {
        if (Double.isNaN(v) || Double.isInfinite(v))
        {
            out.append("null");
        }
        else if (v == Math.rint(v) && Math.abs(v) < 1e15)
        {
            out.append((long)v);
        }
        else
        {
            out.append(v);
        }
    }
}
