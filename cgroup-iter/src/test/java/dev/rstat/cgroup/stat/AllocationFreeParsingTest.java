package dev.rstat.cgroup.stat;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Checks that re-reading files whose keys were seen before allocates (almost) nothing: no String per number or per
 * key. Measures allocated bytes of this thread (not time).
 */
class AllocationFreeParsingTest
{
    private static final int ROUNDS = 2000;

    private static byte[] memoryStat()
    {
        final StringBuilder content = new StringBuilder();
        final String[] keys = {"anon", "file", "kernel", "kernel_stack", "pagetables", "sec_pagetables", "percpu",
            "sock", "vmalloc", "shmem", "zswap", "zswapped", "file_mapped", "file_dirty", "file_writeback",
            "swapcached", "anon_thp", "file_thp", "shmem_thp", "inactive_anon", "active_anon", "inactive_file",
            "active_file", "unevictable", "slab_reclaimable", "slab_unreclaimable", "slab", "workingset_refault_anon",
            "workingset_refault_file", "pgscan", "pgsteal", "pgfault", "pgmajfault", "thp_fault_alloc"};
        for (int i = 0; i < keys.length; i++)
        {
            content.append(keys[i]).append(' ').append(1234567890123L * (i + 1)).append('\n');
        }
        return content.toString().getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void rereadsKeyedFilesWithoutAllocatingPerKeyOrNumber()
    {
        final java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "no allocation counter");
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)bean;
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());

        final ReaderFixture fixture = new ReaderFixture();
        final byte[] memoryStat = memoryStat();
        final byte[] ioStat = ("8:0 rbytes=1459200 wbytes=314773504 rios=192 wios=353 dbytes=0 dios=0\n"
            + "253:0 rbytes=1 wbytes=2 rios=3 wios=4 dbytes=5 dios=6\n").getBytes(StandardCharsets.US_ASCII);
        final byte[] pressure = ("some avg10=2.32 avg60=1.03 avg300=1.57 total=10685038\n"
            + "full avg10=0.00 avg60=0.00 avg300=0.00 total=0\n").getBytes(StandardCharsets.US_ASCII);
        final byte[] current = "109125632\n".getBytes(StandardCharsets.US_ASCII);
        final Path memoryStatPath = Path.of("/cg/memory.stat");
        final Path ioStatPath = Path.of("/cg/io.stat");
        final Path pressurePath = Path.of("/cg/cpu.pressure");
        final Path currentPath = Path.of("/cg/memory.current");
        final StatReader reader = fixture.reader;
        final StatSample sample = fixture.sample;

        for (int i = 0; i < ROUNDS; i++)
        {
            reader.parse(memoryStatPath, "memory.stat", memoryStat, memoryStat.length, sample);
            reader.parse(ioStatPath, "io.stat", ioStat, ioStat.length, sample);
            reader.parse(pressurePath, "cpu.pressure", pressure, pressure.length, sample);
            reader.parse(currentPath, "memory.current", current, current.length, sample);
        }
        final long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        for (int i = 0; i < ROUNDS; i++)
        {
            sample.clear();
            reader.parse(memoryStatPath, "memory.stat", memoryStat, memoryStat.length, sample);
            reader.parse(ioStatPath, "io.stat", ioStat, ioStat.length, sample);
            reader.parse(pressurePath, "cpu.pressure", pressure, pressure.length, sample);
            reader.parse(currentPath, "memory.current", current, current.length, sample);
        }
        final long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;

        final int valuesPerRound = 34 + 12 + 8 + 1;
        // a String per value would be at least 40 bytes each: 55 * 2000 * 40 = 4.4 MB
        assertThat(allocated).as("bytes allocated for %d values", (long)valuesPerRound * ROUNDS)
            .isLessThan(64 * 1024);
        assertThat(fixture.value("memory.stat.thp_fault_alloc")).isEqualTo(1234567890123L * 34);
        assertThat(fixture.value("io.stat.253:0.dios")).isEqualTo(6L);
        assertThat(fixture.problems.any()).isFalse();
    }
}
