package dev.rstat.cgroup.report.kvmstats;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.rstat.cgroup.Hierarchy;
import dev.rstat.cgroup.report.Sampler;
import dev.rstat.cgroup.report.Table;
import dev.rstat.cgroup.report.render.Format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Truncated, corrupted and hostile files: the reader refuses each with a one-line error naming the offset and the
 * field, and never fails otherwise (no out-of-bounds read, no huge allocation, no exception from below).
 */
class KvmStatsHostileFileTest
{
    private static byte[] real;
    private static int values;
    private static int tree;

    @BeforeAll
    static void writeARealFile()
    {
        try (Sampler sampler = Sampler.on(Hierarchy.at(KvmStatsRoundTripTest.SYSTEMD_HOST))
            .files(List.of("cgroup.controllers", "memory.current", "memory.max", "cpu.stat", "cpu.pressure"))
            .aggregate(true).build())
        {
            real = KvmStatsRoundTripTest.bytes(KvmStatsWriter.encode(Table.of(sampler.sample()), Instant.now()));
        }
        final ByteBuffer b = ByteBuffer.wrap(real).order(ByteOrder.LITTLE_ENDIAN);
        values = b.getInt(8);
        tree = b.getInt(16) + values * (16 + b.getInt(4));
        final KvmStatsFile file = KvmStatsFile.parse(real, "real");
        assertThat(file.size()).isGreaterThan(10);
        assertThat(file.text(0, 0)).isNotNull();
    }

    @Test
    void everyTruncationIsRefusedWithTheOffsetAndTheField()
    {
        for (int length = 0; length < real.length; length++)
        {
            final byte[] cut = Arrays.copyOf(real, length);
            final Throwable thrown = catchThrowable(() -> KvmStatsFile.parse(cut, "cut"));
            assertFormatError(thrown, "length " + length);
        }
    }

    @Test
    void randomSingleByteFlipsAreReadOrRefusedButNeverCrashTheReader() throws Exception
    {
        final Random random = new Random(12);
        int refused = 0;
        for (int i = 0; i < 10_000; i++)
        {
            final byte[] bytes = real.clone();
            final int at = random.nextInt(bytes.length);
            bytes[at] ^= (byte)(1 + random.nextInt(255));
            refused += readOrRefuse(bytes, "flip at " + at, i % 10 == 0);
        }
        assertThat(refused).as("most flips outside the data words are caught").isGreaterThan(500);
    }

    @Test
    void randomBytesBehindAValidPrefixAreRefused() throws Exception
    {
        final Random random = new Random(34);
        for (int i = 0; i < 2_000; i++)
        {
            final byte[] bytes = new byte[random.nextInt(real.length * 2)];
            random.nextBytes(bytes);
            final int keep = Math.min(bytes.length, random.nextInt(tree + 80));
            System.arraycopy(real, 0, bytes, 0, keep);
            assertThat(readOrRefuse(bytes, "random " + i, true)).isEqualTo(1);
        }
    }

    @Test
    void hugeCountsAndOffsetsNameTheirField()
    {
        assertRefused(putInt(4, -8), "kvm_stats_header.name_size");
        assertRefused(putInt(8, -1), "kvm_stats_header.num_desc");
        assertRefused(putInt(16, 0x7FFF_FFF8), "kvm_stats_header.desc_offset");
        assertRefused(putInt(20, 8), "kvm_stats_header.data_offset");
        assertRefused(putInt(tree + 40, -1), "tree_header.record_count");
        assertRefused(putInt(tree + 44, 1 << 30), "tree_header.record_size");
        assertRefused(putInt(tree + 48, -8), "tree_header.records_offset");
        assertRefused(putInt(tree + 60, -1), "tree_header.text_count");
        assertRefused(putInt(tree + 68, 0x7FFF_FFF8), "string area");
        assertRefused(putShort(tree + 8, 2), "tree_header.major");
        final ByteBuffer b = ByteBuffer.wrap(real).order(ByteOrder.LITTLE_ENDIAN);
        final int records = b.getInt(tree + 48);
        final int recordSize = b.getInt(tree + 44);
        assertRefused(putInt(records + 8, 0), "record[0].parent");
        assertRefused(putInt(records + recordSize + 8, 12345), "record[1].parent");
        assertRefused(putInt(records + recordSize + 12, 7), "record[1].depth");
        assertRefused(putInt(records + 16, -2), "record[0].path_offset");
        assertRefused(putInt(records + 20, -2), "record[0].path_length");
        assertRefused(put(records + 32, (byte)9), "record[0].state[0]");
        assertRefused(putInt(b.getInt(16) + 6, 0x20000), "kvm_stats_desc[0].size");
        assertRefused(putInt(b.getInt(16) + 8, 16), "kvm_stats_desc[0].offset");
        assertRefused(putInt(b.getInt(16), 0x1004), "kvm_stats_desc[0].flags");
        assertRefused(put(b.getInt(tree + 52) + 3, (byte)10), "column[0].scale");
        assertRefused(put(24, (byte)'R'), "id string");
        assertRefused(putInt(tree + 16, 1), "tree_header.flags");
        assertRefused(put(b.getInt(tree + 52) + 16 + 6, (byte)7), "column[1].value_scale");
        assertRefused(put(b.getInt(tree + 52) + 16 + 7, (byte)3), "column[1].value_sign");
        assertRefused(put(records + recordSize + 24, (byte)1), "record[1].reserved");
    }

    @Test
    void aTruncationErrorIsOneLineWithoutAJavaClassName()
    {
        assertThatThrownBy(() -> KvmStatsFile.parse(Arrays.copyOf(real, real.length - 1), "stats.bin"))
            .isInstanceOf(KvmStatsFormatException.class)
            .hasMessageStartingWith("invalid kvm-stats file: ")
            .hasMessageContaining("file=stats.bin")
            .hasMessageContaining("more records than the file holds")
            .hasMessageContaining("field=tree_header.record_count")
            .hasMessageNotContaining("Exception")
            .hasMessageNotContaining("\n");
    }

    private static void assertRefused(final byte[] bytes, final String field)
    {
        final Throwable thrown = catchThrowable(() -> KvmStatsFile.parse(bytes, "hostile"));
        assertFormatError(thrown, field);
        assertThat(((KvmStatsFormatException)thrown).field()).isEqualTo(field);
    }

    private static void assertFormatError(final Throwable thrown, final String what)
    {
        assertThat(thrown).as(what).isInstanceOf(KvmStatsFormatException.class);
        assertThat(thrown.getMessage()).as(what).contains(" offset=").contains(" field=").doesNotContain("\n");
        assertThat(((KvmStatsFormatException)thrown).offset()).as(what).isBetween(0L, (long)Integer.MAX_VALUE);
    }

    /** @return 1 if refused, 0 if read (and then printed without failing). */
    private static int readOrRefuse(final byte[] bytes, final String what, final boolean render) throws Exception
    {
        final KvmStatsFile file;
        try
        {
            file = KvmStatsFile.parse(bytes, "fuzz");
        }
        catch (final KvmStatsFormatException ex)
        {
            assertFormatError(ex, what);
            return 1;
        }
        if (render)
        {
            try
            {
                final Table table = file.table();
                KvmStatsRoundTripTest.render(table, Format.CSV);
                KvmStatsRoundTripTest.render(table, Format.TEXT);
            }
            catch (final KvmStatsFormatException ex)
            {
                assertFormatError(ex, what);
                return 1;
            }
        }
        return 0;
    }

    private static byte[] putInt(final int offset, final int value)
    {
        final byte[] bytes = real.clone();
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(offset, value);
        return bytes;
    }

    private static byte[] putShort(final int offset, final int value)
    {
        final byte[] bytes = real.clone();
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putShort(offset, (short)value);
        return bytes;
    }

    private static byte[] put(final int offset, final byte value)
    {
        final byte[] bytes = real.clone();
        bytes[offset] = value;
        return bytes;
    }
}
