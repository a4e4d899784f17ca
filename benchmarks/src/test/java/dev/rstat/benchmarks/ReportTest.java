package dev.rstat.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReportTest
{
    private static final String JSON = "[" +
        run("UpdateOneThreadBenchmark.rstatAdd", "", "5.0", "0.5") + "," +
        run("UpdateOneThreadBenchmark.rstatAddStripe", "", "4.4", "NaN") + "," +
        run("UpdateOneThreadBenchmark.longAdder", "", "4.0", "0.1") + "," +
        run("UpdateOneThreadBenchmark.eager", "", "40.0", "1.0") + "," +
        run("FlushBenchmark.addsOnly", tree(1000), "1000", "1") + "," +
        run("FlushBenchmark.addsAndFlush", tree(1000), "5000", "1") + "," +
        run("FlushBenchmark.addsOnly", tree(1_000_000), "3000", "1") + "," +
        run("FlushBenchmark.addsAndFlush", tree(1_000_000), "9000", "1",
            "\"flushedNodes\":{\"score\":4000},\"flushes\":{\"score\":100}") + "," +
        run("CalibrationBenchmark.cacheMiss", "", "100", "2") + "," +
        run("RecomputeBenchmark.recompute", "\"nodes\":\"1000000\"", "9000000", "1") + "," +
        run("EmptyFlushBenchmark.flushRoot", "\"nodes\":\"1000\"", "60", "1") + "," +
        run("EmptyFlushBenchmark.flushRoot", "\"nodes\":\"1000000\"", "120", "1") +
        "]";

    @Test
    void computesRatiosAndJudgesEachTarget()
    {
        final List<String> lines = Report.lines(JmhResults.parse(JSON, "test"), Map.of("bytes_per_node", 300.0,
            "root_only_tree_bytes", 500_000.0, "root_only_node_storage_bytes", 200_000.0));

        assertThat(lines).contains(
            "update_linked_ns: 5.00  ±0.50",
            "update_linked_stripe_ns: 4.40",
            "update_vs_longadder_ratio: 1.25  MISS (target <= 1.2)",
            "update_stripe_vs_longadder_ratio: 1.10  PASS (target <= 1.2)",
            "eager_over_update_ratio: 8.00  PASS (target >= 5)",
            "flush_100_1k_ns: 4000",
            "flush_100_1m_ns: 6000",
            "flush_100_1m_over_1k_ratio: 1.50",
            "flushed_nodes_per_flush_1m: 40.0",
            "flush_ns_per_flushed_node_1m: 150.0",
            "cache_miss_ns: 100.0  ±2.00",
            "flush_per_node_over_miss_1m: 1.50  PASS (target <= 1.5)",
            "recompute_over_flush_1m_ratio: 1500  PASS (target >= 250)",
            "flush_empty_ns: 120.0  MISS (target < 100)",
            "bytes_per_node: 300.0  PASS (target <= 320)",
            "root_only_tree_bytes: 500000  MISS (target <= 400000)");
        assertThat(lines.get(lines.size() - 1)).isEqualTo("targets_met: 6 of 9");
    }

    @Test
    void judgesTheSharedMemoryReadAgainstTheScrapeAndThePublishAgainstTheWalk()
    {
        final String json = "[" +
            run("shm.SharedMemoryReadBenchmark.shmReadAll", "\"cgroups\":\"10000\"", "1.5", "0.1") + "," +
            run("shm.SharedMemoryReadBenchmark.shmOpenAndReadAll", "\"cgroups\":\"10000\"", "60", "1") + "," +
            run("shm.SharedMemoryReadBenchmark.scrapeAndParse", "\"cgroups\":\"10000\"", "100", "2") + "," +
            run("shm.PublishSampleBenchmark.publish", "\"cgroups\":\"10000\"", "60", "1") + "," +
            run("shm.PublishSampleBenchmark.walk", "\"cgroups\":\"10000\"", "1000", "10") + "]";

        final List<String> lines = Report.shmLines(JmhResults.parse(json, "test"));

        assertThat(lines).containsExactly(
            "shm_read_all_ms: 1.50  ±0.10",
            "shm_open_and_read_all_ms: 60.0  ±1.00",
            "scrape_and_parse_ms: 100.0  ±2.00",
            "shm_read_over_scrape_ratio: 0.0150  PASS (target <= 0.02)",
            "shm_open_and_read_over_scrape_ratio: 0.60",
            "shm_publish_sample_ms: 60.0  ±1.00",
            "shm_walk_sample_ms: 1000  ±10.0",
            "shm_publish_over_walk_ratio: 0.0600  MISS (target <= 0.05)",
            "targets_met: 1 of 2");
        assertThat(Report.lines(JmhResults.parse(json, "test"), Map.of()))
            .as("the whole report has the shared-memory lines where the run has them")
            .contains("shm_read_over_scrape_ratio: 0.0150  PASS (target <= 0.02)");
    }

    @Test
    void missingBenchmarksPrintNotAvailableAndAreNotCounted()
    {
        final List<String> lines = Report.lines(JmhResults.parse(JSON, "test"), Map.of());

        assertThat(lines).contains(
            "eager_over_update_2t_same_ratio: n/a  (target >= 5)",
            "flush_100_1m_depth3_over_1k_ratio: n/a",
            "bytes_per_node: n/a  (target <= 320)",
            "root_only_tree_bytes: n/a  (target <= n/a)");
        assertThat(lines.get(lines.size() - 1)).isEqualTo("targets_met: 5 of 7");
    }

    @Test
    void readsFootprintFiguresAndNamesTheBadLine(@TempDir final Path dir) throws IOException
    {
        final Path good =
            Files.writeString(dir.resolve("good.txt"), "bytes_per_node: 316.4\n\ncreate_ns_per_node: 2\n");
        final Path bad = Files.writeString(dir.resolve("bad.txt"), "bytes_per_node: 316.4\noops\n");

        assertThat(Report.readFigures(good)).containsExactly(
            Map.entry("bytes_per_node", 316.4), Map.entry("create_ns_per_node", 2.0));
        assertThatThrownBy(() -> Report.readFigures(bad))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("line=2")
            .hasMessageContaining("text=oops");
    }

    @Test
    void rejectsAFileThatIsNotAJmhResultArray()
    {
        assertThatThrownBy(() -> JmhResults.parse("{\"benchmark\": 1}", "x.json"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("file=x.json");
    }

    @Test
    void namesTheFileAndRunOfAResultWithoutAPrimaryMetric()
    {
        final String json = "[" + run("FlushBenchmark.addsOnly", "", "1", "1") + ",{\"benchmark\":\"a.B.c\"," +
            "\"threads\":1}]";

        assertThatThrownBy(() -> JmhResults.parse(json, "y.json"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("file=y.json")
            .hasMessageContaining("run=1");
    }

    private static String tree(final int nodes)
    {
        return "\"nodes\":\"" + nodes + "\",\"fanout\":\"10\",\"leaves\":\"all\"";
    }

    private static String run(final String benchmark, final String params, final String score, final String error)
    {
        return run(benchmark, params, score, error, "");
    }

    private static String run(final String benchmark, final String params, final String score, final String error,
        final String secondary)
    {
        return "{\"benchmark\":\"dev.rstat.benchmarks." + benchmark + "\",\"mode\":\"avgt\",\"threads\":1," +
            (params.isEmpty() ? "" : "\"params\":{" + params + "},") +
            "\"primaryMetric\":{\"score\":" + score + ",\"scoreError\":\"" + error + "\",\"scoreUnit\":\"ns/op\"}," +
            "\"secondaryMetrics\":{" + secondary + "}}";
    }
}
