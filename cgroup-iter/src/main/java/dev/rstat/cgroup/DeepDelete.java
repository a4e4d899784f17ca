package dev.rstat.cgroup;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Deletes a directory tree of any depth (not a cgroup hierarchy: a snapshot or a fixture) without recursion and
 * without absolute paths: one directory handle is open at a time, the walk goes back up through {@code ".."}.
 */
final class DeepDelete
{
    private DeepDelete()
    {
    }

    /** A directory being emptied: its name in its parent and the sub-directories still to delete. */
    private static final class Level
    {
        final Path name;
        final List<Path> subdirectories;
        int next;

        Level(final Path name, final List<Path> subdirectories)
        {
            this.name = name;
            this.subdirectories = subdirectories;
        }
    }

    /**
     * Deletes {@code dir} and everything below it. Does nothing if it does not exist.
     *
     * @param dir the top directory.
     * @throws IOException if something cannot be deleted.
     */
    static void delete(final Path dir) throws IOException
    {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS))
        {
            return;
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS))
        {
            Files.delete(dir);
            return;
        }
        final Deque<Level> levels = new ArrayDeque<>();
        SecureDirectoryStream<Path> current = Handles.openRoot(dir);
        try
        {
            levels.push(new Level(null, emptyFiles(current)));
            while (!levels.isEmpty())
            {
                final Level level = levels.peek();
                if (level.next < level.subdirectories.size())
                {
                    final Path name = level.subdirectories.get(level.next++);
                    final SecureDirectoryStream<Path> child;
                    try
                    {
                        child = Handles.openChild(current, name);
                    }
                    catch (final NoSuchFileException ex)
                    {
                        continue;
                    }
                    Handles.closeQuietly(current);
                    current = child;
                    levels.push(new Level(name, emptyFiles(current)));
                }
                else
                {
                    levels.pop();
                    if (levels.isEmpty())
                    {
                        break;
                    }
                    final SecureDirectoryStream<Path> parent = Handles.openChild(current, Handles.PARENT);
                    Handles.closeQuietly(current);
                    current = parent;
                    current.deleteDirectory(level.name);
                }
            }
        }
        finally
        {
            Handles.closeQuietly(current);
        }
        Files.delete(dir);
    }

    /** Deletes the non-directory entries and returns the sub-directories. */
    private static List<Path> emptyFiles(final SecureDirectoryStream<Path> dir) throws IOException
    {
        final List<Path> subdirectories = new ArrayList<>();
        final List<Path> files = new ArrayList<>();
        try
        {
            for (final Path entry : dir)
            {
                final Path name = Handles.fileName(entry);
                final boolean isDirectory = dir.getFileAttributeView(
                    name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).readAttributes().isDirectory();
                (isDirectory ? subdirectories : files).add(name);
            }
        }
        catch (final DirectoryIteratorException ex)
        {
            throw ex.getCause();
        }
        for (final Path file : files)
        {
            dir.deleteFile(file);
        }
        return subdirectories;
    }
}
