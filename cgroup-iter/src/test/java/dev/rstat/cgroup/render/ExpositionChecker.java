package dev.rstat.cgroup.render;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
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
        assertThat(text).as("ends with a line feed").endsWith("\n");
        final String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
        if (openMetrics)
        {
            assertThat(lines[lines.length - 1]).as("last line").isEqualTo("# EOF");
        }
        else
        {
            assertThat(text).as("no OpenMetrics lines").doesNotContain("# EOF").doesNotContain("# UNIT");
        }
        final int end = openMetrics ? lines.length - 1 : lines.length;
        final Map<String, Family> families = new LinkedHashMap<>();
        final Map<String, String> metadata = new HashMap<>();
        final Set<String> series = new HashSet<>();
        final Set<String> sampleNames = new HashSet<>();
        String current = null;
        boolean samplesStarted = false;
        for (int i = 0; i < end; i++)
        {
            final String line = lines[i];
            final String where = "line " + (i + 1) + ": " + line;
            assertThat(line).as(where).isNotEmpty();
            if (line.startsWith("#"))
            {
                final String[] parts = line.split(" ", 4);
                assertThat(parts.length).as(where).isGreaterThanOrEqualTo(3);
                assertThat(parts[0]).as(where).isEqualTo("#");
                final String keyword = parts[1];
                final String name = parts[2];
                assertThat(keyword).as(where).isIn(openMetrics ? List.of("TYPE", "UNIT", "HELP") :
                    List.of("TYPE", "HELP"));
                assertThat(name).as(where).matches(METRIC_NAME);
                if (!name.equals(current))
                {
                    assertThat(families).as(where + " (family seen before: not contiguous)").doesNotContainKey(name);
                    current = name;
                    samplesStarted = false;
                    families.put(name, new Family(name, null, null, null, new ArrayList<>()));
                }
                assertThat(samplesStarted).as(where + " (metadata after samples)").isFalse();
                assertThat(metadata.put(name + " " + keyword, parts.length > 3 ? parts[3] : ""))
                    .as(where + " (repeated metadata)").isNull();
                final Family f = families.get(name);
                switch (keyword)
                {
                    case "TYPE" ->
                    {
                        assertThat(parts.length).as(where).isEqualTo(4);
                        assertThat(parts[3]).as(where).isIn("counter", "gauge");
                        families.put(name, new Family(name, parts[3], f.unit(), f.help(), f.samples()));
                    }
                    case "UNIT" ->
                    {
                        assertThat(name).as(where + " (unit suffix)").endsWith("_" + parts[3]);
                        families.put(name, new Family(name, f.type(), parts[3], f.help(), f.samples()));
                    }
                    default ->
                    {
                        assertThat(parts.length).as(where).isEqualTo(4);
                        checkHelpEscapes(parts[3], openMetrics, where);
                        families.put(name, new Family(name, f.type(), f.unit(), parts[3], f.samples()));
                    }
                }
                continue;
            }
            assertThat(current).as(where + " (sample before any TYPE)").isNotNull();
            final Family family = families.get(current);
            assertThat(family.type()).as(where + " (no TYPE)").isNotNull();
            final Sample sample = parseSample(line, where);
            final String expectedName = openMetrics && "counter".equals(family.type()) ? current + "_total" : current;
            assertThat(sample.name()).as(where + " (sample of family " + current + ")").isEqualTo(expectedName);
            if (!family.samples().isEmpty())
            {
                assertThat(sample.name()).isEqualTo(family.samples().get(0).name());
            }
            else
            {
                assertThat(sampleNames.add(sample.name())).as(where + " (sample name of two families)").isTrue();
            }
            assertThat(sample.labels()).as(where).containsKeys("cgroup", "id", "scope");
            assertThat(sample.labels().get("scope")).as(where).isIn("self", "subtree");
            assertThat(sample.labels().get("id")).as(where).matches("[0-9]+");
            assertThat(sample.value()).as(where).matches(NUMBER);
            if ("counter".equals(family.type()))
            {
                assertThat(sample.value()).as(where + " (counter value)").doesNotStartWith("-").isNotEqualTo("+Inf");
            }
            assertThat(series.add(sample.name() + new TreeMap<>(sample.labels()))).as(where + " (duplicate series)")
                .isTrue();
            family.samples().add(sample);
            samplesStarted = true;
        }
        return families;
    }

    private static void checkHelpEscapes(final String help, final boolean openMetrics, final String where)
    {
        for (int i = 0; i < help.length(); i++)
        {
            final char c = help.charAt(i);
            if (c == '\\')
            {
                assertThat(i + 1).as(where + " (dangling backslash)").isLessThan(help.length());
                final char next = help.charAt(++i);
                assertThat(next).as(where + " (escape)").isIn(openMetrics ? List.of('\\', 'n', '"') :
                    List.of('\\', 'n'));
            }
            else if (c == '"' && openMetrics)
            {
                fail(where + " (unescaped double quote in OpenMetrics HELP)");
            }
        }
    }

    private static Sample parseSample(final String line, final String where)
    {
        final int brace = line.indexOf('{');
        assertThat(brace).as(where + " (labels)").isPositive();
        final String name = line.substring(0, brace);
        assertThat(name).as(where).matches(METRIC_NAME);
        final Map<String, String> labels = new LinkedHashMap<>();
        int i = brace + 1;
        while (line.charAt(i) != '}')
        {
            final int eq = line.indexOf('=', i);
            assertThat(eq).as(where).isPositive();
            final String label = line.substring(i, eq);
            assertThat(label).as(where).matches(LABEL_NAME).doesNotStartWith("__");
            assertThat(line.charAt(eq + 1)).as(where).isEqualTo('"');
            final StringBuilder value = new StringBuilder();
            i = eq + 2;
            while (line.charAt(i) != '"')
            {
                char c = line.charAt(i);
                if (c == '\\')
                {
                    c = line.charAt(++i);
                    assertThat(c).as(where + " (label escape)").isIn('\\', '"', 'n');
                    value.append(c == 'n' ? '\n' : c);
                }
                else
                {
                    value.append(c);
                }
                i++;
            }
            assertThat(labels.put(label, value.toString())).as(where + " (repeated label)").isNull();
            i++;
            if (line.charAt(i) == ',')
            {
                i++;
            }
            else
            {
                assertThat(line.charAt(i)).as(where).isEqualTo('}');
            }
        }
        assertThat(line.charAt(i + 1)).as(where).isEqualTo(' ');
        final String value = line.substring(i + 2);
        assertThat(value).as(where + " (no timestamp)").doesNotContain(" ");
        return new Sample(name, labels, value);
    }
}
