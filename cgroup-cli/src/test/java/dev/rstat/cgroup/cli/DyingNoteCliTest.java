package dev.rstat.cgroup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The text format's note on memory held by removed cgroups: printed to stderr when the root's v1 {@code total_cache}
 * and {@code total_rss} exceed what the live cgroups hold by more than {@code --dying-threshold}, not otherwise, not
 * for the machine formats (which carry the values), and never for a walk of part of the tree without aggregation.
 */
class DyingNoteCliTest
{
    @TempDir
    Path tmp;

    Path root;

    @BeforeEach
    void tree() throws IOException
    {
        root = tmp.resolve("memory");
        cgroup(root, 1, "cache 4096\nrss 0\ntotal_cache 3149824\ntotal_rss 1048576\n");
        cgroup(root.resolve("a"), 2, "cache 1048576\nrss 1048576\ntotal_cache 1048576\ntotal_rss 1048576\n");
        Files.writeString(root.resolve(".rstat-snapshot"), "source=/sys/fs/cgroup/memory\nversion=1\n" +
            "controllers=memory\ntaken=2026-12-01T00:00:00Z\n", StandardCharsets.UTF_8);
    }

    private static void cgroup(final Path dir, final long id, final String stat) throws IOException
    {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(".rstat-cgroup-id"), id + "\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("memory.stat"), stat, StandardCharsets.UTF_8);
    }

    @Test
    void notesWhatRemovedCgroupsHoldAboveTheThreshold()
    {
        // held: total_cache - (4096 + 1048576) + total_rss - (0 + 1048576) = 2097152 = 2.0 MiB
        final Golden.Run above = Golden.run("--root", root.toString(), "--dying-threshold", "1M");
        assertThat(above.code()).as(above.err()).isZero();
        assertThat(above.err()).contains("cgroup-walk: removed cgroups still hold 2.0 MiB of page cache and " +
            "anonymous memory");
        assertThat(Golden.run("--root", root.toString(), "--dying-threshold", "2M").err())
            .doesNotContain("removed cgroups");
        assertThat(Golden.run("--root", root.toString()).err()).as("default threshold 64M")
            .doesNotContain("removed cgroups");
        assertThat(Golden.run("--root", root.toString(), "--dying-threshold", "1M", "--format", "csv").err())
            .doesNotContain("removed cgroups");
        assertThat(Golden.run("--root", root.toString(), "--dying-threshold", "1M", "--max-depth", "0").err())
            .as("a partial walk cannot sum the live tree").doesNotContain("removed cgroups");
        assertThat(Golden.run("--root", root.toString(), "--dying-threshold", "1M", "--max-depth", "0",
            "--aggregate").err()).as("aggregation sums the whole tree").contains("2.0 MiB");
        final Golden.Run bad = Golden.run("--root", root.toString(), "--dying-threshold", "lots");
        assertThat(bad.code()).isEqualTo(CgroupWalk.USAGE);
        assertThat(bad.err()).contains("--dying-threshold").contains("lots");
    }
}
