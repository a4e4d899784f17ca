package dev.rstat.cgroup.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.rstat.cgroup.CgroupWalker;
import dev.rstat.cgroup.Hierarchy;
import dev.rstat.cgroup.Mounts;

/**
 * {@code cgroup-walk} on hybrid hosts, end to end (in-process): the joined view of {@code testdata/hybrid-host} and of
 * this machine's live mounts by default, in every order and aggregated, its snapshot, {@code mounts}, and
 * {@code --root} refusing what is not a cgroup hierarchy.
 */
class JoinedViewCliTest
{
    private static final String HOST = Golden.tree("hybrid-host");

    @TempDir
    Path tmp;

    @Test
    void walksTheHybridHostSnapshotAsOneTreeWithEveryHierarchysColumns() throws IOException
    {
        final Golden.Run r = Golden.run("--root", HOST, "--format", "csv");
        assertThat(r.code()).as(r.err()).isZero();
        final List<CSVRecord> records = records(r.out());
        final Map<String, CSVRecord> byPath = new HashMap<>();
        for (final CSVRecord record : records)
        {
            byPath.put(record.get("path"), record);
        }
        assertThat(byPath.get("/process_api").get("memory.usage_in_bytes"))
            .isEqualTo(Files.readString(Path.of(HOST, "memory/process_api/memory.usage_in_bytes")).trim());
        assertThat(byPath.get("/").get("cpuacct.usage"))
            .isEqualTo(Files.readString(Path.of(HOST, "cpuacct/cpuacct.usage")).trim());
        assertThat(byPath.get("/rstat-testdata/app.slice").get("cgroup.stat.nr_descendants")).isEqualTo("2");
        assertThat(byPath.get("/process_api").get("cgroup.stat.nr_descendants")).as("not in cgroup2").isEmpty();
        assertThat(byPath.get("/rstat-testdata/app.slice").get("id")).as("the cgroup2 id")
            .isEqualTo(Files.readString(Path.of(HOST, "unified/rstat-testdata/app.slice/.rstat-cgroup-id")).trim());

        final Golden.Run post = Golden.run("--root", HOST, "--format", "csv", "--order", "descendants_post",
            "/rstat-testdata/batch.slice");
        assertThat(paths(post.out())).containsExactly("/rstat-testdata/batch.slice/job-1.scope/worker",
            "/rstat-testdata/batch.slice/job-1.scope", "/rstat-testdata/batch.slice");
        final Golden.Run up = Golden.run("--root", HOST, "--format", "csv", "--order", "ancestors_up",
            "/process_api/11f15f84a712e6131781fa95c0f908f5");
        assertThat(paths(up.out())).containsExactly("/process_api/11f15f84a712e6131781fa95c0f908f5", "/process_api",
            "/");
        final Golden.Run children = Golden.run("--root", HOST, "--format", "csv", "--order", "children");
        assertThat(paths(children.out())).containsExactly("/process_api", "/rstat-testdata");
        final Golden.Run byId = Golden.run("--root", HOST, "--format", "csv", "--order", "self_only", "--id",
            byPath.get("/process_api").get("id"));
        assertThat(paths(byId.out())).containsExactly("/process_api");
    }

    @Test
    void aggregatesTheJoinedViewWithOwnSharesAndDying() throws IOException
    {
        final Golden.Run r = Golden.run("--root", HOST, "--aggregate", "--format", "csv", "--columns",
            "memory.stat.total_cache*,memory.stat.cache*,cpuacct.usage*");
        assertThat(r.code()).as(r.err()).isZero();
        final List<CSVRecord> records = records(r.out());
        assertThat(records.get(0).toMap()).containsKeys("memory.stat.total_cache:self",
            "memory.stat.total_cache:dying", "memory.stat.cache:subtree", "cpuacct.usage:self");
        for (final CSVRecord record : records)
        {
            if (!record.get("memory.stat.total_cache").isEmpty())
            {
                assertThat(Long.parseLong(record.get("memory.stat.total_cache:dying"))).as(record.get("path"))
                    .isEqualTo(Long.parseLong(record.get("memory.stat.total_cache")) -
                        Long.parseLong(record.get("memory.stat.cache:subtree")));
            }
        }
    }

    @Test
    void snapshotsTheJoinedViewSoThatItWalksTheSame()
    {
        final Path out = tmp.resolve("snap");
        final Golden.Run snap = Golden.run("--root", HOST, "snapshot", "--out", out.toString());
        assertThat(snap.code()).as(snap.err()).isZero();
        final Golden.Run original = Golden.run("--root", HOST, "--format", "csv", "--aggregate");
        final Golden.Run copy = Golden.run("--root", out.toString(), "--format", "csv", "--aggregate");
        assertThat(copy.code()).as(copy.err()).isZero();
        assertThat(copy.out()).isEqualTo(original.out());
    }

    @Test
    void refusesRootsThatAreNotCgroupHierarchiesWithOneLine() throws IOException
    {
        final Path plain = Files.createDirectories(tmp.resolve("logs/build"));
        Files.writeString(plain.resolve("build.log"), "BUILD SUCCESS\n");
        final Path file = Files.writeString(tmp.resolve("file"), "x");
        for (final String root : List.of("/tmp", "/usr", tmp.resolve("logs").toString()))
        {
            final Golden.Run r = Golden.run("--root", root, "--format", "csv");
            assertThat(r.code()).as(root).isEqualTo(CgroupWalk.UNUSABLE);
            assertThat(r.out()).as(root).isEmpty();
            assertThat(r.err().lines()).as(root).hasSize(1).first().asString()
                .startsWith("cgroup-walk: --root is not a cgroup hierarchy: root=" + root + " filesystem=");
        }
        final Golden.Run missing = Golden.run("--root", tmp.resolve("absent").toString());
        assertThat(missing.code()).isEqualTo(CgroupWalk.UNUSABLE);
        assertThat(missing.err().lines()).hasSize(1).first().asString().contains("does not exist");
        final Golden.Run notDir = Golden.run("--root", file.toString());
        assertThat(notDir.code()).isEqualTo(CgroupWalk.UNUSABLE);
        assertThat(notDir.err().lines()).hasSize(1).first().asString().contains("not a directory");
        for (final String ok : List.of(HOST, Golden.tree("hybrid-host/memory"), Golden.tree("systemd-host/tree")))
        {
            assertThat(Golden.run("--root", ok, "--max-depth", "0").code()).as(ok).isZero();
        }
    }

    @Test
    void acceptsThisMachinesCgroupMountsAndTheirTmpfsAsTheJoinedView() throws IOException
    {
        final Optional<Mounts> mounts = Mounts.tryDiscover();
        assumeTrue(mounts.isPresent() && mounts.get().joined().isPresent(), "not a hybrid or legacy host");
        final Hierarchy view = mounts.get().joined().get();
        final Golden.Run holder = Golden.run("--root", view.directory().toString(), "--format", "csv");
        assertThat(holder.code()).as(holder.err()).isZero();
        final Golden.Run byDefault = Golden.run("--format", "csv");
        assertThat(byDefault.code()).as(byDefault.err()).isZero();
        final Set<String> memoryPaths = new HashSet<>();
        final Optional<Hierarchy> memory = mounts.get().controller("memory");
        if (memory.isPresent())
        {
            CgroupWalker.on(memory.get()).build().walk(cgroup -> memoryPaths.add(cgroup.path()));
            final Set<String> later = new HashSet<>();
            CgroupWalker.on(memory.get()).build().walk(cgroup -> later.add(cgroup.path()));
            memoryPaths.retainAll(later);
            assertThat(memoryPaths).isNotEmpty();
        }
        assertThat(paths(byDefault.out())).as("the default walks every memory cgroup").containsAll(memoryPaths);
        assertThat(paths(holder.out())).containsAll(memoryPaths).doesNotContain("/memory", "/unified");
        for (final Hierarchy member : view.members())
        {
            assertThat(Golden.run("--root", member.directory().toString(), "--max-depth", "0").code())
                .as(member.toString()).isZero();
        }
        final Golden.Run list = Golden.run("mounts");
        assertThat(list.out()).contains("default: the joined view");
        final Optional<Hierarchy> unified = mounts.get().unified();
        if (unified.isPresent())
        {
            final String offered = Files.readString(unified.get().directory().resolve("cgroup.controllers"),
                StandardCharsets.UTF_8).trim().replace(' ', ',');
            assertThat(list.out().lines().filter(line -> line.contains(" v2 ")).findFirst().orElseThrow())
                .startsWith("*").endsWith(offered.isEmpty() ? "-" : offered);
        }
    }

    static List<CSVRecord> records(final String text) throws IOException
    {
        try (CSVParser parser = CSVParser.parse(new StringReader(text),
            CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()))
        {
            return parser.getRecords();
        }
    }

    static List<String> paths(final String csv)
    {
        try
        {
            final List<String> out = new ArrayList<>();
            for (final CSVRecord record : records(csv))
            {
                out.add(record.get("path"));
            }
            return out;
        }
        catch (final IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
    }
}
