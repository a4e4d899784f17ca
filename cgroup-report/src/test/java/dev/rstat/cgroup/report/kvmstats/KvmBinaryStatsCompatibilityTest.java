package dev.rstat.cgroup.report.kvmstats;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.rstat.cgroup.Hierarchy;
import dev.rstat.cgroup.report.Field;
import dev.rstat.cgroup.report.Sample;
import dev.rstat.cgroup.report.Sampler;
import dev.rstat.cgroup.report.Table;
import dev.rstat.cgroup.stat.ValueState;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A reader written only from KVM's documentation of {@code KVM_GET_STATS_FD} (Documentation/virt/kvm/api.rst and
 * include/uapi/linux/kvm.h: {@code struct kvm_stats_header}, {@code struct kvm_stats_desc} followed by
 * {@code name_size} bytes of name, u64 data at {@code data_offset + desc.offset}, the type, unit and base bits of
 * {@code flags}) reads the first cgroup's values of a kvm-stats file unchanged.
 */
class KvmBinaryStatsCompatibilityTest
{
    // include/uapi/linux/kvm.h
    private static final int KVM_STATS_TYPE_MASK = 0xF;
    private static final int KVM_STATS_TYPE_CUMULATIVE = 0x0;
    private static final int KVM_STATS_TYPE_INSTANT = 0x1;
    private static final int KVM_STATS_TYPE_PEAK = 0x2;
    private static final int KVM_STATS_UNIT_MASK = 0xF << 4;
    private static final int KVM_STATS_UNIT_NONE = 0x0 << 4;
    private static final int KVM_STATS_UNIT_BYTES = 0x1 << 4;
    private static final int KVM_STATS_UNIT_SECONDS = 0x2 << 4;
    private static final int KVM_STATS_BASE_MASK = 0xF << 8;
    private static final int KVM_STATS_BASE_POW10 = 0x0 << 8;
    private static final int KVM_STATS_BASE_POW2 = 0x1 << 8;

    /** What a KVM reader knows of one statistic. */
    private record KvmStat(int flags, int exponent, int size, long offset, long bucketSize, long value)
    {
    }

    /** Reads header, id, descriptors and the data block the header points at, as a KVM reader does. */
    private static Map<String, KvmStat> readAsKvm(final ByteBuffer file, final long dataOffsetOverride)
    {
        final ByteBuffer b = file.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        final int nameSize = b.getInt(4);
        final int numDesc = b.getInt(8);
        final int descOffset = b.getInt(16);
        final int dataOffset = dataOffsetOverride < 0 ? b.getInt(20) : (int)dataOffsetOverride;
        final Map<String, KvmStat> stats = new HashMap<>();
        for (int i = 0; i < numDesc; i++)
        {
            final int d = descOffset + i * (16 + nameSize);
            final byte[] name = new byte[nameSize];
            b.get(d + 16, name);
            int end = 0;
            while (name[end] != 0)
            {
                end++;
            }
            final long offset = Integer.toUnsignedLong(b.getInt(d + 8));
            stats.put(new String(name, 0, end, StandardCharsets.UTF_8), new KvmStat(b.getInt(d), b.getShort(d + 4),
                Short.toUnsignedInt(b.getShort(d + 6)), offset, Integer.toUnsignedLong(b.getInt(d + 12)),
                b.getLong((int)(dataOffset + offset))));
        }
        return stats;
    }

    @Test
    void aKvmReaderReadsTheFirstCgroupsValuesThroughTheDescriptorsOffsets()
    {
        try (Sampler sampler = Sampler.on(Hierarchy.at(KvmStatsRoundTripTest.SYSTEMD_HOST))
            .files(List.of(Sampler.ALL_FILES)).aggregate(true).build())
        {
            final Sample sample = sampler.sample();
            final Table table = Table.of(sample);
            final ByteBuffer file = KvmStatsWriter.encode(table, Instant.now());
            final ByteBuffer b = file.duplicate().order(ByteOrder.LITTLE_ENDIAN);

            final int nameSize = b.getInt(4);
            assertThat(b.getInt(0)).as("flags").isZero();
            assertThat(nameSize % 8).isZero();
            assertThat(b.getInt(12)).as("id_offset right after the header, as KVM lays it").isEqualTo(24);
            assertThat(b.getInt(16)).as("desc_offset right after the id").isEqualTo(24 + nameSize);
            assertThat(b.getInt(20) % 8).as("data_offset").isZero();
            assertThat(b.getInt(8)).isEqualTo(table.fields().size());
            final byte[] id = new byte[nameSize];
            b.get(24, id);
            assertThat(new String(id, StandardCharsets.US_ASCII)).startsWith("rstat-cgroup-tree\0");

            final Map<String, KvmStat> stats = readAsKvm(file, -1);
            final int first = table.rows()[0];
            for (final Field field : table.fields())
            {
                final KvmStat stat = stats.get(field.name(sample.columns()));
                assertThat(stat).as(field.name(sample.columns())).isNotNull();
                assertThat(stat.size()).isEqualTo(1);
                assertThat(stat.bucketSize()).isZero();
                final ValueState state = sample.state(first, field);
                if (state == ValueState.NUMBER)
                {
                    assertThat(stat.value()).as(field.name(sample.columns())).isEqualTo(sample.value(first, field));
                }
                else if (state == ValueState.MAX)
                {
                    assertThat(stat.value()).isEqualTo(-1L);
                }
            }
            final KvmStat usage = stats.get("cpu.stat.usage_usec");
            assertThat(usage.flags() & KVM_STATS_TYPE_MASK).isEqualTo(KVM_STATS_TYPE_CUMULATIVE);
            assertThat(usage.flags() & KVM_STATS_UNIT_MASK).isEqualTo(KVM_STATS_UNIT_SECONDS);
            assertThat(usage.flags() & KVM_STATS_BASE_MASK).isEqualTo(KVM_STATS_BASE_POW10);
            assertThat(usage.exponent()).isEqualTo(-6);
            final KvmStat current = stats.get("memory.stat.anon");
            assertThat(current.flags()).isEqualTo(KVM_STATS_TYPE_INSTANT | KVM_STATS_UNIT_BYTES | KVM_STATS_BASE_POW2);
            assertThat(current.exponent()).isZero();
            final KvmStat faults = stats.get("memory.stat.pgfault");
            assertThat(faults.flags()).isEqualTo(KVM_STATS_TYPE_CUMULATIVE | KVM_STATS_UNIT_NONE |
                KVM_STATS_BASE_POW10);
            final KvmStat avg10 = stats.get("cpu.pressure.some.avg10");
            assertThat(avg10.flags()).isEqualTo(KVM_STATS_TYPE_INSTANT | KVM_STATS_UNIT_NONE | KVM_STATS_BASE_POW10);
            assertThat(avg10.exponent()).as("percent with two decimals, as a fraction of 1").isEqualTo(-4);
            final KvmStat stalled = stats.get("cpu.pressure.some.total");
            assertThat(stalled.flags()).isEqualTo(KVM_STATS_TYPE_CUMULATIVE | KVM_STATS_UNIT_SECONDS |
                KVM_STATS_BASE_POW10);
            assertThat(stats.get("memory.max").flags() & KVM_STATS_TYPE_MASK).isEqualTo(KVM_STATS_TYPE_INSTANT);
            assertThat(stats.get("memory.peak").flags()).isEqualTo(KVM_STATS_TYPE_PEAK | KVM_STATS_UNIT_BYTES |
                KVM_STATS_BASE_POW2);
        }
    }

    @Test
    void theSpecsArithmeticFindsEveryCgroupsDataBlock()
    {
        try (Sampler sampler = Sampler.on(Hierarchy.at(KvmStatsRoundTripTest.SYSTEMD_HOST)).aggregate(true).build())
        {
            final Sample sample = sampler.sample();
            final Table table = Table.of(sample);
            final ByteBuffer file = KvmStatsWriter.encode(table, Instant.now());
            final ByteBuffer b = file.duplicate().order(ByteOrder.LITTLE_ENDIAN);
            // docs/kvm-stats-format.md: the tree header follows the descriptors; record n's data block is at
            // data_offset + n x record_size, and its header (id at +0, depth at +12) at records_offset + n x record_size
            final int tree = b.getInt(16) + b.getInt(8) * (16 + b.getInt(4));
            assertThat(new String(new byte[] {b.get(tree), b.get(tree + 1), b.get(tree + 2), b.get(tree + 3),
                b.get(tree + 4), b.get(tree + 5), b.get(tree + 6), b.get(tree + 7)}, StandardCharsets.US_ASCII))
                .isEqualTo("RSTATCGT");
            final int count = b.getInt(tree + 40);
            final int recordSize = b.getInt(tree + 44);
            final int records = b.getInt(tree + 48);
            assertThat(count).isEqualTo(table.rows().length);
            for (int n = 0; n < count; n++)
            {
                final int row = table.rows()[n];
                assertThat(b.getLong(records + n * recordSize)).isEqualTo(sample.id(row));
                assertThat(b.getInt(records + n * recordSize + 12)).isEqualTo(sample.depth(row));
                final Map<String, KvmStat> stats = readAsKvm(file, b.getInt(20) + (long)n * recordSize);
                for (final Field field : table.fields())
                {
                    if (sample.state(row, field) == ValueState.NUMBER)
                    {
                        assertThat(stats.get(field.name(sample.columns())).value()).isEqualTo(sample.value(row, field));
                    }
                }
            }
        }
    }
}
