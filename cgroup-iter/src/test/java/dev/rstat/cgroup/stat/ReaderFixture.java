package dev.rstat.cgroup.stat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A reader with recorded warnings, parsing fixture strings as if they were files of a cgroup {@code /cg}. */
final class ReaderFixture
{
    static final Path DIR = Path.of("/cg");

    final List<String> warnings = new ArrayList<>();
    final Problems problems = new Problems(warnings::add);
    final Columns columns;
    final StatReader reader;
    final StatSample sample = new StatSample();

    ReaderFixture()
    {
        this(StatCatalog.v2());
    }

    ReaderFixture(final StatCatalog catalog)
    {
        columns = new Columns(catalog);
        reader = new StatReader(columns, problems);
    }

    /** Clears the sample and parses {@code content} as file {@code fileName}. */
    StatSample parse(final String fileName, final String content)
    {
        sample.clear();
        return parseMore(fileName, content);
    }

    /** Parses {@code content} as file {@code fileName} into the sample without clearing it. */
    StatSample parseMore(final String fileName, final String content)
    {
        final byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        reader.parse(DIR.resolve(fileName), fileName, bytes, bytes.length, sample);
        return sample;
    }

    int column(final String name)
    {
        final int column = columns.id(name);
        assertThat(column).as("column %s exists; columns: %s", name, names()).isGreaterThanOrEqualTo(0);
        return column;
    }

    long value(final String name)
    {
        final int column = column(name);
        assertThat(sample.state(column)).as("state of %s", name).isEqualTo(ValueState.NUMBER);
        return sample.value(column);
    }

    ValueState state(final String name)
    {
        return sample.state(column(name));
    }

    String text(final String name)
    {
        return sample.text(column(name));
    }

    StatInfo info(final String name)
    {
        return columns.info(column(name));
    }

    List<String> names()
    {
        final List<String> names = new ArrayList<>();
        for (int column = 0; column < columns.size(); column++)
        {
            names.add(columns.name(column));
        }
        return names;
    }

    /** Names of the columns that hold a value (any state but MISSING) in the sample. */
    List<String> present()
    {
        final List<String> names = new ArrayList<>();
        for (int column = 0; column < columns.size(); column++)
        {
            if (sample.state(column) != ValueState.MISSING)
            {
                names.add(columns.name(column));
            }
        }
        return names;
    }
}
