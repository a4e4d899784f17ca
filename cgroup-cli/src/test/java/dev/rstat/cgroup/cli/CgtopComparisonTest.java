package dev.rstat.cgroup.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

import dev.rstat.cgroup.Mounts;

/**
 * The default view against {@code systemd-cgtop -b -n 1 -r} on this machine, path by path: cgtop's Memory column is
 * the kernel's {@code memory.usage_in_bytes} on v1 and {@code memory.current} on cgroup2 (systemd 252, Debian 12;
 * newer versions subtract {@code memory.stat} {@code total_inactive_file} / {@code inactive_file}, which is accepted
 * too), its Tasks column {@code pids.current}.
 * The root is left out (cgtop shows {@code /proc/meminfo} and the number of tasks there).
 *
 * <p>Values move on a live host, so {@code cgroup-walk} is run before and after cgtop and each cgroup is compared only
 * where its two readings differ by at most {@value #STABLE_BYTES} bytes (or task): cgtop's reading, taken between
 * them, must then lie within the two readings widened by that much. A busy cgroup (a build) is skipped rather than
 * compared with a made-up tolerance. Up to five attempts: a cgroup and column fails only if it disagreed in every
 * attempt that compared it (a spike while cgtop reads is noise, a wrong file or formula is not). Skips where cgtop is
 * not installed or the host has no comparable cgroup.
 */
class CgtopComparisonTest
{
    private static final Path CGTOP = Path.of("/usr/bin/systemd-cgtop");
    private static final long STABLE_BYTES = 1 << 20;
    private static final int ATTEMPTS = 5;

    @Test
    void memoryAndTasksAgreeWithSystemdCgtopOnTheSamePaths() throws Exception
    {
        assumeTrue(Files.isExecutable(CGTOP), "systemd-cgtop is not installed");
        assumeTrue(Mounts.tryDiscover().isPresent(), "no /proc/self/mountinfo");
        // a memory spike that lasts only while cgtop reads is noise; a wrong file or formula disagrees every time:
        // a (path, column) fails only if it disagreed in every attempt that could compare it
        Map<String, String> disagreements = null;
        int compared = 0;
        for (int attempt = 0; attempt < ATTEMPTS && (disagreements == null || !disagreements.isEmpty()); attempt++)
        {
            final Map<String, CSVRecord> before = walk();
            final Map<String, String[]> cgtop = cgtop();
            final Map<String, CSVRecord> after = walk();
            final Map<String, String> now = new HashMap<>();
            for (final Map.Entry<String, String[]> e : cgtop.entrySet())
            {
                final String path = e.getKey();
                if ("/".equals(path) || !before.containsKey(path) || !after.containsKey(path))
                {
                    continue;
                }
                compared += compare(now, path, "memory", e.getValue()[3], memory(before.get(path)),
                    memory(after.get(path)), workingSet(before.get(path)), workingSet(after.get(path)));
                final Long tasksBefore = value(before.get(path), "pids.current");
                final Long tasksAfter = value(after.get(path), "pids.current");
                compared += compare(now, path, "tasks", e.getValue()[1], tasksBefore, tasksAfter, tasksBefore,
                    tasksAfter);
            }
            if (disagreements == null)
            {
                disagreements = now;
            }
            else
            {
                disagreements.keySet().retainAll(now.keySet());
            }
        }
        assertThat(disagreements).as("disagreements with cgtop in every attempt").isEmpty();
        assumeTrue(compared > 0, "no cgroup below the root was stable and shown by both");
    }

    /** Compares cgtop's field with the bracket of two readings; returns 1 if compared. */
    private static int compare(final Map<String, String> disagreements, final String path, final String what,
        final String cgtopField, final Long first, final Long second, final Long altFirst, final Long altSecond)
    {
        if (first == null || second == null || "-".equals(cgtopField) || Math.abs(first - second) > STABLE_BYTES)
        {
            return 0;
        }
        final long shown = Long.parseLong(cgtopField);
        final boolean alt = altFirst != null && altSecond != null && within(shown, altFirst, altSecond);
        if (!within(shown, first, second) && !alt)
        {
            disagreements.put(what + " " + path, String.format("cgtop %d, cgroup-walk %d and %d (or %s and %s)",
                shown, first, second, altFirst, altSecond));
        }
        return 1;
    }

    private static boolean within(final long shown, final long first, final long second)
    {
        return shown >= Math.min(first, second) - STABLE_BYTES && shown <= Math.max(first, second) + STABLE_BYTES;
    }

    /** The usage minus inactive page cache, as newer cgtop versions show it. */
    private static Long workingSet(final CSVRecord record)
    {
        final Long usage = memory(record);
        Long inactive = value(record, "memory.stat.total_inactive_file");
        inactive = inactive != null ? inactive : value(record, "memory.stat.inactive_file");
        return usage == null || inactive == null ? null : usage - inactive;
    }

    private static Long memory(final CSVRecord record)
    {
        final Long v1 = value(record, "memory.usage_in_bytes");
        return v1 != null ? v1 : value(record, "memory.current");
    }

    private static Long value(final CSVRecord record, final String column)
    {
        if (!record.isMapped(column) || record.get(column).isEmpty())
        {
            return null;
        }
        return Long.parseLong(record.get(column));
    }

    private static Map<String, CSVRecord> walk() throws IOException
    {
        final Golden.Run r = Golden.run("--format", "csv", "--stats", "memory.usage_in_bytes,memory.current," +
            "memory.stat,pids.current");
        assertThat(r.code()).as(r.err()).isZero();
        final Map<String, CSVRecord> byPath = new HashMap<>();
        for (final CSVRecord record : JoinedViewCliTest.records(r.out()))
        {
            byPath.put(record.get("path"), record);
        }
        return byPath;
    }

    /** Path to cgtop's fields: path, tasks, %cpu, memory, input/s, output/s. */
    private static Map<String, String[]> cgtop() throws IOException, InterruptedException
    {
        final Process p = new ProcessBuilder(CGTOP.toString(), "-b", "-n", "1", "-r", "--depth=100")
            .redirectErrorStream(true).start();
        p.getOutputStream().close();
        final String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assumeTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "systemd-cgtop failed: " + text);
        final Map<String, String[]> rows = new HashMap<>();
        for (final String line : text.split("\n"))
        {
            final String[] fields = line.trim().split("\\s+");
            if (fields.length == 6 && fields[0].startsWith("/"))
            {
                rows.put(fields[0], fields);
            }
        }
        final Optional<String> any = rows.keySet().stream().findAny();
        assumeTrue(any.isPresent(), "systemd-cgtop printed no cgroup: " + text);
        return rows;
    }
}
