package dev.rstat.cgroup.cli;

import static dev.rstat.cgroup.cli.Golden.csv;
import static dev.rstat.cgroup.cli.Golden.jsonLines;
import static dev.rstat.cgroup.cli.Golden.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;

/**
 * The hostile v2 tree with garbage where numbers belong ({@code memory.current} holding {@code usage_usec -5}, or
 * random bytes with NULs) and control characters in a text file ({@code cgroup.type}): a garbage number is a
 * malformed value (no value, counted in the summary, named with {@code -v}), and no output format carries a control
 * character that came from a file. Paths are names, not file content: CSV and the metric formats keep them exact
 * (quoted or escaped as those formats define), the text format escapes them.
 */
class GarbageValuesTest
{
    /** C0 controls other than line feed, DEL and C1 controls: what no output line may hold. */
    private static final String CONTROL = "[\\x00-\\x09\\x0b-\\x1f\\x7f-\\x9f]";

    @TempDir
    Path tmp;

    private String root;

    @BeforeEach
    void hostileTreeWithGarbage() throws IOException
    {
        final Path source = Golden.testdata().resolve("hostile/unified");
        final Path tree = tmp.resolve("unified");
        try (Stream<Path> paths = Files.walk(source))
        {
            paths.forEach(path ->
            {
                try
                {
                    Files.copy(path, tree.resolve(source.relativize(path).toString()));
                }
                catch (final IOException ex)
                {
                    throw new UncheckedIOException(ex);
                }
            });
        }
        Files.writeString(tree.resolve("007/memory.current"), "usage_usec -5\n");
        final byte[] random = new byte[64];
        new Random(9).nextBytes(random);
        random[0] = 0;
        random[20] = 0x1b;
        Files.write(tree.resolve("12345/memory.current"), random);
        Files.write(tree.resolve("007/cgroup.type"),
            new byte[] {'d', 'o', 'm', 1, 0, 0x1b, '[', '3', '1', 'm', (byte)0xc2, (byte)0x9b, '\t', 'x', '\n'});
        root = tree.toString();
    }

    @Test
    void aGarbageNumberIsAMalformedValueCountedAndNamedWithVerbose()
    {
        final Golden.Run quiet = run("--root", root, "--stats", "memory.current", "--format", "csv");
        assertThat(quiet.code()).isZero();
        final Golden.Table table = csv(quiet.out());
        for (final List<String> row : table.rows())
        {
            final String path = row.get(table.column("path"));
            if (path.equals("/007") || path.equals("/12345"))
            {
                assertThat(row.get(table.column("memory.current"))).as(path).isEmpty();
            }
        }
        assertThat(quiet.err()).contains("2 malformed lines").doesNotContainPattern(CONTROL);

        final Golden.Run verbose = run("--root", root, "--stats", "memory.current", "--format", "csv", "-v");
        assertThat(verbose.err()).contains("file=" + root + "/007/memory.current line=1 text=\"usage_usec -5\"",
            "file=" + root + "/12345/memory.current line=1").doesNotContainPattern(CONTROL);
    }

    @Test
    void noFormatCarriesAControlCharacterFromAFile()
    {
        final Golden.Run text = run("--root", root, "--stats", "memory.current,cgroup.type");
        assertThat(text.out()).doesNotContainPattern(CONTROL).contains("dom\\x01\\x00\\x1b[31m\\u009b\\tx");

        final Golden.Run json = run("--root", root, "--stats", "memory.current,cgroup.type", "--format", "json");
        assertThat(json.out()).doesNotContainPattern(CONTROL);
        final JsonObject row007 = jsonLines(json.out()).stream()
            .filter(row -> row.get("path").getAsString().equals("/007")).findFirst().orElseThrow();
        assertThat(row007.get("cgroup.type").getAsString()).isEqualTo("dom\u0001\u0000\u001b[31m\u009b\tx");
        assertThat(row007.get("memory.current").isJsonNull()).isTrue();

        final Golden.Run csv = run("--root", root, "--stats", "memory.current,cgroup.type", "--format", "csv");
        final Golden.Table table = csv(csv.out());
        final int path = table.column("path");
        for (final List<String> row : table.rows())
        {
            for (int column = 0; column < row.size(); column++)
            {
                if (column != path)
                {
                    assertThat(row.get(column)).as(table.header().get(column)).doesNotContainPattern(CONTROL);
                }
            }
            if (row.get(path).equals("/007"))
            {
                assertThat(row.get(table.column("cgroup.type"))).isEqualTo("dom\\x01\\x00\\x1b[31m\\u009b\\tx");
            }
        }
        assertThat(table.rows().stream().map(row -> row.get(path))).as("paths are exact in CSV")
            .contains("/tab\tname");

        for (final String format : List.of("openmetrics", "prometheus"))
        {
            final Golden.Run metrics = run("--root", root, "--stats", "memory.current,memory.stat", "--aggregate",
                "--format", format);
            assertThat(metrics.code()).isZero();
            assertThat(metrics.out()).as(format).contains("cgroup=\"/tab\tname\"");
            assertThat(metrics.out().replace("cgroup=\"/tab\tname\"", "")).as(format + ": only the exact path")
                .doesNotContainPattern(CONTROL);
        }
    }
}
