package dev.rstat.cgroup.stat;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The table, in code, of what each known cgroupfs file and key means: format, kind, scope, unit, scale and sign.
 * Built from {@code Documentation/admin-guide/cgroup-v2.rst} and the v1 controller documentation; see
 * {@code StandardCatalog} for the entries.
 * <p>
 * There is one catalog per hierarchy version because some files exist in both with other keys or semantics
 * ({@code memory.stat}: every v2 key is hierarchical, v1 plain keys are local and {@code total_*} hierarchical;
 * {@code cpu.stat}; {@code memory.numa_stat}). Use {@link #v2()} for the unified hierarchy and {@link #v1()} for v1
 * controller hierarchies.
 * <p>
 * A file the catalog does not know gets {@link FileSpec#unknown()} (format detected from its content); a key it
 * does not know gets its file's default, normally {@link StatInfo#UNKNOWN} (INFO, never aggregated). Both can be
 * overridden ({@link #withOverride(String, String, StatInfo)}, {@link #withFile(String, FileSpec)}).
 * <p>
 * Besides exact names, two name patterns are understood: {@code hugetlb.<size>.<rest>} is looked up as
 * {@code hugetlb.*.<rest>} ({@code hugetlb.2MB.current}), and an unknown {@code <name>.effective} is text unless
 * {@code <name>} is a known file that is not text (so {@code memory.stat.effective} is not taken for a file).
 * <p>
 * Immutable and thread-safe.
 */
public final class StatCatalog
{
    private static final String HUGETLB = "hugetlb.";
    private static final String EFFECTIVE = ".effective";
    private static final StatCatalog V1 = new StatCatalog(1, StandardCatalog.v1());
    private static final StatCatalog V2 = new StatCatalog(2, StandardCatalog.v2());

    private final int version;
    private final Map<String, FileSpec> files;

    private StatCatalog(final int version, final Map<String, FileSpec> files)
    {
        this.version = version;
        this.files = Map.copyOf(files);
    }

    /**
     * The standard catalog of the unified (v2) hierarchy.
     *
     * @return the catalog.
     */
    public static StatCatalog v2()
    {
        return V2;
    }

    /**
     * The standard catalog of v1 controller hierarchies ({@code memory}, {@code cpu,cpuacct}, {@code blkio}, ...).
     *
     * @return the catalog.
     */
    public static StatCatalog v1()
    {
        return V1;
    }

    /**
     * The standard catalog of a hierarchy version.
     *
     * @param version 1 or 2.
     * @return the catalog.
     */
    public static StatCatalog forVersion(final int version)
    {
        if (version == 1)
        {
            return V1;
        }
        if (version == 2)
        {
            return V2;
        }
        throw new IllegalArgumentException("unknown cgroup version: version=" + version);
    }

    /**
     * The hierarchy version this catalog describes.
     *
     * @return 1 or 2.
     */
    public int version()
    {
        return version;
    }

    /**
     * Whether the catalog knows this file (by exact name or pattern).
     *
     * @param fileName a cgroupfs file name such as {@code memory.stat}.
     * @return true if known.
     */
    public boolean knows(final String fileName)
    {
        return find(fileName) != null;
    }

    /**
     * The entry of a file.
     *
     * @param fileName a cgroupfs file name such as {@code memory.stat}.
     * @return the entry, {@link FileSpec#unknown()} if the file is not known.
     */
    public FileSpec file(final String fileName)
    {
        final FileSpec spec = find(fileName);
        return spec != null ? spec : FileSpec.unknown();
    }

    /**
     * What a key of a file means.
     *
     * @param fileName a cgroupfs file name.
     * @param key      the column name without {@code <file>.}, empty for a single-valued file.
     * @return the meaning, never null.
     */
    public StatInfo describe(final String fileName, final String key)
    {
        return file(fileName).describe(key);
    }

    /**
     * The file a column name belongs to: the longest known file name that is the column name or a prefix of it
     * followed by a dot ({@code io.stat.8:0.rbytes} gives {@code io.stat}).
     *
     * @param columnName a column name.
     * @return the file name, or null if no known file matches.
     */
    public String fileOf(final String columnName)
    {
        int end = columnName.length();
        while (end > 0)
        {
            final String candidate = columnName.substring(0, end);
            if (knows(candidate))
            {
                return candidate;
            }
            end = columnName.lastIndexOf('.', end - 1);
        }
        return null;
    }

    /**
     * A copy in which one key of a file has another meaning (the file becomes known if it was not).
     *
     * @param fileName the file.
     * @param key      the key, a pattern if it ends with {@code *}, empty for the file's single value.
     * @param info     the meaning.
     * @return the new catalog.
     */
    public StatCatalog withOverride(final String fileName, final String key, final StatInfo info)
    {
        Objects.requireNonNull(info, "info");
        final FileSpec spec = file(fileName);
        final FileSpec changed = key.isEmpty() ?
            new FileSpec(spec.format(), info, spec.keys(), spec.columnNames(), spec.indexPrefix(),
                spec.hierarchicalPrefix()) :
            spec.withKey(key, info);
        return withFile(fileName, changed);
    }

    /**
     * A copy in which a file has another entry.
     *
     * @param fileName the file.
     * @param spec     its entry.
     * @return the new catalog.
     */
    public StatCatalog withFile(final String fileName, final FileSpec spec)
    {
        Objects.requireNonNull(spec, "spec");
        final Map<String, FileSpec> copy = new HashMap<>(files);
        copy.put(fileName, spec);
        return new StatCatalog(version, copy);
    }

    private FileSpec find(final String fileName)
    {
        final FileSpec exact = files.get(fileName);
        if (exact != null)
        {
            return exact;
        }
        if (fileName.startsWith(HUGETLB))
        {
            final int sizeEnd = fileName.indexOf('.', HUGETLB.length());
            if (sizeEnd > HUGETLB.length())
            {
                final FileSpec pattern = files.get(HUGETLB + "*" + fileName.substring(sizeEnd));
                if (pattern != null)
                {
                    return pattern;
                }
            }
        }
        if (fileName.endsWith(EFFECTIVE))
        {
            final FileSpec base = files.get(fileName.substring(0, fileName.length() - EFFECTIVE.length()));
            if (base == null || base.format() == StatFormat.TEXT)
            {
                return FileSpec.of(StatFormat.TEXT, StatInfo.info(StatUnit.NONE));
            }
        }
        return null;
    }
}
