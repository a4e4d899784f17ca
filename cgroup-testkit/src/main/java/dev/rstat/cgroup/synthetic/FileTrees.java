package dev.rstat.cgroup.synthetic;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.Deque;

/** File-tree helpers for the fixture writers and their users. Stateless; thread-safe for distinct trees. */
final class FileTrees
{
    private FileTrees()
    {
    }

    /**
     * Deletes {@code dir} and everything below it, at any depth (a missing {@code dir} is fine). Trees deeper than
     * PATH_MAX defeat {@code Files.walk} (and JUnit's {@code @TempDir} cleanup) with ENAMETOOLONG, so this never
     * uses a long path: it renames {@code dir} into a sibling scratch directory, then repeatedly empties one
     * directory, renaming each of its subdirectories next to it first, so every directory it touches is at a short
     * path. Iterative; O(entries) renames.
     */
    static void deleteRecursively(final Path dir)
    {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS))
        {
            return;
        }
        final Path absolute = dir.toAbsolutePath();
        final Path parent = absolute.getParent();
        if (parent == null)
        {
            throw new IllegalArgumentException("refusing to delete a file system root: dir=" + dir);
        }
        try
        {
            final Path scratch = Files.createTempDirectory(parent, ".rstat-delete-");
            long next = 0;
            final Path first = scratch.resolve(Long.toString(next++));
            Files.move(absolute, first, StandardCopyOption.ATOMIC_MOVE);
            final Deque<Path> pending = new ArrayDeque<>();
            pending.add(first);
            while (!pending.isEmpty())
            {
                final Path current = pending.poll();
                if (Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS))
                {
                    try (DirectoryStream<Path> entries = Files.newDirectoryStream(current))
                    {
                        for (final Path entry : entries)
                        {
                            if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS))
                            {
                                final Path moved = scratch.resolve(Long.toString(next++));
                                Files.move(entry, moved, StandardCopyOption.ATOMIC_MOVE);
                                pending.add(moved);
                            }
                            else
                            {
                                Files.delete(entry);
                            }
                        }
                    }
                }
                Files.delete(current);
            }
            Files.delete(scratch);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot delete tree: dir=" + dir, ex);
        }
    }
}
