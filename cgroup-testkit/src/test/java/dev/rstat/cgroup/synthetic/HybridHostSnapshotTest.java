package dev.rstat.cgroup.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The committed live snapshot of the development machine (testdata/hybrid-host) is in the snapshot layout. */
class HybridHostSnapshotTest
{
    private static final Path HOST = TreeReader.testdata().resolve("hybrid-host");

    @Test
    void everyHierarchyIsASnapshotWithItsMountAndVersion()
    {
        final String mountinfo = TreeReader.text(HOST.resolve("mountinfo"));
        for (final String name : List.of("unified", "memory", "cpu", "cpuacct", "pids"))
        {
            final String info = TreeReader.text(HOST.resolve(name).resolve(".rstat-snapshot"));
            final String source = "/sys/fs/cgroup/" + name;
            assertThat(info).as(name).startsWith("source=" + source + "\nversion=" +
                ("unified".equals(name) ? "2" : "1") + "\ncontrollers=").matches("(?s).*\ntaken=[0-9T:-]+Z\n");
            assertThat(mountinfo).as(name).contains(" " + source + " ");
        }
        assertThat(mountinfo.lines()).allMatch(line -> line.contains(" - cgroup ") || line.contains(" - cgroup2 "));
        assertThat(TreeReader.text(HOST.resolve("uname"))).startsWith("Linux ");
    }

    @Test
    void everyCgroupDirectoryHasAUniqueInodeIdWithinItsHierarchy()
    {
        for (final String name : List.of("unified", "memory", "cpu", "cpuacct", "pids"))
        {
            final Map<String, Path> cgroups = TreeReader.cgroups(HOST.resolve(name));
            final Set<Long> ids = new HashSet<>();
            for (final Path dir : cgroups.values())
            {
                final String id = TreeReader.text(dir.resolve(".rstat-cgroup-id"));
                assertThat(id).as(dir.toString()).matches("[0-9]+\n");
                ids.add(Long.parseLong(id.trim()));
            }
            assertThat(ids).as(name).hasSameSizeAs(cgroups.keySet()).contains(1L);
        }
        assertThat(TreeReader.cgroups(HOST.resolve("unified"))).hasSizeGreaterThan(1);
        assertThat(TreeReader.cgroups(HOST.resolve("memory"))).hasSizeGreaterThan(1);
    }

    @Test
    void writeOnlyAndUnreadableFilesWereNotCopied()
    {
        for (final Map.Entry<String, Path> e : TreeReader.cgroups(HOST.resolve("memory")).entrySet())
        {
            assertThat(e.getValue().resolve("memory.stat")).as(e.getKey()).isRegularFile();
            for (final String skipped : List.of("cgroup.event_control", "memory.force_empty", "memory.pressure_level"))
            {
                assertThat(Files.exists(e.getValue().resolve(skipped))).as(e.getKey() + " " + skipped).isFalse();
            }
        }
        for (final Path dir : TreeReader.cgroups(HOST.resolve("unified")).values())
        {
            assertThat(dir.resolve("cgroup.kill")).doesNotExist();
            assertThat(dir.resolve("cpu.stat")).isRegularFile();
        }
        assertThat(TreeReader.text(HOST.resolve("cpuacct").resolve("cpuacct.usage_percpu"))).endsWith(" \n");
    }

    @Test
    void consistencyReportSummarisesTheV1MemoryComparison()
    {
        final List<String> lines = TreeReader.text(HOST.resolve("CONSISTENCY.txt")).lines().toList();
        assertThat(lines.get(lines.size() - 1)).matches("compared=[0-9]+ differing=[0-9]+ cgroups=[0-9]+");
        assertThat(lines.subList(0, lines.size() - 1))
            .allMatch(line -> line.matches("/\\S* total_\\w+=[0-9]+ sum_of_\\w+=[0-9]+ diff=-?[0-9]+"));
    }
}
