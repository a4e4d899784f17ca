package dev.rstat.cgroup.cli;

import static dev.rstat.cgroup.cli.Golden.csv;
import static dev.rstat.cgroup.cli.Golden.jsonLines;
import static dev.rstat.cgroup.cli.Golden.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;

import dev.rstat.cgroup.Hierarchy;
import dev.rstat.cgroup.report.Derivation;
import dev.rstat.cgroup.report.Field;
import dev.rstat.cgroup.report.Sample;
import dev.rstat.cgroup.report.Sampler;
import dev.rstat.cgroup.report.Table;
import dev.rstat.cgroup.report.render.Format;
import dev.rstat.cgroup.stat.ValueState;

/**
 * Repeated sampling: the {@link Sampler} with rates and aggregates on a tree the test changes between samples (counters
 * advanced, reset, a cgroup recreated under another id, a cgroup removed, a new {@code io.stat} device appearing),
 * the long CSV of {@link SampleSink}, and {@code cgroup-walk --interval} / {@code report} output formats.
 */
class RepeatedSamplingTest
{
    private static final String STATS = "cpu.stat,memory.current,io.stat";
    private static final double NANOS_PER_MICRO = 1e3;

    @TempDir
    Path tmp;

    Path root;

    private static void cgroup(final Path dir, final long id, final String... fileAndContent) throws IOException
    {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(".rstat-cgroup-id"), id + "\n", StandardCharsets.UTF_8);
        files(dir, fileAndContent);
    }

    private static void files(final Path dir, final String... fileAndContent) throws IOException
    {
        for (int i = 0; i < fileAndContent.length; i += 2)
        {
            Files.writeString(dir.resolve(fileAndContent[i]), fileAndContent[i + 1], StandardCharsets.UTF_8);
        }
    }

    private static String cpu(final long usage, final long user)
    {
        return "usage_usec " + usage + "\nuser_usec " + user + "\nsystem_usec " + (usage - user) + "\n";
    }

    @BeforeEach
    void buildTree() throws IOException
    {
        root = tmp.resolve("tree");
        cgroup(root, 1, "cgroup.controllers", "cpu io memory pids\n", "cpu.stat", cpu(10_000, 5_000));
        cgroup(root.resolve("a"), 2, "cpu.stat", cpu(6_000, 3_000), "memory.current", "8192\n");
        cgroup(root.resolve("a/x"), 3, "cpu.stat", cpu(2_000, 1_000), "memory.current", "4096\n");
        cgroup(root.resolve("a/y"), 4, "cpu.stat", cpu(1_000, 500), "memory.current", "2048\n");
        cgroup(root.resolve("b"), 5, "cpu.stat", cpu(3_000, 2_000));
    }

    private Sampler sampler(final boolean aggregate)
    {
        return Sampler.on(Hierarchy.at(root)).files(List.of(STATS.split(","))).aggregate(aggregate).rates(true)
            .build();
    }

    /** One row's id and numbers by field name, copied out of its sample. */
    private record Row(long id, String path, Map<String, Long> numbers)
    {
    }

    /** One sample's rows with the {@link System#nanoTime()} bracket it was taken in. */
    private record Timed(Map<String, Row> rows, long start, long end)
    {
    }

    private static Timed sample(final Sampler sampler)
    {
        final long start = System.nanoTime();
        final Sample sample = sampler.sample();
        final long end = System.nanoTime();
        final Map<String, Row> byPath = new LinkedHashMap<>();
        for (final int row : sample.rows())
        {
            final Map<String, Long> numbers = new HashMap<>();
            for (final Field field : sample.fields())
            {
                if (sample.state(row, field) == ValueState.NUMBER)
                {
                    numbers.put(field.name(sample.columns()), sample.value(row, field));
                }
            }
            byPath.put(sample.path(row), new Row(sample.id(row), sample.path(row), numbers));
        }
        return new Timed(byPath, start, end);
    }

    private static String cell(final Row row, final String field)
    {
        final Long value = row.numbers().get(field);
        if (value == null)
        {
            return "";
        }
        return !field.endsWith(":rate") ? Long.toUnsignedString(value) :
            String.format(java.util.Locale.ROOT, "%d.%02d", value / 100, value % 100);
    }

    /**
     * Asserts a CPU rate (percent of one CPU, two decimals) lies within what {@code deltaMicros} over the time
     * between the two samples can give: the reads happened somewhere inside each sample's nanoTime bracket.
     */
    private static void assertCpuRate(final Row row, final String column, final long deltaMicros,
        final Timed before, final Timed after)
    {
        final String rate = column + Derivation.RATE.suffix();
        assertThat(row.numbers()).as(row.path() + " " + rate).containsKey(rate);
        final double longest = after.end() - before.start();
        final double shortest = after.start() - before.end();
        final long lowest = (long)Math.floor(deltaMicros * NANOS_PER_MICRO / longest * 100 * 100);
        final long highest = (long)Math.ceil(deltaMicros * NANOS_PER_MICRO / shortest * 100 * 100);
        assertThat(row.numbers().get(rate)).as(row.path() + " " + rate + " in hundredths of a percent")
            .isBetween(lowest, highest);
    }

    @Test
    void ratesResetsRecreationAndOwnSharesFollowTheTree() throws Exception
    {
        try (Sampler sampler = sampler(true))
        {
            final Timed first = sample(sampler);
            assertThat(first.rows().keySet()).containsExactly("/", "/a", "/a/x", "/a/y", "/b");
            assertThat(cell(first.rows().get("/a/x"), "cpu.stat.usage_usec:rate")).as("first sample")
                .isEmpty();
            assertThat(cell(first.rows().get("/"), "cpu.stat.usage_usec:self"))
                .as("10000 - 6000 - 3000").isEqualTo("1000");

            // /a/x used 0.5 s of CPU, which its ancestors account too; /b's user_usec went down (reset)
            Thread.sleep(50);
            files(root.resolve("a/x"), "cpu.stat", cpu(502_000, 251_000));
            files(root.resolve("a"), "cpu.stat", cpu(506_000, 253_000));
            files(root, "cpu.stat", cpu(510_000, 255_000));
            files(root.resolve("b"), "cpu.stat", cpu(3_000, 1_000));
            final Timed second = sample(sampler);
            final Row x = second.rows().get("/a/x");
            assertCpuRate(x, "cpu.stat.usage_usec", 500_000, first, second);
            assertCpuRate(x, "cpu.stat.user_usec", 250_000, first, second);
            assertCpuRate(second.rows().get("/"), "cpu.stat.usage_usec", 500_000, first, second);
            final Row b = second.rows().get("/b");
            assertThat(cell(b, "cpu.stat.user_usec:rate")).as("a counter that went down: no rate").isEmpty();
            assertThat(cell(b, "cpu.stat.usage_usec:rate")).isEqualTo("0.00");
            assertThat(cell(b, "cpu.stat.system_usec:rate")).as("1000 -> 2000").isNotEmpty();
            assertThat(cell(second.rows().get("/a/y"), "cpu.stat.usage_usec:rate")).isEqualTo("0.00");
            assertThat(cell(second.rows().get("/"), "cpu.stat.usage_usec:self"))
                .as("510000 - 506000 - 3000").isEqualTo("1000");
            assertThat(cell(second.rows().get("/a"), "cpu.stat.usage_usec:self"))
                .as("506000 - 502000 - 1000").isEqualTo("3000");

            // /a/y removed and created again under the same path with a new id and a HIGHER counter, so that a rate
            // across the two would be a plausible positive number; /a keeps the old /a/y's usage (as the kernel does)
            Thread.sleep(50);
            deleteTree(root.resolve("a/y"));
            cgroup(root.resolve("a/y"), 44, "cpu.stat", cpu(1_500, 700), "memory.current", "1024\n");
            final Timed third = sample(sampler);
            final Row y = third.rows().get("/a/y");
            assertThat(y.id()).isEqualTo(44);
            for (final String counter : new String[] {"usage_usec", "user_usec", "system_usec"})
            {
                assertThat(cell(y, "cpu.stat." + counter + ":rate")).as("no rate across a recreation")
                    .isEmpty();
            }
            assertThat(cell(y, "cpu.stat.usage_usec:self")).isEqualTo("1500");
            assertThat(cell(y, "memory.current:self")).isEqualTo("1024");
            assertThat(cell(third.rows().get("/a"), "cpu.stat.usage_usec:self"))
                .as("506000 - 502000 - 1500: the removed cgroup's 1000 stays in /a's own share").isEqualTo("2500");
            assertThat(cell(third.rows().get("/a"), "memory.current:self")).as("8192 - 4096 - 1024")
                .isEqualTo("3072");
            assertThat(cell(third.rows().get("/a/x"), "cpu.stat.usage_usec:rate")).isEqualTo("0.00");

            // the recreated cgroup has rates again from its own previous sample; /b is gone
            Thread.sleep(50);
            files(root.resolve("a/y"), "cpu.stat", cpu(101_500, 50_700));
            deleteTree(root.resolve("b"));
            final Timed fourth = sample(sampler);
            assertCpuRate(fourth.rows().get("/a/y"), "cpu.stat.usage_usec", 100_000, third, fourth);
            assertThat(fourth.rows().keySet()).containsExactly("/", "/a", "/a/x", "/a/y");
            assertThat(cell(fourth.rows().get("/"), "cpu.stat.usage_usec:self"))
                .as("510000 - 506000: the removed /b's usage stays in the root's own share").isEqualTo("4000");
        }
    }

    @Test
    void writesLongCsvWithOneCompleteHeaderWhenColumnsAppearLate() throws Exception
    {
        final Path target = tmp.resolve("out.csv");
        final StringWriter err = new StringWriter();
        final List<Integer> rowsPerSample = new ArrayList<>();
        try (Sampler sampler = sampler(true))
        {
            final SampleSink sink = SampleSink.toFile(Format.CSV, true, target, new PrintWriter(err, true));
            Table table = Table.of(sampler.sample());
            sink.write("2026-11-22T00:00:00.000Z", table);
            rowsPerSample.add(table.rows().length);
            files(root.resolve("a/x"), "io.stat", "8:0 rbytes=4096 wbytes=0 rios=1 wios=0 dbytes=0 dios=0\n");
            table = Table.of(sampler.sample());
            sink.write("2026-11-22T00:00:01.000Z", table);
            rowsPerSample.add(table.rows().length);
            files(root.resolve("a/x"), "io.stat", "8:0 rbytes=8192 wbytes=0 rios=2 wios=0 dbytes=0 dios=0\n");
            table = Table.of(sampler.sample());
            sink.write("2026-11-22T00:00:02.000Z", table);
            rowsPerSample.add(table.rows().length);
            assertThat(Files.exists(target)).as("nothing at the target before commit").isFalse();
            sink.commit();
        }
        assertThat(err.toString()).isEmpty();
        try (Stream<Path> entries = Files.list(tmp))
        {
            assertThat(entries.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("tree", "out.csv");
        }
        final Golden.Table csv = csv(Files.readString(target, StandardCharsets.UTF_8));
        assertThat(csv.header().subList(0, 4)).containsExactly("timestamp", "id", "path", "depth");
        assertThat(csv.header()).contains("io.stat.8:0.rbytes", "io.stat.8:0.rbytes:rate", "io.stat.8:0.rbytes:self");
        assertThat(csv.rows()).hasSize(15);
        assertThat(rowsPerSample).containsExactly(5, 5, 5);
        final Map<String, List<String>> byTimestamp = groupBy(csv, "timestamp");
        assertThat(byTimestamp.keySet()).containsExactly("2026-11-22T00:00:00.000Z", "2026-11-22T00:00:01.000Z",
            "2026-11-22T00:00:02.000Z");
        final int path = csv.column("path");
        final int rbytes = csv.column("io.stat.8:0.rbytes");
        final int rate = csv.column("io.stat.8:0.rbytes:rate");
        for (final List<String> row : csv.rows())
        {
            final boolean x = row.get(path).equals("/a/x");
            final String ts = row.get(0);
            assertThat(row.get(rbytes)).as(ts + " " + row.get(path))
                .isEqualTo(!x || ts.endsWith("00.000Z") ? "" : ts.endsWith("01.000Z") ? "4096" : "8192");
            assertThat(row.get(rate).isEmpty()).as(ts + " " + row.get(path) + " rate")
                .isEqualTo(!x || !ts.endsWith("02.000Z"));
        }
    }

    @Test
    void warnsOnStdoutWhenColumnsAppearAfterTheHeader() throws Exception
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        try (Sampler sampler = sampler(false))
        {
            final SampleSink sink = SampleSink.toStdout(Format.CSV, true, new PrintWriter(out), new PrintWriter(err));
            sink.write("t1", Table.of(sampler.sample()));
            files(root.resolve("a/x"), "io.stat", "8:0 rbytes=4096 wbytes=0 rios=1 wios=0 dbytes=0 dios=0\n");
            sink.write("t2", Table.of(sampler.sample()));
            sink.commit();
        }
        assertThat(err.toString()).contains("columns appeared after the CSV header").contains("io.stat.8:0.rbytes")
            .contains("--output");
        assertThat(out.toString().lines().findFirst().orElseThrow()).doesNotContain("io.stat");
    }

    @Test
    void samplesEveryIntervalIntoLongCsvWithTimestampsThroughTheCli()
    {
        final Golden.Run r = run("--root", root.toString(), "--interval", "200ms", "--count", "3", "--format", "csv",
            "--stats", STATS, "--aggregate");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).as("no cgroup of this tree has io.stat")
            .isEqualTo("cgroup-walk: warning: --stats io.stat: no cgroup of this walk has that file\n");
        final Golden.Table table = csv(r.out());
        assertThat(table.header().subList(0, 4)).containsExactly("timestamp", "id", "path", "depth");
        assertThat(table.header()).contains("cpu.stat.usage_usec", "cpu.stat.usage_usec:rate",
            "cpu.stat.usage_usec:self", "memory.current:self");
        final Map<String, List<String>> samples = groupBy(table, "timestamp");
        assertThat(samples).hasSize(3);
        Instant previous = Instant.MIN;
        int index = 0;
        for (final Map.Entry<String, List<String>> sample : samples.entrySet())
        {
            final Instant at = Instant.parse(sample.getKey());
            assertThat(at).isAfter(previous);
            previous = at;
            assertThat(sample.getValue()).containsExactly("/", "/a", "/a/x", "/a/y", "/b");
            final int first = index;
            table.rows().stream().filter(row -> row.get(0).equals(sample.getKey())).forEach(row ->
                assertThat(row.get(table.column("cpu.stat.usage_usec:rate")))
                    .as("nothing changes: no rate in the first sample, 0.00 after")
                    .isEqualTo(first == 0 ? "" : "0.00"));
            index++;
        }
    }

    @Test
    void writesJsonLinesWithATimestampFieldFirst()
    {
        final Golden.Run r = run("--root", root.toString(), "--interval", "200ms", "--count", "2", "--format", "json",
            "--stats", STATS);
        assertThat(r.code()).as(r.err()).isZero();
        final List<JsonObject> objects = jsonLines(r.out());
        assertThat(objects).hasSize(10);
        final List<String> timestamps = new ArrayList<>();
        for (final JsonObject object : objects)
        {
            assertThat(object.keySet().iterator().next()).isEqualTo("timestamp");
            final String timestamp = object.get("timestamp").getAsString();
            assertThat(Instant.parse(timestamp)).isNotNull();
            if (!timestamps.contains(timestamp))
            {
                timestamps.add(timestamp);
            }
        }
        assertThat(timestamps).hasSize(2);
        assertThat(objects.get(7).get("path").getAsString()).isEqualTo("/a/x");
        assertThat(objects.get(7).get("cpu.stat.usage_usec:rate").getAsJsonPrimitive().getAsString()).isEqualTo("0.00");
        assertThat(objects.get(2).get("cpu.stat.usage_usec:rate").isJsonNull()).isTrue();
    }

    @Test
    void reportsToStdoutAsLongCsvWithoutOutput()
    {
        final Golden.Run r = run("report", "--root", root.toString(), "--interval", "200ms", "--count", "2");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        final Golden.Table table = csv(r.out());
        assertThat(table.header().subList(0, 4)).containsExactly("timestamp", "id", "path", "depth");
        assertThat(table.header()).as("aggregates by default, rates")
            .contains("cpu.stat.usage_usec:self", "cpu.stat.usage_usec:rate", "memory.current:self");
        final Map<String, List<String>> samples = groupBy(table, "timestamp");
        assertThat(samples).hasSize(2);
        for (final List<String> paths : samples.values())
        {
            assertThat(paths).containsExactly("/", "/a", "/a/x", "/a/y", "/b");
        }
        final Map<String, String> rootSelf = new HashMap<>();
        for (final List<String> row : table.rows())
        {
            if (row.get(table.column("path")).equals("/"))
            {
                rootSelf.put(row.get(0), row.get(table.column("cpu.stat.usage_usec:self")));
            }
        }
        assertThat(rootSelf.values()).as("10000 - 6000 - 3000").containsOnly("1000");
    }

    private static void deleteTree(final Path dir) throws IOException
    {
        try (Stream<Path> entries = Files.walk(dir))
        {
            for (final Path entry : entries.sorted(Comparator.reverseOrder()).toList())
            {
                Files.delete(entry);
            }
        }
    }

    /** Paths of each value of a column (e.g. each timestamp), in first-seen order. */
    private static Map<String, List<String>> groupBy(final Golden.Table table, final String column)
    {
        final int key = table.column(column);
        final int path = table.column("path");
        final Map<String, List<String>> groups = new LinkedHashMap<>();
        for (final List<String> row : table.rows())
        {
            groups.computeIfAbsent(row.get(key), k -> new ArrayList<>()).add(row.get(path));
        }
        return groups;
    }
}
