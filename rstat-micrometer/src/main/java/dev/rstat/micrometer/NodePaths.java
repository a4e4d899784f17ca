package dev.rstat.micrometer;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.function.Function;

import dev.rstat.RstatNode;

/**
 * The {@code path} tag of a node, from its parent links: the root's path is its name ({@code "/"} by default), a
 * child's is its parent's path, a {@code '/'} unless that path already ends with one, and its name
 * ({@code "/tenant-a/app-1"}).
 * <p>
 * Iterative: a node's path is built from the nearest ancestor whose path is already known, and every path computed
 * on the way is remembered, so the paths of a whole tree cost one step per node whatever its depth (a
 * 10,000-deep chain needs no deep stack).
 */
final class NodePaths
{
    private NodePaths()
    {
    }

    /**
     * @param node  a node.
     * @param known paths already known (looked up first, so a long-lived cache of exported nodes serves as one).
     * @param memo  where the paths computed on the way are put (may be the map behind {@code known}).
     * @return the node's path.
     */
    static String path(final RstatNode node, final Function<RstatNode, String> known, final Map<RstatNode, String> memo)
    {
        final ArrayDeque<RstatNode> unknown = new ArrayDeque<>();
        String path = null;
        for (RstatNode n = node; n != null; n = n.parent())
        {
            path = known.apply(n);
            if (path != null)
            {
                break;
            }
            unknown.push(n);
        }
        while (!unknown.isEmpty())
        {
            final RstatNode n = unknown.pop();
            path = path == null ? n.name() : child(path, n.name());
            memo.put(n, path);
        }
        return path;
    }

    /**
     * @param parentPath a path.
     * @param name       a child's name.
     * @return the child's path.
     */
    static String child(final String parentPath, final String name)
    {
        return parentPath.endsWith("/") ? parentPath + name : parentPath + '/' + name;
    }
}
