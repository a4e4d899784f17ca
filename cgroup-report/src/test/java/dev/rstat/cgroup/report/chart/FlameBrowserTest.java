package dev.rstat.cgroup.report.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.rstat.cgroup.report.Field;
import dev.rstat.cgroup.report.Sample;
import dev.rstat.cgroup.report.SampleBuilder;
import dev.rstat.cgroup.stat.Columns;

/** The flame chart page in a real browser (headless Chromium): boxes, widths, tooltips, zoom, search, pixels. */
class FlameBrowserTest
{
    private static final int CGROUPS = 300;
    private static final Pattern BOX = Pattern.compile(
        "<div class=\"b( anc)?( hit)?\" title=\"([^\"]*)\" data-i=\"(\\d+)\"");

    @TempDir
    static Path dir;

    private static final Columns COLUMNS = new Columns();
    private static final Field MEMORY = Field.raw(COLUMNS.intern("memory.current"));
    /** Each cgroup's memory.current as the "kernel" gives it: own share plus the children's. */
    private static final long[] VALUES = new long[CGROUPS];
    private static final int[] PARENTS = new int[CGROUPS];
    private static FlameChart chart;
    private static Path page;

    @BeforeAll
    static void writePage() throws IOException
    {
        final Random random = new Random(10);
        // a random tree in pre-order: each node's parent is the previous node or one of its ancestors
        final List<Integer> path = new ArrayList<>(List.of(0));
        PARENTS[0] = -1;
        for (int i = 1; i < CGROUPS; i++)
        {
            final int up = path.size() > 4 ? 1 + random.nextInt(path.size() - 1) : random.nextInt(path.size());
            while (path.size() > 1 && path.size() > path.size() - up && random.nextInt(3) > 0)
            {
                path.remove(path.size() - 1);
            }
            PARENTS[i] = path.get(path.size() - 1);
            path.add(i);
        }
        for (int i = CGROUPS - 1; i >= 0; i--)
        {
            VALUES[i] += (1 + random.nextInt(1000)) * 4096L;
            if (i > 0)
            {
                VALUES[PARENTS[i]] += VALUES[i];
            }
        }
        final SampleBuilder builder = new SampleBuilder(COLUMNS);
        final String[] paths = new String[CGROUPS];
        for (int i = 0; i < CGROUPS; i++)
        {
            paths[i] = i == 0 ? "/" : (PARENTS[i] == 0 ? "" : paths[PARENTS[i]]) + "/cg" + i + (i == 7 ? "<&\"x" : "");
            final int row = builder.row(i + 1, paths[i], i == 0 ? 0 : 1, i == 0 ? -1 : PARENTS[i]);
            builder.number(row, MEMORY, VALUES[i]);
        }
        final Sample sample = builder.build();
        chart = FlameChart.of(sample, sample.rows(), MEMORY, null, "memory.current of /");
        page = dir.resolve("flame.html");
        try (Writer out = Files.newBufferedWriter(page, StandardCharsets.UTF_8))
        {
            FlameHtml.write(chart, out);
        }
    }

    @Test
    void thePageDrawsOneBoxPerCgroupAsWideAsItsValueWithinAPixel() throws Exception
    {
        final String dom = Chromium.dumpDom(page, "measure", dir);
        final Chromium.Measured measured = Chromium.Measured.of(dom);

        assertThat(BOX.matcher(dom).results().count()).isEqualTo(CGROUPS);
        assertThat(measured.boxes()).hasSize(CGROUPS);
        assertThat(measured.chartWidth()).isGreaterThan(1000);
        for (int i = 0; i < CGROUPS; i++)
        {
            final double expected = (double)VALUES[i] / VALUES[0] * measured.chartWidth();
            assertThat(measured.boxes().get(i)[1]).as("width of cgroup %d", i).isCloseTo(expected, within(1.0));
            if (i > 0)
            {
                final double[] parent = measured.boxes().get(PARENTS[i]);
                final double[] box = measured.boxes().get(i);
                assertThat(box[0]).as("inside its parent").isGreaterThanOrEqualTo(parent[0] - 1)
                    .isLessThanOrEqualTo(parent[0] + parent[1] + 1 - box[1]);
                assertThat(box[2]).as("one row below its parent").isGreaterThan(parent[2]);
            }
        }
    }

    @Test
    void everyBoxCarriesItsTooltip() throws Exception
    {
        final String dom = Chromium.dumpDom(page, "", dir);
        final Matcher m = BOX.matcher(dom);
        int seen = 0;
        while (m.find())
        {
            final int i = Integer.parseInt(m.group(4));
            assertThat(Chromium.attribute(m.group(3))).as("tooltip of %d", i).isEqualTo(chart.tooltip(i));
            seen++;
        }
        assertThat(seen).isEqualTo(CGROUPS);
        assertThat(chart.tooltip(7)).startsWith("/cg").contains("<&\"x\nmemory.current: ");
    }

    @Test
    void zoomingMakesASubtreeFullWidthAndKeepsItsAncestorsAsBars() throws Exception
    {
        int zoom = 1;
        while (chart.layout().end(zoom) - zoom < 5)
        {
            zoom++;
        }
        final Chromium.Measured measured = Chromium.Measured.of(Chromium.dumpDom(page, "zoom=" + zoom +
            "&measure", dir));

        final double w = measured.chartWidth();
        assertThat(measured.boxes()).hasSize(chart.layout().end(zoom) - zoom + chart.layout().depth(zoom));
        assertThat(measured.boxes().get(zoom)[1]).isCloseTo(w, within(1.0));
        assertThat(measured.boxes().get(0)[1]).as("the root, an ancestor").isCloseTo(w, within(1.0));
        for (final Map.Entry<Integer, double[]> box : measured.boxes().entrySet())
        {
            if (box.getKey() >= zoom)
            {
                assertThat(box.getValue()[1]).isCloseTo((double)VALUES[box.getKey()] / VALUES[zoom] * w,
                    within(1.0));
            }
        }
    }

    @Test
    void theSearchHighlightsTheCgroupsWhosePathContainsTheText() throws Exception
    {
        final String dom = Chromium.dumpDom(page, "search=cg1", dir);
        final Matcher m = BOX.matcher(dom);
        int hits = 0;
        int expected = 0;
        while (m.find())
        {
            final int i = Integer.parseInt(m.group(4));
            final boolean hit = m.group(2) != null;
            assertThat(hit).as("box %d: %s", i, chart.label(i)).isEqualTo(chart.label(i).contains("cg1"));
            hits += hit ? 1 : 0;
        }
        for (int i = 0; i < CGROUPS; i++)
        {
            expected += chart.label(i).contains("cg1") ? 1 : 0;
        }
        assertThat(hits).isEqualTo(expected).isPositive();
        assertThat(dom).contains("<span id=\"found\">" + expected + " cgroups match, ");
    }

    @Test
    void theScreenshotIsNotBlank() throws Exception
    {
        final BufferedImage image = Chromium.screenshot(page, "", dir.resolve("flame.png"), dir);
        final double[] variety = Chromium.variety(image);

        assertThat(image.getWidth()).isEqualTo(1200);
        assertThat(variety[0]).as("distinct colours").isGreaterThan(20);
        assertThat(variety[1]).as("share of pixels that are not white").isGreaterThan(0.1);
    }
}
