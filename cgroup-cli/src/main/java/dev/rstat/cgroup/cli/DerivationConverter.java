package dev.rstat.cgroup.cli;

import java.util.Iterator;
import java.util.List;
import java.util.Locale;

import dev.rstat.cgroup.report.Derivation;

import picocli.CommandLine;

/**
 * Parses one entry of {@code --derive}: {@code max}, {@code min}, {@code avg} or {@code zero}.
 */
final class DerivationConverter implements CommandLine.ITypeConverter<Derivation>
{
    static final List<String> NAMES = List.of("max", "min", "avg", "zero");

    @Override
    public Derivation convert(final String value)
    {
        final String name = value.trim().toLowerCase(Locale.ROOT);
        if (!NAMES.contains(name))
        {
            throw new CommandLine.TypeConversionException("unknown derivation '" + value + "' (use " +
                String.join(", ", NAMES) + ")");
        }
        return Derivation.valueOf(name.toUpperCase(Locale.ROOT));
    }

    /** The completion candidates: the names in lower case. */
    static final class Candidates implements Iterable<String>
    {
        @Override
        public Iterator<String> iterator()
        {
            return NAMES.iterator();
        }
    }
}
