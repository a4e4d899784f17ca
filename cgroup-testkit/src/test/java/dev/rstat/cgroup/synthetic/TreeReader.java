package dev.rstat.cgroup.synthetic;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A deliberately small, independent reader of cgroupfs-shaped trees for the tests: plain String.split parsing, no
 * code shared with the fixtures or the real parsers. Iterative walks only.
 */
final class TreeReader
{
    private TreeReader()
    {
    }

    /** The committed testdata directory (set by Surefire; falls back to ../testdata from the module). */
    static Path testdata()
    {
        final String dir = System.getProperty("testdata.dir");
        return dir != null ? Paths.get(dir) : Paths.get("..", "testdata");
    }

    /** UTF-8 byte order of names. */
    static int compareNames(final String a, final String b)
    {
        return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    /** Child cgroup names of a directory (every subdirectory is a cgroup), in UTF-8 byte order. */
    static List<String> childNames(final Path dir)
    {
        final List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir))
        {
            for (final Path p : entries)
            {
                if (Files.isDirectory(p))
                {
                    names.add(p.getFileName().toString());
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        names.sort(TreeReader::compareNames);
        return names;
    }

    /** All cgroups in pre-order (siblings in UTF-8 byte order): relative path ("/" = root) to directory. */
    static Map<String, Path> cgroups(final Path root)
    {
        final Map<String, Path> result = new LinkedHashMap<>();
        final Deque<String> stack = new ArrayDeque<>();
        stack.push("/");
        while (!stack.isEmpty())
        {
            final String path = stack.pop();
            final Path dir = dir(root, path);
            result.put(path, dir);
            final List<String> names = childNames(dir);
            for (int i = names.size() - 1; i >= 0; i--)
            {
                stack.push(("/".equals(path) ? "/" : path + "/") + names.get(i));
            }
        }
        return result;
    }

    static Path dir(final Path root, final String path)
    {
        return "/".equals(path) ? root : root.resolve(path.substring(1));
    }

    static String parent(final String path)
    {
        final int slash = path.lastIndexOf('/');
        return slash == 0 ? "/" : path.substring(0, slash);
    }

    static List<String> children(final Map<String, Path> cgroups, final String path)
    {
        final List<String> result = new ArrayList<>();
        for (final String p : cgroups.keySet())
        {
            if (!"/".equals(p) && parent(p).equals(path))
            {
                result.add(p);
            }
        }
        return result;
    }

    static String text(final Path file)
    {
        try
        {
            return Files.readString(file, StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /** "key value" lines; the file must exist. */
    static Map<String, Long> flat(final Path file)
    {
        final Map<String, Long> values = new LinkedHashMap<>();
        for (final String line : text(file).split("\n"))
        {
            if (!line.isEmpty())
            {
                final String[] kv = line.split(" ");
                values.put(kv[0], Long.parseLong(kv[1]));
            }
        }
        return values;
    }

    /** "dev k=v k=v" lines as "dev.k" to value. */
    static Map<String, Long> nested(final Path file)
    {
        final Map<String, Long> values = new LinkedHashMap<>();
        for (final String line : text(file).split("\n"))
        {
            if (line.isEmpty())
            {
                continue;
            }
            final String[] fields = line.split(" ");
            for (int i = 1; i < fields.length; i++)
            {
                final String[] kv = fields[i].split("=");
                values.put(fields[0] + "." + kv[0], Long.parseLong(kv[1]));
            }
        }
        return values;
    }

    /** A one-value file: a number, or -1 for "max". */
    static long single(final Path file)
    {
        final String value = text(file).trim().split(" ")[0];
        return "max".equals(value) ? -1 : Long.parseLong(value);
    }

    /** Every regular file below root: relative path to bytes (sorted by path). */
    static Map<String, byte[]> files(final Path root)
    {
        final Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root))
        {
            for (final Path p : (Iterable<Path>)walk::iterator)
            {
                if (Files.isRegularFile(p))
                {
                    files.put(root.relativize(p).toString(), Files.readAllBytes(p));
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return files;
    }
}
