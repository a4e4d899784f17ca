package dev.rstat.cgroup.cli;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

import dev.rstat.cgroup.report.render.Format;

import picocli.CommandLine;

/**
 * Parses {@code --format}: a format's name in any case, with {@code -} or {@code _} ({@code kvm-stats}).
 */
final class FormatConverter implements CommandLine.ITypeConverter<Format>
{
    @Override
    public Format convert(final String value)
    {
        final String name = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (final Format format : Format.values())
        {
            if (format.name().equals(name))
            {
                return format;
            }
        }
        throw new CommandLine.TypeConversionException("unknown format '" + value + "' (use " +
            String.join(", ", names()) + ")");
    }

    /**
     * @param format a format.
     * @return its command-line name ({@code kvm-stats}).
     */
    static String name(final Format format)
    {
        return format.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static List<String> names()
    {
        final List<String> names = new ArrayList<>();
        for (final Format format : Format.values())
        {
            names.add(name(format));
        }
        return names;
    }

    /** The completion candidates. */
    static final class Candidates implements Iterable<String>
    {
        @Override
        public Iterator<String> iterator()
        {
            return names().iterator();
        }
    }
}
