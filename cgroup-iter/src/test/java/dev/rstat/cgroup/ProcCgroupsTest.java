package dev.rstat.cgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** {@code /proc/cgroups}: the kernel's count of each controller's cgroups, live and dying. */
class ProcCgroupsTest
{
    @Test
    void parsesEveryControllerLine()
    {
        final List<ProcCgroups.Subsystem> all = ProcCgroups.parse(
            "#subsys_name\thierarchy\tnum_cgroups\tenabled\ncpuset\t3\t1\t1\nmemory\t4\t54\t1\nhugetlb\t0\t1\t0\n",
            "/proc/cgroups");
        assertThat(all).containsExactly(new ProcCgroups.Subsystem("cpuset", 3, 1, true),
            new ProcCgroups.Subsystem("memory", 4, 54, true), new ProcCgroups.Subsystem("hugetlb", 0, 1, false));
    }

    @Test
    void namesTheFileLineAndTextOfAMalformedLine()
    {
        assertThatThrownBy(() -> ProcCgroups.parse("#h\nmemory 4 lots 1\n", "/proc/cgroups"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("file=/proc/cgroups").hasMessageContaining("line=2")
            .hasMessageContaining("text=memory 4 lots 1");
    }

    @Test
    void readsThisMachinesFile()
    {
        Assumptions.assumeTrue(Files.isReadable(ProcCgroups.PROC_CGROUPS), "no /proc/cgroups");
        assertThat(ProcCgroups.tryRead(ProcCgroups.PROC_CGROUPS)).isPresent()
            .get().satisfies(list -> assertThat(list).isNotEmpty().allMatch(s -> s.cgroups() >= 1));
    }
}
