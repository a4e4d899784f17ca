package dev.rstat.cgroup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.Strictness;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

/**
 * Shared helpers of the golden tests: running {@code cgroup-walk} in-process, the committed test data, golden files
 * (compared exactly; rewritten instead with {@code -Dgolden.update=true}, after which they must be reviewed by hand),
 * and independent readers of the output: Commons CSV for CSV, Gson in strict mode for JSON Lines.
 */
final class Golden
{
    /** System property that rewrites golden files from the current output instead of comparing. */
    static final String UPDATE = "golden.update";

    private static final CSVFormat READ_CSV = CSVFormat.RFC4180.builder().get();
    private static final TypeAdapter<JsonElement> JSON = new Gson().getAdapter(JsonElement.class);

    private Golden()
    {
    }

    /** Result of one in-process run of {@code cgroup-walk}. */
    record Run(int code, String out, String err)
    {
    }

    /**
     * Runs {@code cgroup-walk} in this JVM.
     *
     * @param args command-line arguments.
     * @return the exit code and what went to stdout and stderr.
     */
    static Run run(final String... args)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int code = CgroupWalk.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }

    /**
     * @return the committed {@code testdata} directory (set by Surefire; {@code ../testdata} from the module).
     */
    static Path testdata()
    {
        final String dir = System.getProperty("testdata.dir");
        return dir != null ? Paths.get(dir) : Paths.get("..", "testdata");
    }

    /**
     * @param relative e.g. {@code systemd-host/tree}.
     * @return that directory of the test data, as a string for {@code --root}.
     */
    static String tree(final String relative)
    {
        return testdata().resolve(relative).toString();
    }

    private static Path goldenDirectory()
    {
        return testdata().resolveSibling("cgroup-cli").resolve("src/test/resources/golden");
    }

    /**
     * Compares output with a committed golden file byte for byte, or rewrites the file with {@code -Dgolden.update}.
     *
     * @param name   the file below {@code src/test/resources/golden}.
     * @param actual the output.
     */
    static void assertGolden(final String name, final String actual)
    {
        final Path file = goldenDirectory().resolve(name);
        try
        {
            if (Boolean.getBoolean(UPDATE))
            {
                Files.createDirectories(file.getParent());
                Files.writeString(file, actual, StandardCharsets.UTF_8);
                return;
            }
            assertThat(file).as("golden file (create it with -D" + UPDATE + "=true, then review it)").isRegularFile();
            assertThat(actual).as("output vs golden file " + file).isEqualTo(Files.readString(file,
                StandardCharsets.UTF_8));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Reads lines of a test data file (UTF-8, {@code \n}), e.g. an expected walk order.
     *
     * @param relative below {@code testdata}.
     * @return the lines.
     */
    static List<String> lines(final String relative)
    {
        try
        {
            final String text = Files.readString(testdata().resolve(relative), StandardCharsets.UTF_8);
            final List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
            assertThat(lines.remove(lines.size() - 1)).as("last line of " + relative + " ends with \\n").isEmpty();
            return lines;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Parses CSV text strictly as RFC 4180 and checks that every record is as wide as the header.
     *
     * @param text CSV with a header line.
     * @return the header followed by the records, as string lists.
     */
    static Table csv(final String text)
    {
        try (CSVParser parser = CSVParser.builder().setReader(new StringReader(text)).setFormat(READ_CSV).get())
        {
            final List<CSVRecord> records = parser.getRecords();
            assertThat(records).as("CSV has a header").isNotEmpty();
            final List<String> header = records.get(0).toList();
            final List<List<String>> rows = new ArrayList<>();
            for (int i = 1; i < records.size(); i++)
            {
                final List<String> row = records.get(i).toList();
                assertThat(row).as("record %d has the header's width %d: %s", i, header.size(), row)
                    .hasSize(header.size());
                rows.add(row);
            }
            assertThat(header).as("header names are unique").doesNotHaveDuplicates();
            return new Table(header, rows);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Parses JSON Lines strictly (RFC 8259, no lenient syntax), one object per line.
     *
     * @param text JSON Lines, each line ending with {@code \n}.
     * @return the objects.
     */
    static List<JsonObject> jsonLines(final String text)
    {
        assertThat(text).as("JSON Lines end with a newline").endsWith("\n");
        final List<JsonObject> objects = new ArrayList<>();
        for (final String line : text.substring(0, text.length() - 1).split("\n", -1))
        {
            objects.add(json(line));
        }
        return objects;
    }

    static JsonObject json(final String line)
    {
        try (JsonReader reader = new JsonReader(new StringReader(line)))
        {
            reader.setStrictness(Strictness.STRICT);
            final JsonElement element = JSON.read(reader);
            assertThat(reader.peek()).as("one value per line: " + line).isEqualTo(JsonToken.END_DOCUMENT);
            assertThat(element.isJsonObject()).as("an object: " + line).isTrue();
            return element.getAsJsonObject();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("not strict JSON: " + line, ex);
        }
    }

    /**
     * A parsed CSV: header and rows of cells (an empty cell is {@code ""}).
     *
     * @param header column names.
     * @param rows   records.
     */
    record Table(List<String> header, List<List<String>> rows)
    {
        int column(final String name)
        {
            final int index = header.indexOf(name);
            assertThat(index).as("column " + name + " in " + header).isNotNegative();
            return index;
        }

        /**
         * @param name a column.
         * @return that column's cells, top to bottom.
         */
        List<String> cells(final String name)
        {
            final int index = column(name);
            final List<String> cells = new ArrayList<>(rows.size());
            for (final List<String> row : rows)
            {
                cells.add(row.get(index));
            }
            return cells;
        }

        /**
         * @return rows by their {@code path} cell (which must be unique), each as column name to cell.
         */
        Map<String, Map<String, String>> byPath()
        {
            final int path = column("path");
            final Map<String, Map<String, String>> result = new LinkedHashMap<>();
            for (final List<String> row : rows)
            {
                final Map<String, String> cells = new HashMap<>();
                for (int i = 0; i < header.size(); i++)
                {
                    cells.put(header.get(i), row.get(i));
                }
                assertThat(result.put(row.get(path), cells)).as("path appears once: " + row.get(path)).isNull();
            }
            return result;
        }
    }
}
