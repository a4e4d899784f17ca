package dev.rstat.cgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class CgroupMembershipTest
{
    @Test
    void parsesV1AndV2LinesAndTheDeletedSuffix()
    {
        final List<CgroupMembership> entries = CgroupMembership.parseAll(String.join("\n",
            "12:cpu,cpuacct:/user.slice",
            "9:name=systemd:/user.slice/session-1.scope",
            "0::/a/b (deleted)",
            ""), "cgroup");
        assertThat(entries).containsExactly(
            new CgroupMembership(12, List.of("cpu", "cpuacct"), "/user.slice", false),
            new CgroupMembership(9, List.of("name=systemd"), "/user.slice/session-1.scope", false),
            new CgroupMembership(0, List.of(), "/a/b", true));
        assertThat(CgroupMembership.unified(entries).orElseThrow().path()).isEqualTo("/a/b");
        assertThat(entries.get(0).unified()).isFalse();
    }

    @Test
    void keepsColonsAndSpacesInsideThePath()
    {
        final CgroupMembership m = CgroupMembership.parse("0::/odd:name/with space", 1, "f");
        assertThat(m.path()).isEqualTo("/odd:name/with space");
        assertThat(m.deleted()).isFalse();
    }

    @Test
    void rejectsMalformedLines()
    {
        assertThatThrownBy(() -> CgroupMembership.parse("garbage", 3, "/proc/1/cgroup"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("file=/proc/1/cgroup line=3 text=garbage");
        assertThatThrownBy(() -> CgroupMembership.parse("x::/", 1, "f")).hasMessageContaining("not a number");
        assertThatThrownBy(() -> CgroupMembership.parse("0::relative", 1, "f")).hasMessageContaining("start with /");
    }

    @Test
    void readsThisProcessesCgroups()
    {
        final List<CgroupMembership> self = CgroupMembership.ofSelf();
        assertThat(self).isNotEmpty().allMatch(m -> m.path().startsWith("/"));
    }
}
