package dev.rstat.cgroup;

import dev.rstat.cgroup.stat.Problems;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Walks a cgroup hierarchy (live cgroupfs, v1 or v2, or a snapshot) in one of the kernel's {@code cgroup_iter}
 * {@link Order orders}, from a start cgroup given by relative path or by id (not both: that is the kernel's EINVAL).
 *
 * <p><b>Iterative and handle-based.</b> The walk keeps an explicit stack (no recursion) and reaches every cgroup
 * through {@code openat} on its parent's directory handle, so a 10,000-deep chain whose absolute paths exceed
 * PATH_MAX works. At most {@code maxOpenHandles} directory handles are open (each holds two file descriptors) plus
 * the start cgroup's: when descending deeper, the shallowest open handle of the current path is closed, and when
 * climbing back to it, it is reopened through the child's {@code ".."} and checked against the recorded inode (or,
 * failing that, reopened by names from the start cgroup).
 *
 * <p><b>Robustness.</b> A cgroup that vanishes between being listed and being opened or read (ENOENT, ENODEV), or
 * cannot be opened (EACCES...), is skipped and counted in {@link Problems}; the walk goes on. Only a missing hierarchy
 * root or start cgroup is an error ({@link CgroupNotFoundException}).
 *
 * <p>A {@link Hierarchy#joined joined view} is walked the same way over the union of its hierarchies by path (see
 * {@code JoinedWalk}): each visited cgroup reads each file through the hierarchy that owns it
 * ({@link Cgroup#handle(String)}).
 *
 * <p>Instances are immutable and may be shared; each {@link #walk} call is independent and runs on the caller's
 * thread.
 */
public final class CgroupWalker
{
    /** Default bound on simultaneously open directory handles below the start cgroup. */
    public static final int DEFAULT_MAX_OPEN_HANDLES = 32;

    private static final int ID_FILE_LIMIT = 64;
    private static final Path[] NO_CHILDREN = new Path[0];
    private static final Path ID_FILE = Path.of(Cgroup.ID_FILE);
    /** Longest directory path {@code stat}ed by path for its link count, in chars (PATH_MAX is 4096 bytes). */
    static final int MAX_STAT_PATH_CHARS = 1300;
    /** File systems whose directories have 2 + (number of sub-directories) links. */
    static final Set<String> LINK_COUNTING_FILE_SYSTEMS =
        Set.of("cgroup", "cgroup2", "tmpfs", "ramfs", "ext2", "ext3", "ext4", "xfs");
    /** The cgroup file systems, where every entry that is not a directory is a regular file. */
    private static final Set<String> CGROUP_FILE_SYSTEMS = Set.of("cgroup", "cgroup2");

    private final Path root;
    private final Order order;
    private final String startPath;
    private final boolean startById;
    private final long startId;
    private final long limit;
    private final int maxDepth;
    private final int maxOpenHandles;
    private final Problems problems;
    private final Hierarchy view;

    private CgroupWalker(final Builder b)
    {
        this.root = b.root;
        this.view = b.view;
        this.order = b.order;
        this.startPath = b.startPath;
        this.startById = b.startById;
        this.startId = b.startId;
        this.limit = b.limit;
        this.maxDepth = b.maxDepth;
        this.maxOpenHandles = b.maxOpenHandles;
        this.problems = b.problems;
    }

    /**
     * Starts configuring a walk of the hierarchy rooted at {@code root}.
     *
     * @param root the hierarchy root directory (mount point, directory below it, or snapshot root).
     * @return a builder with defaults: pre-order from {@code "/"}, no limit, no depth limit.
     */
    public static Builder on(final Path root)
    {
        return new Builder(root);
    }

    /**
     * Starts configuring a walk of a hierarchy.
     *
     * @param hierarchy the hierarchy.
     * @return a builder, as {@link #on(Path)}.
     */
    public static Builder on(final Hierarchy hierarchy)
    {
        final Builder builder = new Builder(hierarchy.directory());
        if (hierarchy.isJoined())
        {
            builder.view = hierarchy;
        }
        return builder;
    }

    /**
     * What a finished walk did.
     *
     * @param visited    number of {@code visit} calls.
     * @param terminated whether the walk stopped early (visitor returned false, or the limit was reached).
     */
    public record Result(long visited, boolean terminated)
    {
    }

    /**
     * Runs the walk.
     *
     * @param visitor receives the cgroups.
     * @return how many cgroups were visited and whether the walk stopped early.
     * @throws CgroupNotFoundException if the root, the start path or the start id does not exist.
     */
    public Result walk(final CgroupVisitor visitor)
    {
        final List<Path> names = startById ? find(startId).names() : parsePath(startPath);
        if (view != null)
        {
            return new JoinedWalk(view, order, names, limit, maxDepth, maxOpenHandles, problems, visitor).walk();
        }
        final Session session = new Session(visitor);
        try
        {
            final Frame start = session.openStart(names);
            session.stack.add(start);
            switch (order)
            {
                case SELF_ONLY:
                    session.visitSingle(start);
                    break;
                case ANCESTORS_UP:
                    session.walkUp(start);
                    break;
                case DESCENDANTS_PRE:
                    session.walkTree(false, true, maxDepth);
                    break;
                case DESCENDANTS_POST:
                    session.walkTree(true, true, maxDepth);
                    break;
                case CHILDREN:
                    session.walkTree(false, false, Math.min(maxDepth, 1));
                    break;
                default:
                    throw new IllegalStateException("unhandled order: order=" + order);
            }
        }
        finally
        {
            session.closeAll();
        }
        return session.calls.end();
    }

    /**
     * Finds the cgroup with the given id by walking the whole hierarchy in pre-order and comparing ids.
     *
     * @param id the cgroup id.
     * @return the cgroup (its handle is closed).
     * @throws CgroupNotFoundException if no cgroup has that id.
     */
    public Cgroup find(final long id)
    {
        final Cgroup[] found = new Cgroup[1];
        final CgroupWalker scan = (view != null ? on(view) : on(root)).problems(problems).maxOpenHandles(maxOpenHandles).build();
        scan.walk(cgroup ->
        {
            if (cgroup.id() == id)
            {
                found[0] = cgroup;
                return false;
            }
            return true;
        });
        if (found[0] == null)
        {
            throw new CgroupNotFoundException(
                "no cgroup with this id: id=" + Long.toUnsignedString(id) + " root=" + root);
        }
        return found[0];
    }

    /**
     * The names of a cgroup path relative to the hierarchy root, root first: {@code /a/b} (or {@code a/b/}) gives
     * {@code a, b}, {@code /} none.
     *
     * @param path the path.
     * @return the names.
     * @throws IllegalArgumentException if a name is {@code .} or {@code ..}.
     */
    public static List<String> pathNames(final String path)
    {
        final List<String> names = new ArrayList<>();
        for (final Path name : parsePath(path))
        {
            names.add(name.toString());
        }
        return names;
    }

    static List<Path> parsePath(final String path)
    {
        final List<Path> names = new ArrayList<>();
        for (final String part : path.split("/"))
        {
            if (part.isEmpty())
            {
                continue;
            }
            if (".".equals(part) || "..".equals(part))
            {
                throw new IllegalArgumentException("cgroup path must not contain . or ..: path=" + path);
            }
            names.add(Path.of(part));
        }
        return names;
    }

    static String fileSystemType(final Path dir)
    {
        try
        {
            return Files.getFileStore(dir).type();
        }
        catch (final IOException | RuntimeException ex)
        {
            return "";
        }
    }

    private static String joined(final List<Path> names)
    {
        final StringBuilder sb = new StringBuilder();
        for (final Path name : names)
        {
            sb.append('/').append(name);
        }
        return sb.length() == 0 ? "/" : sb.toString();
    }

    /** A cgroup on the walk's stack. */
    private static final class Frame
    {
        final Cgroup cgroup;
        final long inode;
        final long device;
        /** The absolute directory while short enough for a path-based {@code stat}, else null. */
        final Path path;
        final int pathLength;
        SecureDirectoryStream<Path> handle;
        Path[] children = new Path[0];
        Handles.Listing listing;
        int next;
        boolean vanished;

        Frame(final Cgroup cgroup, final Handles.Identity identity, final Path path,
            final SecureDirectoryStream<Path> handle)
        {
            this.cgroup = cgroup;
            this.inode = identity == null ? 0 : identity.inode();
            this.device = identity == null ? -1 : identity.device();
            this.path = path;
            this.pathLength = path == null ? Integer.MAX_VALUE : path.toString().length();
            this.handle = handle;
        }

        /** The directory of a child, or null once it gets too long for a path-based {@code stat}. */
        Path childPath(final Path name)
        {
            if (path == null || pathLength > MAX_STAT_PATH_CHARS)
            {
                return null;
            }
            return path.resolve(name);
        }
    }

    /** The mutable state of one walk. */
    private final class Session
    {
        final CgroupVisitor visitor;
        final ArrayList<Frame> stack = new ArrayList<>();
        /** Whether directory link counts are 2 + sub-directories on this file system. */
        final boolean countsLinks;
        /** Whether every entry that is not a directory is a regular file (cgroupfs, snapshots). */
        final boolean entriesAreFiles;
        /** Whether cgroup ids come from {@value Cgroup#ID_FILE} files: the hierarchy root has one. */
        boolean idFiles;
        long rootDevice = -1;
        final VisitorCalls calls;

        Session(final CgroupVisitor visitor)
        {
            this.visitor = Objects.requireNonNull(visitor, "visitor");
            this.calls = new VisitorCalls(visitor, limit);
            final String type = fileSystemType(root);
            this.countsLinks = LINK_COUNTING_FILE_SYSTEMS.contains(type);
            this.entriesAreFiles = CGROUP_FILE_SYSTEMS.contains(type) ||
                Files.isRegularFile(root.resolve(Hierarchy.SNAPSHOT_MARKER), LinkOption.NOFOLLOW_LINKS);
        }

        Frame openStart(final List<Path> names)
        {
            SecureDirectoryStream<Path> current = null;
            try
            {
                current = Handles.openRoot(root);
                Frame frame = newFrame(null, null, root, current);
                for (final Path name : names)
                {
                    final SecureDirectoryStream<Path> next = Handles.openChild(current, name);
                    Handles.closeQuietly(current);
                    current = next;
                    frame = newFrame(frame.cgroup, name, frame.childPath(name), current);
                }
                return frame;
            }
            catch (final IOException ex)
            {
                Handles.closeQuietly(current);
                throw new CgroupNotFoundException(
                    "start cgroup not found: root=" + root + " path=" + joined(names) + " error=" +
                    IoErrors.reason(ex), ex);
            }
        }

        private Frame newFrame(final Cgroup parent, final Path name, final Path path,
            final SecureDirectoryStream<Path> handle) throws IOException
        {
            final Handles.Identity identity = Handles.identity(handle);
            if (parent == null)
            {
                rootDevice = identity.device();
            }
            final Cgroup cgroup = new Cgroup(parent, name, cgroupId(handle, identity.inode(), parent, name), root);
            return new Frame(cgroup, identity, path, handle);
        }

        /**
         * The id: the recorded one in a snapshot, else the inode. Only the hierarchy root is probed for an id file;
         * below a root without one (live cgroupfs) no cgroup is.
         */
        private long cgroupId(
            final SecureDirectoryStream<Path> handle, final long inode, final Cgroup parent, final Path name)
        {
            if (parent != null && !idFiles)
            {
                return inode;
            }
            final byte[] bytes;
            try
            {
                bytes = Handles.read(handle, ID_FILE, ID_FILE_LIMIT);
            }
            catch (final IOException ex)
            {
                if (!Handles.isVanished(ex))
                {
                    problems.unreadable(display(parent, name).resolve(ID_FILE), ex);
                }
                return inode;
            }
            if (parent == null)
            {
                idFiles = true;
            }
            final String text = new String(bytes, StandardCharsets.UTF_8).trim();
            try
            {
                return Long.parseUnsignedLong(text);
            }
            catch (final NumberFormatException ex)
            {
                problems.malformed(display(parent, name).resolve(ID_FILE), 1, text, "expected an unsigned decimal id");
                return inode;
            }
        }

        private Path display(final Cgroup parent, final Path name)
        {
            return parent == null ? root : parent.directory().resolve(name);
        }

        /**
         * The number of sub-directories of a frame from its link count, or -1 where the link count cannot be trusted:
         * a file system that does not count them, another device than the root's (a mount inside the tree), a path
         * too long to {@code stat}, or a path that no longer leads to the open directory.
         */
        private int subdirectories(final Frame frame)
        {
            if (!countsLinks || frame.path == null || frame.device != rootDevice || frame.device < 0)
            {
                return -1;
            }
            try
            {
                final Map<String, Object> unix = Files.readAttributes(frame.path, "unix:nlink,ino,dev",
                    LinkOption.NOFOLLOW_LINKS);
                final int links = (Integer)unix.get("nlink");
                if ((Long)unix.get("ino") != frame.inode || (Long)unix.get("dev") != frame.device || links < 2)
                {
                    return -1;
                }
                return links - 2;
            }
            catch (final IOException | RuntimeException ex)
            {
                return -1;
            }
        }

        /** Visits a frame whose handle is open; returns false when the walk must stop. */
        boolean visit(final Frame frame)
        {
            if (!calls.admit())
            {
                return false;
            }
            frame.cgroup.open(frame.handle, frame.listing, entriesAreFiles);
            return calls.visit(frame.cgroup);
        }

        /** Lists a frame's directory; a failure marks it vanished (or unreadable) and counts it. */
        boolean list(final Frame frame)
        {
            try
            {
                final Handles.Listing listing = Handles.list(frame.handle, subdirectories(frame));
                frame.children = listing.directories;
                frame.listing = listing;
                if (!visitor.enter(frame.cgroup))
                {
                    frame.children = NO_CHILDREN;
                }
                return true;
            }
            catch (final IOException ex)
            {
                skip(frame.cgroup.directory(), ex);
                frame.vanished = true;
                return false;
            }
        }

        void skip(final Path path, final IOException ex)
        {
            if (Handles.isVanished(ex))
            {
                problems.vanished(path);
            }
            else
            {
                problems.unreadable(path, ex);
            }
        }

        void visitSingle(final Frame frame)
        {
            if (list(frame))
            {
                visit(frame);
            }
        }

        void walkUp(final Frame start)
        {
            if (!list(start) || !visit(start))
            {
                return;
            }
            final List<Path> names = start.cgroup.names();
            SecureDirectoryStream<Path> current = start.handle;
            start.handle = null;
            Cgroup cgroup = start.cgroup;
            int steps = 0;
            try
            {
                while (cgroup.parent().isPresent() && steps < maxDepth)
                {
                    final Cgroup parent = cgroup.parent().get();
                    steps++;
                    SecureDirectoryStream<Path> up = null;
                    if (current != null)
                    {
                        try
                        {
                            up = Handles.openChild(current, Handles.PARENT);
                        }
                        catch (final IOException ex)
                        {
                            up = null;
                        }
                    }
                    Handles.closeQuietly(current);
                    current = null;
                    if (up == null)
                    {
                        up = openFromRoot(names.subList(0, parent.depth()));
                    }
                    cgroup = parent;
                    if (up == null)
                    {
                        problems.vanished(parent.directory());
                        continue;
                    }
                    current = up;
                    final Frame frame = new Frame(parent, identityOrNull(up), shortPath(parent), up);
                    if (list(frame) && !visit(frame))
                    {
                        return;
                    }
                }
            }
            finally
            {
                Handles.closeQuietly(current);
            }
        }

        private Handles.Identity identityOrNull(final SecureDirectoryStream<Path> handle)
        {
            try
            {
                return Handles.identity(handle);
            }
            catch (final IOException ex)
            {
                return null;
            }
        }

        /** The cgroup's directory if short enough to {@code stat} by path (every name adds at least two chars). */
        private Path shortPath(final Cgroup cgroup)
        {
            if (2 * cgroup.depth() > MAX_STAT_PATH_CHARS)
            {
                return null;
            }
            final Path path = cgroup.directory();
            return path.toString().length() > MAX_STAT_PATH_CHARS ? null : path;
        }

        /** Opens the cgroup at the given names below the hierarchy root, or null if it is gone. */
        SecureDirectoryStream<Path> openFromRoot(final List<Path> names)
        {
            SecureDirectoryStream<Path> current = null;
            try
            {
                current = Handles.openRoot(root);
                for (final Path name : names)
                {
                    final SecureDirectoryStream<Path> next = Handles.openChild(current, name);
                    Handles.closeQuietly(current);
                    current = next;
                }
                return current;
            }
            catch (final IOException ex)
            {
                Handles.closeQuietly(current);
                return null;
            }
        }

        /**
         * Pre- or post-order over the subtree of the start frame (stack[0]).
         *
         * @param post         visit on the way up (children first) instead of on the way down.
         * @param includeStart visit the start cgroup itself.
         * @param depthLimit   how many levels below the start to descend.
         */
        void walkTree(final boolean post, final boolean includeStart, final int depthLimit)
        {
            final Frame start = stack.get(0);
            if (!list(start))
            {
                return;
            }
            if (includeStart && !post && !visit(start))
            {
                return;
            }
            final int startDepth = start.cgroup.depth();
            while (!stack.isEmpty())
            {
                final int top = stack.size() - 1;
                final Frame frame = stack.get(top);
                if (!frame.vanished && frame.next < frame.children.length &&
                    frame.cgroup.depth() - startDepth < depthLimit)
                {
                    final Path name = frame.children[frame.next++];
                    if (!ensureOpen(top))
                    {
                        continue;
                    }
                    final Frame child = openChild(frame, name);
                    if (child == null)
                    {
                        continue;
                    }
                    push(child);
                    if (list(child) && !post && !visit(child))
                    {
                        return;
                    }
                }
                else
                {
                    if (post && !frame.vanished && (top > 0 || includeStart) && ensureOpen(top) && !visit(frame))
                    {
                        return;
                    }
                    pop();
                }
            }
        }

        private Frame openChild(final Frame parent, final Path name)
        {
            SecureDirectoryStream<Path> handle = null;
            try
            {
                handle = Handles.openChild(parent.handle, name);
                return newFrame(parent.cgroup, name, parent.childPath(name), handle);
            }
            catch (final IOException ex)
            {
                Handles.closeQuietly(handle);
                skip(parent.cgroup.directory().resolve(name), ex);
                return null;
            }
        }

        private void push(final Frame child)
        {
            stack.add(child);
            final int victim = stack.size() - 1 - maxOpenHandles;
            if (victim >= 1)
            {
                final Frame shallow = stack.get(victim);
                Handles.closeQuietly(shallow.handle);
                shallow.handle = null;
            }
        }

        private void pop()
        {
            final Frame frame = stack.remove(stack.size() - 1);
            if (!stack.isEmpty())
            {
                final Frame parent = stack.get(stack.size() - 1);
                if (parent.handle == null && !parent.vanished && frame.handle != null)
                {
                    parent.handle = reopenParent(frame.handle, parent.inode);
                }
            }
            Handles.closeQuietly(frame.handle);
            frame.handle = null;
        }

        private SecureDirectoryStream<Path> reopenParent(final SecureDirectoryStream<Path> child, final long inode)
        {
            SecureDirectoryStream<Path> up = null;
            try
            {
                up = Handles.openChild(child, Handles.PARENT);
                if (Handles.inode(up) == inode)
                {
                    return up;
                }
            }
            catch (final IOException ex)
            {
                // fall through: ensureOpen reopens by names
            }
            Handles.closeQuietly(up);
            return null;
        }

        /**
         * Makes sure stack[index] (the top) has an open handle, reopening it by names from the start frame. Open
         * handles always form stack[0] plus a suffix of the stack, so the frames between are closed.
         */
        private boolean ensureOpen(final int index)
        {
            final Frame frame = stack.get(index);
            if (frame.handle != null)
            {
                return true;
            }
            if (frame.vanished)
            {
                return false;
            }
            SecureDirectoryStream<Path> current = stack.get(0).handle;
            for (int j = 1; j <= index; j++)
            {
                final Frame step = stack.get(j);
                SecureDirectoryStream<Path> next = null;
                try
                {
                    next = Handles.openChild(current, step.cgroup.fileName());
                    if (Handles.inode(next) != step.inode)
                    {
                        throw new java.nio.file.NoSuchFileException(step.cgroup.directory().toString(), null,
                            "replaced by another directory");
                    }
                }
                catch (final IOException ex)
                {
                    Handles.closeQuietly(next);
                    if (j > 1)
                    {
                        Handles.closeQuietly(current);
                    }
                    skip(step.cgroup.directory(), ex);
                    for (int k = j; k <= index; k++)
                    {
                        stack.get(k).vanished = true;
                    }
                    return false;
                }
                if (j > 1)
                {
                    Handles.closeQuietly(current);
                }
                current = next;
            }
            frame.handle = current;
            return true;
        }

        void closeAll()
        {
            for (final Frame frame : stack)
            {
                Handles.closeQuietly(frame.handle);
                frame.handle = null;
            }
            stack.clear();
        }
    }

    /**
     * Configures a {@link CgroupWalker}. Not thread-safe.
     */
    public static final class Builder
    {
        private final Path root;
        private Hierarchy view;
        private Order order = Order.DESCENDANTS_PRE;
        private String startPath = "/";
        private boolean pathGiven;
        private boolean startById;
        private long startId;
        private long limit = Long.MAX_VALUE;
        private int maxDepth = Integer.MAX_VALUE;
        private int maxOpenHandles = DEFAULT_MAX_OPEN_HANDLES;
        private Problems problems = new Problems(line -> { });

        private Builder(final Path root)
        {
            this.root = Objects.requireNonNull(root, "root");
        }

        /**
         * @param value the walk order (default {@link Order#DESCENDANTS_PRE}).
         * @return this.
         */
        public Builder order(final Order value)
        {
            this.order = Objects.requireNonNull(value, "order");
            return this;
        }

        /**
         * @param path start cgroup relative to the root, like {@code "/a/b"} (default {@code "/"}, the whole
         *             hierarchy, as the kernel's default).
         * @return this.
         */
        public Builder start(final String path)
        {
            parsePath(path);
            this.startPath = path;
            this.pathGiven = true;
            return this;
        }

        /**
         * @param id start cgroup id (found by walking the hierarchy and comparing ids).
         * @return this.
         */
        public Builder startId(final long id)
        {
            this.startId = id;
            this.startById = true;
            return this;
        }

        /**
         * @param value stop after this many visits (a limit of 0 visits nothing); default unlimited.
         * @return this.
         */
        public Builder limit(final long value)
        {
            if (value < 0)
            {
                throw new IllegalArgumentException("limit must not be negative: limit=" + value);
            }
            this.limit = value;
            return this;
        }

        /**
         * @param value how many levels away from the start cgroup to go: below it for the descendant orders and
         *              {@link Order#CHILDREN}, above it for {@link Order#ANCESTORS_UP}; 0 means the start only.
         *              Default unlimited.
         * @return this.
         */
        public Builder maxDepth(final int value)
        {
            if (value < 0)
            {
                throw new IllegalArgumentException("max depth must not be negative: maxDepth=" + value);
            }
            this.maxDepth = value;
            return this;
        }

        /**
         * @param value bound on directory handles kept open on the current path (at least 1).
         * @return this.
         */
        public Builder maxOpenHandles(final int value)
        {
            if (value < 1)
            {
                throw new IllegalArgumentException("need at least one open handle: maxOpenHandles=" + value);
            }
            this.maxOpenHandles = value;
            return this;
        }

        /**
         * @param value where skipped cgroups are reported (default: counted, no warnings printed).
         * @return this.
         */
        public Builder problems(final Problems value)
        {
            this.problems = Objects.requireNonNull(value, "problems");
            return this;
        }

        /**
         * @return the walker.
         * @throws IllegalArgumentException if both a start path and a start id were given (the kernel's EINVAL).
         */
        public CgroupWalker build()
        {
            if (pathGiven && startById)
            {
                throw new IllegalArgumentException("give a start path or a start id, not both: path=" + startPath +
                    " id=" + Long.toUnsignedString(startId));
            }
            return new CgroupWalker(this);
        }
    }
}
