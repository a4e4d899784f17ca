package dev.rstat.cgroup.stat;

import java.util.Arrays;
import java.util.Objects;

import org.eclipse.collections.api.map.primitive.MutableObjectIntMap;
import org.eclipse.collections.impl.map.mutable.primitive.ObjectIntHashMap;

/**
 * Interns column names to dense int ids, in first-seen order, and remembers for each column its file and its
 * meaning ({@link StatInfo}, from the {@link StatCatalog} given at construction).
 * <p>
 * Column names: {@code <file>} for single values, {@code <file>.<key>} for keyed files, {@code <file>.<key>.<sub>}
 * for nested keyed files; see {@link StatFormat} for each format ({@code memory.current},
 * {@code cpu.stat.usage_usec}, {@code io.stat.8:0.rbytes}, {@code cpu.pressure.some.avg10}).
 * <p>
 * Not thread-safe: one per walk.
 */
public final class Columns
{
    private static final int INITIAL_CAPACITY = 64;

    private final StatCatalog catalog;
    private final MutableObjectIntMap<String> ids = new ObjectIntHashMap<>();
    private String[] names = new String[INITIAL_CAPACITY];
    private String[] files = new String[INITIAL_CAPACITY];
    private StatInfo[] infos = new StatInfo[INITIAL_CAPACITY];
    private int size;

    /** Columns described by the v2 catalog ({@link StatCatalog#v2()}). */
    public Columns()
    {
        this(StatCatalog.v2());
    }

    /**
     * Columns described by the given catalog; use {@link StatCatalog#v1()} when walking a v1 hierarchy.
     *
     * @param catalog that describes the columns.
     */
    public Columns(final StatCatalog catalog)
    {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
    }

    /**
     * The catalog that describes these columns.
     *
     * @return the catalog.
     */
    public StatCatalog catalog()
    {
        return catalog;
    }

    /**
     * Number of columns interned so far; ids are {@code 0..size()-1}.
     *
     * @return the number of columns.
     */
    public int size()
    {
        return size;
    }

    /**
     * Name of a column, e.g. {@code io.stat.8:0.rbytes}.
     *
     * @param column id.
     * @return the name.
     */
    public String name(final int column)
    {
        checkColumn(column);
        return names[column];
    }

    /**
     * File a column is read from, e.g. {@code io.stat}.
     *
     * @param column id.
     * @return the file name.
     */
    public String file(final int column)
    {
        checkColumn(column);
        return files[column];
    }

    /**
     * Decimal scale of a column: 0 for integers, 2 for two-decimal values like {@code avg10} (value stored x100).
     *
     * @param column id.
     * @return the scale.
     */
    public int scale(final int column)
    {
        return info(column).scale();
    }

    /**
     * Whether a column holds signed values ({@link StatSign#SIGNED}): its {@link StatSample#value(int)} is then a
     * two's complement signed long instead of an unsigned one.
     *
     * @param column id.
     * @return true if signed.
     */
    public boolean signed(final int column)
    {
        return info(column).sign() == StatSign.SIGNED;
    }

    /**
     * Meaning of a column.
     *
     * @param column id.
     * @return kind, scope, unit, scale and sign.
     */
    public StatInfo info(final int column)
    {
        checkColumn(column);
        return infos[column];
    }

    /**
     * Id of a column.
     *
     * @param name of the column.
     * @return its id, or -1 if it was never interned.
     */
    public int id(final String name)
    {
        return ids.getIfAbsent(name, -1);
    }

    /**
     * Id of a column, interning it if new. The file is the longest file name known to the catalog that the name
     * starts with ({@link StatCatalog#fileOf(String)}), else the whole name; the meaning comes from the catalog.
     *
     * @param name of the column.
     * @return its id.
     */
    public int intern(final String name)
    {
        final int existing = id(name);
        if (existing >= 0)
        {
            return existing;
        }
        final String known = catalog.fileOf(name);
        final String file = known != null ? known : name;
        final String key = name.length() > file.length() ? name.substring(file.length() + 1) : "";
        return add(name, file, catalog.describe(file, key));
    }

    /**
     * Id of a column, interning it with the given file and meaning if new (an existing column keeps its own).
     *
     * @param name of the column.
     * @param file the column is read from.
     * @param info meaning of the column.
     * @return its id.
     */
    public int intern(final String name, final String file, final StatInfo info)
    {
        final int existing = id(name);
        if (existing >= 0)
        {
            return existing;
        }
        return add(name, Objects.requireNonNull(file, "file"), Objects.requireNonNull(info, "info"));
    }

    private int add(final String name, final String file, final StatInfo info)
    {
        if (size == names.length)
        {
            final int capacity = size * 2;
            names = Arrays.copyOf(names, capacity);
            files = Arrays.copyOf(files, capacity);
            infos = Arrays.copyOf(infos, capacity);
        }
        final int column = size++;
        names[column] = name;
        files[column] = file;
        infos[column] = info;
        ids.put(name, column);
        return column;
    }

    private void checkColumn(final int column)
    {
        if (column < 0 || column >= size)
        {
            throw new IndexOutOfBoundsException("unknown column: column=" + column + " size=" + size);
        }
    }
}
