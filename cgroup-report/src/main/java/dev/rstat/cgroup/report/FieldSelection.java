package dev.rstat.cgroup.report;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import dev.rstat.cgroup.stat.Columns;
import dev.rstat.cgroup.stat.StatCatalog;

/**
 * {@code --columns PATTERNS}: the fields whose names match one of some glob patterns ({@code *} matches anything,
 * e.g. {@code memory.stat.*}, {@code *:self}, {@code cpu.stat.usage_usec*}), in the sample's display order. Nothing
 * is copied: the renderers are given the chosen fields. Immutable.
 */
public final class FieldSelection
{
    private final List<Pattern> patterns = new ArrayList<>();

    /**
     * @param globs glob patterns of field names.
     */
    public FieldSelection(final List<String> globs)
    {
        for (final String glob : globs)
        {
            final String trimmed = glob.trim();
            if (!trimmed.isEmpty())
            {
                patterns.add(Pattern.compile(toRegex(trimmed)));
            }
        }
    }

    /**
     * The text table's compact default: the catalog's {@link StatCatalog#compactColumns() compact columns} (what
     * systemd-cgtop and below show first) and everything derived from them.
     *
     * @param catalog the hierarchy's catalog.
     * @return the selection.
     */
    public static FieldSelection compact(final StatCatalog catalog)
    {
        final List<String> globs = new ArrayList<>();
        for (final String base : catalog.compactColumns())
        {
            globs.add(base);
            globs.add(base + ":*");
        }
        return new FieldSelection(globs);
    }

    /**
     * @param sample a sample.
     * @return whether any of its fields matches (the compact default falls back to all fields when none does).
     */
    public boolean matchesAny(final Sample sample)
    {
        return !apply(sample).isEmpty();
    }

    /**
     * @param sample a sample.
     * @return its matching fields, in display order.
     */
    public List<Field> apply(final Sample sample)
    {
        final Columns columns = sample.columns();
        final List<Field> chosen = new ArrayList<>();
        for (final Field field : sample.fields())
        {
            if (matches(field.name(columns)))
            {
                chosen.add(field);
            }
        }
        return chosen;
    }

    private boolean matches(final String name)
    {
        for (final Pattern pattern : patterns)
        {
            if (pattern.matcher(name).matches())
            {
                return true;
            }
        }
        return false;
    }

    private static String toRegex(final String glob)
    {
        final StringBuilder regex = new StringBuilder();
        int start = 0;
        for (int i = 0; i < glob.length(); i++)
        {
            if (glob.charAt(i) == '*')
            {
                if (i > start)
                {
                    regex.append(Pattern.quote(glob.substring(start, i)));
                }
                regex.append(".*");
                start = i + 1;
            }
        }
        if (start < glob.length())
        {
            regex.append(Pattern.quote(glob.substring(start)));
        }
        return regex.toString();
    }
}
