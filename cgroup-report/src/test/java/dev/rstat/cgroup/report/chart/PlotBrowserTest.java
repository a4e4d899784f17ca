package dev.rstat.cgroup.report.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.rstat.cgroup.stat.StatUnit;

/** The report page in a real browser (headless Chromium): series, legend, points where the values say. */
class PlotBrowserTest
{
    private static final int SAMPLES = 6;
    private static final Pattern SVG = Pattern.compile("<svg [^>]*data-ymax=\"([^\"]+)\" data-y0=\"([^\"]+)\" " +
        "data-ph=\"([^\"]+)\" data-x0=\"([^\"]+)\" data-pw=\"([^\"]+)\"");
    private static final Pattern PATH = Pattern.compile("<path d=\"([^\"]+)\"[^>]*data-s=\"(\\d+)\"");

    @TempDir
    static Path dir;

    private static TimeChart chart;
    private static Path page;

    @BeforeAll
    static void writePage() throws IOException
    {
        final ReportSeries series = ReportSeries.memory();
        for (int t = 0; t < SAMPLES; t++)
        {
            final String at = Instant.parse("2026-01-01T00:00:00Z").plusSeconds(5L * t).toString();
            series.add(at, "/", 0, 1000 + 100 * t);
            series.add(at, "/a", 1, 400 + 50 * t);
            series.add(at, "/b", 1, 300);
            series.add(at, "/c", 1, t == 2 ? Double.NaN : 100);
            series.add(at, "/a/x", 2, 50);
        }
        chart = TimeChart.top(series, StatUnit.BYTES, 2, 1);
        page = dir.resolve("report.html");
        try (Writer out = Files.newBufferedWriter(page, StandardCharsets.UTF_8))
        {
            PlotHtml.write("report", List.of(chart), out);
        }
    }

    @Test
    void everySeriesIsDrawnWithItsPointsWhereItsValuesAreAndHasALegendEntry() throws Exception
    {
        final String dom = Chromium.dumpDom(page, "", dir);
        final Matcher svg = SVG.matcher(dom);
        assertThat(svg.find()).isTrue();
        final double ymax = Double.parseDouble(svg.group(1));
        final double y0 = Double.parseDouble(svg.group(2));
        final double ph = Double.parseDouble(svg.group(3));
        final double x0 = Double.parseDouble(svg.group(4));
        final double pw = Double.parseDouble(svg.group(5));

        assertThat(ymax).isGreaterThanOrEqualTo(1500);
        assertThat(dom.split("<li ", -1)).as("legend entries").hasSize(chart.lines().size() + 1);
        assertThat(dom).contains("/a \u2014 mean ").contains("other (1 cgroup)");
        final Matcher paths = PATH.matcher(dom);
        int drawn = 0;
        while (paths.find())
        {
            final TimeChart.Line line = chart.lines().get(Integer.parseInt(paths.group(2)));
            final List<double[]> points = points(paths.group(1));
            int t = 0;
            for (final double[] point : points)
            {
                while (Double.isNaN(line.values()[t]))
                {
                    t++;
                }
                assertThat(point[0]).as("%s x of %d", line.label(), t).isCloseTo(x0 + pw * t / (SAMPLES - 1),
                    within(1.0));
                assertThat(point[1]).as("%s y of %d", line.label(), t).isCloseTo(y0 - line.values()[t] / ymax * ph,
                    within(1.0));
                t++;
            }
            drawn++;
        }
        assertThat(drawn).isEqualTo(chart.lines().size());
    }

    @Test
    void stackedAreasPileTheCgroupsUpAndTheScreenshotIsNotBlank() throws Exception
    {
        final String dom = Chromium.dumpDom(page, "stacked", dir);
        final Matcher svg = SVG.matcher(dom);
        assertThat(svg.find()).isTrue();
        final double ymax = Double.parseDouble(svg.group(1));
        final double y0 = Double.parseDouble(svg.group(2));
        final double ph = Double.parseDouble(svg.group(3));
        final Matcher paths = PATH.matcher(dom);
        double[] second = null;
        while (paths.find())
        {
            if (paths.group(2).equals("1"))
            {
                second = points(paths.group(1)).get(SAMPLES - 1);
            }
        }
        // the top edge of the second series at the last sample: /a + /b
        assertThat(second).isNotNull();
        assertThat(second[1]).isCloseTo(y0 - (650.0 + 300) / ymax * ph, within(1.0));

        final BufferedImage image = Chromium.screenshot(page, "stacked", dir.resolve("plot.png"), dir);
        final double[] variety = Chromium.variety(image);
        assertThat(variety[0]).as("distinct colours").isGreaterThan(20);
        assertThat(variety[1]).as("share of pixels that are not white").isGreaterThan(0.05);
    }

    private static List<double[]> points(final String d)
    {
        final List<double[]> points = new ArrayList<>();
        final Matcher m = Pattern.compile("[ML]([-0-9.e]+) ([-0-9.e]+)").matcher(d);
        while (m.find())
        {
            points.add(new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2))});
        }
        return points;
    }
}
