package dev.rstat.cgroup.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small cgroup trees on disk for the sampler's tests: a directory per cgroup, an id file, stat files. */
final class Trees
{
    private Trees()
    {
    }

    /**
     * Creates (or refills) the cgroup directory {@code dir} with an id file and files.
     *
     * @param dir            the directory.
     * @param id             its id.
     * @param fileAndContent file names and contents, alternating.
     * @return the directory.
     */
    static Path cgroup(final Path dir, final long id, final String... fileAndContent)
    {
        try
        {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(".rstat-cgroup-id"), id + "\n", StandardCharsets.UTF_8);
            files(dir, fileAndContent);
            return dir;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Writes files into a directory.
     *
     * @param dir            the directory.
     * @param fileAndContent file names and contents, alternating.
     */
    static void files(final Path dir, final String... fileAndContent)
    {
        try
        {
            for (int i = 0; i < fileAndContent.length; i += 2)
            {
                Files.writeString(dir.resolve(fileAndContent[i]), fileAndContent[i + 1], StandardCharsets.UTF_8);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Deletes a directory tree.
     *
     * @param dir the top.
     */
    static void delete(final Path dir)
    {
        try (var paths = Files.walk(dir))
        {
            for (final Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList())
            {
                Files.delete(p);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * The row of a path in a sample.
     *
     * @param sample the sample.
     * @param path   the path.
     * @return the row.
     */
    static int row(final Sample sample, final String path)
    {
        for (int row = 0; row < sample.size(); row++)
        {
            if (sample.path(row).equals(path))
            {
                return row;
            }
        }
        throw new AssertionError("no row for " + path);
    }
}
