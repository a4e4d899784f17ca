package dev.rstat.cgroup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import dev.rstat.cgroup.stat.StatCatalog;

/**
 * Which view is walked by default (the joined view on hybrid and legacy hosts, the cgroup2 hierarchy on unified
 * ones), which directory means the joined view, and the joined view of this machine's live mounts.
 */
class MountsJoinedTest
{
    private static final String UNIFIED_ONLY = "29 23 0:26 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n";

    @Test
    void joinsEveryHierarchyOfTheHybridHostMountinfoBelowSysFsCgroup() throws Exception
    {
        final Mounts mounts = Mounts.discover(JoinedViewTest.testdata().resolve("hybrid-host/mountinfo"));
        assertThat(mounts.layout()).isEqualTo(CgroupLayout.HYBRID);
        final Hierarchy view = mounts.defaultView();
        assertThat(view.isJoined()).isTrue();
        assertThat(view.directory()).isEqualTo(Path.of("/sys/fs/cgroup"));
        final List<String> order = new ArrayList<>();
        for (final Hierarchy member : view.members())
        {
            order.add(member.directory().getFileName().toString());
        }
        assertThat(order).containsExactly("unified", "systemd", "cpu", "cpuacct", "cpuset", "memory", "devices",
            "freezer", "blkio", "pids");
        assertThat(mounts.joinedAt(Path.of("/sys/fs/cgroup"))).contains(view);
        assertThat(mounts.joinedAt(Path.of("/sys/fs/cgroup/memory"))).isEmpty();
        assertThat(mounts.joinedAt(Path.of("/sys/fs"))).isEmpty();
        assertThat(view.memberFor("memory.stat")).containsExactly(order.indexOf("memory"));
        assertThat(view.memberFor("cpuacct.usage")).containsExactly(order.indexOf("cpuacct"));
        assertThat(view.memberFor("memory.pressure")[0]).as("pressure is a cgroup2 core file")
            .isEqualTo(order.indexOf("unified"));
        assertThat(view.memberFor("hugetlb.2MB.current")[0]).as("a controller on cgroup2 only")
            .isEqualTo(order.indexOf("unified"));
    }

    @Test
    void walksTheCgroup2HierarchyByDefaultOnAUnifiedHost()
    {
        final Mounts mounts = Mounts.parse(UNIFIED_ONLY, "mountinfo");
        assertThat(mounts.joined()).isEmpty();
        assertThat(mounts.defaultView().isJoined()).isFalse();
        assertThat(mounts.defaultView().directory()).isEqualTo(Path.of("/sys/fs/cgroup"));
        assertThat(mounts.joinedAt(Path.of("/sys/fs"))).isEmpty();
    }

    @Test
    void keepsTheMountRootOfAContainersPartialMount()
    {
        final Mounts mounts = Mounts.parse("35 31 0:32 /docker/abc /sys/fs/cgroup/memory ro - cgroup cgroup rw,memory\n" +
            "36 31 0:33 / /sys/fs/cgroup/pids rw - cgroup cgroup rw,pids\n", "mountinfo");
        assertThat(mounts.controller("memory").orElseThrow().mountRoot()).isEqualTo("/docker/abc");
        assertThat(mounts.controller("pids").orElseThrow().mountRoot()).isEqualTo("/");
        assertThat(mounts.defaultView().members()).hasSize(2);
    }

    @Test
    void knowsTheControllerOfEveryFileAndJoinsTheCatalogsByIt()
    {
        assertThat(StatCatalog.controllerOf("memory.stat")).isEqualTo("memory");
        assertThat(StatCatalog.controllerOf("cpuacct.usage_percpu")).isEqualTo("cpuacct");
        assertThat(StatCatalog.controllerOf("cpu.stat")).isEqualTo("cpu");
        assertThat(StatCatalog.controllerOf("hugetlb.2MB.current")).isEqualTo("hugetlb");
        for (final String core : List.of("cgroup.procs", "cgroup.stat", "tasks", "cpu.pressure", "memory.pressure",
            "irq.pressure", "notify_on_release", "release_agent"))
        {
            assertThat(StatCatalog.controllerOf(core)).as(core).isEmpty();
        }
        final StatCatalog hybrid = StatCatalog.joined(List.of("memory", "cpu", "cpuacct", "pids"));
        assertThat(hybrid.file("memory.stat")).isEqualTo(StatCatalog.v1().file("memory.stat"));
        assertThat(hybrid.file("cpu.stat")).isEqualTo(StatCatalog.v1().file("cpu.stat"));
        assertThat(hybrid.file("cgroup.stat")).isEqualTo(StatCatalog.v2().file("cgroup.stat"));
        assertThat(hybrid.file("cpu.pressure")).isEqualTo(StatCatalog.v2().file("cpu.pressure"));
        assertThat(hybrid.file("tasks")).isEqualTo(StatCatalog.v1().file("tasks"));
        assertThat(hybrid.defaultFiles()).contains("memory.stat", "cpuacct.usage", "cgroup.stat").doesNotHaveDuplicates();
        final StatCatalog memoryOnCgroup2 = StatCatalog.joined(List.of("cpu"));
        assertThat(memoryOnCgroup2.file("memory.stat")).isEqualTo(StatCatalog.v2().file("memory.stat"));
    }

    @Test
    void pairsEveryV1HierarchicalAmountWithItsLocalKeyForDying()
    {
        final StatCatalog v1 = StatCatalog.v1();
        assertThat(v1.localPartner("memory.stat.total_cache")).isEqualTo("memory.stat.cache");
        assertThat(v1.localPartner("memory.stat.total_mapped_file")).isEqualTo("memory.stat.mapped_file");
        assertThat(v1.localPartner("memory.stat.total_pgfault")).as("an event count is not held memory").isNull();
        assertThat(v1.localPartner("memory.stat.cache")).isNull();
        assertThat(v1.localPartner("memory.usage_in_bytes")).isNull();
        assertThat(StatCatalog.v2().localPartner("memory.stat.file")).isNull();
    }

    @Test
    void joinsThisMachinesLiveMountsByPath()
    {
        final Optional<Mounts> mounts = Mounts.tryDiscover();
        Assumptions.assumeTrue(mounts.isPresent() && mounts.get().joined().isPresent(),
            "not a hybrid or legacy host");
        final Hierarchy view = mounts.get().joined().get();
        final Set<String> before = memberPaths(view);
        final Fixtures.Recorder joined = new Fixtures.Recorder();
        CgroupWalker.on(view).build().walk(joined);
        final Set<String> after = memberPaths(view);
        final Set<String> stable = new HashSet<>(before);
        stable.retainAll(after);
        final Set<String> any = new HashSet<>(before);
        any.addAll(after);
        assertThat(joined.paths).as("every path that existed before and after is walked once")
            .containsAll(stable).doesNotHaveDuplicates();
        assertThat(any).as("nothing walked that no member had").containsAll(joined.paths);
        assertThat(joined.paths.get(0)).isEqualTo("/");
        assertThat(Hierarchy.at(view.directory()).isJoined()).isTrue();
    }

    private static Set<String> memberPaths(final Hierarchy view)
    {
        final Set<String> paths = new HashSet<>();
        for (final Hierarchy member : view.members())
        {
            final Fixtures.Recorder recorder = new Fixtures.Recorder();
            CgroupWalker.on(member).build().walk(recorder);
            paths.addAll(recorder.paths);
        }
        return paths;
    }
}
