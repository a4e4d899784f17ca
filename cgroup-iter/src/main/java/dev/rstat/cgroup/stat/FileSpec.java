package dev.rstat.cgroup.stat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The catalog entry of one cgroupfs file: its format and what its keys mean. Immutable.
 * <p>
 * Key lookup ({@link #describe(String)}), where a key is the column name without {@code <file>.}:
 * <ol>
 * <li>the key itself, e.g. {@code usage_usec} or {@code some.avg10};</li>
 * <li>if the key starts with {@link #hierarchicalPrefix()} (v1 {@code total_cache}), the rest of the key, with the
 * scope changed to {@link StatScope#HIERARCHICAL};</li>
 * <li>a pattern key ending in {@code *} that is a prefix of the key ({@code nr_subsys_*});</li>
 * <li>for a compound key {@code a.b...}: the same for the part after the first dot ({@code 8:0.rbytes} finds
 * {@code rbytes}), then for the part before it ({@code anon.N0} finds {@code anon});</li>
 * <li>otherwise {@link #defaultInfo()}, normally {@link StatInfo#UNKNOWN}.</li>
 * </ol>
 *
 * @param format             how the file is laid out.
 * @param defaultInfo        meaning of keys not in {@code keys}.
 * @param keys               meaning of known keys (pattern keys end with {@code *}); copied.
 * @param columnNames        names of the values of a {@link StatFormat#SPACE_SEPARATED} file, in order; copied.
 * @param indexPrefix        prefix of the positional names of further values ({@code cpu} gives {@code cpu0}),
 *                           empty for plain indexes.
 * @param hierarchicalPrefix prefix of keys that are the hierarchical version of another key ({@code total_}), or
 *                           empty.
 */
public record FileSpec(
    StatFormat format,
    StatInfo defaultInfo,
    Map<String, StatInfo> keys,
    List<String> columnNames,
    String indexPrefix,
    String hierarchicalPrefix)
{
    /**
     * Validates and copies the components.
     *
     * @param format             how the file is laid out.
     * @param defaultInfo        meaning of keys not in {@code keys}.
     * @param keys               meaning of known keys.
     * @param columnNames        names of space-separated values.
     * @param indexPrefix        prefix of positional names.
     * @param hierarchicalPrefix prefix of hierarchical keys.
     */
    public FileSpec
    {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(defaultInfo, "defaultInfo");
        keys = Map.copyOf(keys);
        columnNames = List.copyOf(columnNames);
        Objects.requireNonNull(indexPrefix, "indexPrefix");
        Objects.requireNonNull(hierarchicalPrefix, "hierarchicalPrefix");
    }

    /**
     * A file whose single value (or whole content) has the given meaning.
     *
     * @param format how the file is laid out.
     * @param info   the meaning of its value(s).
     * @return the spec.
     */
    public static FileSpec of(final StatFormat format, final StatInfo info)
    {
        return new FileSpec(format, info, Map.of(), List.of(), "", "");
    }

    /**
     * The spec of a file the catalog does not know: format detected from the content, keys unknown.
     *
     * @return the spec.
     */
    public static FileSpec unknown()
    {
        return of(StatFormat.AUTO, StatInfo.UNKNOWN);
    }

    /**
     * A copy with one more (or a replaced) key.
     *
     * @param key  the key (a pattern if it ends with {@code *}).
     * @param info its meaning.
     * @return the new spec.
     */
    public FileSpec withKey(final String key, final StatInfo info)
    {
        final Map<String, StatInfo> copy = new HashMap<>(keys);
        copy.put(key, info);
        return new FileSpec(format, defaultInfo, copy, columnNames, indexPrefix, hierarchicalPrefix);
    }

    /**
     * What a key of this file means, following the lookup order in the class comment.
     *
     * @param key the column name without {@code <file>.}; empty for the file's single value.
     * @return the meaning, never null.
     */
    public StatInfo describe(final String key)
    {
        StatInfo info = lookup(key);
        if (info == null)
        {
            final int dot = key.indexOf('.');
            if (dot > 0)
            {
                info = lookup(key.substring(dot + 1));
                if (info == null)
                {
                    info = lookup(key.substring(0, dot));
                }
            }
        }
        return info != null ? info : defaultInfo;
    }

    private StatInfo lookup(final String key)
    {
        final StatInfo direct = lookupPlain(key);
        if (direct != null)
        {
            return direct;
        }
        if (!hierarchicalPrefix.isEmpty() && key.startsWith(hierarchicalPrefix) &&
            key.length() > hierarchicalPrefix.length())
        {
            final StatInfo plain = lookupPlain(key.substring(hierarchicalPrefix.length()));
            if (plain != null)
            {
                return plain.scope() == StatScope.NONE ? plain : plain.withScope(StatScope.HIERARCHICAL);
            }
        }
        return null;
    }

    private StatInfo lookupPlain(final String key)
    {
        final StatInfo exact = keys.get(key);
        if (exact != null)
        {
            return exact;
        }
        StatInfo best = null;
        int bestLength = -1;
        for (final Map.Entry<String, StatInfo> entry : keys.entrySet())
        {
            final String pattern = entry.getKey();
            final int stem = pattern.length() - 1;
            if (stem > bestLength && pattern.charAt(stem) == '*' && key.startsWith(pattern.substring(0, stem)))
            {
                best = entry.getValue();
                bestLength = stem;
            }
        }
        return best;
    }
}
