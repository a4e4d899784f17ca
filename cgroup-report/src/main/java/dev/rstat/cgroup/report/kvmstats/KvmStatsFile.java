package dev.rstat.cgroup.report.kvmstats;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import dev.rstat.cgroup.report.Derivation;
import dev.rstat.cgroup.report.Field;
import dev.rstat.cgroup.report.Sample;
import dev.rstat.cgroup.report.SampleBuilder;
import dev.rstat.cgroup.report.Table;
import dev.rstat.cgroup.stat.Columns;
import dev.rstat.cgroup.stat.StatCatalog;
import dev.rstat.cgroup.stat.StatInfo;
import dev.rstat.cgroup.stat.ValueState;

import static dev.rstat.cgroup.report.kvmstats.Layout.*;

/**
 * A {@code kvm-stats} file, read and validated ({@code docs/kvm-stats-format.md}): every offset, size, count and code
 * is checked against the file's length and the specification before anything is read through it, so a truncated,
 * corrupted or hostile file is refused with a {@link KvmStatsFormatException} naming the offset and the field, and
 * never causes an out-of-bounds read or a huge allocation. Once read, the file is immutable and its accessors are
 * thread-safe; {@link #table()} gives its rows and fields for the renderers.
 */
public final class KvmStatsFile
{
    /** The largest file read (the whole file is read into memory). */
    static final long MAX_FILE_SIZE = KvmStatsWriter.MAX_FILE_SIZE;

    private final String source;
    private final ByteBuffer buf;
    private final int nameSize;
    private final int values;
    private final long descOffset;
    private final long treeOffset;
    private final int cgroupVersion;
    private final long generation;
    private final long sampledAt;
    private final int records;
    private final long recordSize;
    private final long recordsOffset;
    private final long stringsOffset;
    private final long stringsSize;
    private final String[] names;
    private final StatInfo[] infos;
    private final Derivation[] derivations;
    private final String[] files;
    private final String[] paths;
    private final String[][] texts;

    private KvmStatsFile(final String source, final ByteBuffer buf)
    {
        this.source = source;
        this.buf = buf;
        final long size = buf.limit();

        // A: KVM's header
        need(0, KVM_HEADER_SIZE, "kvm_stats_header");
        final long flags = u32(H_FLAGS, "kvm_stats_header.flags");
        if (flags != 0)
        {
            throw bad(H_FLAGS, "kvm_stats_header.flags", "must be 0: value=" + flags);
        }
        final long nameSizeRaw = u32(H_NAME_SIZE, "kvm_stats_header.name_size");
        if (nameSizeRaw < 8 || nameSizeRaw > MAX_NAME_SIZE || nameSizeRaw % 8 != 0)
        {
            throw bad(H_NAME_SIZE, "kvm_stats_header.name_size", "must be a multiple of 8 from 8 to " +
                MAX_NAME_SIZE + ": value=" + nameSizeRaw);
        }
        nameSize = (int)nameSizeRaw;
        final long numDesc = u32(H_NUM_DESC, "kvm_stats_header.num_desc");
        final long idOffset = aligned(H_ID_OFFSET, "kvm_stats_header.id_offset");
        descOffset = aligned(H_DESC_OFFSET, "kvm_stats_header.desc_offset");
        final long dataOffset = aligned(H_DATA_OFFSET, "kvm_stats_header.data_offset");
        if (numDesc > (size - descOffset) / (DESC_SIZE + nameSize))
        {
            throw bad(H_NUM_DESC, "kvm_stats_header.num_desc", "more descriptors than the file holds: value=" +
                numDesc + " desc_offset=" + descOffset + " file_size=" + size);
        }
        values = (int)numDesc;

        // B: the id string
        need(idOffset, nameSize, "id string");
        final String id = cString(idOffset, nameSize, "id string");
        if (!id.equals(ID))
        {
            throw bad(idOffset, "id string", "not an rstat cgroup tree (a plain KVM statistics file has no tree): " +
                "id=" + printable(id) + " expected=" + ID);
        }

        // C: the descriptors
        names = new String[values];
        final Set<String> seen = new HashSet<>();
        for (int v = 0; v < values; v++)
        {
            final long d = descOffset + (long)v * (DESC_SIZE + nameSize);
            final String at = "kvm_stats_desc[" + v + "]";
            final long descFlags = u32(d + D_FLAGS, at + ".flags");
            if ((descFlags & ~KNOWN_FLAGS) != 0 || (descFlags & TYPE_MASK) > dev.rstat.StatKind.LOG_HISTOGRAM.kvmType() ||
                ((descFlags & UNIT_MASK) >> UNIT_SHIFT) > (dev.rstat.StatUnit.BOOLEAN.kvmFlag() >> UNIT_SHIFT) ||
                ((descFlags & BASE_MASK) >> BASE_SHIFT) > (dev.rstat.StatBase.POW2.kvmFlag() >> BASE_SHIFT))
            {
                throw bad(d + D_FLAGS, at + ".flags", "unknown type, unit or base: value=0x" +
                    Long.toHexString(descFlags));
            }
            if (descFlags % 16 == dev.rstat.StatKind.LINEAR_HISTOGRAM.kvmType() ||
                descFlags % 16 == dev.rstat.StatKind.LOG_HISTOGRAM.kvmType())
            {
                throw bad(d + D_FLAGS, at + ".flags", "histograms are not part of format version 1: value=0x" +
                    Long.toHexString(descFlags));
            }
            final int descSize = u16(d + D_SIZE, at + ".size");
            if (descSize != 1)
            {
                throw bad(d + D_SIZE, at + ".size", "must be 1 (one u64 per value): value=" + descSize);
            }
            final long offset = u32(d + D_OFFSET, at + ".offset");
            if (offset != (long)v * Long.BYTES)
            {
                throw bad(d + D_OFFSET, at + ".offset", "must be 8 x the descriptor's index: value=" + offset +
                    " expected=" + (long)v * Long.BYTES);
            }
            final long bucketSize = u32(d + D_BUCKET_SIZE, at + ".bucket_size");
            if (bucketSize != 0)
            {
                throw bad(d + D_BUCKET_SIZE, at + ".bucket_size", "must be 0: value=" + bucketSize);
            }
            names[v] = cString(d + D_NAME, nameSize, at + ".name");
            if (names[v].isEmpty() || !seen.add(names[v]))
            {
                throw bad(d + D_NAME, at + ".name", (names[v].isEmpty() ? "empty" : "duplicate") + ": name=" +
                    printable(names[v]));
            }
        }

        // D: the tree header
        treeOffset = descOffset + (long)values * (DESC_SIZE + nameSize);
        need(treeOffset, TREE_HEADER_SIZE, "tree_header");
        for (int i = 0; i < MAGIC.length; i++)
        {
            if (buf.get((int)(treeOffset + T_MAGIC + i)) != MAGIC[i])
            {
                throw bad(treeOffset + T_MAGIC, "tree_header.magic", "not RSTATCGT: the tree header must follow " +
                    "the descriptors");
            }
        }
        final int major = u16(treeOffset + T_MAJOR, "tree_header.major");
        if (major != MAJOR)
        {
            throw bad(treeOffset + T_MAJOR, "tree_header.major", "unsupported format version: value=" + major +
                " supported=" + MAJOR);
        }
        final long headerSize = u32(treeOffset + T_HEADER_SIZE, "tree_header.header_size");
        if (headerSize < TREE_HEADER_SIZE || headerSize % 8 != 0)
        {
            throw bad(treeOffset + T_HEADER_SIZE, "tree_header.header_size", "must be a multiple of 8, at least " +
                TREE_HEADER_SIZE + ": value=" + headerSize);
        }
        need(treeOffset, headerSize, "tree_header");
        final long treeFlags = u32(treeOffset + T_FLAGS, "tree_header.flags");
        if (treeFlags != 0)
        {
            throw bad(treeOffset + T_FLAGS, "tree_header.flags", "unknown flags (a later format version): value=0x" +
                Long.toHexString(treeFlags));
        }
        final long version = u32(treeOffset + T_CGROUP_VERSION, "tree_header.cgroup_version");
        if (version > 2)
        {
            throw bad(treeOffset + T_CGROUP_VERSION, "tree_header.cgroup_version", "must be 0, 1 or 2: value=" +
                version);
        }
        cgroupVersion = (int)version;
        generation = buf.getLong((int)(treeOffset + T_GENERATION));
        sampledAt = buf.getLong((int)(treeOffset + T_SAMPLED_AT));
        final long recordCount = u32(treeOffset + T_RECORD_COUNT, "tree_header.record_count");
        recordSize = u32(treeOffset + T_RECORD_SIZE, "tree_header.record_size");
        if (recordSize != recordSize(values))
        {
            throw bad(treeOffset + T_RECORD_SIZE, "tree_header.record_size", "must be 32 + pad8(num_desc) + " +
                "8 x num_desc: value=" + recordSize + " expected=" + recordSize(values));
        }
        recordsOffset = aligned(treeOffset + T_RECORDS_OFFSET, "tree_header.records_offset");
        final long columnsOffset = aligned(treeOffset + T_COLUMNS_OFFSET, "tree_header.columns_offset");
        final long textsOffset = aligned(treeOffset + T_TEXTS_OFFSET, "tree_header.texts_offset");
        final long textCount = u32(treeOffset + T_TEXT_COUNT, "tree_header.text_count");
        stringsOffset = aligned(treeOffset + T_STRINGS_OFFSET, "tree_header.strings_offset");
        stringsSize = u32(treeOffset + T_STRINGS_SIZE, "tree_header.strings_size");
        need(stringsOffset, stringsSize, "string area");
        if (recordsOffset < treeOffset + headerSize)
        {
            throw bad(treeOffset + T_RECORDS_OFFSET, "tree_header.records_offset", "points into the header: value=" +
                recordsOffset);
        }
        if (recordCount > (size - recordsOffset) / recordSize)
        {
            throw bad(treeOffset + T_RECORD_COUNT, "tree_header.record_count", "more records than the file holds: " +
                "value=" + recordCount + " records_offset=" + recordsOffset + " record_size=" + recordSize +
                " file_size=" + size);
        }
        records = (int)recordCount;
        final long end = recordsOffset + records * recordSize;
        if (end != size)
        {
            throw bad(end, "records", "the file must end with the last record: records_end=" + end + " file_size=" +
                size);
        }
        final long firstData = recordsOffset + dataInRecord(values);
        if (dataOffset != firstData)
        {
            throw bad(H_DATA_OFFSET, "kvm_stats_header.data_offset", "must address the first record's data block: " +
                "value=" + dataOffset + " expected=" + firstData);
        }

        // E: the column table
        need(columnsOffset, (long)values * COLUMN_SIZE, "column table");
        infos = new StatInfo[values];
        derivations = new Derivation[values];
        files = new String[values];
        for (int v = 0; v < values; v++)
        {
            final long c = columnsOffset + (long)v * COLUMN_SIZE;
            final String at = "column[" + v + "]";
            final Derivation derivation = code(DERIVATIONS, c + C_DERIVATION, at + ".derivation");
            final int scale = u8(c + C_SCALE);
            if (scale > StatInfo.MAX_SCALE)
            {
                throw bad(c + C_SCALE, at + ".scale", "must be 0 to " + StatInfo.MAX_SCALE + ": value=" + scale);
            }
            infos[v] = new StatInfo(code(KINDS, c + C_KIND, at + ".kind"), code(SCOPES, c + C_SCOPE, at + ".scope"),
                code(UNITS, c + C_UNIT, at + ".unit"), scale, code(SIGNS, c + C_SIGN, at + ".sign"));
            derivations[v] = derivation;
            final StatInfo value = derivation.info(infos[v]);
            if (u8(c + C_VALUE_SCALE) != value.scale())
            {
                throw bad(c + C_VALUE_SCALE, at + ".value_scale", "must be the derived value's scale: value=" +
                    u8(c + C_VALUE_SCALE) + " expected=" + value.scale());
            }
            if (code(SIGNS, c + C_VALUE_SIGN, at + ".value_sign") != value.sign())
            {
                throw bad(c + C_VALUE_SIGN, at + ".value_sign", "must be the derived value's sign: value=" +
                    u8(c + C_VALUE_SIGN) + " expected=" + SIGNS.indexOf(value.sign()));
            }
            files[v] = string(c + C_FILE_OFFSET, at + ".file");
            if (!names[v].endsWith(derivation.suffix()) || names[v].length() == derivation.suffix().length())
            {
                throw bad(c + C_DERIVATION, at + ".derivation", "the descriptor's name does not end with its " +
                    "suffix: name=" + printable(names[v]) + " suffix=" + derivation.suffix());
            }
        }

        // H: the records (before the texts, whose states they hold)
        paths = new String[records];
        final long dataIn = dataInRecord(values);
        for (int r = 0; r < records; r++)
        {
            final long rec = recordsOffset + r * recordSize;
            final String at = "record[" + r + "]";
            final int parent = buf.getInt((int)(rec + R_PARENT));
            if (parent != NO_PARENT && (parent < 0 || parent >= records || parent == r))
            {
                throw bad(rec + R_PARENT, at + ".parent", "no such record: value=" + Integer.toUnsignedString(parent) +
                    " records=" + records);
            }
            final long depth = u32(rec + R_DEPTH, at + ".depth");
            if (depth > Integer.MAX_VALUE)
            {
                throw bad(rec + R_DEPTH, at + ".depth", "too deep: value=" + depth);
            }
            if (parent != NO_PARENT)
            {
                final long parentDepth = u32(recordsOffset + parent * recordSize + R_DEPTH, "record[" + parent +
                    "].depth");
                if (parentDepth + 1 != depth)
                {
                    throw bad(rec + R_DEPTH, at + ".depth", "must be the parent's depth plus one: value=" + depth +
                        " parent=" + parent + " parent_depth=" + parentDepth);
                }
            }
            paths[r] = string(rec + R_PATH_OFFSET, at + ".path");
            if (buf.getLong((int)(rec + R_RESERVED)) != 0)
            {
                throw bad(rec + R_RESERVED, at + ".reserved", "must be 0");
            }
            for (int v = 0; v < values; v++)
            {
                final ValueState state = code(STATES, rec + R_STATES + v, at + ".state[" + v + "]");
                final long word = buf.getLong((int)(rec + dataIn + (long)v * Long.BYTES));
                if (state == ValueState.TEXT && derivations[v] != Derivation.RAW)
                {
                    throw bad(rec + R_STATES + v, at + ".state[" + v + "]", "only a value as read can be a text: " +
                        "name=" + printable(names[v]));
                }
                if (state != ValueState.NUMBER && word != (state == ValueState.MAX ? MAX_WORD : 0))
                {
                    throw bad(rec + dataIn + (long)v * Long.BYTES, at + ".data[" + v + "]", "must be " +
                        (state == ValueState.MAX ? "all ones" : "0") + " for state " + state + ": value=" +
                        Long.toUnsignedString(word));
                }
            }
            for (long p = rec + R_STATES + values; p < rec + dataIn; p++)
            {
                if (buf.get((int)p) != 0)
                {
                    throw bad(p, at + ".padding", "must be 0");
                }
            }
        }

        // F: the text table
        if (textCount > (size - textsOffset) / TEXT_SIZE)
        {
            throw bad(treeOffset + T_TEXT_COUNT, "tree_header.text_count", "more texts than the file holds: value=" +
                textCount + " texts_offset=" + textsOffset + " file_size=" + size);
        }
        texts = new String[records][];
        long previous = -1;
        for (int i = 0; i < textCount; i++)
        {
            final long x = textsOffset + (long)i * TEXT_SIZE;
            final String at = "text[" + i + "]";
            final long record = u32(x + X_RECORD, at + ".record");
            final long desc = u32(x + X_DESC, at + ".desc");
            if (record >= records || desc >= values)
            {
                throw bad(x, at, "no such value: record=" + record + " desc=" + desc + " records=" + records +
                    " num_desc=" + values);
            }
            final long key = record * values + desc;
            if (key <= previous)
            {
                throw bad(x, at, "texts must be in (record, desc) order without repeats: record=" + record + " desc=" +
                    desc);
            }
            previous = key;
            if (state((int)record, (int)desc) != ValueState.TEXT)
            {
                throw bad(x, at, "the value's state is not TEXT: record=" + record + " desc=" + desc);
            }
            if (texts[(int)record] == null)
            {
                texts[(int)record] = new String[values];
            }
            texts[(int)record][(int)desc] = string(x + X_OFFSET, at + ".string");
        }
        for (int r = 0; r < records; r++)
        {
            for (int v = 0; v < values; v++)
            {
                if (state(r, v) == ValueState.TEXT && (texts[r] == null || texts[r][v] == null))
                {
                    throw bad(recordsOffset + r * recordSize + R_STATES + v, "record[" + r + "].state[" + v + "]",
                        "state TEXT without an entry in the text table");
                }
            }
        }
    }

    /**
     * Reads and validates a file.
     *
     * @param file the file.
     * @return the file's content.
     * @throws KvmStatsFormatException if it is not a valid {@code kvm-stats} file.
     * @throws UncheckedIOException    if it cannot be read.
     */
    public static KvmStatsFile read(final Path file)
    {
        final byte[] bytes;
        try
        {
            final long size = Files.size(file);
            if (size > MAX_FILE_SIZE)
            {
                throw new KvmStatsFormatException(file.toString(), 0, "file", "larger than this reader reads: bytes=" +
                    size + " max=" + MAX_FILE_SIZE);
            }
            bytes = Files.readAllBytes(file);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read kvm-stats file: file=" + file + " error=" + reason(ex), ex);
        }
        catch (final OutOfMemoryError ex)
        {
            throw new KvmStatsFormatException(file.toString(), 0, "file", "larger than this reader reads");
        }
        return parse(bytes, file.toString());
    }

    /**
     * Validates a file's bytes.
     *
     * @param bytes  the whole file (not copied: do not change it afterwards).
     * @param source the file's name, for messages.
     * @return the file's content.
     * @throws KvmStatsFormatException if it is not a valid {@code kvm-stats} file.
     */
    public static KvmStatsFile parse(final byte[] bytes, final String source)
    {
        if (bytes.length > MAX_FILE_SIZE)
        {
            throw new KvmStatsFormatException(source, 0, "file", "larger than this reader reads: bytes=" +
                bytes.length + " max=" + MAX_FILE_SIZE);
        }
        return new KvmStatsFile(source, ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asReadOnlyBuffer()
            .order(ByteOrder.LITTLE_ENDIAN));
    }

    /** @return the cgroup version of the sampled hierarchy (1, 2; 0 if unknown). */
    public int cgroupVersion()
    {
        return cgroupVersion;
    }

    /** @return the tree header's generation (0: none; reserved for a publisher's generation). */
    public long generation()
    {
        return generation;
    }

    /** @return when the sample was taken, or null if the file does not say. */
    public Instant sampledAt()
    {
        return sampledAt == 0 ? null : Instant.ofEpochSecond(Math.floorDiv(sampledAt, 1_000_000_000L),
            Math.floorMod(sampledAt, 1_000_000_000L));
    }

    /** @return the number of cgroup records. */
    public int size()
    {
        return records;
    }

    /** @return the number of values (descriptors) of every record. */
    public int valueCount()
    {
        return values;
    }

    /**
     * @param value a descriptor index.
     * @return its name (a field name: column and derivation suffix).
     */
    public String name(final int value)
    {
        return names[Objects.checkIndex(value, values)];
    }

    /**
     * @param value a descriptor index.
     * @return its KVM flags word (type | unit | base).
     */
    public int kvmFlags(final int value)
    {
        return buf.getInt((int)(descOffset + (long)Objects.checkIndex(value, values) * (DESC_SIZE + nameSize)));
    }

    /**
     * @param value a descriptor index.
     * @return its KVM exponent.
     */
    public int kvmExponent(final int value)
    {
        return buf.getShort((int)(descOffset + (long)Objects.checkIndex(value, values) * (DESC_SIZE + nameSize) +
            D_EXPONENT));
    }

    /**
     * @param record a record index.
     * @return the cgroup id (unsigned).
     */
    public long id(final int record)
    {
        return buf.getLong((int)recordOffset(record) + R_ID);
    }

    /**
     * @param record a record index.
     * @return the parent's record index, or -1 if the parent is not in the file.
     */
    public int parent(final int record)
    {
        return buf.getInt((int)recordOffset(record) + R_PARENT);
    }

    /**
     * @param record a record index.
     * @return the depth below the hierarchy root (0 for the root).
     */
    public int depth(final int record)
    {
        return buf.getInt((int)recordOffset(record) + R_DEPTH);
    }

    /**
     * @param record a record index.
     * @return the path relative to the hierarchy root.
     */
    public String path(final int record)
    {
        return paths[Objects.checkIndex(record, records)];
    }

    /**
     * @param record a record index.
     * @param value  a descriptor index.
     * @return the value's state.
     */
    public ValueState state(final int record, final int value)
    {
        return STATES.get(buf.get((int)(recordOffset(record) + R_STATES + Objects.checkIndex(value, values))));
    }

    /**
     * @param record a record index.
     * @param value  a descriptor index.
     * @return the value's data word (meaningful in state NUMBER: unsigned, or two's complement if signed, times
     *         {@code 10^scale}).
     */
    public long value(final int record, final int value)
    {
        return buf.getLong((int)(recordOffset(record) + dataInRecord(values) +
            (long)Objects.checkIndex(value, values) * Long.BYTES));
    }

    /**
     * @param record a record index.
     * @param value  a descriptor index.
     * @return the value's text, or null unless its state is TEXT.
     */
    public String text(final int record, final int value)
    {
        final String[] row = texts[Objects.checkIndex(record, records)];
        return row == null ? null : row[Objects.checkIndex(value, values)];
    }

    /**
     * The file as a table the renderers print: its records in file order, its fields in descriptor order, each
     * column with the meaning the column table gives it (in a catalog of the file's cgroup version).
     *
     * @return the table.
     * @throws KvmStatsFormatException if two fields of the same column disagree on its meaning.
     */
    public Table table()
    {
        final Columns columns = new Columns(StatCatalog.forVersion(cgroupVersion == 1 ? 1 : 2));
        final List<Field> fields = new ArrayList<>(values);
        for (int v = 0; v < values; v++)
        {
            final String column = names[v].substring(0, names[v].length() - derivations[v].suffix().length());
            final int id = columns.intern(column, files[v], infos[v]);
            if (!columns.info(id).equals(infos[v]) || !columns.file(id).equals(files[v]))
            {
                throw bad(descOffset + (long)v * (DESC_SIZE + nameSize) + D_NAME, "column[" + v + "]",
                    "disagrees with an earlier field of the same column: column=" + printable(column));
            }
            fields.add(new Field(id, derivations[v]));
        }
        final Integer[] order = new Integer[records];
        for (int r = 0; r < records; r++)
        {
            order[r] = r;
        }
        Arrays.sort(order, (a, b) -> Integer.compare(depth(a), depth(b)));
        final SampleBuilder builder = new SampleBuilder(columns);
        final int[] rowOf = new int[records];
        for (final int r : order)
        {
            final int parent = parent(r);
            rowOf[r] = builder.row(id(r), paths[r], depth(r), parent == NO_PARENT ? -1 : rowOf[parent]);
        }
        for (int r = 0; r < records; r++)
        {
            for (int v = 0; v < values; v++)
            {
                final Field field = fields.get(v);
                switch (state(r, v))
                {
                    case NUMBER -> builder.number(rowOf[r], field, value(r, v));
                    case TEXT -> builder.text(rowOf[r], field, text(r, v));
                    default -> builder.state(rowOf[r], field, state(r, v));
                }
            }
        }
        final Sample sample = builder.build();
        return new Table(sample, rowOf, fields);
    }

    @Override
    public String toString()
    {
        return "KvmStatsFile{file=" + source + ", cgroups=" + records + ", values=" + values + "}";
    }

    private long recordOffset(final int record)
    {
        return recordsOffset + Objects.checkIndex(record, records) * recordSize;
    }

    private void need(final long offset, final long length, final String field)
    {
        if (offset < 0 || length < 0 || offset + length > buf.limit())
        {
            throw bad(offset, field, "truncated: needs bytes " + offset + ".." + (offset + length) + ", file_size=" +
                buf.limit());
        }
    }

    private long u32(final long offset, final String field)
    {
        need(offset, Integer.BYTES, field);
        return Integer.toUnsignedLong(buf.getInt((int)offset));
    }

    private int u16(final long offset, final String field)
    {
        need(offset, Short.BYTES, field);
        return Short.toUnsignedInt(buf.getShort((int)offset));
    }

    private int u8(final long offset)
    {
        return Byte.toUnsignedInt(buf.get((int)offset));
    }

    private long aligned(final long offset, final String field)
    {
        final long value = u32(offset, field);
        if (value % 8 != 0 || value > buf.limit())
        {
            throw bad(offset, field, "must be a multiple of 8 within the file: value=" + value + " file_size=" +
                buf.limit());
        }
        return value;
    }

    private <T> T code(final List<T> codes, final long offset, final String field)
    {
        need(offset, 1, field);
        final int code = u8(offset);
        if (code >= codes.size())
        {
            throw bad(offset, field, "unknown code: value=" + code + " known=0.." + (codes.size() - 1));
        }
        return codes.get(code);
    }

    /** A string of the string area, referenced by (offset u32, length u32) at {@code ref}. */
    private String string(final long ref, final String field)
    {
        final long offset = u32(ref, field + "_offset");
        final long length = u32(ref + Integer.BYTES, field + "_length");
        if (offset + length > stringsSize)
        {
            final boolean start = offset > stringsSize;
            throw bad(start ? ref : ref + Integer.BYTES, field + (start ? "_offset" : "_length"),
                "outside the string area: offset=" + offset + " length=" + length + " strings_size=" + stringsSize);
        }
        return utf8(stringsOffset + offset, (int)length, field);
    }

    /** A NUL-terminated string in a field of {@code size} bytes, NUL-padded. */
    private String cString(final long offset, final int size, final String field)
    {
        int length = 0;
        while (length < size && buf.get((int)(offset + length)) != 0)
        {
            length++;
        }
        if (length == size)
        {
            throw bad(offset, field, "no terminating NUL within name_size=" + size);
        }
        for (int i = length; i < size; i++)
        {
            if (buf.get((int)(offset + i)) != 0)
            {
                throw bad(offset + i, field, "must be padded with NUL bytes");
            }
        }
        return utf8(offset, length, field);
    }

    private String utf8(final long offset, final int length, final String field)
    {
        final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        try
        {
            final CharBuffer chars = decoder.decode(buf.duplicate().position((int)offset).limit((int)(offset + length))
                .slice());
            return chars.toString();
        }
        catch (final CharacterCodingException ex)
        {
            throw bad(offset, field, "not UTF-8");
        }
    }

    private static String reason(final IOException ex)
    {
        if (ex instanceof NoSuchFileException)
        {
            return "no such file";
        }
        if (ex instanceof AccessDeniedException)
        {
            return "permission denied";
        }
        final String message = ex.getMessage();
        return message == null ? "I/O error" : message.replace('\n', ' ');
    }

    private static String printable(final String s)
    {
        final StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length() && out.length() < 80; i++)
        {
            final char c = s.charAt(i);
            out.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return out.toString();
    }

    private KvmStatsFormatException bad(final long offset, final String field, final String problem)
    {
        return new KvmStatsFormatException(source, offset, field, problem);
    }
}
