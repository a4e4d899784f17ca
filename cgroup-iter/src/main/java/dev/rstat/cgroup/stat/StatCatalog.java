package dev.rstat.cgroup.stat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
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
 * Besides what each value is, the catalog knows what the rest of the project needs to know about files, so that no
 * other class names them: which limits bound all descendants ({@link #boundsDescendants(String)}) and which are
 * quota/period pairs ({@link #ratioLimits()}), which hierarchical values the kernel computes differently at the
 * hierarchy root ({@link #rootComputedDifferently(String)}) or for each cgroup on its own
 * ({@link #splitPerCgroup(String)}), which files hold rates per second
 * ({@link #perSecond(String)}) or high-water marks ({@link #isPeak(String)}), the words metric names are made of ({@link #exportKey(String, String)},
 * {@link #rowLabel(String)}), and the default file lists ({@link #defaultFiles()}, {@link #exportFiles()},
 * {@link #compactColumns()}).
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
    private static final String KEY_LABEL = "key";
    private static final StatCatalog V1 = new StatCatalog(1, StandardCatalog.v1(), StandardCatalog.v1Facts());
    private static final StatCatalog V2 = new StatCatalog(2, StandardCatalog.v2(), StandardCatalog.v2Facts());

    /** Files of the cgroup core (no controller) in either version, besides {@code cgroup.*} and pressure files. */
    private static final java.util.Set<String> CORE_FILES = java.util.Set.of("tasks", "notify_on_release",
        "release_agent");
    private static final String PRESSURE_SUFFIX = ".pressure";

    /**
     * The columns {@code dying_cgroups.<controller>} are not read from a file: on the root row of a walk of a whole
     * live hierarchy (or joined view), the controller's {@code /proc/cgroups} {@code num_cgroups} minus the live
     * directories of the v1 hierarchy it is bound to: the cgroups removed but still held by the kernel (dying).
     */
    public static final String DYING_CGROUPS = StandardCatalog.DYING_CGROUPS;

    private final int version;
    private final Map<String, FileSpec> files;
    private final CatalogFacts facts;

    private StatCatalog(final int version, final Map<String, FileSpec> files, final CatalogFacts facts)
    {
        this.version = version;
        this.files = Map.copyOf(files);
        this.facts = facts;
    }

    /**
     * A CPU bandwidth limit: a quota per period, the tightest being the one with the lowest ratio.
     *
     * @param quota  the quota column ({@code cpu.max.quota}, v1 {@code cpu.cfs_quota_us}).
     * @param period the period column ({@code cpu.max.period}, v1 {@code cpu.cfs_period_us}).
     */
    public record RatioLimit(String quota, String period)
    {
        /**
         * Validates the components.
         *
         * @param quota  the quota column.
         * @param period the period column.
         */
        public RatioLimit
        {
            Objects.requireNonNull(quota, "quota");
            Objects.requireNonNull(period, "period");
        }
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
     * The catalog of a joined view of a hybrid or legacy host ({@code Hierarchy.joined}): each file means what it
     * means in the hierarchy it is read from. Files of a controller bound to a v1 hierarchy ({@code memory.stat},
     * {@code cpu.stat} of {@code cpu}) have their v1 entries; core files ({@code cgroup.*}, pressure) and files of
     * controllers not bound to v1 their cgroup2 entries where cgroup2 knows them; the facts and default file lists are
     * those of both versions together.
     *
     * @param v1Controllers the controllers bound to v1 hierarchies.
     * @return the catalog (its {@link #version()} is 1).
     */
    public static StatCatalog joined(final Collection<String> v1Controllers)
    {
        final Map<String, FileSpec> merged = new HashMap<>();
        final java.util.Set<String> names = new java.util.HashSet<>(V1.files.keySet());
        names.addAll(V2.files.keySet());
        for (final String name : names)
        {
            final String controller = controllerOf(name);
            final boolean v1First = !controller.isEmpty() && v1Controllers.contains(controller);
            final FileSpec first = (v1First ? V1 : V2).files.get(name);
            merged.put(name, first != null ? first : (v1First ? V2 : V1).files.get(name));
        }
        final CatalogFacts a = V1.facts;
        final CatalogFacts b = V2.facts;
        final CatalogFacts facts = new CatalogFacts(union(a.ceilingFiles(), b.ceilingFiles()),
            new ArrayList<>(new LinkedHashSet<>(concat(a.ratioLimits(), b.ratioLimits()))),
            union(a.rootDiffers(), b.rootDiffers()), union(a.splitPerCgroup(), b.splitPerCgroup()),
            union(a.perSecondFiles(), b.perSecondFiles()), mergeMaps(a.exportKeys(), b.exportKeys()),
            mergeMaps(a.rowLabels(), b.rowLabels()),
            distinct(a.defaultFiles(), b.defaultFiles()), distinct(a.exportFiles(), b.exportFiles()),
            distinct(a.compactColumns(), b.compactColumns()), union(a.peakFiles(), b.peakFiles()));
        return new StatCatalog(1, merged, facts);
    }

    /**
     * The controller a file belongs to, which tells the hierarchy a joined view reads it from: the part of the name
     * before the first dot ({@code memory} for {@code memory.stat}, {@code cpuacct} for {@code cpuacct.usage}), or
     * empty for files of the cgroup core, which every hierarchy has: {@code cgroup.*}, the pressure files
     * ({@code cpu.pressure}, {@code memory.pressure}, {@code io.pressure}, {@code irq.pressure}: cgroup2 core files
     * whatever controllers are enabled) and v1's {@code tasks}, {@code notify_on_release}, {@code release_agent}.
     *
     * @param fileName a cgroupfs file name.
     * @return the controller, or empty for a core file.
     */
    public static String controllerOf(final String fileName)
    {
        final int dot = fileName.indexOf('.');
        if (dot <= 0 || CORE_FILES.contains(fileName) || fileName.endsWith(PRESSURE_SUFFIX) &&
            fileName.indexOf('.', dot + 1) < 0)
        {
            return "";
        }
        final String controller = fileName.substring(0, dot);
        return "cgroup".equals(controller) ? "" : controller;
    }

    /**
     * The local column whose sum over the live subtree a hierarchical column would be if no removed cgroup held
     * anything: v1 {@code memory.stat.total_cache} has {@code memory.stat.cache}. Only for gauges (amounts held,
     * not event counts): their difference is what removed (dying) descendants still hold, the {@code :dying} value.
     *
     * @param column a column name.
     * @return the local column's name, or null if the column has none.
     */
    public String localPartner(final String column)
    {
        final String file = fileOf(column);
        if (file == null || column.length() <= file.length() + 1)
        {
            return null;
        }
        final FileSpec spec = file(file);
        final String prefix = spec.hierarchicalPrefix();
        final String key = column.substring(file.length() + 1);
        if (prefix.isEmpty() || !key.startsWith(prefix) || key.length() == prefix.length())
        {
            return null;
        }
        final StatInfo info = spec.describe(key);
        final StatInfo local = spec.describe(key.substring(prefix.length()));
        if (info.kind() != StatKind.GAUGE || info.scope() != StatScope.HIERARCHICAL ||
            local.scope() != StatScope.LOCAL)
        {
            return null;
        }
        return file + "." + key.substring(prefix.length());
    }

    private static <T> java.util.Set<T> union(final java.util.Set<T> a, final java.util.Set<T> b)
    {
        final java.util.Set<T> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return all;
    }

    private static <T> List<T> concat(final List<T> a, final List<T> b)
    {
        final List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static List<String> distinct(final List<String> a, final List<String> b)
    {
        return new ArrayList<>(new LinkedHashSet<>(concat(a, b)));
    }

    private static <V> Map<String, V> mergeMaps(final Map<String, V> a, final Map<String, V> b)
    {
        final Map<String, V> all = new HashMap<>(b);
        all.putAll(a);
        return all;
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
        return new StatCatalog(version, copy, facts);
    }

    /**
     * Whether a column is a limit that bounds the cgroup and all its descendants, so that the tightest value on the
     * path to the root is the one in force ({@code memory.max}, {@code memory.high}, {@code pids.max},
     * {@code io.max.*}; v1 {@code memory.limit_in_bytes}). Protections ({@code memory.min}, {@code memory.low}) and
     * settings are not; CPU bandwidth is a {@link #ratioLimits() ratio limit}.
     *
     * @param column a column name.
     * @return true for such a limit.
     */
    public boolean boundsDescendants(final String column)
    {
        final String file = fileOf(column);
        if (file == null || !facts.ceilingFiles().contains(pattern(file)))
        {
            return false;
        }
        final String key = column.length() > file.length() ? column.substring(file.length() + 1) : "";
        return describe(file, key).kind() == StatKind.LIMIT;
    }

    /**
     * The quota/period pairs of this version's CPU bandwidth limits.
     *
     * @return the pairs.
     */
    public List<RatioLimit> ratioLimits()
    {
        return facts.ratioLimits();
    }

    /**
     * Whether a column is the period of a {@link #ratioLimits() ratio limit}: a setting, but needed next to its quota.
     *
     * @param column a column name.
     * @return true for a period.
     */
    public boolean isRatioPeriod(final String column)
    {
        for (final RatioLimit limit : facts.ratioLimits())
        {
            if (limit.period().equals(column))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the kernel computes a hierarchical column differently at the hierarchy root, so that the root's value
     * is not its own share plus its children's and the root has no own share. On v1 the root memory cgroup is not
     * charged: its {@code memory.usage_in_bytes} is page cache plus anonymous memory without kernel memory, its
     * {@code memory.kmem.*} counters only what its children charged.
     *
     * @param column a column name.
     * @return true if the root's own share of this column is meaningless.
     */
    public boolean rootComputedDifferently(final String column)
    {
        return facts.rootDiffers().contains(column);
    }

    /**
     * Whether the kernel derives a hierarchical column for each cgroup on its own, as a share of another value, so
     * that a parent's value is not exactly its own plus its children's and its own share can be slightly negative
     * whatever the read order: {@code cpu.stat} {@code user_usec} and {@code system_usec}, split from
     * {@code usage_usec} per cgroup by sampled ticks (their sum is {@code usage_usec}, exact).
     *
     * @param column a column name.
     * @return true for such a column.
     */
    public boolean splitPerCgroup(final String column)
    {
        return facts.splitPerCgroup().contains(column);
    }

    /**
     * Whether a file's values are rates per second ({@code io.max}, v1 {@code blkio.throttle.*_device}).
     *
     * @param fileName a file name.
     * @return true for rates.
     */
    public boolean perSecond(final String fileName)
    {
        return facts.perSecondFiles().contains(fileName);
    }

    /**
     * Whether a file holds high-water marks: gauges that only go up until reset ({@code memory.peak},
     * {@code pids.peak}, v1 {@code memory.max_usage_in_bytes}), KVM's {@code PEAK} type.
     *
     * @param fileName a file name.
     * @return true for peaks.
     */
    public boolean isPeak(final String fileName)
    {
        return facts.peakFiles().contains(pattern(fileName));
    }

    /**
     * The word a key stands for in a metric name: the key itself, except where the catalog renames it so that the
     * name ends with its unit ({@code io.stat} {@code rbytes} is {@code read}, giving {@code cgroup_io_read_bytes}).
     *
     * @param fileName the file.
     * @param key      the key.
     * @return the word.
     */
    public String exportKey(final String fileName, final String key)
    {
        final Map<String, String> renamed = facts.exportKeys().get(pattern(fileName));
        return renamed == null ? key : renamed.getOrDefault(key, key);
    }

    /**
     * The label name of the row part of a nested key: {@code device} for the {@code io.*} files ({@code 8:0}),
     * {@code node} for {@code numa_stat} files ({@code N0}), {@code key} for any other.
     *
     * @param fileName the file.
     * @return the label name.
     */
    public String rowLabel(final String fileName)
    {
        final String known = facts.rowLabels().get(pattern(fileName));
        if (known != null)
        {
            return known;
        }
        if (fileName.startsWith("io."))
        {
            return "device";
        }
        return fileName.endsWith("numa_stat") ? "node" : KEY_LABEL;
    }

    /**
     * The files {@code cgroup-walk} reads when it is given none: CPU, memory, I/O, tasks and descendants.
     *
     * @return file names, in output order.
     */
    public List<String> defaultFiles()
    {
        return facts.defaultFiles();
    }

    /**
     * The files the metrics server exports when it is given none: the defaults plus limits, pressure and events.
     *
     * @return file names.
     */
    public List<String> exportFiles()
    {
        return facts.exportFiles();
    }

    /**
     * The columns of the compact text table, as glob patterns of column names: what systemd-cgtop and below show
     * first.
     *
     * @return column globs.
     */
    public List<String> compactColumns()
    {
        return facts.compactColumns();
    }

    /** The catalog key of a file: {@code hugetlb.<size>.<rest>} is {@code hugetlb.*.<rest>}. */
    private static String pattern(final String fileName)
    {
        if (fileName.startsWith(HUGETLB))
        {
            final int sizeEnd = fileName.indexOf('.', HUGETLB.length());
            if (sizeEnd > HUGETLB.length())
            {
                return HUGETLB + "*" + fileName.substring(sizeEnd);
            }
        }
        return fileName;
    }

    private FileSpec find(final String fileName)
    {
        final FileSpec exact = files.get(fileName);
        if (exact != null)
        {
            return exact;
        }
        final FileSpec pattern = files.get(pattern(fileName));
        if (pattern != null)
        {
            return pattern;
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
