package dev.rstat.cgroup;

import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.util.List;
import java.util.Optional;

/**
 * One cgroup met by a walk: its id, its path relative to the hierarchy root, its depth and name, and, during
 * {@link CgroupVisitor#visit}, an open directory handle to read its files with.
 *
 * <p>The id is the kernel's cgroup id, which on cgroupfs is the directory's inode number (the v2 root is 1), or,
 * in a snapshot, the number recorded in the directory's {@value #ID_FILE} file. In a {@link Hierarchy#joined joined
 * view} a cgroup exists in one or more of the view's hierarchies: its id is the one it has in the first of them (the
 * cgroup2 one where cgroup2 has the path), and each file is read from the hierarchy that owns it
 * ({@link #handle(String)}, {@link #hasFile(String)}, {@link #files()}).
 *
 * <p>A cgroup keeps a reference to its parent, so the path is built on demand in O(depth) and a walk over a deep
 * chain holds O(depth) memory, not O(depth²). Not thread-safe: use it on the walking thread.
 */
public final class Cgroup
{
    /** Name of the snapshot file holding a cgroup's original id in decimal. */
    public static final String ID_FILE = ".rstat-cgroup-id";

    private final Cgroup parent;
    private final Path fileName;
    private final String name;
    private final long id;
    private final int depth;
    private final Path root;
    private SecureDirectoryStream<Path> handle;
    private Handles.Listing listing;
    private boolean entriesAreFiles;
    private List<String> files = List.of();
    /** In a joined view: the view's files and the members' open handles and listings (null where absent). */
    private JoinedFiles joined;
    private SecureDirectoryStream<Path>[] memberHandles;
    private Handles.Listing[] memberListings;

    Cgroup(final Cgroup parent, final Path fileName, final long id, final Path root)
    {
        this.parent = parent;
        this.fileName = fileName;
        this.name = fileName == null ? "" : fileName.toString();
        this.id = id;
        this.depth = parent == null ? 0 : parent.depth + 1;
        this.root = root;
    }

    /**
     * The order of siblings in every walk: cgroup names in UTF-8 byte order (Unicode code point order, not
     * {@link String#compareTo}), without encoding them.
     *
     * @param a a name.
     * @param b another name.
     * @return negative, zero or positive as {@code a} sorts before, with or after {@code b}.
     */
    public static int compareNames(final String a, final String b)
    {
        return Handles.compareNames(a, b);
    }

    /**
     * @return the cgroup id (unsigned 64-bit; inode number or recorded snapshot id).
     */
    public long id()
    {
        return id;
    }

    /**
     * @return the directory name; empty for the hierarchy root.
     */
    public String name()
    {
        return name;
    }

    /**
     * @return depth below the hierarchy root (the root is 0).
     */
    public int depth()
    {
        return depth;
    }

    /**
     * @return the parent cgroup, empty for the hierarchy root.
     */
    public Optional<Cgroup> parent()
    {
        return Optional.ofNullable(parent);
    }

    /**
     * @return whether this is the hierarchy root.
     */
    public boolean isRoot()
    {
        return parent == null;
    }

    /**
     * The path relative to the hierarchy root, as {@code /proc/PID/cgroup} shows it: {@code "/"} for the root,
     * else {@code "/a/b"}. Names are not escaped.
     *
     * @return the relative path.
     */
    public String path()
    {
        if (parent == null)
        {
            return "/";
        }
        final String[] names = new String[depth];
        Cgroup c = this;
        int length = 0;
        for (int i = depth - 1; i >= 0; i--)
        {
            names[i] = c.name;
            length += names[i].length() + 1;
            c = c.parent;
        }
        final StringBuilder sb = new StringBuilder(length);
        for (final String name : names)
        {
            sb.append('/').append(name);
        }
        return sb.toString();
    }

    /**
     * The absolute directory, for display and messages. Deeper than PATH_MAX it cannot be opened; use
     * {@link #handle()}.
     *
     * @return hierarchy root resolved with the relative path.
     */
    public Path directory()
    {
        Path p = root;
        for (final Path name : names())
        {
            p = p.resolve(name);
        }
        return p;
    }

    /**
     * The path components below the hierarchy root, root first; each is a single file name that keeps the exact
     * bytes of the directory name.
     *
     * @return the names, empty for the root.
     */
    List<Path> names()
    {
        final Path[] names = new Path[depth];
        Cgroup c = this;
        for (int i = depth - 1; i >= 0; i--)
        {
            names[i] = c.fileName;
            c = c.parent;
        }
        return List.of(names);
    }

    Path fileName()
    {
        return fileName;
    }

    /**
     * The open directory handle of this cgroup (openat-based), valid only during
     * {@link CgroupVisitor#visit(Cgroup)}; a reader opens files relative to it, which works at any depth.
     *
     * @return the handle.
     * @throws IllegalStateException outside of {@code visit}.
     */
    public SecureDirectoryStream<Path> handle()
    {
        if (handle == null)
        {
            throw new IllegalStateException("cgroup handle is only open during visit: path=" + path());
        }
        return handle;
    }

    /**
     * The readable regular files of this cgroup (mode has a read bit; dot-files left out), sorted by name, as listed
     * just before the visit. Costs one {@code stat} per entry on first call; to check for the files one means to
     * read, {@link #hasFile(String)} is cheaper. Empty outside of {@code visit}.
     *
     * @return file names.
     */
    public List<String> files()
    {
        if (files == null && joined != null)
        {
            files = joined.files(memberHandles, memberListings);
        }
        if (files == null)
        {
            files = listing == null ? List.of() : Handles.readableFiles(handle, listing.others);
        }
        return files;
    }

    /**
     * Whether the cgroup's listing just before the visit has a file of this name (not a directory; dot-files are
     * never files). On cgroupfs and in a snapshot, where every entry that is not a directory is a regular file, this
     * costs no system call (on cgroupfs, whether it is readable shows when it is read); in any other directory tree
     * the entry is checked to be a readable regular file (one {@code stat}), so that a FIFO or device is never opened.
     * False outside of {@code visit}.
     *
     * @param fileName a file name such as {@code memory.stat}.
     * @return true if there is such a file.
     */
    public boolean hasFile(final String fileName)
    {
        if (joined != null)
        {
            return memberListings != null && joined.owner(fileName, memberListings) >= 0;
        }
        return listing != null && listing.lists(fileName) &&
            (entriesAreFiles || Handles.isReadableFile(handle, fileName));
    }

    /**
     * The handle to read a file with: in a joined view the handle of this cgroup in the hierarchy that owns the file
     * ({@link Hierarchy#memberFor}), else {@link #handle()}. Valid only during {@link CgroupVisitor#visit(Cgroup)}.
     *
     * @param fileName a file name such as {@code memory.stat}.
     * @return the handle.
     * @throws IllegalStateException outside of {@code visit}, or if no member has the file ({@link #hasFile}).
     */
    public SecureDirectoryStream<Path> handle(final String fileName)
    {
        if (joined == null)
        {
            return handle();
        }
        final int owner = memberListings == null ? -1 : joined.owner(fileName, memberListings);
        if (owner < 0)
        {
            throw new IllegalStateException("no hierarchy of the joined view has this file: path=" + path() +
                " file=" + fileName);
        }
        return memberHandles[owner];
    }

    /**
     * Where a file of this cgroup is, for messages: in a joined view the file in the hierarchy that owns it.
     *
     * @param fileName a file name.
     * @return the file's absolute path.
     */
    public Path directoryOf(final String fileName)
    {
        if (joined != null && memberListings != null)
        {
            final int owner = joined.owner(fileName, memberListings);
            if (owner >= 0)
            {
                Path p = joined.root(owner);
                for (final Path name : names())
                {
                    p = p.resolve(name);
                }
                return p.resolve(fileName);
            }
        }
        return directory().resolve(fileName);
    }

    /**
     * Whether this cgroup exists in a member of a joined view ({@link Hierarchy#members()}); for a single hierarchy
     * whether {@code member} is 0. Valid only during {@link CgroupVisitor#visit(Cgroup)}.
     *
     * @param member an index into the view's members.
     * @return true if the cgroup's directory exists in that member.
     */
    public boolean inMember(final int member)
    {
        if (joined == null)
        {
            return member == 0;
        }
        return memberListings != null && member >= 0 && member < memberListings.length &&
            memberListings[member] != null;
    }

    void openJoined(final JoinedFiles view, final SecureDirectoryStream<Path> primary,
        final SecureDirectoryStream<Path>[] handles, final Handles.Listing[] listings)
    {
        open(primary, null, true);
        this.joined = view;
        this.memberHandles = handles;
        this.memberListings = listings;
    }

    void open(final SecureDirectoryStream<Path> openHandle, final Handles.Listing entries, final boolean regular)
    {
        this.handle = openHandle;
        this.listing = entries;
        this.entriesAreFiles = regular;
        this.files = null;
    }

    void release()
    {
        this.memberHandles = null;
        this.memberListings = null;
        this.handle = null;
        this.listing = null;
        this.files = List.of();
    }

    @Override
    public String toString()
    {
        return "Cgroup{id=" + Long.toUnsignedString(id) + ", path=" + path() + "}";
    }
}
