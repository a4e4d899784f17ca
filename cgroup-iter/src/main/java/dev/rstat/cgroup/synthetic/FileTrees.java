package dev.rstat.cgroup.synthetic;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** File-tree helpers for the fixture writers. Stateless; thread-safe. */
final class FileTrees
{
    private FileTrees()
    {
    }

    /** Deletes {@code dir} and everything below it (deepest first, no recursion); a missing {@code dir} is fine. */
    static void deleteRecursively(final Path dir)
    {
        if (!Files.exists(dir))
        {
            return;
        }
        final List<Path> paths;
        try (Stream<Path> walk = Files.walk(dir))
        {
            paths = walk.sorted(Comparator.comparingInt(Path::getNameCount).reversed()).collect(Collectors.toList());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot list tree: dir=" + dir, ex);
        }
        for (final Path p : paths)
        {
            try
            {
                Files.delete(p);
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot delete: path=" + p, ex);
            }
        }
    }
}
