package dev.rstat.micrometer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An independent reader of the Prometheus text format the registry scrapes: every sample line back into a name,
 * labels (unescaped) and a value; comment lines are kept by family.
 */
final class PrometheusText
{
    /** One sample line. */
    static final class Sample
    {
        final String name;
        final Map<String, String> labels;
        final double value;

        Sample(final String name, final Map<String, String> labels, final double value)
        {
            this.name = name;
            this.labels = labels;
            this.value = value;
        }

        @Override
        public String toString()
        {
            return name + labels + " " + value;
        }
    }

    final List<Sample> samples = new ArrayList<>();
    final Map<String, String> types = new LinkedHashMap<>();
    final Map<String, String> help = new LinkedHashMap<>();

    private PrometheusText()
    {
    }

    static PrometheusText parse(final String text)
    {
        final PrometheusText parsed = new PrometheusText();
        for (final String line : text.split("\n", -1))
        {
            if (line.isEmpty())
            {
                continue;
            }
            if (line.startsWith("# TYPE "))
            {
                final String[] parts = line.substring(7).split(" ", 2);
                parsed.types.put(parts[0], parts[1]);
            }
            else if (line.startsWith("# HELP "))
            {
                final String[] parts = line.substring(7).split(" ", 2);
                parsed.help.put(parts[0], parts.length > 1 ? parts[1].strip() : "");
            }
            else if (!line.startsWith("#"))
            {
                parsed.samples.add(sample(line));
            }
        }
        return parsed;
    }

    private static Sample sample(final String line)
    {
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ')
        {
            i++;
        }
        final String name = line.substring(0, i);
        final Map<String, String> labels = new LinkedHashMap<>();
        if (line.charAt(i) == '{')
        {
            i++;
            while (line.charAt(i) != '}')
            {
                final int eq = line.indexOf('=', i);
                final String key = line.substring(i, eq);
                i = eq + 2; // past ="
                final StringBuilder value = new StringBuilder();
                while (line.charAt(i) != '"')
                {
                    char c = line.charAt(i++);
                    if (c == '\\')
                    {
                        final char e = line.charAt(i++);
                        c = e == 'n' ? '\n' : e;
                    }
                    value.append(c);
                }
                i++; // past the closing quote
                labels.put(key, value.toString());
                if (line.charAt(i) == ',')
                {
                    i++;
                }
            }
            i++;
        }
        final String[] rest = line.substring(i).strip().split(" ");
        return new Sample(name, Collections.unmodifiableMap(labels), parseValue(rest[0]));
    }

    private static double parseValue(final String text)
    {
        switch (text)
        {
            case "NaN":
                return Double.NaN;
            case "+Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            default:
                return Double.parseDouble(text);
        }
    }

    /**
     * @param name   a sample name.
     * @param labels label pairs that must all match.
     * @return the samples with that name and those labels.
     */
    List<Sample> find(final String name, final String... labels)
    {
        return samples.stream().filter(s -> s.name.equals(name) && matches(s, labels)).collect(Collectors.toList());
    }

    /**
     * @param name   a sample name.
     * @param labels label pairs identifying exactly one sample.
     * @return its value.
     */
    double value(final String name, final String... labels)
    {
        final List<Sample> found = find(name, labels);
        if (found.size() != 1)
        {
            throw new AssertionError("expected one sample " + name + " " + List.of(labels) + ", found " + found);
        }
        return found.get(0).value;
    }

    private static boolean matches(final Sample s, final String... labels)
    {
        for (int i = 0; i < labels.length; i += 2)
        {
            if (!labels[i + 1].equals(s.labels.get(labels[i])))
            {
                return false;
            }
        }
        return true;
    }
}
