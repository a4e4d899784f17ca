package dev.rstat.cgroup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The cgroup hierarchies mounted in this mount namespace, discovered from {@code /proc/self/mountinfo}: the
 * {@code cgroup2} mount (if any) and every v1 {@code cgroup} mount with the controllers named in its super options.
 * Immutable.
 *
 * <p>Bind mounts of the same hierarchy and root (same {@code major:minor} and root field) are listed once, at their
 * first mount point.
 */
public final class Mounts
{
    /** Where the kernel describes this process's mounts. */
    public static final Path PROC_SELF_MOUNTINFO = Path.of("/proc/self/mountinfo");

    /** Super options of a v1 cgroup mount that are flags, not controllers. */
    private static final Set<String> V1_FLAGS = Set.of(
        "rw", "ro", "noprefix", "clone_children", "xattr", "cpuset_v2_mode", "favordynmods", "none");

    private final List<MountInfoEntry> entries;
    private final List<Hierarchy> hierarchies;

    private Mounts(final List<MountInfoEntry> entries, final List<Hierarchy> hierarchies)
    {
        this.entries = List.copyOf(entries);
        this.hierarchies = List.copyOf(hierarchies);
    }

    /**
     * Reads {@code /proc/self/mountinfo}.
     *
     * @return the mounted hierarchies.
     * @throws UncheckedIOException if the file cannot be read.
     */
    public static Mounts discover()
    {
        return discover(PROC_SELF_MOUNTINFO);
    }

    /**
     * Reads a mountinfo file.
     *
     * @param mountinfo path of a file in mountinfo format.
     * @return the mounted hierarchies.
     * @throws UncheckedIOException if the file cannot be read.
     */
    public static Mounts discover(final Path mountinfo)
    {
        try
        {
            return parse(Files.readString(mountinfo, StandardCharsets.UTF_8), mountinfo.toString());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read mountinfo: file=" + mountinfo, ex);
        }
    }

    /**
     * Like {@link #discover()}, but empty where there is no {@code /proc} (or it cannot be read or parsed).
     *
     * @return the mounted hierarchies, if they can be discovered.
     */
    public static Optional<Mounts> tryDiscover()
    {
        try
        {
            return Optional.of(discover());
        }
        catch (final UncheckedIOException | IllegalArgumentException ex)
        {
            return Optional.empty();
        }
    }

    /**
     * Parses mountinfo text.
     *
     * @param text the whole file.
     * @param file name of the file, used in error messages.
     * @return the cgroup mounts in it.
     * @throws IllegalArgumentException naming file, line and text for a malformed line.
     */
    public static Mounts parse(final String text, final String file)
    {
        final List<MountInfoEntry> cgroupEntries = new ArrayList<>();
        final List<Hierarchy> hierarchies = new ArrayList<>();
        final Set<String> seen = new HashSet<>();
        final String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++)
        {
            final String line = lines[i];
            if (line.isBlank())
            {
                continue;
            }
            final MountInfoEntry entry = MountInfoEntry.parse(line, i + 1, file);
            final boolean v2 = "cgroup2".equals(entry.fsType());
            if (!v2 && !"cgroup".equals(entry.fsType()))
            {
                continue;
            }
            cgroupEntries.add(entry);
            if (!seen.add(entry.device() + " " + entry.root()))
            {
                continue;
            }
            final List<String> controllers = new ArrayList<>();
            String name = "";
            if (!v2)
            {
                for (final String option : entry.superOptions())
                {
                    if (option.startsWith("name="))
                    {
                        name = option.substring("name=".length());
                    }
                    else if (!option.isEmpty() && option.indexOf('=') < 0 && !V1_FLAGS.contains(option))
                    {
                        controllers.add(option);
                    }
                }
            }
            hierarchies.add(new Hierarchy(
                Path.of(entry.mountPoint()),
                v2 ? CgroupVersion.V2 : CgroupVersion.V1,
                controllers,
                name,
                entry.mountPoint(),
                false).withMountRoot(entry.root()));
        }
        return new Mounts(cgroupEntries, hierarchies);
    }

    /**
     * @return every cgroup and cgroup2 mountinfo entry, bind mounts included, in file order.
     */
    public List<MountInfoEntry> entries()
    {
        return entries;
    }

    /**
     * @return the distinct hierarchies, in mountinfo order.
     */
    public List<Hierarchy> hierarchies()
    {
        return hierarchies;
    }

    /**
     * @return unified (cgroup2 only), hybrid (v1 controllers plus cgroup2), legacy (v1 only) or none.
     */
    public CgroupLayout layout()
    {
        boolean v1 = false;
        boolean v2 = false;
        for (final Hierarchy h : hierarchies)
        {
            if (h.version() == CgroupVersion.V2)
            {
                v2 = true;
            }
            else if (!h.controllers().isEmpty())
            {
                v1 = true;
            }
        }
        if (v2)
        {
            return v1 ? CgroupLayout.HYBRID : CgroupLayout.UNIFIED;
        }
        return v1 ? CgroupLayout.LEGACY : CgroupLayout.NONE;
    }

    /**
     * The cgroup2 hierarchy: the one mounted at {@code /sys/fs/cgroup}, else at {@code /sys/fs/cgroup/unified},
     * else the first cgroup2 mount.
     *
     * @return the cgroup2 hierarchy, if one is mounted.
     */
    public Optional<Hierarchy> unified()
    {
        Hierarchy first = null;
        Hierarchy unifiedDir = null;
        for (final Hierarchy h : hierarchies)
        {
            if (h.version() != CgroupVersion.V2)
            {
                continue;
            }
            if (h.directory().equals(Path.of("/sys/fs/cgroup")))
            {
                return Optional.of(h);
            }
            if (unifiedDir == null && h.directory().equals(Path.of("/sys/fs/cgroup/unified")))
            {
                unifiedDir = h;
            }
            if (first == null)
            {
                first = h;
            }
        }
        return Optional.ofNullable(unifiedDir != null ? unifiedDir : first);
    }

    /**
     * The v1 hierarchy a controller is bound to.
     *
     * @param controller a v1 controller name, e.g. {@code memory} or {@code cpuacct}.
     * @return the hierarchy, if that controller is mounted as v1.
     */
    public Optional<Hierarchy> controller(final String controller)
    {
        for (final Hierarchy h : hierarchies)
        {
            if (h.version() == CgroupVersion.V1 && h.controllers().contains(controller))
            {
                return Optional.of(h);
            }
        }
        return Optional.empty();
    }

    /**
     * The joined view of a hybrid or legacy host ({@link Hierarchy#joined}): every mounted hierarchy, joined by
     * cgroup path, shown as the directory that holds their mount points ({@code /sys/fs/cgroup}).
     *
     * @return the joined view, if the layout is hybrid or legacy.
     */
    public Optional<Hierarchy> joined()
    {
        final CgroupLayout layout = layout();
        if (layout != CgroupLayout.HYBRID && layout != CgroupLayout.LEGACY)
        {
            return Optional.empty();
        }
        Path holder = null;
        for (final Hierarchy h : hierarchies)
        {
            final Path parent = h.directory().getParent();
            holder = holder == null || parent == null || parent.equals(holder) ? parent : commonPrefix(holder, parent);
        }
        final Path directory = holder == null ? Path.of("/") : holder;
        return Optional.of(Hierarchy.joined(directory, hierarchies, directory.toString(), false));
    }

    /**
     * The joined view shown as a directory: the directory that holds the mount points of a hybrid or legacy host's
     * hierarchies ({@code /sys/fs/cgroup}, a tmpfs), so that {@code --root /sys/fs/cgroup} means the joined view
     * rather than a walk of the mount points as if they were cgroups.
     *
     * @param directory an absolute, real directory.
     * @return the joined view of the hierarchies mounted directly in {@code directory}, if there are any and the
     *         layout is hybrid or legacy.
     */
    public Optional<Hierarchy> joinedAt(final Path directory)
    {
        final CgroupLayout layout = layout();
        if (layout != CgroupLayout.HYBRID && layout != CgroupLayout.LEGACY)
        {
            return Optional.empty();
        }
        final List<Hierarchy> below = new ArrayList<>();
        for (final Hierarchy h : hierarchies)
        {
            if (directory.startsWith(h.directory()))
            {
                return Optional.empty();
            }
            if (directory.equals(h.directory().getParent()))
            {
                below.add(h);
            }
        }
        if (below.isEmpty())
        {
            return Optional.empty();
        }
        return Optional.of(Hierarchy.joined(directory, below, directory.toString(), false));
    }

    /**
     * What {@code cgroup-walk} walks by default: on a unified host the cgroup2 hierarchy; on a hybrid or legacy
     * host the {@link #joined() joined view} of all hierarchies, which is what {@code systemd-cgtop} shows.
     *
     * @return the hierarchy or joined view.
     * @throws CgroupNotFoundException if no cgroup file system is mounted.
     */
    public Hierarchy defaultView()
    {
        final Optional<Hierarchy> joined = joined();
        if (joined.isPresent())
        {
            return joined.get();
        }
        return defaultRoot();
    }

    private static Path commonPrefix(final Path a, final Path b)
    {
        Path p = a;
        while (p != null && !b.startsWith(p))
        {
            p = p.getParent();
        }
        return p;
    }

    /**
     * The hierarchy walked by default on a unified host: the cgroup2 one.
     *
     * @return the cgroup2 hierarchy.
     * @throws CgroupNotFoundException if no cgroup2 file system is mounted.
     */
    public Hierarchy defaultRoot()
    {
        return unified().orElseThrow(() -> new CgroupNotFoundException(
            "no cgroup2 hierarchy mounted: layout=" + layout() + " hierarchies=" + hierarchies.size()));
    }
}
