package dev.rstat.cgroup.report.render;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.fail;

/**
 * An independent structural check of an exposition in OpenMetrics 1.0 or Prometheus 0.0.4 text, written from the
 * specifications rather than from the renderer: metadata only as TYPE/UNIT/HELP, once per family and before its
 * samples; every family's samples contiguous and named after it ({@code _total} for OpenMetrics counters); valid
 * metric and label names; unique label names per sample and unique series; the {@code cgroup}, {@code id} and
 * {@code scope} labels on every sample; numbers that are integers, decimals or {@code +Inf}; {@code # EOF} last
 * (OpenMetrics only). Returns the parsed samples.
 */
final class ExpositionChecker
{
    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern NUMBER = Pattern.compile("\\+Inf|-?[0-9]+(\\.[0-9]+)?");

    private ExpositionChecker()
    {
    }

    /** One parsed sample. */
    record Sample(String name, Map<String, String> labels, String value)
    {
    }

    /** One parsed family. */
    record Family(String name, String type, String unit, String help, List<Sample> samples)
    {
    }

    /**
     * Checks an exposition.
     *
     * @param text        the exposition.
     * @param openMetrics true for OpenMetrics 1.0, false for the Prometheus text format.
     * @return the families in order, keyed by name.
     */
    static Map<String, Family> check(final String text, final boolean openMetrics)
    {
        require(text.endsWith("\n"), "", "exposition does not end with a line feed");
        final String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
        if (openMetrics)
        {
            require("# EOF".equals(lines[lines.length - 1]), lines[lines.length - 1], "last line is not # EOF");
        }
        else
        {
            require(!text.contains("# EOF") && !text.contains("# UNIT"), "", "OpenMetrics lines in Prometheus text");
        }
        final int end = openMetrics ? lines.length - 1 : lines.length;
        final Map<String, Family> families = new LinkedHashMap<>();
        final Set<String> metadata = new HashSet<>();
        final Set<String> series = new HashSet<>();
        final Set<String> sampleNames = new HashSet<>();
        final List<String> keywords = openMetrics ? List.of("TYPE", "UNIT", "HELP") : List.of("TYPE", "HELP");
        String current = null;
        boolean samplesStarted = false;
        for (int i = 0; i < end; i++)
        {
            final String line = lines[i];
            final String where = "line " + (i + 1);
            require(!line.isEmpty(), where, "empty line");
            if (line.startsWith("#"))
            {
                final String[] parts = line.split(" ", 4);
                require(parts.length >= 3 && "#".equals(parts[0]) && keywords.contains(parts[1]), line,
                    "not TYPE/UNIT/HELP metadata");
                final String keyword = parts[1];
                final String name = parts[2];
                require(METRIC_NAME.matcher(name).matches(), line, "invalid metric name");
                if (!name.equals(current))
                {
                    require(!families.containsKey(name), line, "family seen before: not contiguous");
                    current = name;
                    samplesStarted = false;
                    families.put(name, new Family(name, null, null, null, new ArrayList<>()));
                }
                require(!samplesStarted, line, "metadata after samples");
                require(metadata.add(name + " " + keyword), line, "repeated metadata");
                final Family f = families.get(name);
                switch (keyword)
                {
                    case "TYPE" ->
                    {
                        require(parts.length == 4 && List.of("counter", "gauge").contains(parts[3]), line, "type");
                        families.put(name, new Family(name, parts[3], f.unit(), f.help(), f.samples()));
                    }
                    case "UNIT" ->
                    {
                        require(parts.length == 4 && name.endsWith("_" + parts[3]), line, "unit is not a suffix");
                        families.put(name, new Family(name, f.type(), parts[3], f.help(), f.samples()));
                    }
                    default ->
                    {
                        require(parts.length == 4, line, "empty HELP");
                        checkHelpEscapes(parts[3], openMetrics, line);
                        families.put(name, new Family(name, f.type(), f.unit(), parts[3], f.samples()));
                    }
                }
                continue;
            }
            require(current != null, line, "sample before any TYPE");
            final Family family = families.get(current);
            require(family.type() != null, line, "no TYPE");
            final Sample sample = parseSample(line, where + ": " + line);
            final String expectedName = openMetrics && "counter".equals(family.type()) ? current + "_total" : current;
            require(sample.name().equals(expectedName), line, "sample not named after family " + current);
            if (family.samples().isEmpty())
            {
                require(sampleNames.add(sample.name()), line, "sample name of two families");
            }
            require(sample.labels().containsKey("cgroup") && sample.labels().containsKey("id") &&
                sample.labels().containsKey("scope"), line, "missing cgroup, id or scope label");
            require(List.of("self", "subtree").contains(sample.labels().get("scope")), line, "scope value");
            require(sample.labels().get("id").matches("[0-9]+"), line, "id value");
            require(NUMBER.matcher(sample.value()).matches(), line, "value");
            if ("counter".equals(family.type()))
            {
                require(!sample.value().startsWith("-") && !"+Inf".equals(sample.value()), line, "counter value");
            }
            require(series.add(sample.name() + new TreeMap<>(sample.labels())), line, "duplicate series");
            family.samples().add(sample);
            samplesStarted = true;
        }
        return families;
    }

    private static void require(final boolean condition, final String where, final String problem)
    {
        if (!condition)
        {
            fail(problem + ": " + where);
        }
    }

    private static void checkHelpEscapes(final String help, final boolean openMetrics, final String where)
    {
        for (int i = 0; i < help.length(); i++)
        {
            final char c = help.charAt(i);
            if (c == '\\')
            {
                require(i + 1 < help.length(), where, "dangling backslash in HELP");
                final char next = help.charAt(++i);
                require(next == '\\' || next == 'n' || (openMetrics && next == '"'), where, "HELP escape");
            }
            else
            {
                require(c != '"' || !openMetrics, where, "unescaped double quote in OpenMetrics HELP");
            }
        }
    }

    private static Sample parseSample(final String line, final String where)
    {
        final int brace = line.indexOf('{');
        require(brace > 0, where, "no labels");
        final String name = line.substring(0, brace);
        require(METRIC_NAME.matcher(name).matches(), where, "invalid sample name");
        final Map<String, String> labels = new LinkedHashMap<>();
        int i = brace + 1;
        while (line.charAt(i) != '}')
        {
            final int eq = line.indexOf('=', i);
            require(eq > 0, where, "label without =");
            final String label = line.substring(i, eq);
            require(LABEL_NAME.matcher(label).matches() && !label.startsWith("__"), where, "invalid label name");
            require(line.charAt(eq + 1) == '"', where, "unquoted label value");
            final StringBuilder value = new StringBuilder();
            i = eq + 2;
            while (line.charAt(i) != '"')
            {
                char c = line.charAt(i);
                if (c == '\\')
                {
                    c = line.charAt(++i);
                    require(c == '\\' || c == '"' || c == 'n', where, "label value escape");
                    value.append(c == 'n' ? '\n' : c);
                }
                else
                {
                    value.append(c);
                }
                i++;
            }
            require(labels.put(label, value.toString()) == null, where, "repeated label");
            i++;
            if (line.charAt(i) == ',')
            {
                i++;
            }
            else
            {
                require(line.charAt(i) == '}', where, "label list");
            }
        }
        require(line.charAt(i + 1) == ' ', where, "no space before the value");
        final String value = line.substring(i + 2);
        require(!value.contains(" "), where, "timestamp or trailing text");
        return new Sample(name, labels, value);
    }
}
