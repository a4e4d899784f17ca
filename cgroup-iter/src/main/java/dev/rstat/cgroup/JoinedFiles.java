package dev.rstat.cgroup;

import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which member of a joined view a file of a joined cgroup is read from ({@link Hierarchy#memberFor}, cached per file
 * name), and the list of a joined cgroup's files. One per walk; not thread-safe.
 */
final class JoinedFiles
{
    private final Hierarchy view;
    private final Map<String, int[]> candidates = new HashMap<>();

    JoinedFiles(final Hierarchy view)
    {
        this.view = view;
    }

    /** The root directory of a member. */
    Path root(final int member)
    {
        return view.members().get(member).directory();
    }

    /** The member a file is read from: the first candidate whose cgroup lists it; -1 if none does. */
    int owner(final String fileName, final Handles.Listing[] listings)
    {
        final int[] order = candidates.computeIfAbsent(fileName, view::memberFor);
        for (final int member : order)
        {
            final Handles.Listing listing = listings[member];
            if (listing != null && listing.lists(fileName))
            {
                return member;
            }
        }
        return -1;
    }

    /** The readable files of a joined cgroup, each once, from the member it is read from, sorted by name. */
    List<String> files(final SecureDirectoryStream<Path>[] handles, final Handles.Listing[] listings)
    {
        final List<String> out = new ArrayList<>();
        for (int member = 0; member < listings.length; member++)
        {
            if (listings[member] == null || handles[member] == null)
            {
                continue;
            }
            for (final String file : Handles.readableFiles(handles[member], listings[member].others))
            {
                if (owner(file, listings) == member)
                {
                    out.add(file);
                }
            }
        }
        out.sort(null);
        return out;
    }
}
