package dev.rstat.cgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class MountsTest
{
    /** systemd "unified" layout (cgroup2 only), with an unrelated mount around it. */
    static final String UNIFIED = String.join("\n",
        "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw",
        "25 22 0:23 / /sys rw,nosuid,nodev,noexec,relatime shared:7 - sysfs sysfs rw",
        "30 25 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:8 - cgroup2 cgroup2 " +
            "rw,nsdelegate,memory_recursiveprot",
        "");

    /** systemd "hybrid" layout, as on this project's machine. */
    static final String HYBRID = String.join("\n",
        "31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755",
        "32 31 0:29 / /sys/fs/cgroup/cpu,cpuacct rw,relatime shared:9 - cgroup cgroup rw,cpu,cpuacct",
        "35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory",
        "40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,xattr,name=systemd",
        "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw");

    /** Legacy v1-only layout, with a controller mount whose point has an escaped space and a bind mount. */
    static final String LEGACY = String.join("\n",
        "31 23 0:28 / /sys/fs/cgroup ro,nosuid - tmpfs tmpfs ro,mode=755",
        "34 31 0:31 / /sys/fs/cgroup/cpuset rw,relatime shared:14 master:3 - cgroup cgroup rw,cpuset,clone_children",
        "35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory",
        "36 31 0:33 / /mnt/my\\040cgroups rw - cgroup none rw,pids,release_agent=/bin/x",
        "37 31 0:32 / /other/memory rw - cgroup cgroup rw,memory");

    @Test
    void discoversUnifiedLayout()
    {
        final Mounts mounts = Mounts.parse(UNIFIED, "mountinfo");
        assertThat(mounts.layout()).isEqualTo(CgroupLayout.UNIFIED);
        assertThat(mounts.hierarchies()).hasSize(1);
        final Hierarchy root = mounts.defaultRoot();
        assertThat(root.directory()).isEqualTo(Path.of("/sys/fs/cgroup"));
        assertThat(root.version()).isEqualTo(CgroupVersion.V2);
        assertThat(root.controllers()).isEmpty();
        assertThat(mounts.controller("memory")).isEmpty();
    }

    @Test
    void discoversHybridLayoutWithV1ControllersFromSuperOptions()
    {
        final Mounts mounts = Mounts.parse(HYBRID, "mountinfo");
        assertThat(mounts.layout()).isEqualTo(CgroupLayout.HYBRID);
        assertThat(mounts.defaultRoot().directory()).isEqualTo(Path.of("/sys/fs/cgroup/unified"));
        assertThat(mounts.controller("cpuacct").orElseThrow().directory())
            .isEqualTo(Path.of("/sys/fs/cgroup/cpu,cpuacct"));
        assertThat(mounts.controller("cpu").orElseThrow().controllers()).containsExactly("cpu", "cpuacct");
        final Hierarchy systemd = mounts.hierarchies().get(2);
        assertThat(systemd.name()).isEqualTo("systemd");
        assertThat(systemd.controllers()).isEmpty();
        assertThat(mounts.hierarchies()).extracting(Hierarchy::version)
            .containsExactly(CgroupVersion.V1, CgroupVersion.V1, CgroupVersion.V1, CgroupVersion.V2);
    }

    @Test
    void discoversLegacyLayoutDecodingEscapesAndDroppingBindMounts()
    {
        final Mounts mounts = Mounts.parse(LEGACY, "mountinfo");
        assertThat(mounts.layout()).isEqualTo(CgroupLayout.LEGACY);
        assertThat(mounts.unified()).isEmpty();
        assertThatThrownBy(mounts::defaultRoot)
            .isInstanceOf(CgroupNotFoundException.class)
            .hasMessageContaining("layout=LEGACY");
        assertThat(mounts.hierarchies()).extracting(Hierarchy::directory).containsExactly(
            Path.of("/sys/fs/cgroup/cpuset"), Path.of("/sys/fs/cgroup/memory"), Path.of("/mnt/my cgroups"));
        assertThat(mounts.entries()).hasSize(4);
        assertThat(mounts.controller("cpuset").orElseThrow().controllers()).containsExactly("cpuset");
        assertThat(mounts.controller("pids").orElseThrow().controllers()).containsExactly("pids");
        assertThat(mounts.entries().get(0).optionalFields()).containsExactly("shared:14", "master:3");
    }

    @Test
    void reportsNoneWithoutCgroupMounts()
    {
        assertThat(Mounts.parse("22 1 8:1 / / rw - ext4 /dev/sda1 rw\n", "m").layout()).isEqualTo(CgroupLayout.NONE);
    }

    @Test
    void decodesOctalEscapes()
    {
        assertThat(MountInfoEntry.unescape("/a\\040b\\011c\\012d\\134e")).isEqualTo("/a b\tc\nd\\e");
        assertThat(MountInfoEntry.unescape("/caf\\303\\251")).isEqualTo("/café");
        assertThat(MountInfoEntry.unescape("/trailing\\04")).isEqualTo("/trailing\\04");
    }

    @Test
    void rejectsMalformedLineNamingFileLineAndText()
    {
        assertThatThrownBy(() -> Mounts.parse(UNIFIED + "99 1 0:1 / /x rw shared:1 cgroup2 cgroup2 rw\n", "/proc/x"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("file=/proc/x")
            .hasMessageContaining("line=4")
            .hasMessageContaining("text=99 1 0:1");
    }

    @Test
    void discoversThisMachinesMountsWhenThereAreAny()
    {
        final java.util.Optional<Mounts> mounts = Mounts.tryDiscover();
        org.junit.jupiter.api.Assumptions.assumeTrue(mounts.isPresent(), "no /proc/self/mountinfo");
        for (final Hierarchy h : mounts.get().hierarchies())
        {
            assertThat(h.directory()).isAbsolute();
            if (h.version() == CgroupVersion.V2)
            {
                assertThat(h.directory().resolve("cgroup.controllers")).exists();
            }
        }
    }
}
