package dev.rstat.cgroup.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.abort;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

import dev.rstat.cgroup.Hierarchy;
import dev.rstat.cgroup.Mounts;
import dev.rstat.cgroup.stat.StatKind;
import dev.rstat.cgroup.stat.ValueState;

/**
 * On this machine's real cgroup hierarchies: a tree the test creates ({@code base/parent/leaf}), a busy process of
 * the test's own in the leaf under the idle parent, and 20 aggregated samples: read children before parents, every
 * counter's own share is at least 0 in every sample (read parents first, the busy leaf's growth between the two reads
 * made the idle parent's {@code usage_usec:self} negative in every sample). The exception the catalog knows of is
 * cgroup2's user and system time, which the kernel splits from each cgroup's usage on its own
 * ({@code StatCatalog.splitPerCgroup}): their own shares can dip a few microseconds below 0 whatever the read order,
 * and are checked to add up to the usage's own share instead (each half rounds down to whole microseconds: one per
 * cgroup). Only cgroups the test created are written to, only its own child process is moved, and everything is
 * removed afterwards, also on failure. Skips where there is no such hierarchy or the test may not create cgroups or
 * move its process.
 */
class BusyLeafOwnShareTest
{
    private static final int SAMPLES = 20;
    private static final long PAUSE_MILLIS = 25;

    @Test
    void everyCounterOwnShareOfACgroup2TreeStaysAtLeastZeroWhileALeafIsBusy() throws Exception
    {
        final Optional<Mounts> mounts = Mounts.tryDiscover();
        assumeTrue(mounts.isPresent(), "no /proc/self/mountinfo");
        final Optional<Hierarchy> unified = mounts.get().unified();
        assumeTrue(unified.isPresent(), "no cgroup2 hierarchy mounted");
        final int counters = ownSharesNeverNegative(unified.get(), "cgroup.procs", List.of("cpu.stat"));
        assertThat(counters).as("counter own shares checked: at least cpu.stat usage for 3 cgroups, 20 samples")
            .isGreaterThanOrEqualTo(3 * SAMPLES);
    }

    @Test
    void everyCounterOwnShareOfAV1CpuacctTreeStaysAtLeastZeroWhileALeafIsBusy() throws Exception
    {
        final Optional<Mounts> mounts = Mounts.tryDiscover();
        assumeTrue(mounts.isPresent(), "no /proc/self/mountinfo");
        final Optional<Hierarchy> cpuacct = mounts.get().controller("cpuacct");
        assumeTrue(cpuacct.isPresent(), "no cgroup1 cpuacct hierarchy mounted");
        final int counters = ownSharesNeverNegative(cpuacct.get(), "cgroup.procs",
            List.of("cpuacct.usage", "cpuacct.stat"));
        assertThat(counters).as("counter own shares checked: usage, user, system for 3 cgroups, 20 samples")
            .isGreaterThanOrEqualTo(3 * 3 * SAMPLES);
    }

    /**
     * Builds {@code base/parent/leaf}, runs a busy process in the leaf, takes the samples and checks every counter
     * own share of the test's cgroups; returns how many were checked.
     */
    private static int ownSharesNeverNegative(final Hierarchy hierarchy, final String procsFile,
        final List<String> files) throws Exception
    {
        final Path base = hierarchy.directory().resolve("rstat-busy-" + ProcessHandle.current().pid() + "-" +
            Integer.toHexString(ThreadLocalRandom.current().nextInt()));
        final Path parent = base.resolve("parent");
        final Path leaf = parent.resolve("leaf");
        Process busy = null;
        try
        {
            try
            {
                Files.createDirectory(base);
                Files.createDirectory(parent);
                Files.createDirectory(leaf);
            }
            catch (final IOException ex)
            {
                abort("cannot create cgroups in " + hierarchy.directory() + ": " + ex);
            }
            busy = new ProcessBuilder("sh", "-c", "while :; do :; done").start();
            try
            {
                Files.writeString(leaf.resolve(procsFile), Long.toString(busy.pid()), StandardCharsets.US_ASCII);
            }
            catch (final IOException ex)
            {
                abort("cannot move the test's own process into " + leaf + ": " + ex);
            }
            Thread.sleep(100);
            return check(hierarchy, "/" + base.getFileName(), files);
        }
        finally
        {
            if (busy != null)
            {
                busy.destroyForcibly();
                busy.waitFor(10, TimeUnit.SECONDS);
            }
            for (final Path dir : new Path[] {leaf, parent, base})
            {
                removeCgroup(dir);
            }
        }
    }

    private static int check(final Hierarchy hierarchy, final String base, final List<String> files)
        throws InterruptedException
    {
        final SoftAssertions softly = new SoftAssertions();
        int checked = 0;
        final List<String> paths = List.of(base, base + "/parent", base + "/parent/leaf");
        try (Sampler sampler = Sampler.on(hierarchy).files(files).aggregate(true).walk(Walk.all().withStart(base))
            .build())
        {
            for (int s = 0; s < SAMPLES; s++)
            {
                final Sample sample = sampler.sample();
                final List<String> seen = new ArrayList<>();
                for (final int row : sample.rows())
                {
                    seen.add(sample.path(row));
                    for (final Field field : sample.fields())
                    {
                        final String column = sample.columns().name(field.column());
                        if (field.derivation() == Derivation.SELF &&
                            sample.info(Field.raw(field.column())).kind() == StatKind.COUNTER &&
                            sample.state(row, field) == ValueState.NUMBER &&
                            !sample.columns().catalog().splitPerCgroup(column))
                        {
                            softly.assertThat(sample.value(row, field))
                                .as("sample %d %s %s", s, sample.path(row), field.name(sample.columns()))
                                .isNotNegative();
                            checked++;
                        }
                    }
                    final Field usage = sample.field("cpu.stat.usage_usec", Derivation.SELF);
                    final Field user = sample.field("cpu.stat.user_usec", Derivation.SELF);
                    final Field system = sample.field("cpu.stat.system_usec", Derivation.SELF);
                    if (usage != null && user != null && system != null)
                    {
                        final int children = row == sample.rows()[sample.rows().length - 1] ? 0 : 1;
                        softly.assertThat(sample.value(row, user) + sample.value(row, system))
                            .as("sample %d %s user + system own shares", s, sample.path(row))
                            .isBetween(sample.value(row, usage) - 1 - children, sample.value(row, usage) + children);
                    }
                }
                softly.assertThat(seen).as("sample %d", s).containsExactlyElementsOf(paths);
                Thread.sleep(PAUSE_MILLIS);
            }
        }
        softly.assertAll();
        return checked;
    }

    /** Removes a cgroup the test made; a cgroup whose last task just exited can be busy for a moment. */
    private static void removeCgroup(final Path dir) throws InterruptedException
    {
        for (int attempt = 0; attempt < 50 && Files.isDirectory(dir); attempt++)
        {
            try
            {
                Files.delete(dir);
                return;
            }
            catch (final IOException ex)
            {
                Thread.sleep(20);
            }
        }
    }
}
