package dev.rstat.cgroup.report.render;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.rstat.cgroup.report.Derivation;
import dev.rstat.cgroup.report.Field;
import dev.rstat.cgroup.stat.Columns;
import dev.rstat.cgroup.stat.FileSpec;
import dev.rstat.cgroup.stat.StatCatalog;
import dev.rstat.cgroup.stat.StatSign;
import dev.rstat.cgroup.stat.StatFormat;
import dev.rstat.cgroup.stat.StatInfo;
import dev.rstat.cgroup.stat.StatScope;
import dev.rstat.cgroup.stat.StatUnit;

/**
 * Maps a report column to an OpenMetrics family, labels and unit ({@link ColumnMetric}); the rules are listed in
 * {@link OpenMetricsRenderer}. Stateless.
 */
final class MetricNaming
{
    /** Prefix of every family name. */
    static final String PREFIX = "cgroup_";
    /** Name of the scope label. */
    static final String SCOPE = "scope";
    /** Scope of values that do not include descendants. */
    static final String SCOPE_SELF = "self";
    /** Scope of values that include descendants. */
    static final String SCOPE_SUBTREE = "subtree";

    private static final String HUGETLB = "hugetlb.";
    private static final String NODE = "node";
    private static final String SECONDS = "seconds";
    private static final String BYTES = "bytes";
    private static final String PAGES = "pages";
    private static final String RATIO = "ratio";
    private static final String KEY = "key";
    private static final String DEVICE = "device";
    private static final int USER_HZ_DECIMALS = 2;
    private static final int PERCENT_DECIMALS = 2;
    private static final int MICROS_DECIMALS = 6;
    private static final int NANOS_DECIMALS = 9;

    /** Words that {@code promtool check metrics} rejects as abbreviated units (client_golang promlint). */
    private static final Set<String> UNIT_ABBREVIATIONS = Set.of(
        "s", "ms", "us", "ns", "sec", "b", "kb", "mb", "gb", "tb", "pb", "m", "h", "d");
    /** Abbreviation-like words of cgroupfs keys and what they stand for. */
    private static final Map<String, String> SPELLED_OUT = Map.of("sec", "secondary");
    private static final Set<String> RESERVED_LABELS = Set.of("cgroup", "id", SCOPE);
    /** Words of a name that say its unit, replaced by the unit at the end of the family name. */
    private static final Map<String, Set<String>> UNIT_WORDS = Map.of(
        SECONDS, Set.of("usec", "nsec", "us", "ns", "time", "seconds", "sec"),
        BYTES, Set.of(BYTES),
        PAGES, Set.of(PAGES),
        RATIO, Set.of(RATIO, "percent", "pct"));

    private MetricNaming()
    {
    }

    /**
     * How a field is exported.
     *
     * @param columns the columns.
     * @param field   the field.
     * @param attempt 0 for the normal name; 1, 2, ... for fallback names built from the whole column name (used
     *                when the normal name collides with another field's), each different from the previous.
     * @return the mapping, or null if the field is not exported (text, settings, PSI averages, rates).
     */
    static ColumnMetric map(final Columns columns, final Field field, final int attempt)
    {
        final Derivation derived = field.derivation();
        if (derived == Derivation.RATE)
        {
            return null;
        }
        final int column = field.column();
        final StatCatalog catalog = columns.catalog();
        final String base = columns.name(column);
        final StatInfo info = field.info(columns);
        final boolean period = catalog.isRatioPeriod(base);
        final Type kind = type(info, period);
        if (kind == null)
        {
            return null;
        }
        final boolean derivedSum = derived == Derivation.SELF || derived == Derivation.SUBTREE;
        final boolean derivedCounter = kind == Type.COUNTER && derivedSum;
        final Type type = derivedCounter ? Type.GAUGE : kind;
        final String file = columns.file(column);
        final String key = base.length() > file.length() ? base.substring(file.length() + 1) : "";
        final boolean perSecond = catalog.perSecond(file);
        final String unit = perSecond ? "" : unitName(info.unit());
        final int decimals = info.scale() + (perSecond ? 0 : unitDecimals(info.unit()));
        final Parts parts = attempt == 0 ? parts(catalog, file, key) : rawParts(base, attempt);
        final boolean effective = derived == Derivation.EFFECTIVE;
        if (derivedCounter || derived.isSubtreeStatistic() || derived == Derivation.DYING)
        {
            parts.tail.add(derived.suffix().substring(1));
        }
        final String source;
        if (effective)
        {
            source = (period ? parts.source + " of the tightest quota" : "tightest " + parts.source) +
                " on the path to the root" + unitPhrase(info.unit(), perSecond);
        }
        else
        {
            source = parts.source + unitPhrase(info.unit(), perSecond);
        }
        final boolean self = derived == Derivation.SELF ||
            (derived == Derivation.RAW && info.scope() == StatScope.LOCAL);
        parts.label(SCOPE, self ? SCOPE_SELF : SCOPE_SUBTREE);
        final String split = derived == Derivation.SELF && catalog.splitPerCgroup(base) ?
            "; the kernel splits each cgroup's usage into user and system time on its own, so a parent's split is " +
                "not its children's sum and this own share can be slightly negative" : "";
        return new ColumnMetric(field, field.name(columns), familyName(parts, unit, effective), type == Type.COUNTER,
            unit, decimals, info.sign() == StatSign.SIGNED, type == Type.LIMIT, parts.labelNames, parts.labelValues,
            source, note(derived, info, type, period, derivedCounter) + split);
    }

    /**
     * A name part made safe for a metric name: ASCII lower case letters and digits, every run of other characters
     * one underscore, no underscore at either end.
     *
     * @param word the part.
     * @return the sanitised part, possibly empty.
     */
    static String sanitize(final String word)
    {
        final StringBuilder out = new StringBuilder(word.length());
        boolean underscore = false;
        for (int i = 0; i < word.length(); i++)
        {
            final char c = word.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
            {
                out.append(c);
                underscore = false;
            }
            else if (c >= 'A' && c <= 'Z')
            {
                out.append((char)(c - 'A' + 'a'));
                underscore = false;
            }
            else if (!underscore && out.length() > 0)
            {
                out.append('_');
                underscore = true;
            }
        }
        if (underscore)
        {
            out.setLength(out.length() - 1);
        }
        return out.toString();
    }

    private static Type type(final StatInfo info, final boolean period)
    {
        return switch (info.kind())
        {
            case COUNTER -> Type.COUNTER;
            case GAUGE -> Type.GAUGE;
            case LIMIT -> Type.LIMIT;
            case PRESSURE -> isTime(info.unit()) && info.scale() == 0 ? Type.COUNTER : null;
            case INFO -> period ? Type.GAUGE : null;
        };
    }

    private static boolean isTime(final StatUnit unit)
    {
        return unit == StatUnit.MICROSECONDS || unit == StatUnit.NANOSECONDS || unit == StatUnit.USER_HZ;
    }

    private static String unitName(final StatUnit unit)
    {
        return switch (unit)
        {
            case MICROSECONDS, NANOSECONDS, USER_HZ -> SECONDS;
            case BYTES -> BYTES;
            case PAGES -> PAGES;
            case PERCENT -> RATIO;
            case COUNT, NONE -> "";
        };
    }

    private static int unitDecimals(final StatUnit unit)
    {
        return switch (unit)
        {
            case MICROSECONDS -> MICROS_DECIMALS;
            case NANOSECONDS -> NANOS_DECIMALS;
            case USER_HZ -> USER_HZ_DECIMALS;
            case PERCENT -> PERCENT_DECIMALS;
            default -> 0;
        };
    }

    private static String unitPhrase(final StatUnit unit, final boolean perSecond)
    {
        if (perSecond)
        {
            return ", per second";
        }
        return switch (unit)
        {
            case MICROSECONDS -> ", microseconds as seconds";
            case NANOSECONDS -> ", nanoseconds as seconds";
            case USER_HZ -> ", USER_HZ ticks (1/100 s) as seconds";
            case PERCENT -> ", percent as a ratio";
            case BYTES -> ", bytes";
            case PAGES -> ", pages";
            default -> "";
        };
    }

    private static String note(final Derivation derived, final StatInfo info, final Type type, final boolean period,
        final boolean derivedCounter)
    {
        final String notMonotonic = derivedCounter ?
            "; a gauge, not a counter: reads of a live hierarchy are not atomic and removing a cgroup changes it, "
                + "so it can go down (use deriv or delta, not rate)" : "";
        if (derived == Derivation.SELF)
        {
            return "scope=self: own share, the kernel's value minus its live children's" + notMonotonic;
        }
        if (derived == Derivation.SUBTREE)
        {
            return "scope=subtree: sum over the cgroup and its live descendants" + notMonotonic;
        }
        if (derived == Derivation.DYING)
        {
            return "scope=subtree: held by removed (dying) descendants, the kernel's hierarchical value minus the " +
                "sum over the live subtree; an estimate on a live tree";
        }
        if (derived == Derivation.EFFECTIVE)
        {
            return "scope=subtree: bounds the cgroup and its descendants; +Inf is no limit";
        }
        if (derived == Derivation.MAX)
        {
            return "scope=subtree: the highest value in the cgroup's live subtree, the cgroup included";
        }
        if (derived == Derivation.MIN)
        {
            return "scope=subtree: the lowest value in the cgroup's live subtree, the cgroup included";
        }
        if (derived == Derivation.AVG)
        {
            return "scope=subtree: the mean over the cgroups of the live subtree that have the value";
        }
        if (derived == Derivation.ZERO)
        {
            return "scope=subtree: how many cgroups of the live subtree, the cgroup included, hold 0";
        }
        if (info.scope() == StatScope.LOCAL)
        {
            return "scope=self: as the kernel reports it, this cgroup alone";
        }
        if (info.scope() == StatScope.HIERARCHICAL)
        {
            return "scope=subtree: as the kernel reports it, including descendants";
        }
        if (period)
        {
            return "scope=subtree: the period of the quota set in this cgroup";
        }
        return type == Type.LIMIT ?
            "scope=subtree: set in this cgroup, bounds it and its descendants; +Inf is max" :
            "scope=subtree: covers the cgroup and its descendants, not additive";
    }

    private static Parts parts(final StatCatalog catalog, final String file, final String key)
    {
        final FileSpec spec = catalog.file(file);
        final Parts parts = new Parts();
        String stemFile = file;
        String sourceFile = file;
        if (file.startsWith(HUGETLB))
        {
            final int dot = file.indexOf('.', HUGETLB.length());
            if (dot > HUGETLB.length())
            {
                parts.label("size", file.substring(HUGETLB.length(), dot));
                stemFile = "hugetlb" + file.substring(dot);
                sourceFile = "hugetlb.<size>" + file.substring(dot);
            }
        }
        parts.words.add(fileStem(stemFile));
        parts.source.append(sourceFile);
        if (spec.format() == StatFormat.LINE_COUNT)
        {
            parts.source.append(" (number of entries)");
        }
        if (key.isEmpty())
        {
            return parts;
        }
        final int dot = key.indexOf('.');
        final String first = dot < 0 ? key : key.substring(0, dot);
        final String rest = dot < 0 ? "" : key.substring(dot + 1);
        switch (spec.format())
        {
            case FLAT_KEYED -> flatKeyed(parts, spec, key, catalog.rowLabel(file));
            case SPACE_SEPARATED -> spaceSeparated(parts, spec, key);
            case NESTED_KEYED, PRESSURE -> nestedKeyed(parts, spec, catalog, file, key, first, rest);
            case DEVICE_KEYED ->
            {
                if (dot < 0)
                {
                    parts.tail.add("all");
                    parts.tail.add("devices");
                    parts.label("op", key.toLowerCase(Locale.ROOT));
                    parts.source.append(" <op> (sum over devices)");
                }
                else
                {
                    parts.label(DEVICE, first);
                    parts.label("op", rest.toLowerCase(Locale.ROOT));
                    parts.source.append(" <device> <op>");
                }
            }
            case TABLE ->
            {
                if (dot < 0)
                {
                    parts.named(key);
                }
                else
                {
                    indexed(parts, first, "");
                    parts.named(rest);
                }
            }
            default -> parts.named(key);
        }
        return parts;
    }

    private static void flatKeyed(final Parts parts, final FileSpec spec, final String key, final String rowLabel)
    {
        if (spec.keys().isEmpty())
        {
            final String label = isDevice(key) ? DEVICE : DEVICE.equals(rowLabel) ? KEY : rowLabel;
            parts.label(label, key);
            parts.source.append(" <").append(label).append('>');
        }
        else
        {
            parts.named(key);
        }
    }

    private static void spaceSeparated(final Parts parts, final FileSpec spec, final String key)
    {
        final String prefix = spec.indexPrefix();
        if (spec.columnNames().contains(key))
        {
            parts.named(key);
        }
        else if (!prefix.isEmpty() && key.startsWith(prefix) && key.length() > prefix.length())
        {
            indexed(parts, key, prefix);
        }
        else
        {
            parts.label("index", key);
            parts.source.append(" <index>");
        }
    }

    private static void nestedKeyed(final Parts parts, final FileSpec spec, final StatCatalog catalog,
        final String file, final String key, final String first, final String rest)
    {
        final String row = catalog.rowLabel(file);
        final boolean numa = NODE.equals(row);
        if (rest.isEmpty())
        {
            parts.named(key);
            if (numa)
            {
                parts.tail.add("all");
                parts.tail.add("nodes");
                parts.source.append(" (sum over nodes)");
            }
        }
        else if (spec.format() == StatFormat.PRESSURE)
        {
            parts.words.add(first);
            parts.words.add("total".equals(rest) ? "stalled" : rest);
            parts.source.append(' ').append(first).append(' ').append(rest);
        }
        else if (numa)
        {
            parts.named(first);
            parts.label(NODE, rest.length() > 1 && rest.charAt(0) == 'N' && digits(rest, 1) ?
                rest.substring(1) : rest);
            parts.source.append(" N<node>");
        }
        else if (DEVICE.equals(row))
        {
            parts.label(DEVICE, first);
            parts.words.add(catalog.exportKey(file, rest));
            parts.source.append(" <device> ").append(rest);
        }
        else
        {
            parts.label(KEY, first);
            parts.source.append(" <key>");
            parts.named(rest);
        }
    }

    /**
     * A key made of letters and a number ({@code cpu0}) becomes a label named after the letters with the number as
     * value ({@code cpu="0"}); anything else a {@code key} label.
     */
    private static void indexed(final Parts parts, final String key, final String knownPrefix)
    {
        int split = knownPrefix.length();
        if (split == 0)
        {
            while (split < key.length() && !Character.isDigit(key.charAt(split)))
            {
                split++;
            }
        }
        final String letters = sanitize(key.substring(0, split));
        if (split > 0 && split < key.length() && digits(key, split) && !letters.isEmpty() &&
            !RESERVED_LABELS.contains(letters) && !parts.labelNames.contains(letters))
        {
            parts.label(letters, key.substring(split));
            parts.source.append(' ').append(key, 0, split).append("<n>");
        }
        else
        {
            parts.label(KEY, key);
            parts.source.append(" <key>");
        }
    }

    private static Parts rawParts(final String base, final int attempt)
    {
        final Parts parts = new Parts();
        parts.words.add(base);
        if (attempt > 1)
        {
            parts.words.add(Integer.toString(attempt));
        }
        parts.source.append("column ").append(base);
        return parts;
    }

    /**
     * The file part of a family name: {@code <controller>.stat} loses {@code .stat} ({@code cpu.stat} gives
     * {@code cpu}), and a leading {@code cgroup.} is dropped because every family starts with {@code cgroup_}.
     */
    private static String fileStem(final String file)
    {
        String stem = file;
        final int dot = stem.indexOf('.');
        if (dot > 0 && stem.indexOf('.', dot + 1) < 0 && "stat".equals(stem.substring(dot + 1)))
        {
            stem = stem.substring(0, dot);
        }
        if ("cgroup".equals(stem))
        {
            return "";
        }
        return stem.startsWith("cgroup.") ? stem.substring("cgroup.".length()) : stem;
    }

    private static String familyName(final Parts parts, final String unit, final boolean effective)
    {
        final List<String> tokens = new ArrayList<>();
        for (final String word : parts.words)
        {
            final String clean = sanitize(word);
            if (!clean.isEmpty())
            {
                tokens.addAll(Arrays.asList(clean.split("_")));
            }
        }
        stripUnitWord(tokens, unit);
        avoidAbbreviations(tokens);
        for (final String word : parts.tail)
        {
            tokens.add(word);
        }
        if (tokens.isEmpty())
        {
            tokens.add("value");
        }
        if (effective)
        {
            tokens.add("effective");
        }
        if (!unit.isEmpty())
        {
            tokens.add(unit);
        }
        return PREFIX + String.join("_", tokens);
    }

    /**
     * Removes the last word that names the unit ({@code usec}, {@code in_bytes}, ...), unless it is the only word;
     * a last word that merely ends with {@code bytes} ({@code rbytes}) loses that ending.
     */
    private static void stripUnitWord(final List<String> tokens, final String unit)
    {
        final Set<String> words = UNIT_WORDS.get(unit);
        if (words == null || tokens.size() < 2)
        {
            return;
        }
        for (int i = tokens.size() - 1; i >= 0; i--)
        {
            if (words.contains(tokens.get(i)))
            {
                tokens.remove(i);
                if (BYTES.equals(unit) && i > 0 && "in".equals(tokens.get(i - 1)))
                {
                    tokens.remove(i - 1);
                }
                return;
            }
        }
        final int last = tokens.size() - 1;
        final String word = tokens.get(last);
        if (BYTES.equals(unit) && word.endsWith(BYTES) && word.length() > BYTES.length())
        {
            tokens.set(last, word.substring(0, word.length() - BYTES.length()));
        }
    }

    /**
     * Rewrites words that {@code promtool check metrics} takes for abbreviated units ({@code sec}, {@code ms},
     * {@code s}, {@code b}, {@code m}, {@code h}, {@code d}, ...): a known word is spelled out
     * ({@code sec_pagetables} is {@code secondary_pagetables}); any other is glued to the next word, or to the
     * previous one at the end ({@code foo_ms_bar} gives {@code foo_msbar}).
     */
    private static void avoidAbbreviations(final List<String> tokens)
    {
        for (int i = 0; i < tokens.size(); i++)
        {
            final String token = tokens.get(i);
            if (!UNIT_ABBREVIATIONS.contains(token))
            {
                continue;
            }
            final String spelled = SPELLED_OUT.get(token);
            if (spelled != null)
            {
                tokens.set(i, spelled);
            }
            else if (i + 1 < tokens.size())
            {
                tokens.set(i + 1, token + tokens.get(i + 1));
                tokens.remove(i--);
            }
            else if (i > 0)
            {
                tokens.set(i - 1, tokens.get(i - 1) + token);
                tokens.remove(i--);
            }
        }
    }

    private static boolean isDevice(final String key)
    {
        final int colon = key.indexOf(':');
        return colon > 0 && colon < key.length() - 1 && digits(key.substring(0, colon), 0) && digits(key, colon + 1);
    }

    private static boolean digits(final String text, final int from)
    {
        if (from >= text.length())
        {
            return false;
        }
        for (int i = from; i < text.length(); i++)
        {
            if (text.charAt(i) < '0' || text.charAt(i) > '9')
            {
                return false;
            }
        }
        return true;
    }

    /** What a column exports as. */
    private enum Type
    {
        COUNTER,
        GAUGE,
        LIMIT
    }

    /** Name words, labels and source description being built for one column. */
    private static final class Parts
    {
        final List<String> words = new ArrayList<>(4);
        final List<String> tail = new ArrayList<>(1);
        final List<String> labelNames = new ArrayList<>(4);
        final List<String> labelValues = new ArrayList<>(4);
        final StringBuilder source = new StringBuilder();

        void label(final String name, final String value)
        {
            labelNames.add(name);
            labelValues.add(value);
        }

        void named(final String key)
        {
            words.add(key);
            source.append(' ').append(key);
        }
    }
}
