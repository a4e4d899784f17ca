package dev.rstat.cgroup.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** {@code cgroup-walk flame} and {@code plot} (and {@code report --html}) on the testdata trees. */
class FlameCliTest
{
    private static final double INNER = 1180;

    @TempDir
    Path dir;

    /** The walk's own CSV of one value: path to value. */
    private static Map<String, Long> values(final String root, final String stat)
    {
        final Golden.Run run = Golden.run("--root", root, "--format", "csv", "--stats", stat);
        assertThat(run.code()).isZero();
        final Map<String, Long> values = new HashMap<>();
        try
        {
            for (final CSVRecord record : CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(run.out())))
            {
                final String cell = record.get(stat);
                values.put(record.get("path"), cell.isEmpty() ? null : Long.parseLong(cell));
            }
        }
        catch (final java.io.IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
        return values;
    }

    @Test
    void theSvgHasOneBoxPerCgroupAsWideAsItsValueAndTheV1RootIsDrawnAsItsChildrensSum() throws Exception
    {
        final String root = Golden.tree("hybrid-host");
        final Path svg = dir.resolve("memory.svg");
        final Golden.Run run = Golden.run("--root", root, "flame", "--stat", "memory.usage_in_bytes", "-o",
            svg.toString());

        assertThat(run.code()).as(run.err()).isZero();
        final Map<String, Long> kernel = values(Golden.tree("hybrid-host/memory"), "memory.usage_in_bytes");
        assertThat(run.err()).isEqualTo("cgroup-walk: flame: " + kernel.size() + " cgroups of " +
            "memory.usage_in_bytes written to " + svg + "\n");
        final Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(svg.toFile());
        final NodeList groups = doc.getElementsByTagName("g");
        assertThat(groups.getLength()).isEqualTo(kernel.size());
        long children = 0;
        for (final Map.Entry<String, Long> e : kernel.entrySet())
        {
            if (e.getKey().lastIndexOf('/') == 0 && e.getKey().length() > 1)
            {
                children += e.getValue();
            }
        }
        int checked = 0;
        for (int g = 0; g < groups.getLength(); g++)
        {
            final Element group = (Element)groups.item(g);
            final String tooltip = group.getElementsByTagName("title").item(0).getTextContent();
            final String path = tooltip.substring(0, tooltip.indexOf('\n'));
            final double width = Double.parseDouble(((Element)group.getElementsByTagName("rect").item(0))
                .getAttribute("width"));
            if (path.equals("/"))
            {
                assertThat(tooltip).contains("computes it differently at the hierarchy root");
                assertThat(width).isEqualTo(INNER);
                continue;
            }
            assertThat(tooltip).contains("memory.usage_in_bytes: ").contains("(" + kernel.get(path) + ")");
            if (!tooltip.contains("scaled to fit") && !path.substring(1).contains("/"))
            {
                assertThat(width).as(path).isCloseTo(INNER * kernel.get(path) / children, within(0.01));
                checked++;
            }
        }
        assertThat(checked).isPositive();
    }

    @Test
    void theHtmlPageOfACgroup2TreeCarriesEveryCgroupsTooltipAndAColourStat() throws Exception
    {
        final String root = Golden.tree("systemd-host/tree");
        final Path html = dir.resolve("memory.html");
        final Golden.Run run = Golden.run("--root", root, "flame", "--stat", "memory.current", "--color",
            "memory.stat.anon", "-o", html.toString(), "/system.slice");

        assertThat(run.code()).as(run.err()).isZero();
        final String page = Files.readString(html, StandardCharsets.UTF_8);
        final Map<String, Long> kernel = values(root, "memory.current");
        final long below = kernel.keySet().stream().filter(p -> p.equals("/system.slice") ||
            p.startsWith("/system.slice/")).count();
        assertThat(page).contains("\"t\": [").contains("memory.stat.anon").doesNotContain("http://")
            .doesNotContain("https://").doesNotContain("<link").doesNotContainPattern("(src|href)\\s*=");
        assertThat(page.split("\\\\u000amemory.current: ", -1)).hasSize((int)below + 1);
        assertThat(page).contains("\"/system.slice\\u000amemory.current: ");
    }

    @Test
    void aValueThatDoesNotAddUpOrIsUnknownIsAUsageError()
    {
        final String root = Golden.tree("systemd-host/tree");
        final Golden.Run limit = Golden.run("--root", root, "flame", "--stat", "memory.max", "-o",
            dir.resolve("x.html").toString());
        final Golden.Run unknown = Golden.run("--root", root, "flame", "--stat", "nosuch.file", "-o",
            dir.resolve("x.html").toString());

        assertThat(limit.code()).isEqualTo(CgroupWalk.USAGE);
        assertThat(limit.err()).startsWith("cgroup-walk: --stat must be a value that adds up over the hierarchy");
        assertThat(unknown.code()).isEqualTo(CgroupWalk.USAGE);
        assertThat(unknown.err()).startsWith("cgroup-walk: --stat names no file this hierarchy's catalog knows: " +
            "nosuch.file");
        assertThat(dir.resolve("x.html")).doesNotExist();
    }

    @Test
    void aReportDrawsItsTopCgroupsOverTimeAndPlotReadsItsCsvBack() throws Exception
    {
        final String root = Golden.tree("systemd-host/tree");
        final Path csv = dir.resolve("r.csv");
        final Path live = dir.resolve("live.html");
        final Golden.Run report = Golden.run("--root", root, "report", "--interval", "50ms", "--count", "3", "-o",
            csv.toString(), "--html", live.toString(), "--top", "3");
        assertThat(report.code()).as(report.err()).isZero();
        final Path plotted = dir.resolve("plot.html");
        final Golden.Run plot = Golden.run("plot", "--top", "3", csv.toString(), "-o", plotted.toString());

        assertThat(plot.code()).as(plot.err()).isZero();
        assertThat(plot.err()).isEqualTo("cgroup-walk: plot: 3 samples of cpu.stat.usage_usec:rate and " +
            "memory.current drawn to " + plotted + "\n");
        for (final Path page : List.of(live, plotted))
        {
            final String html = Files.readString(page, StandardCharsets.UTF_8);
            assertThat(html).contains("window.PLOT").contains("\"kind\": \"OTHER\"").contains("(total)")
                .as("nothing fetched").doesNotContainPattern("(src|href)\\s*=").doesNotContain("https://")
                .doesNotContain("fetch(").doesNotContain("XMLHttpRequest");
            assertThat(html.split("\"kind\": \"CGROUP\"", -1)).as("3 per chart, 2 charts").hasSize(7);
        }
    }

    @Test
    void plotNamesTheFileAndLineOfABadReport() throws Exception
    {
        final Path bad = Files.writeString(dir.resolve("bad.csv"), "timestamp,id,path,depth,memory.current\n" +
            "2026-01-01T00:00:00Z,1,/,zero,5\n");
        final Golden.Run run = Golden.run("plot", bad.toString(), "-o", dir.resolve("p.html").toString());

        assertThat(run.code()).isEqualTo(CgroupWalk.UNUSABLE);
        assertThat(run.err()).isEqualTo("cgroup-walk: depth is not a number: file=" + bad +
            " line=2 value=zero\n");
        assertThat(dir.resolve("p.html")).doesNotExist();
    }
}
