package dev.rstat.cgroup.report.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringWriter;

import org.junit.jupiter.api.Test;

import dev.rstat.cgroup.report.Derivation;
import dev.rstat.cgroup.report.Field;
import dev.rstat.cgroup.report.Sample;
import dev.rstat.cgroup.report.SampleBuilder;
import dev.rstat.cgroup.stat.Columns;

class FlameChartTest
{
    private static final long MIB = 1L << 20;

    private final Columns columns = new Columns();
    private final Field memory = Field.raw(columns.intern("memory.current"));
    private final Field anonSelf = new Field(columns.intern("memory.stat.anon"), Derivation.SELF);
    private final Field max = Field.raw(columns.intern("memory.max"));

    /** /(no value) -> system.slice(300 MiB) -> a.service(100 MiB), b.service(250 MiB); user.slice(100 MiB). */
    private Sample sample()
    {
        final SampleBuilder b = new SampleBuilder(columns);
        final int root = b.row(1, "/", 0);
        final int system = b.row(2, "/system.slice", 1, root);
        final int a = b.row(3, "/system.slice/a.service", 2, system);
        final int bs = b.row(4, "/system.slice/b.service", 2, system);
        final int user = b.row(5, "/user.slice", 1, root);
        b.number(system, memory, 300 * MIB).number(a, memory, 100 * MIB).number(bs, memory, 250 * MIB)
            .number(user, memory, 100 * MIB);
        b.number(system, anonSelf, 0).number(a, anonSelf, 10 * MIB).number(bs, anonSelf, 40 * MIB)
            .number(user, anonSelf, 20 * MIB);
        return b.build();
    }

    @Test
    void theTooltipGivesPathValueWithUnitOwnShareAndShareOfTheRoot()
    {
        final Sample sample = sample();
        final FlameChart chart = FlameChart.of(sample, sample.rows(), memory, null, "t");

        assertThat(chart.size()).isEqualTo(5);
        assertThat(chart.tooltip(4)).isEqualTo("/user.slice\nmemory.current: 100.0 MiB (104857600)\n" +
            "own share: 100.0 MiB (100.0% of it)\nof the root: 25.0%");
        assertThat(chart.tooltip(0)).startsWith("/\nmemory.current: not read; drawn as its children's sum, " +
            "400.0 MiB");
    }

    @Test
    void childrenAboveTheirParentAreClampedAndTheTooltipSaysSo()
    {
        final Sample sample = sample();
        final FlameChart chart = FlameChart.of(sample, sample.rows(), memory, null, "t");

        assertThat(chart.layout().clamped(1)).isTrue();
        assertThat(chart.tooltip(1)).contains("own share: -50.0 MiB").contains("drawn scaled to fit");
        assertThat(chart.layout().width(2) + chart.layout().width(3)).isEqualTo(chart.layout().width(1));
    }

    @Test
    void aSecondValueColoursTheBoxesFromPaleToDarkAndIsInTheTooltip()
    {
        final Sample sample = sample();
        final FlameChart chart = FlameChart.of(sample, sample.rows(), memory, anonSelf, "t");

        assertThat(chart.tooltip(3)).endsWith("memory.stat.anon:self: 40.0 MiB");
        assertThat(chart.colorRange()).containsExactly(0.0, 40.0 * MIB);
        assertThat(brightness(chart.color(3))).as("highest is darkest").isLessThan(brightness(chart.color(2)));
        assertThat(brightness(chart.color(2))).isLessThan(brightness(chart.color(1)));
        assertThat(chart.color(0)).as("no colour value: grey").isEqualTo("#c8c8c8");
    }

    @Test
    void aValueThatIsNotHierarchicalIsRefused()
    {
        final Sample sample = sample();

        assertThatThrownBy(() -> FlameChart.of(sample, sample.rows(), max, null, "t"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stat=memory.max");
        assertThatThrownBy(() -> FlameChart.of(sample, sample.rows(), anonSelf, null, "t"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stat=memory.stat.anon:self");
    }

    @Test
    void pathsFromCgroupfsAreEscapedInHtmlSvgAndScript() throws Exception
    {
        final SampleBuilder b = new SampleBuilder(columns);
        final int root = b.row(1, "/", 0);
        final String hostile = "<script>x<img src=x onerror=alert(1)>\"'&\n\u2028";
        final int evil = b.row(2, "/" + hostile, 1, root);
        b.number(root, memory, 10).number(evil, memory, 5);
        final Sample sample = b.build();
        final FlameChart chart = FlameChart.of(sample, sample.rows(), memory, null, "title </title><b>");

        final StringWriter html = new StringWriter();
        FlameHtml.write(chart, html);
        final StringWriter svg = new StringWriter();
        FlameSvg.write(chart, svg);

        assertThat(html.toString()).doesNotContain("<img").doesNotContain("<script>x").doesNotContain("\u2028")
            .doesNotContain("</title><b>").contains("\\u003cscript\\u003ex\\u003cimg");
        assertThat(html.toString().split("<script>", -1)).as("one script element").hasSize(2);
        assertThat(svg.toString()).doesNotContain("<img").doesNotContain("\n\u2028")
            .contains("&lt;script&gt;x&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;\\n");
        assertThat(svg.toString().chars().filter(c -> c < 0x20 && c != '\n')).isEmpty();
    }

    @Test
    void aLongPathIsShortenedInTheMiddleWithoutBuildingIt()
    {
        final int n = 10_000;
        final String[] names = new String[n];
        final int[] parents = new int[n];
        for (int i = 0; i < n; i++)
        {
            names[i] = "n" + i;
            parents[i] = i - 1;
        }
        final String[] labels = PathLabels.of("/", names, parents);

        assertThat(labels[3]).isEqualTo("/n1/n2/n3");
        assertThat(labels[n - 1]).hasSizeLessThanOrEqualTo(PathLabels.MAX).startsWith("/n1/n2/n3/")
            .endsWith("/n9998/n9999").contains("\u2026");
    }

    @Test
    void aTenThousandDeepChainMakesPagesUnderFiveMegabytes() throws Exception
    {
        final int n = 10_000;
        final SampleBuilder b = new SampleBuilder(columns);
        final StringBuilder path = new StringBuilder();
        for (int i = 0; i < n; i++)
        {
            final String p = i == 0 ? "/" : path.append("/n").append(i).toString();
            final int row = b.row(i + 1, p, i, i - 1);
            b.number(row, memory, (long)(n - i) * 4096);
        }
        final Sample sample = b.build();
        final FlameChart chart = FlameChart.of(sample, sample.rows(), memory, null, "chain");
        final StringWriter html = new StringWriter();
        FlameHtml.write(chart, html);
        final StringWriter svg = new StringWriter();
        FlameSvg.write(chart, svg);

        assertThat(chart.layout().depth(n - 1)).isEqualTo(n - 1);
        assertThat(chart.tooltip(n - 1)).startsWith("/n1/n2/").contains("\u2026").contains("/n9999\n");
        assertThat(html.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThan(5_000_000);
        assertThat(svg.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThan(5_000_000);
    }

    private static int brightness(final String hex)
    {
        final int rgb = Integer.parseInt(hex.substring(1), 16);
        return (rgb >> 16) + (rgb >> 8 & 0xff) + (rgb & 0xff);
    }
}
