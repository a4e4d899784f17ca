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

import dev.rstat.cgroup.stat.StatCatalog;

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
    private final List<Hierarchy> members;
    private final String mountRoot;

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
        this.members = List.of();
        this.mountRoot = "/";
    }

    private Hierarchy(final Hierarchy of, final String mountRoot)
    {
        this.directory = of.directory;
        this.version = of.version;
        this.controllers = of.controllers;
        this.name = of.name;
        this.source = of.source;
        this.snapshot = of.snapshot;
        this.members = of.members;
        this.mountRoot = Objects.requireNonNull(mountRoot, "mountRoot");
    }

    /**
     * This hierarchy as mounted from a directory of its cgroup file system (the root field of its mountinfo line):
     * {@code /} for a mount of the whole hierarchy, a path such as {@code /docker/abc} for a container's view of
     * part of it.
     *
     * @param root the mountinfo root field.
     * @return a copy with that mount root.
     */
    public Hierarchy withMountRoot(final String root)
    {
        return new Hierarchy(this, root);
    }

    /**
     * @return the directory of the cgroup file system this hierarchy's mount shows ({@code /} for the whole
     *         hierarchy; see {@link #withMountRoot}).
     */
    public String mountRoot()
    {
        return mountRoot;
    }

    private Hierarchy(final Path directory, final List<Hierarchy> members, final String source,
        final boolean snapshot)
    {
        this.directory = Objects.requireNonNull(directory, "directory");
        final List<Hierarchy> ranked = new ArrayList<>(members);
        ranked.sort(java.util.Comparator.comparingInt(Hierarchy::rank));
        this.members = List.copyOf(ranked);
        final java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>();
        boolean v1 = false;
        for (final Hierarchy member : members)
        {
            if (member.isJoined())
            {
                throw new IllegalArgumentException("a joined view cannot hold a joined view: member=" + member);
            }
            if (member.version == CgroupVersion.V1)
            {
                v1 = true;
                all.addAll(member.controllers);
            }
        }
        this.version = v1 ? CgroupVersion.V1 : CgroupVersion.V2;
        this.controllers = List.copyOf(all);
        this.name = "";
        this.source = Objects.requireNonNull(source, "source");
        this.snapshot = snapshot;
        this.mountRoot = "/";
    }

    /**
     * The joined view of several hierarchies (a hybrid or legacy host's v1 controller hierarchies and its cgroup2
     * one): one tree, the union of their cgroups by path, in which each file is read from the hierarchy that owns
     * it (see {@link #memberFor}); walked by {@link CgroupWalker} like one hierarchy. The members are kept in this
     * order: the cgroup2 hierarchy, named v1 hierarchies ({@code name=systemd}), then the v1 controller hierarchies
     * in the given (mount) order; a joined cgroup's id is its id in the first member that has its path: the cgroup2
     * id (the one BPF programs and {@code bpftool} use) where cgroup2 has the path, else the {@code name=systemd}
     * hierarchy's, else the first controller hierarchy's.
     *
     * @param directory the directory that holds the members (the tmpfs at {@code /sys/fs/cgroup}, or a snapshot of
     *                  several hierarchies); used for display.
     * @param members   the hierarchies, at least one, none of them joined.
     * @param source    where the data comes from.
     * @param snapshot  whether the members are snapshots.
     * @return the joined view.
     */
    public static Hierarchy joined(final Path directory, final List<Hierarchy> members, final String source,
        final boolean snapshot)
    {
        if (members.isEmpty())
        {
            throw new IllegalArgumentException("a joined view needs at least one hierarchy: directory=" + directory);
        }
        return new Hierarchy(directory, members, source, snapshot);
    }

    /**
     * @return whether this is a {@link #joined joined view} of several hierarchies.
     */
    public boolean isJoined()
    {
        return !members.isEmpty();
    }

    /**
     * @return the hierarchies of a joined view, in the order that decides ids; empty for a single hierarchy.
     */
    public List<Hierarchy> members()
    {
        return members;
    }

    /**
     * The catalog of this hierarchy's files: the v1 or v2 one, or for a joined view one in which each file has the
     * meaning of the hierarchy that owns it ({@link StatCatalog#joined}).
     *
     * @return the catalog.
     */
    public StatCatalog catalog()
    {
        return isJoined() ? StatCatalog.joined(controllers) : StatCatalog.forVersion(version.number());
    }

    /**
     * The order in which the members of a joined view are asked for a file: for a file of a controller bound to a v1
     * member only that member; for any other file (the core's {@code cgroup.*}, {@code tasks}, pressure; files of
     * controllers on cgroup2) the cgroup2 member first, then named v1 hierarchies ({@code name=systemd}, which on a
     * systemd host holds every unit), then the others in mount order. A cgroup reads the file from the first member
     * in this list that has the cgroup and lists the file.
     *
     * @param fileName a file name.
     * @return indexes into {@link #members()}, best first; empty if this is not a joined view.
     */
    public int[] memberFor(final String fileName)
    {
        final String controller = StatCatalog.controllerOf(fileName);
        if (!controller.isEmpty())
        {
            for (int i = 0; i < members.size(); i++)
            {
                final Hierarchy member = members.get(i);
                if (member.version == CgroupVersion.V1 && member.controllers.contains(controller))
                {
                    return new int[] {i};
                }
            }
        }
        final int[] order = new int[members.size()];
        for (int i = 0; i < order.length; i++)
        {
            order[i] = i;
        }
        return order;
    }

    /** The order of the members of a joined view: cgroup2, named v1 hierarchies, the others (stable). */
    private static int rank(final Hierarchy member)
    {
        return member.version == CgroupVersion.V2 ? 0 : member.name.isEmpty() ? 2 : 1;
    }

    /**
     * Describes the directory {@code dir} as a hierarchy: a snapshot if it holds {@value #SNAPSHOT_MARKER}; the joined
     * view of a snapshot set if it holds {@value #MOUNTINFO_FILE} and snapshots in subdirectories; the joined view of
     * a hybrid or legacy host's hierarchies if it is the directory their mount points are in ({@code /sys/fs/cgroup},
     * see {@link Mounts#joinedAt}); else the cgroup mount that contains it (from {@code /proc/self/mountinfo}), else
     * a plain directory tree (version 2 if it holds {@code cgroup.controllers}, else 1), which is how tests and
     * hand-made fixture trees are walked.
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
        final Optional<Hierarchy> set = ofSnapshotSet(dir);
        if (set.isPresent())
        {
            return set.get();
        }
        final Path absolute = toReal(dir);
        Hierarchy best = null;
        final Optional<Mounts> mounts = Mounts.tryDiscover();
        if (mounts.isPresent())
        {
            final Optional<Hierarchy> holding = mounts.get().joinedAt(absolute);
            if (holding.isPresent())
            {
                return holding.get();
            }
        }
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
            return new Hierarchy(dir, best.version, best.controllers, best.name, best.source, false)
                .withMountRoot(best.mountRoot);
        }
        final Path controllersFile = dir.resolve("cgroup.controllers");
        if (Files.isRegularFile(controllersFile))
        {
            return new Hierarchy(dir, CgroupVersion.V2, List.of(), "", dir.toString(), false);
        }
        return new Hierarchy(dir, CgroupVersion.V1, List.of(), "", dir.toString(), false);
    }

    /** Name of the file that lists, in a snapshot of several hierarchies, the mounts they were taken from. */
    public static final String MOUNTINFO_FILE = "mountinfo";

    /**
     * A snapshot of several hierarchies ({@code cgroup-walk snapshot} of a joined view, or {@code testdata/hybrid-host}):
     * a directory with a {@value #MOUNTINFO_FILE} file (the cgroup lines of the host's mountinfo) and one snapshot per
     * hierarchy in a subdirectory named after its mount point's last name ({@code memory/}, {@code unified/}).
     * Members are in mountinfo order; subdirectories that are not snapshots are not members.
     */
    private static Optional<Hierarchy> ofSnapshotSet(final Path dir)
    {
        final Path mountinfo = dir.resolve(MOUNTINFO_FILE);
        if (!Files.isRegularFile(mountinfo))
        {
            return Optional.empty();
        }
        final List<Hierarchy> members = new ArrayList<>();
        final java.util.Set<String> seen = new java.util.HashSet<>();
        List<Hierarchy> mounted = List.of();
        try
        {
            mounted = Mounts.discover(mountinfo).hierarchies();
        }
        catch (final IllegalArgumentException | UncheckedIOException ex)
        {
            // the subdirectories alone still make the set, in name order
        }
        for (final Hierarchy h : mounted)
        {
            final Path name = h.directory().getFileName();
            if (name != null && seen.add(name.toString()) &&
                Files.isRegularFile(dir.resolve(name.toString()).resolve(SNAPSHOT_MARKER)))
            {
                final Path sub = dir.resolve(name.toString());
                members.add(ofSnapshot(sub, sub.resolve(SNAPSHOT_MARKER)));
            }
        }
        try (java.util.stream.Stream<Path> children = Files.list(dir))
        {
            final List<Path> rest = new ArrayList<>();
            children.filter(child -> Files.isRegularFile(child.resolve(SNAPSHOT_MARKER)) &&
                !seen.contains(child.getFileName().toString())).forEach(rest::add);
            rest.sort(null);
            for (final Path sub : rest)
            {
                members.add(ofSnapshot(sub, sub.resolve(SNAPSHOT_MARKER)));
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot list snapshot directory: dir=" + dir, ex);
        }
        if (members.isEmpty())
        {
            return Optional.empty();
        }
        return Optional.of(joined(dir, members, dir.toString(), true));
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
        if (isJoined())
        {
            for (final Hierarchy member : members)
            {
                if (!member.atRoot())
                {
                    return false;
                }
            }
            return true;
        }
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
            controllers.equals(that.controllers) && name.equals(that.name) && source.equals(that.source) &&
            members.equals(that.members) && mountRoot.equals(that.mountRoot);
    }

    @Override
    public int hashCode()
    {
        return Objects.hash(directory, version, controllers, name, source, snapshot, members, mountRoot);
    }

    @Override
    public String toString()
    {
        if (isJoined())
        {
            return "Hierarchy{joined, directory=" + directory + ", members=" + members.size() +
                (snapshot ? ", snapshot" : "") + "}";
        }
        return "Hierarchy{directory=" + directory + ", version=" + version.number() + ", controllers=" +
            String.join(",", controllers) + (name.isEmpty() ? "" : ", name=" + name) +
            (snapshot ? ", snapshot, source=" + source : "") + "}";
    }
}
