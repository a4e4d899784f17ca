package dev.rstat.cgroup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A cgroup hierarchy to walk: a mounted cgroup file system (or a directory inside one), or a snapshot taken by
 * {@link Snapshot}. Immutable.
 *
 * <p>For a v1 hierarchy {@link #controllers()} lists the controllers bound to it (from the mount's super options);
 * for a v2 hierarchy it is empty when discovered from mountinfo (the enabled controllers are per cgroup, in
 * {@code cgroup.controllers}).
 */
public final class Hierarchy
{
    /** Name of the file that marks the root of a snapshot. */
    public static final String SNAPSHOT_MARKER = ".rstat-snapshot";

    private final Path directory;
    private final CgroupVersion version;
    private final List<String> controllers;
    private final String name;
    private final String source;
    private final boolean snapshot;

    /**
     * @param directory   root directory of the walk (the mount point, a directory below it, or a snapshot root).
     * @param version     interface version.
     * @param controllers v1 controllers bound to the hierarchy (may be empty).
     * @param name        v1 {@code name=} option (e.g. {@code systemd}), or empty.
     * @param source      where the data comes from: the mount point, or a snapshot's recorded source.
     * @param snapshot    whether {@code directory} is a snapshot rather than a live cgroup file system.
     */
    public Hierarchy(
        final Path directory,
        final CgroupVersion version,
        final List<String> controllers,
        final String name,
        final String source,
        final boolean snapshot)
    {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.version = Objects.requireNonNull(version, "version");
        this.controllers = List.copyOf(controllers);
        this.name = Objects.requireNonNull(name, "name");
        this.source = Objects.requireNonNull(source, "source");
        this.snapshot = snapshot;
    }

    /**
     * Describes the directory {@code dir} as a hierarchy: a snapshot if it holds {@value #SNAPSHOT_MARKER}, else the
     * cgroup mount that contains it (from {@code /proc/self/mountinfo}), else a plain directory tree (version 2 if
     * it holds {@code cgroup.controllers}, else 1), which is how tests and hand-made fixture trees are walked.
     *
     * @param dir a directory.
     * @return the hierarchy rooted at {@code dir}.
     * @throws CgroupNotFoundException if {@code dir} is not a directory.
     */
    public static Hierarchy at(final Path dir)
    {
        if (!Files.isDirectory(dir))
        {
            throw new CgroupNotFoundException("hierarchy root is not a directory: root=" + dir);
        }
        final Path marker = dir.resolve(SNAPSHOT_MARKER);
        if (Files.isRegularFile(marker))
        {
            return ofSnapshot(dir, marker);
        }
        final Path absolute = toReal(dir);
        Hierarchy best = null;
        final Optional<Mounts> mounts = Mounts.tryDiscover();
        if (mounts.isPresent())
        {
            for (final Hierarchy h : mounts.get().hierarchies())
            {
                if (absolute.startsWith(h.directory()) &&
                    (best == null || h.directory().getNameCount() > best.directory().getNameCount()))
                {
                    best = h;
                }
            }
        }
        if (best != null)
        {
            return new Hierarchy(dir, best.version, best.controllers, best.name, best.source, false);
        }
        final Path controllersFile = dir.resolve("cgroup.controllers");
        if (Files.isRegularFile(controllersFile))
        {
            return new Hierarchy(dir, CgroupVersion.V2, List.of(), "", dir.toString(), false);
        }
        return new Hierarchy(dir, CgroupVersion.V1, List.of(), "", dir.toString(), false);
    }

    private static Hierarchy ofSnapshot(final Path dir, final Path marker)
    {
        final List<String> lines;
        try
        {
            lines = Files.readAllLines(marker, StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read snapshot marker: file=" + marker, ex);
        }
        CgroupVersion version = CgroupVersion.V2;
        List<String> controllers = List.of();
        String source = dir.toString();
        String hierarchyName = "";
        for (int i = 0; i < lines.size(); i++)
        {
            final String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#"))
            {
                continue;
            }
            final int eq = line.indexOf('=');
            if (eq <= 0)
            {
                throw new IllegalArgumentException(
                    "malformed snapshot marker line: file=" + marker + " line=" + (i + 1) + " text=" + line);
            }
            final String key = line.substring(0, eq).trim();
            final String value = line.substring(eq + 1).trim();
            switch (key)
            {
                case "version":
                    version = CgroupVersion.ofNumber(value);
                    break;
                case "controllers":
                    controllers = splitList(value);
                    break;
                case "source":
                    source = value;
                    break;
                case "name":
                    hierarchyName = value;
                    break;
                default:
                    break;
            }
        }
        return new Hierarchy(dir, version, controllers, hierarchyName, source, true);
    }

    static List<String> splitList(final String value)
    {
        final List<String> out = new ArrayList<>();
        for (final String part : value.split(","))
        {
            if (!part.isBlank())
            {
                out.add(part.trim());
            }
        }
        return out;
    }

    private static Path toReal(final Path dir)
    {
        try
        {
            return dir.toRealPath();
        }
        catch (final IOException ex)
        {
            return dir.toAbsolutePath().normalize();
        }
    }

    /**
     * @return the root directory of the walk.
     */
    public Path directory()
    {
        return directory;
    }

    /**
     * @return the interface version.
     */
    public CgroupVersion version()
    {
        return version;
    }

    /**
     * @return v1 controllers bound to the hierarchy; empty for v2 or unknown.
     */
    public List<String> controllers()
    {
        return controllers;
    }

    /**
     * @return the v1 {@code name=} of a named hierarchy (such as {@code systemd}), or empty.
     */
    public String name()
    {
        return name;
    }

    /**
     * @return the mount point this hierarchy was discovered at, or the source recorded in a snapshot.
     */
    public String source()
    {
        return source;
    }

    /**
     * Whether the walks start at the root of the cgroup hierarchy, whose values the kernel computes differently (see
     * {@code StatCatalog.rootComputedDifferently}): true for a mount point, a snapshot (which keeps the paths from the
     * root) and a plain directory tree; false for a directory below a mount point.
     *
     * @return whether {@link #directory()} is the hierarchy's root.
     */
    public boolean atRoot()
    {
        return snapshot || toReal(directory).equals(toReal(Path.of(source)));
    }

    /**
     * @return whether this is a snapshot directory rather than a live cgroup file system.
     */
    public boolean snapshot()
    {
        return snapshot;
    }

    /**
     * @return whether the hierarchy has the v1 controller (always false for v2, whose controllers are per cgroup).
     * @param controller a controller name such as {@code memory}.
     */
    public boolean hasController(final String controller)
    {
        return controllers.contains(controller);
    }

    @Override
    public boolean equals(final Object other)
    {
        if (this == other)
        {
            return true;
        }
        if (!(other instanceof Hierarchy))
        {
            return false;
        }
        final Hierarchy that = (Hierarchy)other;
        return snapshot == that.snapshot && directory.equals(that.directory) && version == that.version &&
            controllers.equals(that.controllers) && name.equals(that.name) && source.equals(that.source);
    }

    @Override
    public int hashCode()
    {
        return Objects.hash(directory, version, controllers, name, source, snapshot);
    }

    @Override
    public String toString()
    {
        return "Hierarchy{directory=" + directory + ", version=" + version.number() + ", controllers=" +
            String.join(",", controllers) + (name.isEmpty() ? "" : ", name=" + name) +
            (snapshot ? ", snapshot, source=" + source : "") + "}";
    }
}
