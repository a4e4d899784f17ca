package dev.rstat.cgroup.report.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.rstat.cgroup.Hierarchy;
import dev.rstat.cgroup.report.Derivation;
import dev.rstat.cgroup.report.DyingSummary;
import dev.rstat.cgroup.report.Field;
import dev.rstat.cgroup.report.Sample;
import dev.rstat.cgroup.report.Sampler;
import dev.rstat.cgroup.report.Table;
import dev.rstat.cgroup.report.Walk;
import dev.rstat.cgroup.stat.ValueState;

/**
 * {@code <value>:dying} on a v1 memory tree whose totals hold more than its live cgroups (as removed cgroups' page
 * cache does): the kernel's {@code total_<key>} minus the sum of {@code <key>} over the live subtree, for amounts of
 * memory only, in the text, CSV, JSON and OpenMetrics formats (the last checked by promtool where installed), and the
 * summary of what removed cgroups hold.
 */
class DyingMemoryTest
{
    /** Per cgroup: local cache, rss, pgfault, then total_cache, total_rss, total_pgfault. */
    private static final Map<String, long[]> STAT = Map.of(
        "/", new long[] {100, 10, 5, 1000, 40, 50},
        "/a", new long[] {200, 20, 7, 600, 30, 20},
        "/a/b", new long[] {300, 10, 3, 300, 10, 3});
    private static final String[] KEYS = {"cache", "rss", "pgfault"};

    @TempDir
    Path tmp;

    private Path tree() throws IOException
    {
        final Path root = tmp.resolve("memory");
        long id = 1;
        for (final String path : new String[] {"/", "/a", "/a/b"})
        {
            final Path dir = "/".equals(path) ? root : root.resolve(path.substring(1));
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(".rstat-cgroup-id"), id++ + "\n", StandardCharsets.UTF_8);
            final long[] v = STAT.get(path);
            final StringBuilder text = new StringBuilder();
            for (int k = 0; k < KEYS.length; k++)
            {
                text.append(KEYS[k]).append(' ').append(v[k]).append('\n');
            }
            for (int k = 0; k < KEYS.length; k++)
            {
                text.append("total_").append(KEYS[k]).append(' ').append(v[k + KEYS.length]).append('\n');
            }
            Files.writeString(dir.resolve("memory.stat"), text.toString(), StandardCharsets.UTF_8);
        }
        Files.writeString(root.resolve(Hierarchy.SNAPSHOT_MARKER),
            "source=/sys/fs/cgroup/memory\nversion=1\ncontrollers=memory\ntaken=2026-12-01T00:00:00Z\n");
        return root;
    }

    /** total_key minus the sum of key over the cgroup and its descendants, from the table above. */
    private static long expectedDying(final String path, final int key)
    {
        long live = 0;
        for (final Map.Entry<String, long[]> e : STAT.entrySet())
        {
            if (e.getKey().equals(path) || "/".equals(path) || e.getKey().startsWith(path + "/"))
            {
                live += e.getValue()[key];
            }
        }
        return STAT.get(path)[key + KEYS.length] - live;
    }

    @Test
    void derivesWhatRemovedCgroupsHoldForAmountsOfMemoryOnly() throws IOException
    {
        try (Sampler sampler = Sampler.on(Hierarchy.at(tree())).files(java.util.List.of("memory.stat"))
            .aggregate(true).build())
        {
            final Sample sample = sampler.sample();
            final Field cache = sample.field("memory.stat.total_cache", Derivation.DYING);
            final Field rss = sample.field("memory.stat.total_rss", Derivation.DYING);
            assertThat(cache).isNotNull();
            assertThat(rss).isNotNull();
            assertThat(sample.field("memory.stat.total_pgfault", Derivation.DYING)).as("event counts are not held")
                .isNull();
            final Map<String, Long> byPath = new HashMap<>();
            for (final int row : sample.rows())
            {
                assertThat(sample.state(row, cache)).isEqualTo(ValueState.NUMBER);
                byPath.put(sample.path(row), sample.value(row, cache));
                assertThat(sample.value(row, rss)).as(sample.path(row)).isEqualTo(expectedDying(sample.path(row), 1));
            }
            assertThat(byPath).containsOnly(Map.entry("/", expectedDying("/", 0)),
                Map.entry("/a", expectedDying("/a", 0)), Map.entry("/a/b", expectedDying("/a/b", 0)));
            assertThat(byPath.get("/")).isEqualTo(400);

            final DyingSummary summary = DyingSummary.of(sample, false).orElseThrow();
            assertThat(summary.bytes()).isEqualTo(expectedDying("/", 0) + expectedDying("/", 1));
            assertThat(summary.dyingCgroups()).as("a snapshot has no /proc/cgroups").isEqualTo(-1);
            assertThat(summary.line()).contains("400 B").contains(":dying");

            final Table table = Table.of(sample);
            assertThat(render(Format.CSV, table).lines().findFirst().orElseThrow())
                .contains("memory.stat.total_cache:dying").doesNotContain("total_pgfault:dying");
            assertThat(render(Format.JSON, table)).contains("\"memory.stat.total_cache:dying\":400");
            assertThat(render(Format.TEXT, table)).contains("memory.stat.total_cache:dying");
            final String openMetrics = render(Format.OPENMETRICS, table);
            assertThat(openMetrics).contains(
                "cgroup_memory_total_cache_dying_bytes{cgroup=\"/\",id=\"1\",scope=\"subtree\"} 400\n",
                "cgroup_memory_total_cache_dying_bytes{cgroup=\"/a\",id=\"2\",scope=\"subtree\"} 100\n",
                "# TYPE cgroup_memory_total_cache_dying_bytes gauge\n");
            if (java.nio.file.Files.isExecutable(Promtool.PROMTOOL))
            {
                Promtool.assertCheckMetricsPasses(render(Format.PROMETHEUS, table), tmp);
                Promtool.assertOpenMetricsParses(openMetrics, tmp);
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new AssertionError(ex);
        }
    }

    @Test
    void summarisesWithoutAggregationOnlyFromAWholeWalk() throws IOException
    {
        try (Sampler sampler = Sampler.on(Hierarchy.at(tree())).files(java.util.List.of("memory.stat")).build())
        {
            final Sample sample = sampler.sample();
            assertThat(DyingSummary.of(sample, true).orElseThrow().bytes())
                .isEqualTo(expectedDying("/", 0) + expectedDying("/", 1));
            assertThat(DyingSummary.of(sample, false)).isEmpty();
        }
        try (Sampler sampler = Sampler.on(Hierarchy.at(tree())).files(java.util.List.of("memory.stat"))
            .walk(Walk.all().withStart("/a")).build())
        {
            assertThat(DyingSummary.of(sampler.sample(), true)).as("no root row").isEmpty();
        }
    }

    private static String render(final Format format, final Table table) throws IOException
    {
        final StringWriter out = new StringWriter();
        Renderer.of(format, true).render(table, out);
        return out.toString();
    }
}
