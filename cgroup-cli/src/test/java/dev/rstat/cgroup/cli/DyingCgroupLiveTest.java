package dev.rstat.cgroup.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.abort;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.rstat.cgroup.Hierarchy;
import dev.rstat.cgroup.Mounts;

/**
 * Memory held by a removed cgroup, on this machine's real v1 memory hierarchy: the test creates {@code A/B}, starts a
 * shell of its own in B that writes {@value #MIB} MiB to a file (page cache, charged to B), moves that shell to A
 * and removes B. The kernel keeps B as a dying cgroup while its pages are charged, so A's hierarchical
 * {@code total_cache} keeps them while no live cgroup's {@code cache} does: {@code memory.stat.total_cache:dying}
 * of A shows them. Only the test's cgroups are written to and only its own child process is moved; everything is
 * removed in {@code finally} (A may stay dying while the page cache lasts, which is the point). Skips where there is
 * no v1 memory hierarchy or the test may not create cgroups or move its process.
 */
class DyingCgroupLiveTest
{
    private static final int MIB = 32;
    private static final long BYTES = (long)MIB << 20;

    @TempDir
    Path tmp;

    @Test
    void findsThePageCacheOfARemovedCgroupUnderDying() throws Exception
    {
        final Optional<Mounts> mounts = Mounts.tryDiscover();
        assumeTrue(mounts.isPresent(), "no /proc/self/mountinfo");
        final Optional<Hierarchy> memory = mounts.get().controller("memory");
        assumeTrue(memory.isPresent(), "no cgroup1 memory hierarchy mounted");
        final Path root = memory.get().directory();
        final String name = "rstat-dying-" + ProcessHandle.current().pid() + "-" +
            Integer.toHexString(ThreadLocalRandom.current().nextInt());
        final Path a = root.resolve(name);
        final Path b = a.resolve("b");
        final Path data = tmp.resolve("cache.bin");
        Process shell = null;
        try
        {
            try
            {
                Files.createDirectory(a);
                Files.createDirectory(b);
            }
            catch (final IOException ex)
            {
                abort("cannot create cgroups in " + root + ": " + ex);
            }
            shell = new ProcessBuilder("sh", "-c",
                "read go; dd if=/dev/zero of=\"$0\" bs=1M count=" + MIB + " 2>/dev/null && echo written; read done",
                data.toString()).redirectErrorStream(true).start();
            try
            {
                Files.writeString(b.resolve("cgroup.procs"), Long.toString(shell.pid()), StandardCharsets.US_ASCII);
            }
            catch (final IOException ex)
            {
                abort("cannot move the test's own process into " + b + ": " + ex);
            }
            final OutputStream stdin = shell.getOutputStream();
            final BufferedReader stdout = new BufferedReader(
                new InputStreamReader(shell.getInputStream(), StandardCharsets.UTF_8));
            stdin.write("go\n".getBytes(StandardCharsets.US_ASCII));
            stdin.flush();
            assertThat(stdout.readLine()).isEqualTo("written");
            final long chargedToB = key(b, "cache");
            assumeTrue(chargedToB >= BYTES / 2, "the page cache was not charged to the test cgroup: cache=" +
                chargedToB);
            Files.writeString(a.resolve("cgroup.procs"), Long.toString(shell.pid()), StandardCharsets.US_ASCII);
            Files.delete(b);
            assertThat(Files.exists(b)).isFalse();

            final Golden.Run r = Golden.run("--root", root.toString(), "--aggregate", "--format", "csv",
                "--columns", "memory.stat.total_cache*,memory.stat.cache*", "--max-depth", "0", "/" + name);
            assertThat(r.code()).as(r.err()).isZero();
            final List<CSVRecord> records = JoinedViewCliTest.records(r.out());
            assertThat(records).hasSize(1);
            final long dying = Long.parseLong(records.get(0).get("memory.stat.total_cache:dying"));
            assertThat(dying).as("A's total_cache minus its live subtree's cache, with B's %d bytes charged", chargedToB)
                .isBetween(chargedToB - (1L << 20), chargedToB + (1L << 20));
            assertThat(Long.parseLong(records.get(0).get("memory.stat.cache:subtree"))).as("live cache of A")
                .isLessThan(1L << 20);

            final Golden.Run joined = Golden.run("--aggregate", "--format", "json", "--columns",
                "memory.stat.total_cache:dying", "--max-depth", "0", "/" + name);
            if (mounts.get().joined().isPresent())
            {
                assertThat(joined.code()).as(joined.err()).isZero();
                assertThat(joined.out()).contains("\"memory.stat.total_cache:dying\":");
                final String value = joined.out().replaceAll("(?s).*\"memory.stat.total_cache:dying\":(-?[0-9]+).*",
                    "$1");
                assertThat(Long.parseLong(value)).as("the joined view").isBetween(chargedToB - (1L << 20),
                    chargedToB + (1L << 20));
            }
        }
        finally
        {
            if (shell != null)
            {
                shell.destroyForcibly();
                shell.waitFor(10, TimeUnit.SECONDS);
            }
            Files.deleteIfExists(data);
            for (final Path dir : new Path[] {b, a})
            {
                removeCgroup(dir);
            }
        }
    }

    private static long key(final Path cgroup, final String key) throws IOException
    {
        for (final String line : Files.readAllLines(cgroup.resolve("memory.stat"), StandardCharsets.US_ASCII))
        {
            if (line.startsWith(key + " "))
            {
                return Long.parseLong(line.substring(key.length() + 1).trim());
            }
        }
        throw new AssertionError("no " + key + " in " + cgroup.resolve("memory.stat"));
    }

    /** rmdir of a test cgroup, retried while its last process is still exiting. */
    private static void removeCgroup(final Path dir) throws InterruptedException
    {
        for (int attempt = 0; attempt < 50 && Files.exists(dir); attempt++)
        {
            try
            {
                Files.delete(dir);
            }
            catch (final IOException ex)
            {
                Thread.sleep(20);
            }
        }
    }
}
