package dev.rstat.cgroup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * {@code cgroup-walk top} in batch mode (stdout is not a terminal) on the snapshots: the numbers are the files'
 * (subtree values as the kernel wrote them, own shares the value less the children's), one block per sample.
 */
class TopBatchTest
{
    private static final Path SYSTEMD = Path.of(Golden.tree("systemd-host/tree"));
    private static final Path HYBRID = Path.of(Golden.tree("hybrid-host"));

    /** The rows of the first block by path: the words after the path. */
    private static Map<String, List<String>> rows(final String out)
    {
        final Map<String, List<String>> rows = new HashMap<>();
        final List<String> lines = out.lines().toList();
        for (final String line : lines.subList(2, lines.size()))
        {
            if (line.isEmpty())
            {
                break;
            }
            final String[] words = line.strip().replaceFirst("^[+-] ", "").split("\\s+");
            rows.put(words[0], List.of(words).subList(1, words.length));
        }
        return rows;
    }

    private static long number(final Path file) throws IOException
    {
        return Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).trim());
    }

    /** Bytes as the text format shows them: binary units, one decimal from 1 KiB on. */
    private static String human(final long bytes)
    {
        if (bytes < 1024)
        {
            return bytes + " B";
        }
        final String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes / 1024.0;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1)
        {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    private static String memoryCell(final List<String> words)
    {
        // TASKS %CPU MEMORY(two words) ...
        return words.get(2) + " " + words.get(3);
    }

    @Test
    void subtreeValuesAreTheFilesValues() throws IOException
    {
        final Golden.Run run = Golden.run("--root", SYSTEMD.toString(), "top", "-b", "--interval", "50ms", "-n", "1",
            "--depth", "1");
        assertThat(run.code()).as(run.err()).isZero();
        final Map<String, List<String>> rows = rows(run.out());
        assertThat(rows.keySet()).containsExactlyInAnyOrder("/", "/init.scope", "/kubepods.slice", "/system.slice",
            "/user.slice");
        for (final String slice : List.of("init.scope", "kubepods.slice", "system.slice", "user.slice"))
        {
            final List<String> words = rows.get("/" + slice);
            assertThat(words.get(0)).as(slice).isEqualTo(Long.toString(number(SYSTEMD.resolve(slice)
                .resolve("pids.current"))));
            assertThat(words.get(1)).as("a snapshot does not change: no CPU in between").isEqualTo("0.00");
            assertThat(memoryCell(words)).as(slice).isEqualTo(human(number(SYSTEMD.resolve(slice)
                .resolve("memory.current"))));
        }
    }

    @Test
    void ownSharesAreTheValueLessTheChildren() throws IOException
    {
        final Golden.Run run = Golden.run("--root", SYSTEMD.toString(), "top", "-b", "--interval", "50ms", "-n", "1",
            "--self");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out().lines().skip(1).findFirst().orElseThrow()).contains("TASKS:self", "MEMORY:self");
        final Map<String, List<String>> rows = rows(run.out());
        final Path slice = SYSTEMD.resolve("system.slice");
        long memory = number(slice.resolve("memory.current"));
        long tasks = number(slice.resolve("pids.current"));
        try (Stream<Path> children = Files.list(slice))
        {
            for (final Path child : children.filter(Files::isDirectory).toList())
            {
                memory -= number(child.resolve("memory.current"));
                tasks -= number(child.resolve("pids.current"));
            }
        }
        final List<String> words = rows.get("/system.slice");
        assertThat(words.get(0)).isEqualTo(Long.toString(tasks));
        assertThat(memoryCell(words)).isEqualTo(memory < 0 ? "-" + human(-memory) : human(memory));
    }

    @Test
    void theJoinedViewOfAHybridSnapshotReadsEachQuantityFromItsController() throws IOException
    {
        final Golden.Run run = Golden.run("--root", HYBRID.toString(), "top", "-b", "--interval", "50ms", "-n", "2",
            "--depth", "1");
        assertThat(run.code()).as(run.err()).isZero();
        final List<String> lines = run.out().lines().toList();
        assertThat(lines.get(0)).contains("(joined: ").contains("memory", "pids");
        assertThat(lines.stream().filter(line -> line.startsWith("cgroup-walk top  "))).hasSize(2);
        final List<String> words = rows(run.out()).get("/process_api");
        final Path cgroup = HYBRID.resolve("memory/process_api");
        assertThat(HYBRID.resolve("pids/process_api")).as("only the memory hierarchy has the cgroup").doesNotExist();
        long tasks = 0;
        try (Stream<Path> subtree = Files.walk(cgroup))
        {
            for (final Path file : subtree.filter(f -> f.getFileName().toString().equals("tasks")).toList())
            {
                tasks += Files.readAllLines(file, StandardCharsets.US_ASCII).size();
            }
        }
        assertThat(words.get(0)).as("v1 tasks (local): summed over the subtree").isEqualTo(Long.toString(tasks));
        assertThat(memoryCell(words)).isEqualTo(human(number(cgroup.resolve("memory.usage_in_bytes"))));
    }

    @Test
    void usageErrorsAreOneLine()
    {
        final Golden.Run sort = Golden.run("--root", SYSTEMD.toString(), "top", "--sort", "size");
        assertThat(sort.code()).isEqualTo(CgroupWalk.USAGE);
        assertThat(sort.err()).startsWith("cgroup-walk: --sort must be cpu, memory, io, tasks or path: sort=size");
        assertThat(Golden.run("--root", SYSTEMD.toString(), "top", "-n", "0").code()).isEqualTo(CgroupWalk.USAGE);
        assertThat(Golden.run("--root", SYSTEMD.toString(), "top", "--depth", "0").code())
            .isEqualTo(CgroupWalk.USAGE);
        final Golden.Run missing = Golden.run("--root", SYSTEMD.toString(), "top", "-n", "1", "/no-such.slice");
        assertThat(missing.code()).isEqualTo(CgroupWalk.UNUSABLE);
        assertThat(missing.err().lines()).singleElement().asString().startsWith("cgroup-walk: start cgroup not found");
    }
}
