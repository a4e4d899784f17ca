package dev.rstat.cgroup.report.kvmstats;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.rstat.cgroup.report.Field;
import dev.rstat.cgroup.report.Sample;
import dev.rstat.cgroup.report.Table;
import dev.rstat.cgroup.stat.Columns;
import dev.rstat.cgroup.stat.StatInfo;
import dev.rstat.cgroup.stat.ValueState;

import static dev.rstat.cgroup.report.kvmstats.Layout.*;

/**
 * Encodes a {@link Table} as a {@code kvm-stats} file ({@code docs/kvm-stats-format.md}): KVM's header, id string and
 * descriptors (one per field, the field's name as the descriptor's name), a tree header, the column table, the text
 * table, the string area, then one fixed-size record per row (id, parent, depth, path, state bytes, and the KVM data
 * block of one u64 per field). The first record's data block is the one KVM's {@code data_offset} addresses.
 * Stateless.
 */
public final class KvmStatsWriter
{
    /** The largest file this writer produces (the Java reader reads up to the same size). */
    static final long MAX_FILE_SIZE = Integer.MAX_VALUE - 64;

    private KvmStatsWriter()
    {
    }

    /**
     * Writes a table to a stream (not closed).
     *
     * @param table     the rows and fields to export.
     * @param sampledAt when the sample was taken (null: unknown).
     * @param out       where to write.
     * @throws IOException if writing fails.
     */
    public static void write(final Table table, final Instant sampledAt, final OutputStream out) throws IOException
    {
        final ByteBuffer file = encode(table, sampledAt);
        out.write(file.array(), 0, file.limit());
        out.flush();
    }

    /**
     * Encodes a table.
     *
     * @param table     the rows and fields to export.
     * @param sampledAt when the sample was taken (null: unknown).
     * @return the file's bytes (a heap buffer, position 0, limit the file size, little-endian).
     * @throws IllegalArgumentException if a field name holds a NUL byte, a row's depth is not its parent's plus one,
     *                                  or the file would exceed {@value #MAX_FILE_SIZE} bytes.
     */
    public static ByteBuffer encode(final Table table, final Instant sampledAt)
    {
        final Sample sample = table.sample();
        final Columns columns = sample.columns();
        final List<Field> fields = table.fields();
        final int[] rows = table.rows();
        final int values = fields.size();
        final int records = rows.length;

        final byte[][] names = new byte[values][];
        int longest = 0;
        final Set<String> unique = new HashSet<>();
        for (int v = 0; v < values; v++)
        {
            final String name = fields.get(v).name(columns);
            names[v] = name.getBytes(StandardCharsets.UTF_8);
            if (name.indexOf('\0') >= 0)
            {
                throw new IllegalArgumentException("a kvm-stats descriptor name cannot hold a NUL byte: field=" +
                    name.replace('\0', '?'));
            }
            if (!unique.add(name))
            {
                throw new IllegalArgumentException("two fields of the same name: field=" + name);
            }
            longest = Math.max(longest, names[v].length);
        }
        final int nameSize = (int)Math.max(MIN_NAME_SIZE, pad8(longest + 1L));

        final Strings strings = new Strings();
        final int[] fileRefs = new int[values];
        final StatInfo[] infos = new StatInfo[values];
        final KvmMeaning[] meanings = new KvmMeaning[values];
        for (int v = 0; v < values; v++)
        {
            final Field field = fields.get(v);
            final String file = columns.file(field.column());
            fileRefs[v] = strings.intern(file);
            infos[v] = columns.info(field.column());
            meanings[v] = KvmMeaning.of(field.info(columns), field.derivation(),
                columns.catalog().perSecond(file), columns.catalog().isPeak(file));
        }

        final int[] recordOf = new int[sample.size()];
        Arrays.fill(recordOf, NO_PARENT);
        for (int r = 0; r < records; r++)
        {
            recordOf[rows[r]] = r;
        }
        final int[] pathRefs = new int[records];
        final List<int[]> texts = new ArrayList<>();
        for (int r = 0; r < records; r++)
        {
            pathRefs[r] = strings.add(sample.path(rows[r]));
            for (int v = 0; v < values; v++)
            {
                if (sample.state(rows[r], fields.get(v)) == ValueState.TEXT)
                {
                    final String text = sample.text(rows[r], fields.get(v));
                    texts.add(new int[] {r, v, strings.add(text == null ? "" : text)});
                }
            }
        }

        final long idOffset = KVM_HEADER_SIZE;
        final long descOffset = idOffset + nameSize;
        final long treeOffset = descOffset + (long)values * (DESC_SIZE + nameSize);
        final long columnsOffset = treeOffset + TREE_HEADER_SIZE;
        final long textsOffset = columnsOffset + (long)values * COLUMN_SIZE;
        final long stringsOffset = textsOffset + (long)texts.size() * TEXT_SIZE;
        final long stringsSize = pad8(strings.size());
        final long recordsOffset = stringsOffset + stringsSize;
        final long recordSize = recordSize(values);
        final long total = recordsOffset + records * recordSize;
        if (total > MAX_FILE_SIZE)
        {
            throw new IllegalArgumentException("sample too large for a kvm-stats file: bytes=" + total + " max=" +
                MAX_FILE_SIZE + " cgroups=" + records + " values=" + values);
        }
        final ByteBuffer out = ByteBuffer.allocate((int)total).order(ByteOrder.LITTLE_ENDIAN);

        // A: KVM's header
        out.putInt(H_FLAGS, 0);
        out.putInt(H_NAME_SIZE, nameSize);
        out.putInt(H_NUM_DESC, values);
        out.putInt(H_ID_OFFSET, (int)idOffset);
        out.putInt(H_DESC_OFFSET, (int)descOffset);
        out.putInt(H_DATA_OFFSET, (int)(recordsOffset + dataInRecord(values)));
        // B: the id string
        out.put((int)idOffset, ID.getBytes(StandardCharsets.US_ASCII));
        // C: the descriptors
        for (int v = 0; v < values; v++)
        {
            final int d = (int)(descOffset + (long)v * (DESC_SIZE + nameSize));
            out.putInt(d + D_FLAGS, meanings[v].flags());
            out.putShort(d + D_EXPONENT, (short)meanings[v].exponent());
            out.putShort(d + D_SIZE, (short)1);
            out.putInt(d + D_OFFSET, v * Long.BYTES);
            out.putInt(d + D_BUCKET_SIZE, 0);
            out.put(d + D_NAME, names[v]);
        }
        // D: the tree header
        final int t = (int)treeOffset;
        out.put(t + T_MAGIC, MAGIC);
        out.putShort(t + T_MAJOR, (short)MAJOR);
        out.putShort(t + T_MINOR, (short)MINOR);
        out.putInt(t + T_HEADER_SIZE, TREE_HEADER_SIZE);
        out.putInt(t + T_FLAGS, 0);
        out.putInt(t + T_CGROUP_VERSION, columns.catalog().version());
        out.putLong(t + T_GENERATION, 0);
        out.putLong(t + T_SAMPLED_AT, sampledAt == null ? 0 : epochNanos(sampledAt));
        out.putInt(t + T_RECORD_COUNT, records);
        out.putInt(t + T_RECORD_SIZE, (int)recordSize);
        out.putInt(t + T_RECORDS_OFFSET, (int)recordsOffset);
        out.putInt(t + T_COLUMNS_OFFSET, (int)columnsOffset);
        out.putInt(t + T_TEXTS_OFFSET, (int)textsOffset);
        out.putInt(t + T_TEXT_COUNT, texts.size());
        out.putInt(t + T_STRINGS_OFFSET, (int)stringsOffset);
        out.putInt(t + T_STRINGS_SIZE, (int)stringsSize);
        // E: the column table
        for (int v = 0; v < values; v++)
        {
            final int c = (int)(columnsOffset + (long)v * COLUMN_SIZE);
            final StatInfo info = infos[v];
            out.put(c + C_KIND, code(KINDS, info.kind()));
            out.put(c + C_SCOPE, code(SCOPES, info.scope()));
            out.put(c + C_UNIT, code(UNITS, info.unit()));
            out.put(c + C_SCALE, (byte)info.scale());
            out.put(c + C_SIGN, code(SIGNS, info.sign()));
            out.put(c + C_DERIVATION, code(DERIVATIONS, fields.get(v).derivation()));
            final StatInfo value = fields.get(v).info(columns);
            out.put(c + C_VALUE_SCALE, (byte)value.scale());
            out.put(c + C_VALUE_SIGN, code(SIGNS, value.sign()));
            out.putInt(c + C_FILE_OFFSET, strings.offset(fileRefs[v]));
            out.putInt(c + C_FILE_LENGTH, strings.length(fileRefs[v]));
        }
        // F: the text table
        for (int i = 0; i < texts.size(); i++)
        {
            final int x = (int)(textsOffset + (long)i * TEXT_SIZE);
            final int[] text = texts.get(i);
            out.putInt(x + X_RECORD, text[0]);
            out.putInt(x + X_DESC, text[1]);
            out.putInt(x + X_OFFSET, strings.offset(text[2]));
            out.putInt(x + X_LENGTH, strings.length(text[2]));
        }
        // G: the string area
        out.put((int)stringsOffset, strings.bytes(), 0, strings.size());
        // H: the records
        final long dataInRecord = dataInRecord(values);
        for (int r = 0; r < records; r++)
        {
            final int row = rows[r];
            final int rec = (int)(recordsOffset + r * recordSize);
            final int parentRow = sample.parent(row);
            final int parent = parentRow < 0 ? NO_PARENT : recordOf[parentRow];
            if (parent != NO_PARENT && sample.depth(parentRow) + 1 != sample.depth(row))
            {
                throw new IllegalArgumentException("a row's depth is not its parent's plus one: path=" +
                    sample.path(row) + " depth=" + sample.depth(row) + " parent_depth=" + sample.depth(parentRow));
            }
            out.putLong(rec + R_ID, sample.id(row));
            out.putInt(rec + R_PARENT, parent);
            out.putInt(rec + R_DEPTH, sample.depth(row));
            out.putInt(rec + R_PATH_OFFSET, strings.offset(pathRefs[r]));
            out.putInt(rec + R_PATH_LENGTH, strings.length(pathRefs[r]));
            out.putLong(rec + R_RESERVED, 0);
            final int data = (int)(rec + dataInRecord);
            for (int v = 0; v < values; v++)
            {
                final Field field = fields.get(v);
                final ValueState state = sample.state(row, field);
                out.put(rec + R_STATES + v, code(STATES, state));
                final long word = switch (state)
                {
                    case NUMBER -> sample.value(row, field);
                    case MAX -> MAX_WORD;
                    default -> 0L;
                };
                out.putLong(data + v * Long.BYTES, word);
            }
        }
        out.position(0);
        return out;
    }

    private static long epochNanos(final Instant at)
    {
        return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000_000L), at.getNano());
    }

    /** The string area: UTF-8 strings back to back, file names interned. */
    private static final class Strings
    {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final List<int[]> refs = new ArrayList<>();
        private final Map<String, Integer> interned = new HashMap<>();

        int intern(final String s)
        {
            return interned.computeIfAbsent(s, this::add);
        }

        int add(final String s)
        {
            final byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            refs.add(new int[] {bytes.size(), utf8.length});
            bytes.write(utf8, 0, utf8.length);
            if (bytes.size() > MAX_FILE_SIZE)
            {
                throw new IllegalArgumentException("sample too large for a kvm-stats file: string_bytes=" +
                    bytes.size() + " max=" + MAX_FILE_SIZE);
            }
            return refs.size() - 1;
        }

        int offset(final int ref)
        {
            return refs.get(ref)[0];
        }

        int length(final int ref)
        {
            return refs.get(ref)[1];
        }

        int size()
        {
            return bytes.size();
        }

        byte[] bytes()
        {
            return bytes.toByteArray();
        }
    }
}
