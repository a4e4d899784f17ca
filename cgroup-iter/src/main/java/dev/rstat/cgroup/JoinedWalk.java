package dev.rstat.cgroup;

import dev.rstat.cgroup.stat.Problems;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One walk of a {@link Hierarchy#joined joined view}: the union of the members' trees by cgroup path, in the same
 * orders, with the same visitor calls, limits and robustness as {@link CgroupWalker}'s walk of one hierarchy. Each
 * visited {@link Cgroup} has one open handle per member that has its path, and reads each file through the member
 * that owns it ({@link Cgroup#handle(String)}).
 *
 * <p>Iterative: an explicit stack of frames, each holding the cgroup's handle in every member that has it. At most
 * {@code frameBudget} frames below the start keep their handles open; a closed frame is reopened when the walk climbs
 * back to it, through its child's {@code ".."} in each member (checked against the recorded inode) or, for a member
 * in which the child does not exist, by names from the start cgroup. A member in which a cgroup vanishes only loses
 * that member's files for it; a cgroup that vanishes from every member is skipped and counted.
 */
final class JoinedWalk
{
    private static final int ID_FILE_LIMIT = 64;
    private static final Path ID_FILE = Path.of(Cgroup.ID_FILE);
    private static final int MAX_MEMBERS = 64;

    private final Hierarchy view;
    private final int members;
    private final Order order;
    private final List<Path> startNames;
    private final long limit;
    private final int maxDepth;
    private final int frameBudget;
    private final Problems problems;
    private final JoinedFiles files;
    private final boolean[] idFiles;
    /** Per member, whether its directories have 2 + (number of sub-directories) links. */
    private final boolean[] countsLinks;
    private final CgroupVisitor visitor;
    private final ArrayList<Frame> stack = new ArrayList<>();
    /** Per member, how deep the chain of the start cgroup's names exists in it (-1: not even the root). */
    private int[] reach;
    private final VisitorCalls calls;

    JoinedWalk(final Hierarchy view, final Order order, final List<Path> startNames, final long limit,
        final int maxDepth, final int maxOpenHandles, final Problems problems, final CgroupVisitor visitor)
    {
        this.view = view;
        this.members = view.members().size();
        if (members > MAX_MEMBERS)
        {
            throw new IllegalArgumentException("too many hierarchies to join: hierarchies=" + members + " max=" +
                MAX_MEMBERS);
        }
        this.order = order;
        this.startNames = startNames;
        this.limit = limit;
        this.maxDepth = maxDepth;
        this.frameBudget = Math.max(1, maxOpenHandles / members);
        this.problems = problems;
        this.files = new JoinedFiles(view);
        this.idFiles = new boolean[members];
        this.countsLinks = new boolean[members];
        for (int m = 0; m < members; m++)
        {
            idFiles[m] = view.members().get(m).snapshot();
            countsLinks[m] = CgroupWalker.LINK_COUNTING_FILE_SYSTEMS.contains(
                CgroupWalker.fileSystemType(view.members().get(m).directory()));
        }
        this.visitor = Objects.requireNonNull(visitor, "visitor");
        this.calls = new VisitorCalls(visitor, limit);
    }

    CgroupWalker.Result walk()
    {
        final Frame start = openStart();
        stack.add(start);
        try
        {
            switch (order)
            {
                case SELF_ONLY:
                    if (list(start))
                    {
                        visit(start);
                    }
                    break;
                case ANCESTORS_UP:
                    walkUp(start);
                    break;
                case DESCENDANTS_PRE:
                    walkTree(false, true, maxDepth);
                    break;
                case DESCENDANTS_POST:
                    walkTree(true, true, maxDepth);
                    break;
                case CHILDREN:
                    walkTree(false, false, Math.min(maxDepth, 1));
                    break;
                default:
                    throw new IllegalStateException("unhandled order: order=" + order);
            }
        }
        finally
        {
            for (final Frame frame : stack)
            {
                frame.close();
            }
            stack.clear();
        }
        return calls.end();
    }

    @SuppressWarnings("unchecked")
    private SecureDirectoryStream<Path>[] handles()
    {
        return (SecureDirectoryStream<Path>[])new SecureDirectoryStream<?>[members];
    }

    /** A cgroup on the stack: its handle, inode and listing in each member that has it. */
    private final class Frame
    {
        final Cgroup cgroup;
        final SecureDirectoryStream<Path>[] handle;
        final long[] inode = new long[members];
        final boolean[] present;
        final Handles.Listing[] listing = new Handles.Listing[members];
        Path[] children = new Path[0];
        long[] childMembers = new long[0];
        int next;
        boolean vanished;

        Frame(final Cgroup cgroup, final SecureDirectoryStream<Path>[] handle, final boolean[] present)
        {
            this.cgroup = cgroup;
            this.handle = handle;
            this.present = present;
            for (int m = 0; m < members; m++)
            {
                if (present[m])
                {
                    try
                    {
                        inode[m] = Handles.inode(handle[m]);
                    }
                    catch (final IOException ex)
                    {
                        absent(m);
                    }
                }
            }
        }

        void absent(final int m)
        {
            present[m] = false;
            Handles.closeQuietly(handle[m]);
            handle[m] = null;
            listing[m] = null;
        }

        boolean any()
        {
            for (final boolean p : present)
            {
                if (p)
                {
                    return true;
                }
            }
            return false;
        }

        boolean closed()
        {
            for (int m = 0; m < members; m++)
            {
                if (present[m] && handle[m] == null)
                {
                    return true;
                }
            }
            return false;
        }

        void close()
        {
            for (int m = 0; m < members; m++)
            {
                Handles.closeQuietly(handle[m]);
                handle[m] = null;
            }
        }
    }

    private Frame openStart()
    {
        final SecureDirectoryStream<Path>[] current = handles();
        final boolean[] present = new boolean[members];
        reach = new int[members];
        Arrays.fill(reach, -1);
        for (int m = 0; m < members; m++)
        {
            try
            {
                current[m] = Handles.openRoot(view.members().get(m).directory());
                present[m] = true;
                reach[m] = 0;
            }
            catch (final IOException ex)
            {
                problems.unreadable(view.members().get(m).directory(), ex);
            }
        }
        if (!anyOf(present))
        {
            throw new CgroupNotFoundException("no hierarchy of the joined view can be opened: root=" +
                view.directory());
        }
        Cgroup cgroup = new Cgroup(null, null, id(current, present, null, null), view.directory());
        for (final Path name : startNames)
        {
            for (int m = 0; m < members; m++)
            {
                if (!present[m])
                {
                    continue;
                }
                try
                {
                    final SecureDirectoryStream<Path> next = Handles.openChild(current[m], name);
                    Handles.closeQuietly(current[m]);
                    current[m] = next;
                    reach[m]++;
                }
                catch (final IOException ex)
                {
                    Handles.closeQuietly(current[m]);
                    current[m] = null;
                    present[m] = false;
                }
            }
            if (!anyOf(present))
            {
                throw new CgroupNotFoundException("start cgroup not found: root=" + view.directory() + " path=" +
                    joined(startNames));
            }
            cgroup = new Cgroup(cgroup, name, id(current, present, cgroup, name), view.directory());
        }
        return new Frame(cgroup, current, present);
    }

    private static boolean anyOf(final boolean[] present)
    {
        for (final boolean p : present)
        {
            if (p)
            {
                return true;
            }
        }
        return false;
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

    /** The id of a joined cgroup: its id in the first member that has it (snapshot id file, else inode). */
    private long id(final SecureDirectoryStream<Path>[] handle, final boolean[] present, final Cgroup parent,
        final Path name)
    {
        for (int m = 0; m < members; m++)
        {
            if (!present[m])
            {
                continue;
            }
            final long inode;
            try
            {
                inode = Handles.inode(handle[m]);
            }
            catch (final IOException ex)
            {
                continue;
            }
            if (!idFiles[m])
            {
                return inode;
            }
            try
            {
                final String text = new String(Handles.read(handle[m], ID_FILE, ID_FILE_LIMIT),
                    StandardCharsets.UTF_8).trim();
                return Long.parseUnsignedLong(text);
            }
            catch (final IOException | NumberFormatException ex)
            {
                return inode;
            }
        }
        return 0;
    }

    /** Lists a frame in every member that has it and merges the children by name. */
    private boolean list(final Frame frame)
    {
        IOException failure = null;
        final List<Path> names = new ArrayList<>();
        final List<Long> masks = new ArrayList<>();
        for (int m = 0; m < members; m++)
        {
            if (!frame.present[m])
            {
                continue;
            }
            try
            {
                frame.listing[m] = Handles.list(frame.handle[m], subdirectories(frame, m));
            }
            catch (final IOException ex)
            {
                failure = ex;
                frame.absent(m);
                continue;
            }
            for (final Path child : frame.listing[m].directories)
            {
                names.add(child);
                masks.add(1L << m);
            }
        }
        if (!frame.any())
        {
            skip(frame.cgroup.directory(), failure);
            frame.vanished = true;
            return false;
        }
        final Integer[] byName = new Integer[names.size()];
        for (int i = 0; i < byName.length; i++)
        {
            byName[i] = i;
        }
        Arrays.sort(byName, (a, b) -> Handles.compareNames(names.get(a).toString(), names.get(b).toString()));
        final List<Path> children = new ArrayList<>();
        final List<Long> childMasks = new ArrayList<>();
        for (final Integer i : byName)
        {
            final int last = children.size() - 1;
            if (last >= 0 && children.get(last).toString().equals(names.get(i).toString()))
            {
                childMasks.set(last, childMasks.get(last) | masks.get(i));
            }
            else
            {
                children.add(names.get(i));
                childMasks.add(masks.get(i));
            }
        }
        frame.children = children.toArray(new Path[0]);
        frame.childMembers = new long[childMasks.size()];
        for (int i = 0; i < frame.childMembers.length; i++)
        {
            frame.childMembers[i] = childMasks.get(i);
        }
        if (!visitor.enter(frame.cgroup))
        {
            frame.children = new Path[0];
        }
        return true;
    }

    /**
     * The number of sub-directories of a frame in a member from its link count (one path-based {@code stat}, checked
     * against the open directory's inode), or -1 where it cannot be trusted: a file system that does not count them,
     * a path too long to {@code stat}, or a path that no longer leads to the open directory.
     */
    private int subdirectories(final Frame frame, final int m)
    {
        if (!countsLinks[m] || 2 * frame.cgroup.depth() > CgroupWalker.MAX_STAT_PATH_CHARS)
        {
            return -1;
        }
        Path path = view.members().get(m).directory();
        for (final Path name : frame.cgroup.names())
        {
            path = path.resolve(name);
        }
        if (path.toString().length() > CgroupWalker.MAX_STAT_PATH_CHARS)
        {
            return -1;
        }
        try
        {
            final Map<String, Object> unix = Files.readAttributes(path, "unix:nlink,ino", LinkOption.NOFOLLOW_LINKS);
            final int links = (Integer)unix.get("nlink");
            return (Long)unix.get("ino") == frame.inode[m] && links >= 2 ? links - 2 : -1;
        }
        catch (final IOException | RuntimeException ex)
        {
            return -1;
        }
    }

    private void skip(final Path path, final IOException ex)
    {
        if (ex == null || Handles.isVanished(ex))
        {
            problems.vanished(path);
        }
        else
        {
            problems.unreadable(path, ex);
        }
    }

    /** Visits a listed frame whose handles are open; returns false when the walk must stop. */
    private boolean visit(final Frame frame)
    {
        if (!calls.admit())
        {
            return false;
        }
        SecureDirectoryStream<Path> primary = null;
        for (int m = 0; m < members && primary == null; m++)
        {
            primary = frame.present[m] ? frame.handle[m] : null;
        }
        frame.cgroup.openJoined(files, primary, frame.handle, frame.listing);
        return calls.visit(frame.cgroup);
    }

    private void walkTree(final boolean post, final boolean includeStart, final int depthLimit)
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
                final int i = frame.next++;
                final Frame child = openChild(frame, frame.children[i], frame.childMembers[i]);
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
                if (post && !frame.vanished && (top > 0 || includeStart) && !visit(frame))
                {
                    return;
                }
                pop();
            }
        }
    }

    private Frame openChild(final Frame parent, final Path name, final long mask)
    {
        final SecureDirectoryStream<Path>[] handle = handles();
        final boolean[] present = new boolean[members];
        IOException failure = null;
        for (int m = 0; m < members; m++)
        {
            if ((mask & (1L << m)) == 0 || !parent.present[m] || parent.handle[m] == null)
            {
                continue;
            }
            try
            {
                handle[m] = Handles.openChild(parent.handle[m], name);
                present[m] = true;
            }
            catch (final IOException ex)
            {
                failure = ex;
            }
        }
        if (!anyOf(present))
        {
            skip(parent.cgroup.directory().resolve(name), failure);
            return null;
        }
        final Cgroup cgroup = new Cgroup(parent.cgroup, name, id(handle, present, parent.cgroup, name),
            view.directory());
        final Frame frame = new Frame(cgroup, handle, present);
        if (!frame.any())
        {
            skip(cgroup.directory(), null);
            return null;
        }
        return frame;
    }

    private void push(final Frame child)
    {
        stack.add(child);
        final int victim = stack.size() - 1 - frameBudget;
        if (victim >= 1)
        {
            stack.get(victim).close();
        }
    }

    private void pop()
    {
        final Frame frame = stack.remove(stack.size() - 1);
        if (!stack.isEmpty())
        {
            final Frame parent = stack.get(stack.size() - 1);
            if (!parent.vanished && parent.closed())
            {
                reopen(parent, frame);
            }
        }
        frame.close();
    }

    /** Reopens a closed frame (the top) through its child's {@code ".."}, else by names from the start frame. */
    private void reopen(final Frame parent, final Frame child)
    {
        final int index = stack.size() - 1;
        for (int m = 0; m < members; m++)
        {
            if (!parent.present[m] || parent.handle[m] != null)
            {
                continue;
            }
            if (child.present[m] && child.handle[m] != null)
            {
                SecureDirectoryStream<Path> up = null;
                try
                {
                    up = Handles.openChild(child.handle[m], Handles.PARENT);
                    if (Handles.inode(up) == parent.inode[m])
                    {
                        parent.handle[m] = up;
                        continue;
                    }
                }
                catch (final IOException ex)
                {
                    // by names below
                }
                Handles.closeQuietly(up);
            }
            parent.handle[m] = byNames(m, index);
            if (parent.handle[m] == null)
            {
                parent.absent(m);
            }
        }
        if (!parent.any())
        {
            skip(parent.cgroup.directory(), null);
            parent.vanished = true;
        }
    }

    /** Opens stack[index] in member m by names from the start frame, checking each inode; null if it is gone. */
    private SecureDirectoryStream<Path> byNames(final int m, final int index)
    {
        SecureDirectoryStream<Path> current = stack.get(0).handle[m];
        if (current == null)
        {
            return null;
        }
        for (int j = 1; j <= index; j++)
        {
            final Frame step = stack.get(j);
            SecureDirectoryStream<Path> next = null;
            try
            {
                next = Handles.openChild(current, step.cgroup.fileName());
                if (Handles.inode(next) != step.inode[m])
                {
                    throw new java.nio.file.NoSuchFileException(step.cgroup.directory().toString());
                }
            }
            catch (final IOException ex)
            {
                Handles.closeQuietly(next);
                if (j > 1)
                {
                    Handles.closeQuietly(current);
                }
                return null;
            }
            if (j > 1)
            {
                Handles.closeQuietly(current);
            }
            current = next;
        }
        return current;
    }

    private void walkUp(final Frame start)
    {
        if (!list(start) || !visit(start))
        {
            return;
        }
        SecureDirectoryStream<Path>[] current = handles();
        for (int m = 0; m < members; m++)
        {
            current[m] = start.handle[m];
            start.handle[m] = null;
        }
        Cgroup cgroup = start.cgroup;
        int steps = 0;
        try
        {
            while (cgroup.parent().isPresent() && steps < maxDepth)
            {
                final Cgroup parent = cgroup.parent().get();
                steps++;
                final SecureDirectoryStream<Path>[] up = handles();
                final boolean[] present = new boolean[members];
                for (int m = 0; m < members; m++)
                {
                    if (reach[m] < parent.depth())
                    {
                        continue;
                    }
                    if (current[m] != null)
                    {
                        try
                        {
                            up[m] = Handles.openChild(current[m], Handles.PARENT);
                        }
                        catch (final IOException ex)
                        {
                            up[m] = null;
                        }
                    }
                    if (up[m] == null)
                    {
                        up[m] = fromRoot(m, parent.names());
                    }
                    present[m] = up[m] != null;
                }
                for (int m = 0; m < members; m++)
                {
                    Handles.closeQuietly(current[m]);
                }
                current = up;
                cgroup = parent;
                if (!anyOf(present))
                {
                    problems.vanished(parent.directory());
                    continue;
                }
                final Frame frame = new Frame(parent, up, present);
                if (list(frame) && !visit(frame))
                {
                    return;
                }
            }
        }
        finally
        {
            for (int m = 0; m < members; m++)
            {
                Handles.closeQuietly(current[m]);
            }
        }
    }

    /** Opens a cgroup in member m by names from the member's root; null if it is gone. */
    private SecureDirectoryStream<Path> fromRoot(final int m, final List<Path> names)
    {
        SecureDirectoryStream<Path> current = null;
        try
        {
            current = Handles.openRoot(view.members().get(m).directory());
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
}
