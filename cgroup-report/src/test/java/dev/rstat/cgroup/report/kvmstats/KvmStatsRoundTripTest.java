package dev.rstat.cgroup.report.kvmstats;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.rstat.cgroup.Hierarchy;
import dev.rstat.cgroup.Order;
import dev.rstat.cgroup.report.Derivation;
import dev.rstat.cgroup.report.Field;
import dev.rstat.cgroup.report.Sample;
import dev.rstat.cgroup.report.SampleBuilder;
import dev.rstat.cgroup.report.Sampler;
import dev.rstat.cgroup.report.Table;
import dev.rstat.cgroup.report.Walk;
import dev.rstat.cgroup.report.render.Format;
import dev.rstat.cgroup.report.render.Renderer;
import dev.rstat.cgroup.stat.Columns;
import dev.rstat.cgroup.stat.Problems;
import dev.rstat.cgroup.stat.StatCatalog;
import dev.rstat.cgroup.stat.StatInfo;
import dev.rstat.cgroup.stat.StatKind;
import dev.rstat.cgroup.stat.StatScope;
import dev.rstat.cgroup.stat.StatSign;
import dev.rstat.cgroup.stat.StatUnit;
import dev.rstat.cgroup.stat.ValueState;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** A sample written as a kvm-stats file and read back prints what the sample prints, value for value. */
class KvmStatsRoundTripTest
{
    static final Path SYSTEMD_HOST = testdata().resolve("systemd-host/tree");
    private static final Path LIVE_MEMORY = Path.of("/sys/fs/cgroup/memory");

    static Path testdata()
    {
        final String dir = System.getProperty("testdata.dir");
        return dir != null ? Path.of(dir) : Path.of("..", "testdata");
    }

    @Test
    void everyFieldOfTheSystemdHostTreeReadsBackAsTheSameCsvTextAndJson() throws IOException
    {
        final long[] now = {1};
        try (Sampler sampler = Sampler.on(Hierarchy.at(SYSTEMD_HOST)).files(List.of(Sampler.ALL_FILES))
            .aggregate(true).derive(EnumSet.of(Derivation.MAX, Derivation.MIN, Derivation.AVG, Derivation.ZERO))
            .rates(true).clock(() -> now[0]).build())
        {
            sampler.sample();
            now[0] = 2_000_000_001L;
            final Table table = Table.of(sampler.sample());
            assertThat(table.fields()).extracting(Field::derivation).containsAll(
                EnumSet.complementOf(EnumSet.of(Derivation.DYING)));
            final KvmStatsFile file = roundTrip(table);

            assertSameValues(table, file);
            for (final Format format : List.of(Format.CSV, Format.TEXT, Format.JSON, Format.OPENMETRICS))
            {
                assertThat(render(file.table(), format)).as(format.name()).isEqualTo(render(table, format));
            }
            assertThat(render(file.table(), Format.CSV)).contains("cgroup.controllers").contains(",max,");
        }
    }

    @Test
    void theHostileTreesReadBackAsTheSameCsv() throws IOException
    {
        for (final String hierarchy : List.of("unified", "memory", "cpu,cpuacct"))
        {
            try (Sampler sampler = Sampler.on(Hierarchy.at(testdata().resolve("hostile").resolve(hierarchy)))
                .files(List.of(Sampler.ALL_FILES)).aggregate(true).problems(new Problems(line -> { })).build())
            {
                final Table table = Table.of(sampler.sample());
                final KvmStatsFile file = roundTrip(table);

                assertSameValues(table, file);
                assertThat(render(file.table(), Format.CSV)).as(hierarchy).isEqualTo(render(table, Format.CSV));
            }
        }
    }

    @Test
    void thisMachinesV1MemoryHierarchyReadsBackAsTheSameCsv() throws IOException
    {
        assumeTrue(Files.isReadable(LIVE_MEMORY.resolve("memory.usage_in_bytes")), "no v1 memory hierarchy here");
        try (Sampler sampler = Sampler.on(Hierarchy.at(LIVE_MEMORY)).aggregate(true).build())
        {
            final Table table = Table.of(sampler.sample());
            final KvmStatsFile file = roundTrip(table);

            assertThat(file.cgroupVersion()).isEqualTo(1);
            assertThat(table.fields()).extracting(Field::derivation).contains(Derivation.DYING);
            assertThat(file.size()).isEqualTo(table.rows().length).isPositive();
            assertSameValues(table, file);
            assertThat(render(file.table(), Format.CSV)).isEqualTo(render(table, Format.CSV));
        }
    }

    @Test
    void aPostOrderWalkFromASliceKeepsItsOrderAndParentLinks() throws IOException
    {
        try (Sampler sampler = Sampler.on(Hierarchy.at(SYSTEMD_HOST)).aggregate(true).build())
        {
            final Sample sample = sampler.sample();
            final int[] rows = sample.rows(Walk.all().withOrder(Order.DESCENDANTS_POST).withStart("/system.slice"));
            final Table table = new Table(sample, rows, sample.fields());
            final KvmStatsFile file = roundTrip(table);

            assertThat(file.size()).isEqualTo(rows.length).isGreaterThan(2);
            for (int r = 0; r < rows.length; r++)
            {
                assertThat(file.path(r)).isEqualTo(sample.path(rows[r]));
                final int parent = file.parent(r);
                if (r == rows.length - 1)
                {
                    assertThat(file.path(r)).isEqualTo("/system.slice");
                    assertThat(parent).as("the start's parent is not in the file").isEqualTo(-1);
                }
                else
                {
                    assertThat(parent).isGreaterThan(r);
                    assertThat(file.path(parent)).isEqualTo(sample.path(sample.parent(rows[r])));
                }
            }
            assertThat(render(file.table(), Format.CSV)).isEqualTo(render(table, Format.CSV));
        }
    }

    @Test
    void negativeSignedValuesMaxTextsAndEveryMissingStateKeepTheirState() throws IOException
    {
        final Columns columns = new Columns(StatCatalog.v2());
        final Field nice = Field.raw(columns.intern("cpu.weight.nice", "cpu.weight.nice",
            new StatInfo(StatKind.INFO, StatScope.NONE, StatUnit.NONE, 0, StatSign.SIGNED)));
        final Field max = Field.raw(columns.intern("memory.max"));
        final Field text = Field.raw(columns.intern("cgroup.controllers"));
        final Field self = new Field(columns.intern("memory.current"), Derivation.SELF);
        final SampleBuilder builder = new SampleBuilder(columns);
        final int root = builder.row(1, "/", 0);
        final int child = builder.row(-2L, "/a,\"b\"\n/é", 1, root);
        builder.number(root, nice, -1).state(root, max, ValueState.MAX).text(root, text, "cpu, \"io\"\nmemory ✓")
            .number(root, self, -4096);
        builder.number(child, nice, Long.MIN_VALUE).number(child, max, -1L).state(child, text, ValueState.VANISHED)
            .state(child, self, ValueState.UNSUPPORTED);
        final Sample sample = builder.build();
        final Table table = new Table(sample, new int[] {root, child}, List.of(nice, max, text, self));
        final KvmStatsFile file = roundTrip(table);

        assertThat(file.value(0, 0)).isEqualTo(-1);
        assertThat(file.state(0, 1)).isEqualTo(ValueState.MAX);
        assertThat(file.value(0, 1)).as("max is all ones").isEqualTo(0xFFFF_FFFF_FFFF_FFFFL);
        assertThat(file.state(1, 1)).as("a number that happens to be all ones").isEqualTo(ValueState.NUMBER);
        assertThat(file.text(0, 2)).isEqualTo("cpu, \"io\"\nmemory ✓");
        assertThat(file.state(1, 2)).isEqualTo(ValueState.VANISHED);
        assertThat(file.state(1, 3)).isEqualTo(ValueState.UNSUPPORTED);
        assertThat(file.id(1)).isEqualTo(-2L);
        assertThat(file.path(1)).isEqualTo("/a,\"b\"\n/é");
        assertSameValues(table, file);
        assertThat(render(file.table(), Format.CSV)).isEqualTo(render(table, Format.CSV))
            .contains("-9223372036854775808").contains("18446744073709551615");
    }

    @Test
    void aTenThousandDeepChainIsWrittenAndReadWithoutRecursion()
    {
        final int depth = 10_000;
        final Columns columns = new Columns(StatCatalog.v2());
        final Field current = Field.raw(columns.intern("memory.current"));
        final SampleBuilder builder = new SampleBuilder(columns);
        final StringBuilder path = new StringBuilder();
        final int[] rows = new int[depth + 1];
        rows[0] = builder.row(1, "/", 0);
        for (int d = 1; d <= depth; d++)
        {
            path.append("/c");
            rows[d] = builder.row(d + 1, path.toString(), d, rows[d - 1]);
            builder.number(rows[d], current, d);
        }
        final int[] leafFirst = new int[depth + 1];
        for (int i = 0; i <= depth; i++)
        {
            leafFirst[i] = rows[depth - i];
        }
        final Sample sample = builder.build();
        final KvmStatsFile file = roundTrip(new Table(sample, leafFirst, List.of(current)));

        assertThat(file.size()).isEqualTo(depth + 1);
        assertThat(file.depth(0)).isEqualTo(depth);
        assertThat(file.parent(0)).isEqualTo(1);
        assertThat(file.value(0, 0)).isEqualTo(depth);
        assertThat(file.parent(depth)).isEqualTo(-1);
        final Table table = file.table();
        assertThat(table.sample().path(table.rows()[0])).hasSize(2 * depth);
        assertThat(table.sample().parent(table.rows()[0])).isEqualTo(table.rows()[1]);
    }

    @Test
    void theSampleTimeAndCgroupVersionAreKept() throws IOException
    {
        final Columns columns = new Columns(StatCatalog.v2());
        final SampleBuilder builder = new SampleBuilder(columns);
        builder.row(1, "/", 0);
        final Sample sample = builder.build();
        final Instant at = Instant.parse("2026-12-01T11:40:00.123456789Z");
        final java.io.ByteArrayOutputStream written = new java.io.ByteArrayOutputStream();
        KvmStatsWriter.write(Table.of(sample), at, written);
        final KvmStatsFile file = KvmStatsFile.parse(written.toByteArray(), "t");

        assertThat(file.sampledAt()).isEqualTo(at);
        assertThat(file.cgroupVersion()).isEqualTo(2);
        assertThat(file.generation()).isZero();
        assertThat(file.valueCount()).isZero();
        assertThat(file.size()).isEqualTo(1);
    }

    @Test
    void everyDerivationKindUnitScopeSignAndStateHasACode()
    {
        assertThat(Layout.DERIVATIONS).containsExactlyInAnyOrder(Derivation.values());
        assertThat(Layout.KINDS).containsExactlyInAnyOrder(StatKind.values());
        assertThat(Layout.UNITS).containsExactlyInAnyOrder(StatUnit.values());
        assertThat(Layout.SCOPES).containsExactlyInAnyOrder(StatScope.values());
        assertThat(Layout.SIGNS).containsExactlyInAnyOrder(StatSign.values());
        assertThat(Layout.STATES).containsExactlyInAnyOrder(ValueState.values());
    }

    static KvmStatsFile roundTrip(final Table table)
    {
        return KvmStatsFile.parse(bytes(KvmStatsWriter.encode(table, Instant.now())), "round-trip");
    }

    static byte[] bytes(final ByteBuffer buffer)
    {
        final byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    private static void assertSameValues(final Table table, final KvmStatsFile file)
    {
        final Sample sample = table.sample();
        final List<Field> fields = table.fields();
        assertThat(file.size()).isEqualTo(table.rows().length);
        assertThat(file.valueCount()).isEqualTo(fields.size());
        for (int v = 0; v < fields.size(); v++)
        {
            assertThat(file.name(v)).isEqualTo(fields.get(v).name(sample.columns()));
        }
        for (int r = 0; r < file.size(); r++)
        {
            final int row = table.rows()[r];
            assertThat(file.id(r)).isEqualTo(sample.id(row));
            assertThat(file.depth(r)).isEqualTo(sample.depth(row));
            assertThat(file.path(r)).isEqualTo(sample.path(row));
            for (int v = 0; v < fields.size(); v++)
            {
                final Field field = fields.get(v);
                final ValueState state = sample.state(row, field);
                assertThat(file.state(r, v)).as("%s %s", sample.path(row), file.name(v)).isEqualTo(state);
                if (state == ValueState.NUMBER)
                {
                    assertThat(file.value(r, v)).as("%s %s", sample.path(row), file.name(v))
                        .isEqualTo(sample.value(row, field));
                }
                if (state == ValueState.TEXT)
                {
                    assertThat(file.text(r, v)).isEqualTo(sample.text(row, field));
                }
            }
        }
    }

    static String render(final Table table, final Format format) throws IOException
    {
        final StringWriter out = new StringWriter();
        Renderer.of(format, false).render(table, out);
        return out.toString();
    }
}
