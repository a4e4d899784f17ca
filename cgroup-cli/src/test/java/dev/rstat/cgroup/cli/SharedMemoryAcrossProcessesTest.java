package dev.rstat.cgroup.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.rstat.agrona.CountersFile;
import dev.rstat.agrona.CountersView;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A publisher JVM ({@code cgroup-walk publish}) writes a synthetic hierarchy's values into a counters file while this
 * JVM reads it, the hierarchy changes under it (a cgroup removed and recreated under its path with another id, a
 * new cgroup that takes a freed slot), the publisher is stopped with SIGTERM and restarted, and a third JVM prints it
 * with {@code cgroup-walk stat}. Every wait polls the file with a timeout.
 */
class SharedMemoryAcrossProcessesTest
{
    private static final long TIMEOUT_SECONDS = 60;

    @TempDir
    Path tmp;

    private final List<Process> children = new ArrayList<>();

    @Test
    void aReaderInAnotherProcessNeverShowsARecreatedCgroupsValuesUnderTheOldOneAndNoticesTheRestart()
        throws Exception
    {
        final Path root = tmp.resolve("tree");
        cgroup(root, 1, null);
        Files.writeString(root.resolve("cgroup.controllers"), "cpu memory\n");
        cgroup(root.resolve("a"), 10, 111L);
        cgroup(root.resolve("b"), 20, 222L);
        final Path file = tmp.resolve("cgroup-stats");
        try
        {
            final Process first = publisher(root, file, "first");
            await("the first sample", () -> Files.exists(file) && samples(file) >= 1, first, "first");
            try (CountersView view = CountersView.open(file))
            {
                assertThat(view.reader().publisherPid()).isEqualTo(first.pid());
                final CountersView.Counter oldA = counter(view, "/a memory.current");
                assertThat(oldA.nodeId()).isEqualTo(10);
                assertThat(valueOf(view, oldA)).isEqualTo(111);
                assertThat(valueOf(view, counter(view, "/b memory.current"))).isEqualTo(222);
                final long firstGeneration = view.generation();

                // /a removed and recreated under its path as another cgroup (id 11), then /c created: with
                // --reuse-timeout 0 a later allocation may take the old /a's freed slots
                deleteTree(root.resolve("a"));
                cgroup(root.resolve("a"), 11, 999L);
                await("the recreated /a", () -> checkedRefresh(view, oldA) &&
                    has(view, "/a memory.current", 11), first, "first");
                final CountersView.Counter newA = counter(view, "/a memory.current");
                assertThat(newA.registrationId()).isNotEqualTo(oldA.registrationId());
                assertThat(newA.incarnation()).isNotEqualTo(oldA.incarnation());
                assertThat(valueOf(view, newA)).isEqualTo(999);
                assertThat(view.isCurrent(view.generation(), oldA.id(), oldA.registrationId())).isFalse();
                assertThat(view.generation()).as("removing cgroups is not a new generation")
                    .isEqualTo(firstGeneration);

                cgroup(root.resolve("c"), 30, 333L);
                await("/c", () -> checkedRefresh(view, oldA) && has(view, "/c memory.current", 30), first, "first");
                assertThat(valueOf(view, counter(view, "/c memory.current"))).isEqualTo(333);
                final CountersView.Counter inOldSlot = inSlot(view, oldA.id());
                assertThat(inOldSlot).as("the old /a's slot was reused after its (zero) deadline").isNotNull();
                assertThat(inOldSlot.registrationId()).isNotEqualTo(oldA.registrationId());
                assertThat(inOldSlot.nodeId()).isIn(11L, 30L);

                // SIGTERM: the publisher stops cleanly and marks the file closed; values stay readable
                first.destroy();
                assertThat(first.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
                assertThat(first.exitValue()).as(log("first")).isIn(0, 143);
                assertThat(log("first")).contains("samples published").doesNotContain("Exception");
                assertThat(view.reader().state()).isEqualTo(CountersFile.STATE_CLOSED);
                assertThat(view.refresh()).isEqualTo(CountersView.Change.SAME_GENERATION);
                assertThat(valueOf(view, counter(view, "/a memory.current"))).isEqualTo(999);

                // a restarted publisher: a new file, a new generation, which the reader notices in one comparison
                Files.writeString(root.resolve("a").resolve("memory.current"), "1234\n");
                final Process second = publisher(root, file, "second");
                await("the restart", () -> view.refresh() == CountersView.Change.NEW_GENERATION, second, "second");
                assertThat(view.generation()).isGreaterThan(firstGeneration);
                assertThat(view.isCurrent(firstGeneration, newA.id(), newA.registrationId())).isFalse();
                await("the second publisher's first sample", () ->
                {
                    view.refresh();
                    return view.reader().samples() >= 1 && has(view, "/a memory.current", 11);
                }, second, "second");
                assertThat(view.reader().publisherPid()).isEqualTo(second.pid());
                assertThat(valueOf(view, counter(view, "/a memory.current"))).isEqualTo(1234);

                // a third JVM reads it with cgroup-walk stat, once
                final Process stat = java("stat", "--file", file.toString(), "--count", "1", "--filter",
                    "memory.current$").redirectOutput(tmp.resolve("stat.out").toFile())
                    .redirectError(tmp.resolve("stat.err").toFile()).start();
                children.add(stat);
                assertThat(stat.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
                final String table = Files.readString(tmp.resolve("stat.out"));
                assertThat(stat.exitValue()).as(Files.readString(tmp.resolve("stat.err"))).isZero();
                assertThat(table).contains("generation=" + view.generation(), "state=active")
                    .containsPattern("\\s1234 gauge\\s+/a memory.current\\n")
                    .containsPattern("\\s222 gauge\\s+/b memory.current\\n")
                    .containsPattern("\\s333 gauge\\s+/c memory.current\\n")
                    .doesNotContain("memory.current:self");
            }
        }
        finally
        {
            for (final Process child : children)
            {
                if (child.isAlive())
                {
                    child.destroyForcibly().waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                }
            }
        }
    }

    /**
     * Refreshes and checks what the reader shows: every /a counter's value is the one of the cgroup its key names,
     * and the slot of the old /a, while it still carries the old registration id, holds the old value.
     */
    private static boolean checkedRefresh(final CountersView view, final CountersView.Counter oldA)
    {
        view.refresh();
        for (int i = 0; i < view.size(); i++)
        {
            final CountersView.Counter c = view.counter(i);
            if (c.label().equals("/a memory.current"))
            {
                assertThat(view.value(i)).as("value shown for /a with node id " + c.nodeId())
                    .isEqualTo(c.nodeId() == 10 ? 111 : 999);
            }
            if (c.id() == oldA.id() && c.registrationId() == oldA.registrationId())
            {
                assertThat(c.label()).isEqualTo(oldA.label());
                assertThat(view.value(i)).isEqualTo(111);
            }
        }
        return true;
    }

    private Process publisher(final Path root, final Path file, final String name) throws IOException
    {
        final Process p = java("--root", root.toString(), "publish", "--file", file.toString(), "--interval",
            "50ms", "--reuse-timeout", "0s", "--stats", "memory.current")
            .redirectOutput(tmp.resolve(name + ".out").toFile()).redirectError(tmp.resolve(name + ".err").toFile())
            .start();
        children.add(p);
        return p;
    }

    private static ProcessBuilder java(final String... args)
    {
        final List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx128m",
            "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "-cp", System.getProperty("java.class.path"), CgroupWalk.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }

    private void await(final String what, final BooleanSupplier condition, final Process publisher,
        final String name) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (!condition.getAsBoolean())
        {
            assertThat(publisher.isAlive()).as("publisher alive while waiting for %s; stderr: %s", what, log(name))
                .isTrue();
            assertThat(System.nanoTime()).as("%s within %d s", what, TIMEOUT_SECONDS).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private String log(final String name)
    {
        try
        {
            return Files.readString(tmp.resolve(name + ".err"), StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            return "(no log: " + ex.getMessage() + ")";
        }
    }

    private static long samples(final Path file)
    {
        try (CountersView view = CountersView.open(file))
        {
            return view.reader().samples();
        }
        catch (final RuntimeException notYet)
        {
            return 0;
        }
    }

    private static boolean has(final CountersView view, final String label, final long nodeId)
    {
        for (int i = 0; i < view.size(); i++)
        {
            if (view.counter(i).label().equals(label) && view.counter(i).nodeId() == nodeId)
            {
                return true;
            }
        }
        return false;
    }

    private static CountersView.Counter counter(final CountersView view, final String label)
    {
        CountersView.Counter found = null;
        for (int i = 0; i < view.size(); i++)
        {
            if (view.counter(i).label().equals(label))
            {
                assertThat(found).as("one counter labelled " + label).isNull();
                found = view.counter(i);
            }
        }
        assertThat(found).as("a counter labelled " + label).isNotNull();
        return found;
    }

    private static CountersView.Counter inSlot(final CountersView view, final int id)
    {
        for (int i = 0; i < view.size(); i++)
        {
            if (view.counter(i).id() == id)
            {
                return view.counter(i);
            }
        }
        return null;
    }

    private static long valueOf(final CountersView view, final CountersView.Counter counter)
    {
        for (int i = 0; i < view.size(); i++)
        {
            if (view.counter(i).id() == counter.id() && view.counter(i).registrationId() == counter.registrationId())
            {
                return view.value(i);
            }
        }
        throw new AssertionError("counter gone: " + counter);
    }

    private static void cgroup(final Path dir, final long id, final Long current)
    {
        try
        {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(".rstat-cgroup-id"), id + "\n");
            if (current != null)
            {
                Files.writeString(dir.resolve("memory.current"), current + "\n");
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static void deleteTree(final Path dir) throws IOException
    {
        try (Stream<Path> paths = Files.walk(dir))
        {
            for (final Path p : paths.sorted(Comparator.reverseOrder()).toList())
            {
                Files.delete(p);
            }
        }
    }
}
