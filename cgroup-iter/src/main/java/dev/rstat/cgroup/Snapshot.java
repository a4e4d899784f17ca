package dev.rstat.cgroup;

import dev.rstat.cgroup.stat.Problems;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

import org.eclipse.collections.impl.list.mutable.primitive.IntArrayList;

/**
 * Copies a cgroup hierarchy (or the subtree of one cgroup) into a plain directory tree that can be walked and read
 * like the original: the same layout, a copy of every readable regular file of each cgroup, a {@value Cgroup#ID_FILE}
 * file with the cgroup's id in every directory, and a {@value Hierarchy#SNAPSHOT_MARKER} file at the root with
 * {@code key=value} lines ({@code source}, {@code version}, {@code controllers}, {@code taken}, and {@code name} and
 * {@code start} when set).
 *
 * <p>A subtree snapshot keeps the original paths: the ancestors of the start cgroup are present with their id file
 * only, so {@code /a/b} in the snapshot is {@code /a/b} of the source.
 *
 * <p><b>Atomic.</b> Everything is written into a temporary directory next to {@code out} and renamed into place at the
 * end; on failure nothing is left behind. Each cgroup is first written into a flat staging directory
 * ({@code tmp/<n>}), and the tree is assembled afterwards by renaming children into their parents bottom-up, so no
 * path used is ever deeper than two levels below the temporary directory, whatever the depth of the hierarchy.
 *
 * <p>Files that are not readable (no read permission bit, such as {@code cgroup.kill}) are left out; files whose
 * read fails (EOPNOTSUPP, EINVAL...) are left out and counted in {@link Summary#skippedFiles()}. Cgroups that vanish
 * during the snapshot are skipped and counted in the {@link Problems}. Not thread-safe.
 */
public final class Snapshot
{
    /** Largest file copied; cgroupfs files are far smaller. */
    public static final int MAX_FILE_BYTES = 16 << 20;

    private Snapshot()
    {
    }

    /**
     * What a snapshot holds.
     *
     * @param directory    the snapshot root ({@code out}).
     * @param cgroups      number of cgroups copied (ancestors of the start cgroup included).
     * @param files        number of files copied.
     * @param skippedFiles number of readable-looking files whose read failed.
     */
    public record Summary(Path directory, long cgroups, long files, long skippedFiles)
    {
    }

    /**
     * Snapshots a whole hierarchy.
     *
     * @param hierarchy the source (live or a snapshot).
     * @param out       directory to create; must not exist, or be empty.
     * @param problems  counts cgroups that vanished during the snapshot.
     * @return what was copied.
     * @throws UncheckedIOException if the snapshot cannot be written (nothing is left behind).
     */
    public static Summary take(final Hierarchy hierarchy, final Path out, final Problems problems)
    {
        return take(hierarchy, "/", out, problems, Instant.now());
    }

    /**
     * Snapshots the subtree of one cgroup.
     *
     * @param hierarchy the source (live or a snapshot).
     * @param start     path of the start cgroup relative to the hierarchy root, e.g. {@code "/system.slice"}.
     * @param out       directory to create; must not exist, or be empty.
     * @param problems  counts cgroups that vanished during the snapshot.
     * @param taken     the time recorded as {@code taken=}.
     * @return what was copied.
     * @throws CgroupNotFoundException if the start cgroup does not exist.
     * @throws UncheckedIOException    if the snapshot cannot be written (nothing is left behind).
     */
    public static Summary take(
        final Hierarchy hierarchy, final String start, final Path out, final Problems problems, final Instant taken)
    {
        Objects.requireNonNull(hierarchy, "hierarchy");
        if (hierarchy.isJoined())
        {
            return takeJoined(hierarchy, start, out, problems, taken);
        }
        final Path target = out.toAbsolutePath().normalize();
        final Path parent = target.getParent();
        Path tmp = null;
        try
        {
            checkEmptyOrMissing(target);
            Files.createDirectories(parent);
            tmp = Files.createTempDirectory(parent, "." + target.getFileName() + ".tmp-");
            final Writer writer = new Writer(tmp);
            CgroupWalker.on(hierarchy).start(start).problems(problems).build().walk(writer);
            if (writer.count() == 0)
            {
                throw new CgroupNotFoundException("start cgroup vanished: root=" + hierarchy.directory() +
                    " path=" + start);
            }
            writer.assemble();
            final Path rootDir = tmp.resolve("0");
            Files.writeString(rootDir.resolve(Hierarchy.SNAPSHOT_MARKER), marker(hierarchy, start, taken),
                StandardCharsets.UTF_8);
            Files.move(rootDir, target, StandardCopyOption.ATOMIC_MOVE);
            return new Summary(target, writer.count(), writer.files, writer.skipped);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write snapshot: out=" + target + " error=" + IoErrors.reason(ex), ex);
        }
        catch (final UncheckedIOException ex)
        {
            throw new UncheckedIOException("cannot write snapshot: out=" + target + " error=" + IoErrors.reason(ex),
                ex.getCause());
        }
        finally
        {
            if (tmp != null)
            {
                try
                {
                    DeepDelete.delete(tmp);
                }
                catch (final IOException ignored)
                {
                    // best effort: the temporary directory is hidden and named after the output
                }
            }
        }
    }

    /**
     * A joined view is snapshot as a set: one snapshot per member in a subdirectory named after its mount point's
     * last name, and a {@value Hierarchy#MOUNTINFO_FILE} file with one mountinfo line per member, so that
     * {@link Hierarchy#at(Path)} reads the set back as the same joined view. Members without the start cgroup are
     * left out (at least one must have it). Written into a temporary directory and renamed into place.
     */
    private static Summary takeJoined(final Hierarchy view, final String start, final Path out,
        final Problems problems, final Instant taken)
    {
        final Path target = out.toAbsolutePath().normalize();
        final Path parent = target.getParent();
        Path tmp = null;
        try
        {
            checkEmptyOrMissing(target);
            Files.createDirectories(parent);
            tmp = Files.createTempDirectory(parent, "." + target.getFileName() + ".tmp-");
            final StringBuilder mountinfo = new StringBuilder();
            final java.util.Set<String> used = new java.util.HashSet<>();
            long cgroups = 0;
            long files = 0;
            long skipped = 0;
            int mountId = 1;
            for (final Hierarchy member : view.members())
            {
                final Path last = member.directory().getFileName();
                String name = last == null ? "root" : last.toString();
                for (int n = 2; !used.add(name); n++)
                {
                    name = (last == null ? "root" : last.toString()) + "-" + n;
                }
                final Summary one;
                try
                {
                    one = take(member, start, tmp.resolve(name), problems, taken);
                }
                catch (final CgroupNotFoundException ex)
                {
                    continue;
                }
                cgroups += one.cgroups();
                files += one.files();
                skipped += one.skippedFiles();
                final boolean v2 = member.version() == CgroupVersion.V2;
                final List<String> options = new ArrayList<>(List.of("rw"));
                options.addAll(member.controllers());
                if (!member.name().isEmpty())
                {
                    options.add("name=" + member.name());
                }
                mountinfo.append(mountId).append(" 1 0:").append(mountId).append(" / ")
                    .append(escape(member.source())).append(" rw - ").append(v2 ? "cgroup2 cgroup2 " : "cgroup cgroup ")
                    .append(String.join(",", options)).append('\n');
                mountId++;
            }
            if (cgroups == 0)
            {
                throw new CgroupNotFoundException("start cgroup not found in any hierarchy: root=" +
                    view.directory() + " path=" + start);
            }
            Files.writeString(tmp.resolve(Hierarchy.MOUNTINFO_FILE), mountinfo.toString(), StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            tmp = null;
            return new Summary(target, cgroups, files, skipped);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write snapshot: out=" + target + " error=" + ex, ex);
        }
        finally
        {
            if (tmp != null)
            {
                try
                {
                    DeepDelete.delete(tmp);
                }
                catch (final IOException ignored)
                {
                    // best effort: the temporary directory is hidden and named after the output
                }
            }
        }
    }

    /** A mountinfo field with the kernel's octal escapes for space, tab, newline and backslash. */
    private static String escape(final String field)
    {
        return field.replace("\\", "\\134").replace(" ", "\\040").replace("\t", "\\011")
            .replace("\n", "\\012");
    }

    private static void checkEmptyOrMissing(final Path target) throws IOException
    {
        if (!Files.exists(target))
        {
            return;
        }
        if (Files.isDirectory(target))
        {
            try (Stream<Path> entries = Files.list(target))
            {
                if (entries.findAny().isEmpty())
                {
                    return;
                }
            }
        }
        throw new FileAlreadyExistsException(target.toString(), null, "the directory exists and is not empty (snapshot writes a new or empty directory)");
    }

    private static String marker(final Hierarchy hierarchy, final String start, final Instant taken)
    {
        final StringBuilder sb = new StringBuilder();
        sb.append("source=").append(hierarchy.source()).append('\n');
        sb.append("version=").append(hierarchy.version().number()).append('\n');
        sb.append("controllers=").append(String.join(",", hierarchy.controllers())).append('\n');
        if (!hierarchy.name().isEmpty())
        {
            sb.append("name=").append(hierarchy.name()).append('\n');
        }
        final String normalized = normalize(start);
        if (!"/".equals(normalized))
        {
            sb.append("start=").append(normalized).append('\n');
        }
        sb.append("taken=").append(taken.truncatedTo(ChronoUnit.SECONDS)).append('\n');
        return sb.toString();
    }

    private static String normalize(final String start)
    {
        final StringBuilder sb = new StringBuilder();
        for (final Path name : CgroupWalker.parsePath(start))
        {
            sb.append('/').append(name);
        }
        return sb.length() == 0 ? "/" : sb.toString();
    }

    /** Writes each visited cgroup into {@code tmp/<seq>} and remembers where it belongs in the tree. */
    private static final class Writer implements CgroupVisitor
    {
        private final Path tmp;
        private final IntArrayList parentSeq = new IntArrayList();
        private final List<Path> names = new ArrayList<>();
        private final IntArrayList seqByDepth = new IntArrayList();
        long files;
        long skipped;

        Writer(final Path tmp)
        {
            this.tmp = tmp;
        }

        long count()
        {
            return names.size();
        }

        @Override
        public boolean visit(final Cgroup cgroup)
        {
            try
            {
                if (names.isEmpty())
                {
                    writeAncestors(cgroup);
                }
                final Path dir = newDirectory(cgroup);
                for (final String file : cgroup.files())
                {
                    final byte[] bytes;
                    try
                    {
                        bytes = Handles.read(cgroup.handle(), Path.of(file), MAX_FILE_BYTES);
                    }
                    catch (final IOException ex)
                    {
                        skipped++;
                        continue;
                    }
                    Files.write(dir.resolve(file), bytes);
                    files++;
                }
                return true;
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        }

        private void writeAncestors(final Cgroup start) throws IOException
        {
            final List<Cgroup> chain = new ArrayList<>();
            Cgroup c = start.parent().orElse(null);
            while (c != null)
            {
                chain.add(c);
                c = c.parent().orElse(null);
            }
            for (int i = chain.size() - 1; i >= 0; i--)
            {
                newDirectory(chain.get(i));
            }
        }

        private Path newDirectory(final Cgroup cgroup) throws IOException
        {
            final int seq = names.size();
            final int depth = cgroup.depth();
            parentSeq.add(depth == 0 ? -1 : seqByDepth.get(depth - 1));
            names.add(cgroup.fileName());
            while (seqByDepth.size() <= depth)
            {
                seqByDepth.add(-1);
            }
            seqByDepth.set(depth, seq);
            final Path dir = Files.createDirectory(tmp.resolve(Integer.toString(seq)));
            Files.writeString(dir.resolve(Cgroup.ID_FILE), Long.toUnsignedString(cgroup.id()) + "\n",
                StandardCharsets.UTF_8);
            return dir;
        }

        /** Renames each directory into its parent, children first (reverse pre-order), so parents are still flat. */
        void assemble() throws IOException
        {
            for (int seq = names.size() - 1; seq >= 1; seq--)
            {
                Files.move(tmp.resolve(Integer.toString(seq)),
                    tmp.resolve(Integer.toString(parentSeq.get(seq))).resolve(names.get(seq)),
                    StandardCopyOption.ATOMIC_MOVE);
            }
        }
    }
}
