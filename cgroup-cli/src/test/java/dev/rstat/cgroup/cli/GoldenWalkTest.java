package dev.rstat.cgroup.cli;

import static dev.rstat.cgroup.cli.Golden.assertGolden;
import static dev.rstat.cgroup.cli.Golden.csv;
import static dev.rstat.cgroup.cli.Golden.jsonLines;
import static dev.rstat.cgroup.cli.Golden.lines;
import static dev.rstat.cgroup.cli.Golden.run;
import static dev.rstat.cgroup.cli.Golden.tree;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * Golden-file tests of {@code cgroup-walk} on the committed trees ({@code testdata/systemd-host}, {@code hostile},
 * {@code hybrid-host}), run in-process. The golden files live in {@code src/test/resources/golden/} (see the README
 * there for how each one was checked by hand); on top of the byte-for-byte comparison, the tests read the output back
 * with independent parsers and compare it with the trees' own expectation files and with the raw cgroupfs files.
 */
class GoldenWalkTest
{
    private static final String PREFIX = Messages.PREFIX;

    private static final String SYSTEMD = tree("systemd-host/tree");
    private static final String HOSTILE = tree("hostile/unified");
    private static final String BURSTABLE = "/kubepods.slice/kubepods-burstable.slice";
    private static final String BURSTABLE_ID = "802";
    private static final String LIMITS = "memory.current,memory.max,memory.high,pids.max,cpu.max,io.max";
    private static final String HOSTILE_STATS = "memory.current,memory.max,cpu.max,io.max,cgroup.procs";

    private static Golden.Run ok(final String... args)
    {
        final Golden.Run r = run(args);
        assertThat(r.code()).as("exit code of %s; stderr: %s", List.of(args), r.err()).isZero();
        return r;
    }

    @Test
    void printsTheSystemdHostUserSliceAsARawTable()
    {
        final Golden.Run r = ok("--root", SYSTEMD, "--raw", "--stats", "memory.current,pids.current,pids.max,cpu.max",
            "/user.slice");
        assertThat(r.err()).isEmpty();
        assertGolden("systemd-host/user-slice.raw.txt", r.out());
    }

    @Test
    void printsTheSystemdHostBurstablePodsAsCsvWithTheFilesValues()
    {
        final Golden.Run r = ok("--root", SYSTEMD, "--format", "csv", "--stats", LIMITS, BURSTABLE);
        assertThat(r.err()).isEmpty();
        assertGolden("systemd-host/kubepods-burstable.csv", r.out());

        final Golden.Table table = csv(r.out());
        assertThat(table.cells("path"))
            .containsExactlyElementsOf(lines("systemd-host/expected-order-descendants_pre.txt"));
        for (final Map.Entry<String, Map<String, String>> row : table.byPath().entrySet())
        {
            final Path dir = Path.of(SYSTEMD + row.getKey());
            final Map<String, String> cells = row.getValue();
            assertThat(cells.get("id")).isEqualTo(read(dir, ".rstat-cgroup-id"));
            assertThat(cells.get("depth")).isEqualTo(Integer.toString(row.getKey().split("/").length - 1));
            for (final String single : new String[] {"memory.current", "memory.max", "memory.high", "pids.max"})
            {
                assertThat(cells.get(single)).as(row.getKey() + " " + single).isEqualTo(read(dir, single));
            }
            assertThat(cells.get("cpu.max.quota") + " " + cells.get("cpu.max.period")).isEqualTo(read(dir, "cpu.max"));
        }
    }

    @Test
    void printsTheSystemdHostBurstablePodsAsJsonLinesThatAgreeWithTheCsv()
    {
        final Golden.Run r = ok("--root", SYSTEMD, "--format", "json", "--stats", LIMITS, BURSTABLE);
        assertThat(r.err()).isEmpty();
        assertGolden("systemd-host/kubepods-burstable.jsonl", r.out());
        assertJsonAgreesWithCsv(jsonLines(r.out()), csv(ok("--root", SYSTEMD, "--format", "csv", "--stats", LIMITS,
            BURSTABLE).out()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"descendants_pre", "descendants_post", "ancestors_up", "self_only", "children"})
    void walksInTheExpectedOrderFromAPathOrAnId(final String order)
    {
        final List<String> expected = lines("systemd-host/expected-order-" + order + ".txt");
        final Golden.Table byPath = csv(ok("--root", SYSTEMD, "--format", "csv", "--stats", "memory.current",
            "--order", order, BURSTABLE).out());
        assertThat(byPath.cells("path")).containsExactlyElementsOf(expected);
        final Golden.Table byId = csv(ok("--root", SYSTEMD, "--format", "csv", "--stats", "memory.current",
            "--order", order, "--id", BURSTABLE_ID).out());
        assertThat(byId.cells("path")).containsExactlyElementsOf(expected);
    }

    @Test
    void walksEveryHostileNameInUtf8ByteOrderWithItsOwnId()
    {
        final Golden.Table table = csv(ok("--root", HOSTILE, "--format", "csv", "--stats", "memory.current").out());
        final List<String> expected = lines("hostile/expected-order-descendants_pre.txt");
        assertThat(expected).hasSize(25).contains("/\uFF21-fullwidth", "/\uD83D\uDC33whale", "/tab\tname",
            "/trailing-space ", "/caf\u00e9", "/cafe\u0301", "/double\"quote", "/back\\slash");
        assertThat(table.cells("path")).containsExactlyElementsOf(expected);
        final List<String> ids = new ArrayList<>();
        for (final String path : expected)
        {
            ids.add(read(Path.of(HOSTILE + (path.equals("/") ? "" : path)), ".rstat-cgroup-id"));
        }
        assertThat(table.cells("id")).containsExactlyElementsOf(ids).doesNotHaveDuplicates()
            .contains("4294967298", "8589934593");
    }

    @Test
    void printsTheHostileTreeAsCsvThatReadsBackExactly()
    {
        final Golden.Run r = ok("--root", HOSTILE, "--format", "csv", "--stats", HOSTILE_STATS);
        assertThat(r.err()).isEmpty();
        assertGolden("hostile/unified.csv", r.out());
        final Golden.Table table = csv(r.out());
        assertThat(table.cells("path")).containsExactlyElementsOf(lines("hostile/expected-order-descendants_pre.txt"));
        final Map<String, Map<String, String>> rows = table.byPath();
        assertThat(rows.get("/with space").get("memory.current")).as("missing file").isEmpty();
        assertThat(rows.get("/double\"quote").get("memory.current")).as("no trailing newline").isEqualTo("123456789");
        assertThat(rows.get("/12345").get("memory.current")).isEqualTo("18446744073709551615");
        assertThat(rows.get("/max")).containsEntry("memory.max", "max").containsEntry("cpu.max.quota", "max")
            .containsEntry("cpu.max.period", "100000").containsEntry("io.max.8:16.rbps", "max")
            .containsEntry("io.max.8:16.wiops", "120");
        assertThat(rows.get("/-leading-dash").get("cgroup.procs")).as("0, 0, 1234: three processes").isEqualTo("3");
        assertThat(rows.get("/007").get("id")).isEqualTo("198");
    }

    @Test
    void printsTheHostileTreeAsStrictJsonLinesThatReadBackExactly()
    {
        final Golden.Run r = ok("--root", HOSTILE, "--format", "json", "--stats", HOSTILE_STATS);
        assertThat(r.err()).isEmpty();
        assertGolden("hostile/unified.jsonl", r.out());
        assertThat(r.out()).as("pure ASCII, as the renderer promises").matches("[\\x20-\\x7e\\n]*");
        final List<JsonObject> objects = jsonLines(r.out());
        final List<String> paths = new ArrayList<>();
        for (final JsonObject object : objects)
        {
            paths.add(object.get("path").getAsString());
        }
        assertThat(paths).containsExactlyElementsOf(lines("hostile/expected-order-descendants_pre.txt"));
        assertThat(objects.get(paths.indexOf("/\uD83D\uDC33whale")).get("id").getAsBigInteger())
            .isEqualTo(new BigInteger("8589934593"));
        assertThat(objects.get(paths.indexOf("/12345")).get("memory.current").getAsBigInteger())
            .isEqualTo(new BigInteger("18446744073709551615"));
        assertJsonAgreesWithCsv(objects, csv(ok("--root", HOSTILE, "--format", "csv", "--stats", HOSTILE_STATS).out()));
    }

    @Test
    void reportsEachMalformedHostileLineWithFileLineAndTextAndWalksOn()
    {
        final Golden.Run r = ok("--root", HOSTILE, "--format", "csv", "--stats", "all", "--verbose");
        assertThat(r.err().lines()).as("one prefix").allMatch(line -> line.startsWith(PREFIX));
        final String memoryStat = "file=" + HOSTILE + "/single'quote/memory.stat ";
        assertThat(r.err().lines().toList()).map(line -> line.substring(PREFIX.length())).containsExactlyInAnyOrder(
            "malformed line: file=" + HOSTILE + "/back\\slash/cpu.pressure line=1 " +
                "text=\"some avg10=0.00 avg60=oops avg300=0.00 total=12\" reason=not a number: value=oops",
            "malformed line: file=" + HOSTILE + "/back\\slash/io.stat line=3 " +
                "text=\"8:32 rbytes=10 wbytes rios=1 wios=0 dbytes=0 dios=0\" reason=expected SUBKEY=VALUE",
            "malformed line: " + memoryStat + "line=2 text=\"this line is garbage\" reason=expected KEY VALUE",
            "malformed line: " + memoryStat + "line=3 text=\"file 18446744073709551616\" " +
                "reason=value overflows u64: value=18446744073709551616",
            "malformed line: " + memoryStat + "line=4 text=\"shmem -4096\" reason=negative value: value=-4096",
            "malformed line: " + memoryStat + "line=5 text=\"kernel\" reason=expected KEY VALUE",
            "malformed line: " + memoryStat + "line=6 text=\"sock 0x1000\" reason=not a number: value=0x1000",
            "skipped: 7 malformed lines");
        final Golden.Table table = csv(r.out());
        assertThat(table.cells("path")).containsExactlyElementsOf(lines("hostile/expected-order-descendants_pre.txt"));

        final Map<String, Map<String, String>> rows = table.byPath();
        assertThat(rows.get("/single'quote")).as("parsing goes on after bad lines")
            .containsEntry("memory.stat.anon", "1048576").containsEntry("memory.stat.pgfault", "12")
            .containsEntry("memory.stat.file", "").containsEntry("memory.stat.shmem", "");
        assertThat(rows.get("/back\\slash")).containsEntry("io.stat.8:32.rbytes", "10")
            .containsEntry("cpu.pressure.full.total", "7").containsEntry("io.stat.259:0.depth", "max")
            .containsEntry("io.stat.8:16.depth", "1");
        assertThat(rows.get("/double\"quote")).containsEntry("cpu.stat.system_usec", "2");
        assertThat(rows.get("/12345")).containsEntry("cpu.stat.usage_usec", "18446744073709551615")
            .containsEntry("cpu.stat.user_usec", "9223372036854775808")
            .containsEntry("cpu.stat.system_usec", "9223372036854775807");
        final Map<String, String> cafe = rows.get("/caf\u00e9");
        assertThat(cafe).containsEntry("memory.stat.future_key_2030", "42").containsEntry("cpu.stat.nice_usec", "")
            .containsEntry("cpu.stat.core_sched.force_idle_usec", "")
            .containsEntry("memory.events.sock_throttled", "5");
        assertThat(List.of(cafe.get("memory.stat.kernel"), cafe.get("memory.stat.sock"),
            cafe.get("memory.stat.pgfault"), cafe.get("cpu.stat.nr_periods"))).as("keys after the unknown one")
            .doesNotContain("");
        assertThat(rows.get("/")).containsEntry("cpu.pressure.full.total", "0")
            .containsEntry("io.stat.8:16.depth", "max")
            .containsEntry("io.stat.259:0.cost.vrate", "105.83").containsEntry("irq.pressure.full.avg10", "0.12")
            .containsEntry("irq.pressure.full.total", "812345");
        assertThat(table.header()).as("irq.pressure has no some line").noneMatch(c -> c.startsWith("irq.pressure.some"))
            .as("dot-files are not stat files").noneMatch(c -> c.startsWith(".orig"));
        assertThat(rows.get("/\u65e5\u672c")).containsEntry("io.pressure.some.avg10", "100.00")
            .containsEntry("io.pressure.full.avg10", "99.99")
            .containsEntry("memory.pressure.full.avg10", "");

        final Golden.Run quiet = ok("--root", HOSTILE, "--format", "csv", "--stats", "all");
        final String summary = PREFIX + "skipped: 7 malformed lines; first: ";
        assertThat(quiet.err()).as("the summary names the first problem and points to -v").startsWith(summary)
            .endsWith(" (-v lists them all)\n").hasLineCount(1);
        final String first = quiet.err().substring(summary.length(), quiet.err().length() - 21);
        assertThat(r.err().lines()).contains(PREFIX + first);
        assertThat(quiet.out()).isEqualTo(r.out());
    }

    @Test
    void printsTheHybridHostsMemoryHierarchyAsCsv()
    {
        final Golden.Run r = ok("--root", tree("hybrid-host/memory"), "--format", "csv", "--stats",
            "memory.usage_in_bytes,memory.limit_in_bytes,memory.max_usage_in_bytes,memory.failcnt");
        assertThat(r.err()).isEmpty();
        assertGolden("hybrid-host/memory.csv", r.out());
    }

    @Test
    void printsTheHybridHostsUnifiedHierarchyWithTheV2Defaults()
    {
        final Golden.Run r = ok("--root", tree("hybrid-host/unified"), "--format", "csv");
        assertThat(r.err()).isEmpty();
        assertGolden("hybrid-host/unified.csv", r.out());
    }

    /**
     * Every CSV cell equals the JSON value of the same row and column: an empty cell is {@code null}, {@code max} is
     * the string {@code "max"}, a number is a JSON number with the same digits.
     */
    private static void assertJsonAgreesWithCsv(final List<JsonObject> objects, final Golden.Table table)
    {
        assertThat(objects).hasSameSizeAs(table.rows());
        for (int i = 0; i < objects.size(); i++)
        {
            final JsonObject object = objects.get(i);
            final List<String> row = table.rows().get(i);
            assertThat(new ArrayList<>(object.keySet())).as("JSON keys in CSV column order")
                .containsExactlyElementsOf(table.header());
            for (int c = 0; c < row.size(); c++)
            {
                final String name = table.header().get(c);
                final JsonElement value = object.get(name);
                final String cell = row.get(c);
                if (cell.isEmpty())
                {
                    assertThat(value.isJsonNull()).as(name + " of row " + i).isTrue();
                }
                else if (name.equals("path") || cell.equals("max"))
                {
                    assertThat(value.getAsJsonPrimitive().isString()).as(name + " of row " + i).isTrue();
                    assertThat(value.getAsString()).isEqualTo(cell);
                }
                else
                {
                    assertThat(value.getAsJsonPrimitive().isNumber()).as(name + " of row " + i).isTrue();
                    assertThat(value.getAsJsonPrimitive().getAsString()).as(name + " of row " + i).isEqualTo(cell);
                }
            }
        }
    }

    private static String read(final Path dir, final String file)
    {
        try
        {
            return Files.readString(dir.resolve(file), StandardCharsets.UTF_8).strip();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
