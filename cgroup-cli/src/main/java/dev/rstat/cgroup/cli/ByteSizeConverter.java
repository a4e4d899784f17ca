package dev.rstat.cgroup.cli;

import java.util.Locale;

import picocli.CommandLine;

/**
 * Converts an amount of memory: a number of bytes with an optional binary suffix ({@code 512}, {@code 64K},
 * {@code 64M}, {@code 64MiB}, {@code 2G}).
 */
final class ByteSizeConverter implements CommandLine.ITypeConverter<Long>
{
    @Override
    public Long convert(final String value)
    {
        final String text = value.trim().toUpperCase(Locale.ROOT);
        int end = text.length();
        while (end > 0 && !Character.isDigit(text.charAt(end - 1)))
        {
            end--;
        }
        final String unit = text.substring(end).replace("IB", "").replace("B", "");
        final int shift = switch (unit)
        {
            case "" -> 0;
            case "K" -> 10;
            case "M" -> 20;
            case "G" -> 30;
            case "T" -> 40;
            default -> -1;
        };
        try
        {
            final long number = Long.parseLong(text.substring(0, end));
            if (shift < 0 || number < 0 || number > (Long.MAX_VALUE >> shift))
            {
                throw new NumberFormatException();
            }
            return number << shift;
        }
        catch (final NumberFormatException ex)
        {
            throw new CommandLine.TypeConversionException(
                "not an amount of memory (bytes, or with K, M, G, T): " + value);
        }
    }
}
