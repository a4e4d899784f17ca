package dev.rstat.cgroup.cli;

import static dev.rstat.cgroup.cli.Golden.csv;
import static dev.rstat.cgroup.cli.Golden.lines;
import static dev.rstat.cgroup.cli.Golden.run;
import static dev.rstat.cgroup.cli.Golden.tree;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --sort}, {@code --top} and {@code --filter} on {@code testdata/systemd-host}, with expectations worked out by
 * hand from the tree's {@code memory.current} files and ids (names of the hashed cgroups from its EXPECTED.md), and
 * their usage errors.
 */
class SortTopFilterTest
{
    private static final String SYSTEMD = tree("systemd-host/tree");
    private static final String HOSTILE = tree("hostile/unified");

    private static final String KUBEPODS = "/kubepods.slice";
    private static final String GUARANTEED = KUBEPODS + "/kubepods-pod28a51510_dcf2_4582_aae1_f66dd8131272.slice";
    private static final String POSTGRES = GUARANTEED +
        "/cri-containerd-17c50030a6347eb96279cba0db25600ee175d67bef92cd5d5898f0b3fd79f335.scope";
    private static final String POSTGRES_PAUSE = GUARANTEED +
        "/cri-containerd-77edae07c6a95808f3fa96f2451def69d349f986602c3a811ec88d1bc3ada2ec.scope";
    private static final String BURSTABLE = KUBEPODS + "/kubepods-burstable.slice";
    private static final String API_POD =
        BURSTABLE + "/kubepods-burstable-pod49aa84a3_b831_4838_aec6_bdf983b064c3.slice";
    private static final String API = API_POD +
        "/cri-containerd-ca36472ecbe9a26ac211c85cefce300ff7058a1b8d70b3a493ed5b68ce74eb79.scope";
    private static final String ENVOY = API_POD +
        "/cri-containerd-1cf29b342ca791943329e466f29d3e9ef6447ad23f2a58863908029f3015eeb2.scope";
    private static final String WEB_POD =
        BURSTABLE + "/kubepods-burstable-podd95ed0cb_064f_4f6b_a44c_2f9a4bffa731.slice";
    private static final String NGINX = WEB_POD +
        "/cri-containerd-f64229735cc3783cd1d8b1e9c0e366446a64bc32615a497509d037f1e1872777.scope";
    private static final String WEB_PAUSE = WEB_POD +
        "/cri-containerd-72430b74d097b69486e4bbae4ec1f4e328f43ed0a64a7d0f5058144b3b498ab5.scope";
    private static final String USER = "/user.slice/user-1000.slice";
    private static final String MANAGER = USER + "/user@1000.service";

    @TempDir
    java.nio.file.Path tmp;

    private static List<String> paths(final String... args)
    {
        final List<String> all = new ArrayList<>(List.of("--root", SYSTEMD, "--format", "csv", "--stats",
            "memory.current"));
        all.addAll(List.of(args));
        final Golden.Run r = run(all.toArray(new String[0]));
        assertThat(r.code()).as(r.err()).isZero();
        return csv(r.out()).cells("path");
    }

    @Test
    void keepsTheTwoLargestChildrenOfEveryCgroupByMemoryCurrentAsATree()
    {
        // / has no memory.current; its children: kubepods 2724126464 > system 2058803456 > user 232996352 > init
        // 34663168. kubepods: guaranteed pod 1630716160 > burstable 1080821760 > besteffort 2816. system.slice:
        // containerd 1190951680 > journald 285309696 > kubelet 215145216 > ... The pods' containers: postgres
        // 1630386944 > pause 326400; api 692304640 > envoy 91650816 > pause 326400; nginx 253213440 > pause 326400.
        assertThat(paths("--sort", "memory.current", "--top", "2")).containsExactly(
            "/",
            KUBEPODS, GUARANTEED, POSTGRES, POSTGRES_PAUSE,
            BURSTABLE, API_POD, API, ENVOY, WEB_POD, NGINX, WEB_PAUSE,
            "/system.slice", "/system.slice/containerd.service", "/system.slice/systemd-journald.service");
    }

    @Test
    void topZeroKeepsTheStartCgroupAlone()
    {
        assertThat(paths("--top", "0")).containsExactly("/");
        assertThat(paths("--sort", "memory.current", "--top", "0", "/system.slice")).containsExactly("/system.slice");
        assertThat(paths("--top", "1", "/system.slice")).hasSize(2).startsWith("/system.slice");
    }

    @Test
    void sortsSiblingsByIdAscendingAndKeepsEachSubtreeUnderItsParent()
    {
        // ids: user-1000.slice 1434; user@1000.service 1494 < session-3.scope 1859; init.scope 1543 <
        // session.slice 1592 < app.slice 1701; app-tmux 1750 < pipewire 1810
        assertThat(paths("--sort", "id:asc", "/user.slice")).containsExactly(
            "/user.slice", USER, MANAGER,
            MANAGER + "/init.scope",
            MANAGER + "/session.slice", MANAGER + "/session.slice/dbus.service",
            MANAGER + "/app.slice", MANAGER + "/app.slice/app-tmux-3155.scope", MANAGER + "/app.slice/pipewire.service",
            USER + "/session-3.scope");
    }

    @Test
    void sortsTheSmallestFirstWithAsc()
    {
        assertThat(paths("--sort", "memory.current:asc", "--max-depth", "1", KUBEPODS))
            .containsExactly(KUBEPODS, KUBEPODS + "/kubepods-besteffort.slice", BURSTABLE, GUARANTEED);
    }

    @Test
    void keepsOnlyPathsMatchingTheFilter()
    {
        assertThat(paths("--filter", "dbus")).containsExactly("/system.slice/dbus.service",
            MANAGER + "/session.slice/dbus.service");
        assertThat(paths("--filter", "^/kubepods\\.slice/kubepods-burstable\\.slice/[^/]+$"))
            .containsExactly(API_POD, WEB_POD);
        assertThat(paths("--filter", "cri-containerd", "--sort", "memory.current", BURSTABLE))
            .as("rows whose parent is filtered out are sorted as roots")
            .containsExactly(API, NGINX, ENVOY, API_POD + "/cri-containerd-" +
                "547251218966a3ee89873d3b3122900e16c37a537ebc9e6eabb97fce379aa4f5.scope", WEB_PAUSE);
    }

    @Test
    void keepsTheWalkOrderWithTopAloneAndSortsPathsInUtf8ByteOrder()
    {
        final List<String> expected = lines("hostile/expected-order-descendants_pre.txt");
        final Golden.Run top = run("--root", HOSTILE, "--format", "csv", "--stats", "memory.current", "--top", "30");
        assertThat(top.code()).as(top.err()).isZero();
        assertThat(csv(top.out()).cells("path")).containsExactlyElementsOf(expected);
        final Golden.Run byPath = run("--root", HOSTILE, "--format", "csv", "--stats", "memory.current", "--sort",
            "path:asc");
        assertThat(byPath.code()).as(byPath.err()).isZero();
        assertThat(csv(byPath.out()).cells("path")).containsExactlyElementsOf(expected);
    }

    @Test
    void rejectsAnUnknownSortFieldBadRegexAndNegativeTopWithExitCode2()
    {
        final Golden.Run unknown = run("--root", SYSTEMD, "--sort", "memory.curent");
        assertThat(unknown.code()).isEqualTo(CgroupWalk.USAGE);
        assertThat(unknown.err()).contains("unknown --sort field").contains("memory.curent");
        assertThat(unknown.out()).isEmpty();

        final Golden.Run regex = run("--root", SYSTEMD, "--filter", "(unclosed");
        assertThat(regex.code()).isEqualTo(CgroupWalk.USAGE);
        assertThat(regex.err()).contains("--filter").contains("(unclosed");

        final Golden.Run top = run("--root", SYSTEMD, "--top", "-1");
        assertThat(top.code()).isEqualTo(CgroupWalk.USAGE);
        assertThat(top.err()).contains("--top").contains("-1");
    }

    @Test
    void rejectsAnUnknownSortFieldWithExitCode2AlsoWhenSamplingRepeatedly()
    {
        final java.nio.file.Path output = tmp.resolve("out.csv");
        final Golden.Run r = run("--root", SYSTEMD, "--format", "csv", "--sort", "bogus", "--interval", "200ms",
            "--count", "2", "--output", output.toString());
        assertThat(r.code()).isEqualTo(CgroupWalk.USAGE);
        assertThat(r.err()).contains("unknown --sort field").contains("bogus");
        assertThat(tmp).isEmptyDirectory();
    }

    @Test
    void rejectsABadReportFilterWithExitCode2()
    {
        final Golden.Run r = run("report", "--root", SYSTEMD, "--count", "1", "--filter", "[");
        assertThat(r.code()).isEqualTo(CgroupWalk.USAGE);
        assertThat(r.err()).contains("--filter").contains("[");
        assertThat(r.out()).isEmpty();
    }
}
