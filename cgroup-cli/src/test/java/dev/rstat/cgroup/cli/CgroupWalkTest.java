package dev.rstat.cgroup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupWalkTest
{
    @TempDir
    Path tmp;

    Path root;

    /** Result of one in-process run. */
    record Run(int code, String out, String err)
    {
    }

    static Run run(final String... args)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int code = CgroupWalk.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }

    private static void cgroup(final Path dir, final long id, final String... fileAndContent) throws IOException
    {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(".rstat-cgroup-id"), id + "\n", StandardCharsets.UTF_8);
        for (int i = 0; i < fileAndContent.length; i += 2)
        {
            Files.writeString(dir.resolve(fileAndContent[i]), fileAndContent[i + 1], StandardCharsets.UTF_8);
        }
    }

    @BeforeEach
    void buildTree() throws IOException
    {
        root = tmp.resolve("tree");
        cgroup(root, 1, "cgroup.controllers", "cpu memory pids\n", "cpu.stat", "usage_usec 900\nuser_usec 600\n");
        cgroup(root.resolve("a"), 2, "cpu.stat", "usage_usec 500\nuser_usec 300\n", "memory.current", "4096\n",
            "pids.current", "3\n");
        cgroup(root.resolve("a/x, \"y\""), 3, "memory.current", "1024\n", "pids.max", "max\n");
        cgroup(root.resolve("b"), 4, "memory.current", "2048\n");
    }

    private String csv(final Path walkRoot, final String... more)
    {
        final List<String> args = new java.util.ArrayList<>(List.of("--root", walkRoot.toString(), "--format", "csv"));
        args.addAll(List.of(more));
        final Run r = run(args.toArray(new String[0]));
        assertThat(r.code()).as(r.err()).isZero();
        return r.out();
    }

    private static List<CSVRecord> records(final String text) throws IOException
    {
        try (CSVParser parser = CSVParser.parse(new StringReader(text),
            CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()))
        {
            return parser.getRecords();
        }
    }

    @Test
    void writesCsvThatReadsBack() throws IOException
    {
        final String text = csv(root, "--stats", "cpu.stat,memory.current,pids.max");
        final List<CSVRecord> records = records(text);
        assertThat(text.lines().findFirst().orElseThrow())
            .isEqualTo("id,path,depth,cpu.stat.usage_usec,cpu.stat.user_usec,memory.current,pids.max");
        assertThat(records).extracting(r -> r.get("path")).containsExactly("/", "/a", "/a/x, \"y\"", "/b");
        assertThat(records).extracting(r -> r.get("id")).containsExactly("1", "2", "3", "4");
        assertThat(records).extracting(r -> r.get("depth")).containsExactly("0", "1", "2", "1");
        assertThat(records.get(0).get("cpu.stat.usage_usec")).isEqualTo("900");
        assertThat(records.get(1).get("memory.current")).isEqualTo("4096");
        assertThat(records.get(2).get("pids.max")).isEqualTo("max");
        assertThat(records.get(3).get("cpu.stat.usage_usec")).isEmpty();
    }

    @Test
    void writesJsonLinesAndHonoursOrderLimitAndStart()
    {
        final Run r = run("--root", root.toString(), "--format", "json", "--stats", "memory.current",
            "--order", "descendants-post", "--limit", "2", "/a");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().lines().toList()).containsExactly(
            "{\"id\":3,\"path\":\"/a/x, \\\"y\\\"\",\"depth\":2,\"memory.current\":1024}",
            "{\"id\":2,\"path\":\"/a\",\"depth\":1,\"memory.current\":4096}");
    }

    @Test
    void startsFromAnIdAndWalksAncestors() throws IOException
    {
        final List<CSVRecord> records = records(csv(root, "--stats", "memory.current", "--id", "3",
            "--order", "ancestors_up"));
        assertThat(records).extracting(r -> r.get("id")).containsExactly("3", "2", "1");
    }

    @Test
    void readsEveryFileWithStatsAll() throws IOException
    {
        final List<CSVRecord> records = records(csv(root, "--stats", "all", "--order", "self_only", "/a"));
        assertThat(records.get(0).toMap()).containsEntry("memory.current", "4096")
            .containsEntry("pids.current", "3").containsEntry("cpu.stat.user_usec", "300");
    }

    @Test
    void printsATextTableByDefault()
    {
        final Run r = run("--root", root.toString(), "--stats", "memory.current", "--raw");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("memory.current", "/a", "4096", "2048");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void rejectsUsageErrorsWithExitCode2()
    {
        for (final String[] args : new String[][] {
            {"--bogus"},
            {"--order", "sideways"},
            {"--limit", "-1"},
            {"--max-depth", "x"},
            {"--format", "xml"},
            {"--stats", "../etc/passwd"},
            {"--stats", "all,cpu.stat"},
            {"/a/../b"},
            {"/a", "/b"}})
        {
            final Run r = run(args);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(CgroupWalk.USAGE);
            assertThat(r.err()).as(String.join(" ", args)).startsWith("cgroup-walk: ").contains("--help");
            assertThat(r.out()).isEmpty();
        }
    }

    @Test
    void rejectsBothIdAndPathLikeTheKernelsEinval()
    {
        final Run r = run("--root", root.toString(), "--id", "2", "/a");
        assertThat(r.code()).isEqualTo(CgroupWalk.USAGE);
        assertThat(r.err()).contains("not both");
    }

    @Test
    void failsWithExitCode1ForAnUnknownStartOrRoot()
    {
        final Run missing = run("--root", root.toString(), "/nope");
        assertThat(missing.code()).isEqualTo(CgroupWalk.UNUSABLE);
        assertThat(missing.err()).contains("start cgroup not found").contains("path=/nope");
        final Run noId = run("--root", root.toString(), "--id", "99");
        assertThat(noId.code()).isEqualTo(CgroupWalk.UNUSABLE);
        assertThat(noId.err()).contains("id=99");
        final Run noRoot = run("--root", tmp.resolve("absent").toString());
        assertThat(noRoot.code()).isEqualTo(CgroupWalk.UNUSABLE);
        assertThat(noRoot.err()).contains("root=");
    }

    @Test
    void writesOutputAtomically() throws IOException
    {
        final Path target = tmp.resolve("out.csv");
        final Run r = run("--root", root.toString(), "--format", "csv", "--stats", "memory.current",
            "--output", target.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(Files.readString(target)).isEqualTo(csv(root, "--stats", "memory.current"));
        assertThat(Files.getPosixFilePermissions(target))
            .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(temporaryFiles()).isEmpty();
    }

    @Test
    void leavesTheTargetUnchangedWhenTheWalkOrTheWriteFails() throws IOException
    {
        final Path target = tmp.resolve("keep.csv");
        Files.writeString(target, "old\n", StandardCharsets.UTF_8);
        final Run walkFails = run("--root", root.toString(), "--output", target.toString(), "/nope");
        assertThat(walkFails.code()).isEqualTo(CgroupWalk.UNUSABLE);
        assertThat(target).hasContent("old");

        final Path directory = Files.createDirectory(tmp.resolve("a-directory"));
        final Run writeFails = run("--root", root.toString(), "--output", directory.toString());
        assertThat(writeFails.code()).isEqualTo(CgroupWalk.UNUSABLE);
        assertThat(writeFails.err()).contains("cannot write output");
        assertThat(directory).isEmptyDirectory();

        final Run noParent = run("--root", root.toString(), "--output", tmp.resolve("no/such/dir.csv").toString());
        assertThat(noParent.code()).isEqualTo(CgroupWalk.UNUSABLE);
        assertThat(temporaryFiles()).isEmpty();
    }

    @Test
    void snapshotThenWalkOfTheSnapshotPrintsTheSameIdsAndValues()
    {
        final Path snap = tmp.resolve("snap");
        final Run taken = run("--root", root.toString(), "snapshot", "--out", snap.toString());
        assertThat(taken.code()).as(taken.err()).isZero();
        assertThat(taken.err()).contains("cgroups=4");
        for (final String stats : new String[] {"all", "cpu.stat,memory.current,pids.max"})
        {
            assertThat(csv(snap, "--stats", stats)).isEqualTo(csv(root, "--stats", stats));
        }
        final Run again = run("--root", root.toString(), "snapshot", "--out", snap.toString());
        assertThat(again.code()).isEqualTo(CgroupWalk.UNUSABLE);
        assertThat(again.err()).contains("not empty");

        final Path sub = tmp.resolve("sub");
        assertThat(run("snapshot", "--root", root.toString(), "--out", sub.toString(), "/a").code()).isZero();
        assertThat(csv(sub, "--stats", "memory.current", "/a")).isEqualTo(csv(root, "--stats", "memory.current", "/a"));
    }

    @Test
    void summarisesSkippedProblemsOnStderrAndStillSucceeds() throws IOException
    {
        Files.writeString(root.resolve("b/cpu.stat"), "usage_usec 1\nthis is not a stat line\n");
        final Run r = run("--root", root.toString(), "--format", "csv", "--stats", "cpu.stat");
        assertThat(r.code()).isZero();
        assertThat(r.err().lines().toList()).hasSize(1);
        assertThat(r.err()).startsWith("cgroup-walk: skipped:").contains("malformed");
        final Run verbose = run("--root", root.toString(), "--format", "csv", "--stats", "cpu.stat", "-v");
        assertThat(verbose.err()).contains("b/cpu.stat").contains("line=2");
    }

    @Test
    void printsHelpVersionCompletionAndMounts()
    {
        final Run help = run("--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("Usage: cgroup-walk", "--order", "--stats", "Exit codes", "snapshot");
        final Run version = run("--version");
        assertThat(version.code()).isZero();
        assertThat(version.out()).startsWith("cgroup-walk ").doesNotContain("unknown");
        final Run completion = run("generate-completion");
        assertThat(completion.code()).isZero();
        assertThat(completion.out()).contains("complete -F").contains("descendants_pre");
        assertThat(run("snapshot", "--help").out()).contains("--out");
        final Run mounts = run("mounts");
        if (Files.exists(Path.of("/proc/self/mountinfo")))
        {
            assertThat(mounts.code()).isZero();
            assertThat(mounts.out()).startsWith("layout: ");
        }
    }

    @Test
    void walksThisMachinesHierarchiesByDefaultAndWithRoot()
    {
        final java.util.Optional<dev.rstat.cgroup.Mounts> mounts = dev.rstat.cgroup.Mounts.tryDiscover();
        org.junit.jupiter.api.Assumptions.assumeTrue(mounts.isPresent() && mounts.get().unified().isPresent(),
            "no cgroup2 hierarchy");
        final Run live = run("--max-depth", "1", "--format", "csv");
        assertThat(live.code()).as(live.err()).isZero();
        assertThat(live.out().lines().skip(1).findFirst().orElseThrow()).startsWith("1,/,0,");
        final java.util.Optional<dev.rstat.cgroup.Hierarchy> memory = mounts.get().controller("memory");
        if (memory.isPresent())
        {
            final Run v1 = run("--root", memory.get().directory().toString(), "--max-depth", "0", "--format", "csv");
            assertThat(v1.code()).as(v1.err()).isZero();
            assertThat(v1.out()).contains("memory.usage_in_bytes");
        }
    }

    @Test
    void acceptsACgroupNameWithALeadingDashAfterDoubleDash() throws IOException
    {
        cgroup(root.resolve("-dash"), 9, "memory.current", "7\n");
        final Run r = run("--root", root.toString(), "--format", "csv", "--stats", "memory.current", "--", "-dash");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).endsWith("9,/-dash,1,7\n");
    }

    private List<Path> temporaryFiles() throws IOException
    {
        try (Stream<Path> entries = Files.walk(tmp))
        {
            return entries.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
        }
    }
}
