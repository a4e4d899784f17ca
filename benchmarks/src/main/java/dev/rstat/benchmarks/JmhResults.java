package dev.rstat.benchmarks;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * The results of one or more JMH runs, read from JMH's JSON result files ({@code -rf json}).
 */
public final class JmhResults
{
    private final List<Result> results;

    private JmhResults(final List<Result> results)
    {
        this.results = Collections.unmodifiableList(results);
    }

    /**
     * @param files JMH JSON result files; results of later files are added after earlier ones.
     * @return their results.
     * @throws IOException if a file cannot be read.
     */
    public static JmhResults read(final List<Path> files) throws IOException
    {
        final List<Result> all = new ArrayList<>();
        for (final Path file : files)
        {
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8))
            {
                all.addAll(parse(JsonParser.parseReader(reader), file.toString()).results);
            }
            catch (final JsonParseException ex)
            {
                throw new IllegalArgumentException("malformed JMH result file: file=" + file + " error=" +
                    ex.getMessage(), ex);
            }
        }
        return new JmhResults(all);
    }

    /**
     * @param json   the text of a JMH JSON result file.
     * @param source names the text in error messages.
     * @return its results.
     */
    public static JmhResults parse(final String json, final String source)
    {
        try
        {
            return parse(JsonParser.parseString(json), source);
        }
        catch (final JsonParseException ex)
        {
            throw new IllegalArgumentException("malformed JMH result file: file=" + source + " error=" +
                ex.getMessage(), ex);
        }
    }

    private static JmhResults parse(final JsonElement root, final String source)
    {
        if (!root.isJsonArray())
        {
            throw new IllegalArgumentException("JMH result file is not a JSON array: file=" + source);
        }
        final JsonArray array = root.getAsJsonArray();
        final List<Result> results = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++)
        {
            try
            {
                results.add(result(array.get(i).getAsJsonObject()));
            }
            catch (final IllegalStateException | NullPointerException | NumberFormatException |
                UnsupportedOperationException ex)
            {
                throw new IllegalArgumentException("malformed JMH result: file=" + source + " run=" + i +
                    " error=" + ex, ex);
            }
        }
        return new JmhResults(results);
    }

    private static Result result(final JsonObject run)
    {
        final String benchmark = shortName(run.get("benchmark").getAsString());
        final Map<String, String> params = new TreeMap<>();
        if (run.has("params"))
        {
            for (final Map.Entry<String, JsonElement> param : run.getAsJsonObject("params").entrySet())
            {
                params.put(param.getKey(), param.getValue().getAsString());
            }
        }
        final JsonObject primary = run.getAsJsonObject("primaryMetric");
        final Map<String, Double> secondary = new TreeMap<>();
        if (run.has("secondaryMetrics"))
        {
            for (final Map.Entry<String, JsonElement> metric : run.getAsJsonObject("secondaryMetrics").entrySet())
            {
                secondary.put(metric.getKey(), number(metric.getValue().getAsJsonObject().get("score")));
            }
        }
        return new Result(benchmark, run.get("threads").getAsInt(), params, number(primary.get("score")),
            number(primary.get("scoreError")), primary.get("scoreUnit").getAsString(), secondary);
    }

    /**
     * @return every result, in file order.
     */
    public List<Result> all()
    {
        return results;
    }

    /**
     * Finds the last result of a benchmark whose parameters include all the given ones.
     *
     * @param benchmark {@code SimpleClassName.method}.
     * @param params    {@code name=value} pairs the result must have.
     * @return the result, or {@code null} if there is none.
     */
    public Result find(final String benchmark, final String... params)
    {
        Result found = null;
        for (final Result result : results)
        {
            if (result.benchmark().equals(benchmark) && result.hasParams(params))
            {
                found = result;
            }
        }
        return found;
    }

    private static String shortName(final String fullName)
    {
        final int method = fullName.lastIndexOf('.');
        final int type = fullName.lastIndexOf('.', method - 1);
        return fullName.substring(type + 1);
    }

    private static double number(final JsonElement element)
    {
        if (element == null || element.isJsonNull())
        {
            return Double.NaN;
        }
        final String text = element.getAsString();
        return "NaN".equals(text) ? Double.NaN : Double.parseDouble(text);
    }

    /**
     * One benchmark run.
     *
     * @param benchmark {@code SimpleClassName.method}.
     * @param threads   the run's thread count.
     * @param params    its {@code @Param} values.
     * @param score     the primary score.
     * @param error     the primary score's 99.9% error ({@code NaN} if JMH could not compute one).
     * @param unit      the primary score's unit.
     * @param secondary the secondary scores by name (auxiliary counters).
     */
    public record Result(String benchmark, int threads, Map<String, String> params, double score, double error,
        String unit, Map<String, Double> secondary)
    {
        boolean hasParams(final String... wanted)
        {
            for (final String pair : wanted)
            {
                final int eq = pair.indexOf('=');
                if (!pair.substring(eq + 1).equals(params.get(pair.substring(0, eq))))
                {
                    return false;
                }
            }
            return true;
        }

        /**
         * @param name of a secondary metric.
         * @return its score, or {@code NaN} if absent.
         */
        public double secondary(final String name)
        {
            final Double value = secondary.get(name);
            return value == null ? Double.NaN : value;
        }
    }
}
