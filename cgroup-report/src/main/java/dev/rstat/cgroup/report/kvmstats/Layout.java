package dev.rstat.cgroup.report.kvmstats;

import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.rstat.cgroup.report.Derivation;
import dev.rstat.cgroup.stat.StatKind;
import dev.rstat.cgroup.stat.StatScope;
import dev.rstat.cgroup.stat.StatSign;
import dev.rstat.cgroup.stat.StatUnit;
import dev.rstat.cgroup.stat.ValueState;

/**
 * The offsets, sizes and codes of the {@code kvm-stats} format, version 1.0, as {@code docs/kvm-stats-format.md}
 * specifies them; the one place the writer and the reader take them from. Every code is listed explicitly here (not
 * taken from a Java ordinal), so reordering an enum cannot change the format.
 */
final class Layout
{
    // block A: KVM's struct kvm_stats_header
    static final int KVM_HEADER_SIZE = 24;
    static final int H_FLAGS = 0;
    static final int H_NAME_SIZE = 4;
    static final int H_NUM_DESC = 8;
    static final int H_ID_OFFSET = 12;
    static final int H_DESC_OFFSET = 16;
    static final int H_DATA_OFFSET = 20;

    /** KVM's KVM_STATS_NAME_SIZE: the smallest name_size written, so KVM-sized name buffers fit. */
    static final int MIN_NAME_SIZE = 48;
    /** The largest name_size a reader accepts. */
    static final int MAX_NAME_SIZE = 4096;

    // block B: the id string
    static final String ID = "rstat-cgroup-tree";

    // block C: KVM's struct kvm_stats_desc, followed by name_size bytes of name
    static final int DESC_SIZE = 16;
    static final int D_FLAGS = 0;
    static final int D_EXPONENT = 4;
    static final int D_SIZE = 6;
    static final int D_OFFSET = 8;
    static final int D_BUCKET_SIZE = 12;
    static final int D_NAME = 16;

    static final int TYPE_MASK = 0xF;
    static final int UNIT_SHIFT = 4;
    static final int UNIT_MASK = 0xF0;
    static final int BASE_SHIFT = 8;
    static final int BASE_MASK = 0xF00;
    static final int KNOWN_FLAGS = TYPE_MASK | UNIT_MASK | BASE_MASK;

    // block D: the tree header
    static final byte[] MAGIC = "RSTATCGT".getBytes(StandardCharsets.US_ASCII);
    static final int MAJOR = 1;
    static final int MINOR = 0;
    static final int TREE_HEADER_SIZE = 72;
    static final int T_MAGIC = 0;
    static final int T_MAJOR = 8;
    static final int T_MINOR = 10;
    static final int T_HEADER_SIZE = 12;
    static final int T_FLAGS = 16;
    static final int T_CGROUP_VERSION = 20;
    static final int T_GENERATION = 24;
    static final int T_SAMPLED_AT = 32;
    static final int T_RECORD_COUNT = 40;
    static final int T_RECORD_SIZE = 44;
    static final int T_RECORDS_OFFSET = 48;
    static final int T_COLUMNS_OFFSET = 52;
    static final int T_TEXTS_OFFSET = 56;
    static final int T_TEXT_COUNT = 60;
    static final int T_STRINGS_OFFSET = 64;
    static final int T_STRINGS_SIZE = 68;

    // block E: the column table, one entry per descriptor
    static final int COLUMN_SIZE = 16;
    static final int C_KIND = 0;
    static final int C_SCOPE = 1;
    static final int C_UNIT = 2;
    static final int C_SCALE = 3;
    static final int C_SIGN = 4;
    static final int C_DERIVATION = 5;
    static final int C_VALUE_SCALE = 6;
    static final int C_VALUE_SIGN = 7;
    static final int C_FILE_OFFSET = 8;
    static final int C_FILE_LENGTH = 12;

    // block F: the text table
    static final int TEXT_SIZE = 16;
    static final int X_RECORD = 0;
    static final int X_DESC = 4;
    static final int X_OFFSET = 8;
    static final int X_LENGTH = 12;

    // block H: the records, one per cgroup
    static final int RECORD_HEADER_SIZE = 32;
    static final int R_ID = 0;
    static final int R_PARENT = 8;
    static final int R_DEPTH = 12;
    static final int R_PATH_OFFSET = 16;
    static final int R_PATH_LENGTH = 20;
    static final int R_RESERVED = 24;
    static final int R_STATES = 32;

    /** The parent index of a record whose parent is not in the file. */
    static final int NO_PARENT = -1;
    /** The data word of a value in state MAX: all ones. */
    static final long MAX_WORD = -1L;

    static final List<StatKind> KINDS =
        List.of(StatKind.COUNTER, StatKind.GAUGE, StatKind.LIMIT, StatKind.PRESSURE, StatKind.INFO);
    static final List<StatScope> SCOPES = List.of(StatScope.HIERARCHICAL, StatScope.LOCAL, StatScope.NONE);
    static final List<StatUnit> UNITS = List.of(StatUnit.BYTES, StatUnit.PAGES, StatUnit.MICROSECONDS,
        StatUnit.NANOSECONDS, StatUnit.USER_HZ, StatUnit.COUNT, StatUnit.PERCENT, StatUnit.NONE);
    static final List<StatSign> SIGNS = List.of(StatSign.UNSIGNED, StatSign.SIGNED, StatSign.MINUS_ONE_IS_MAX);
    static final List<Derivation> DERIVATIONS = List.of(Derivation.RAW, Derivation.RATE, Derivation.SELF,
        Derivation.SUBTREE, Derivation.EFFECTIVE, Derivation.MAX, Derivation.MIN, Derivation.AVG, Derivation.ZERO,
        Derivation.DYING);
    static final List<ValueState> STATES = List.of(ValueState.NUMBER, ValueState.MAX, ValueState.MISSING,
        ValueState.UNSUPPORTED, ValueState.VANISHED, ValueState.TEXT);

    private Layout()
    {
    }

    /**
     * The code of a value: its index in its list.
     *
     * @param codes the list of a field.
     * @param value a value.
     * @param <T>   the type of the value.
     * @return its code.
     * @throws IllegalStateException if the value has no code (an enum value added without one).
     */
    static <T> byte code(final List<T> codes, final T value)
    {
        final int code = codes.indexOf(value);
        if (code < 0)
        {
            throw new IllegalStateException("no kvm-stats code for this value: value=" + value + " codes=" + codes);
        }
        return (byte)code;
    }

    /**
     * @param n a size.
     * @return n rounded up to a multiple of 8.
     */
    static long pad8(final long n)
    {
        return (n + 7) & ~7L;
    }

    /**
     * @param values the number of descriptors.
     * @return the size of one record: header, state bytes (padded), data block.
     */
    static long recordSize(final long values)
    {
        return RECORD_HEADER_SIZE + pad8(values) + 8 * values;
    }

    /**
     * @param values the number of descriptors.
     * @return the offset of a record's data block within the record.
     */
    static long dataInRecord(final long values)
    {
        return RECORD_HEADER_SIZE + pad8(values);
    }
}
