package dev.rstat.cgroup.stat;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Reads this machine's real cgroupfs (read-only, except for one empty cgroup it creates and removes). */
class RealCgroupfsTest
{
    private static final Path UNIFIED = Path.of("/sys/fs/cgroup/unified");
    private static final Path MEMORY_V1 = Path.of("/sys/fs/cgroup/memory");

    @Test
    void readsRealUnifiedCpuStatConsistently()
    {
        assumeTrue(Files.isReadable(UNIFIED.resolve("cpu.stat")), "no " + UNIFIED + "/cpu.stat");
        final ReaderFixture fixture = new ReaderFixture(StatCatalog.v2());
        assertThat(fixture.reader.read(UNIFIED, "cpu.stat", fixture.sample)).isTrue();
        final long usage = fixture.value("cpu.stat.usage_usec");
        assertThat(Long.compareUnsigned(usage, fixture.value("cpu.stat.user_usec"))).isGreaterThanOrEqualTo(0);
        assertThat(Long.compareUnsigned(usage, fixture.value("cpu.stat.system_usec"))).isGreaterThanOrEqualTo(0);
        assertThat(usage).isPositive();
        assertThat(fixture.problems.any()).as(fixture.warnings.toString()).isFalse();
    }

    @Test
    void readsRealV1MemoryStatConsistently()
    {
        assumeTrue(Files.isReadable(MEMORY_V1.resolve("memory.stat")), "no " + MEMORY_V1 + "/memory.stat");
        final ReaderFixture fixture = new ReaderFixture(StatCatalog.v1());
        assertThat(fixture.reader.read(MEMORY_V1, "memory.stat", fixture.sample)).isTrue();
        for (final String key : new String[] {"cache", "rss", "pgfault", "active_file"})
        {
            final long local = fixture.value("memory.stat." + key);
            final long total = fixture.value("memory.stat.total_" + key);
            assertThat(Long.compareUnsigned(total, local)).as(key).isGreaterThanOrEqualTo(0);
        }
        assertThat(fixture.info("memory.stat.cache").scope()).isEqualTo(StatScope.LOCAL);
        assertThat(fixture.info("memory.stat.total_cache").scope()).isEqualTo(StatScope.HIERARCHICAL);
        assertThat(fixture.problems.any()).as(fixture.warnings.toString()).isFalse();
    }

    @Test
    void readsEveryRootFileOfEveryHierarchyWithoutMalformedLines() throws IOException
    {
        final Path cgroupRoot = Path.of("/sys/fs/cgroup");
        assumeTrue(Files.isDirectory(cgroupRoot), "no /sys/fs/cgroup");
        final List<Path> hierarchies = new ArrayList<>();
        try (Stream<Path> children = Files.list(cgroupRoot))
        {
            children.filter(Files::isDirectory).forEach(hierarchies::add);
        }
        hierarchies.add(cgroupRoot);
        int files = 0;
        for (final Path hierarchy : hierarchies)
        {
            final boolean v2 = Files.exists(hierarchy.resolve("cgroup.controllers"));
            final ReaderFixture fixture = new ReaderFixture(v2 ? StatCatalog.v2() : StatCatalog.v1());
            try (Stream<Path> children = Files.list(hierarchy))
            {
                for (final Path file : (Iterable<Path>)children.filter(Files::isRegularFile)::iterator)
                {
                    assertThat(fixture.reader.read(hierarchy, file.getFileName().toString(), fixture.sample))
                        .isTrue();
                    files++;
                }
            }
            assertThat(fixture.problems.malformedCount()).as(hierarchy + ": " + fixture.warnings).isZero();
            assertThat(fixture.problems.vanishedCount()).isZero();
        }
        assumeTrue(files > 0, "no cgroup files");
    }

    @Test
    void seesACreatedCgroupVanish() throws IOException
    {
        assumeTrue(Files.isWritable(UNIFIED), "cannot create cgroups under " + UNIFIED);
        final Path cgroup = UNIFIED.resolve("rstat-stat-test-" + ProcessHandle.current().pid());
        try
        {
            Files.createDirectory(cgroup);
        }
        catch (final IOException ex)
        {
            org.junit.jupiter.api.Assumptions.abort("cannot create " + cgroup + ": " + ex);
        }
        final ReaderFixture fixture = new ReaderFixture(StatCatalog.v2());
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(cgroup))
        {
            final SecureDirectoryStream<Path> handle = (SecureDirectoryStream<Path>)stream;
            assertThat(fixture.reader.read(handle, cgroup, "cpu.stat", fixture.sample)).isTrue();
            assertThat(fixture.reader.read(handle, cgroup, "cgroup.procs", fixture.sample)).isTrue();
            assertThat(fixture.value("cpu.stat.usage_usec")).isZero();
            assertThat(fixture.value("cgroup.procs")).isZero();
            assertThat(fixture.reader.read(handle, cgroup, "memory.current", fixture.sample)).isTrue();
            assertThat(fixture.reader.read(cgroup, "cgroup.kill", fixture.sample)).isTrue();
            assertThat(fixture.names()).as("an unknown file that was never read has no columns")
                .doesNotContain("cgroup.kill");
            assertThat(fixture.problems.unreadableCount()).isEqualTo(1);
            assertThat(fixture.problems.vanishedCount()).isZero();

            final SeekableByteChannel openBeforeRemoval = Files.newByteChannel(cgroup.resolve("cpu.stat"));
            Files.delete(cgroup);
            fixture.sample.clear();
            assertThat(fixture.reader.read(openBeforeRemoval, cgroup, "cpu.stat", fixture.sample)).isFalse();
            assertThat(fixture.state("cpu.stat.usage_usec")).isEqualTo(ValueState.VANISHED);
            assertThat(fixture.problems.vanishedCount()).isEqualTo(1);

            final ReaderFixture afterwards = new ReaderFixture(StatCatalog.v2());
            assertThat(afterwards.reader.read(handle, cgroup, "cpu.stat", afterwards.sample)).isFalse();
            assertThat(afterwards.reader.read(cgroup, "cpu.stat", afterwards.sample)).isFalse();
            assertThat(afterwards.problems.vanishedCount()).isEqualTo(1);
            assertThat(afterwards.problems.unreadableCount()).isZero();
        }
        finally
        {
            Files.deleteIfExists(cgroup);
        }
    }
}
