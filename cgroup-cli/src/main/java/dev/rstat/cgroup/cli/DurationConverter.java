package dev.rstat.cgroup.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import picocli.CommandLine;

/**
 * Parses durations the way operators type them: {@code 500ms}, {@code 5s}, {@code 10m}, {@code 1h30m}, {@code 2d};
 * a bare number is seconds.
 */
final class DurationConverter implements CommandLine.ITypeConverter<Duration>
{
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");
    private static final Pattern WHOLE = Pattern.compile("((\\d+)(ms|s|m|h|d))+");

    @Override
    public Duration convert(final String value)
    {
        return parse(value);
    }

    static Duration parse(final String value)
    {
        final String text = value.trim();
        if (text.matches("\\d+"))
        {
            return Duration.ofSeconds(Long.parseLong(text));
        }
        if (!WHOLE.matcher(text).matches())
        {
            throw new CommandLine.TypeConversionException(
                "not a duration (e.g. 500ms, 5s, 10m, 1h30m): value=" + value);
        }
        Duration total = Duration.ZERO;
        final Matcher m = PART.matcher(text);
        while (m.find())
        {
            final long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2))
            {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            });
        }
        return total;
    }
}
