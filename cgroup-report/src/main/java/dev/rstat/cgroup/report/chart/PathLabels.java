package dev.rstat.cgroup.report.chart;

/**
 * The paths shown for the nodes of a tree given by names and parent indexes in pre-order: printable
 * ({@link Escapes#printable}) and at most {@value #MAX} characters, longer ones shortened in the middle
 * ({@code /a/b/…/y/z}) so that a 10,000-deep chain does not make 10,000 paths of 10,000 names. Computed without
 * recursion and without building a long path.
 */
final class PathLabels
{
    /** The longest label. */
    static final int MAX = 160;
    private static final int HEAD = 60;
    private static final int TAIL = MAX - HEAD - 1;
    private static final String ELLIPSIS = "\u2026";

    private PathLabels()
    {
    }

    /**
     * @param rootPath the root's path ({@code /} or {@code /system.slice}).
     * @param names    each node's name (node 0's is ignored).
     * @param parents  parent indexes in pre-order (-1 for node 0).
     * @return each node's label.
     */
    static String[] of(final String rootPath, final String[] names, final int[] parents)
    {
        final int size = names.length;
        final String[] printable = new String[size];
        final String[] labels = new String[size];
        final String[] heads = new String[size];
        final long[] length = new long[size];
        final String root = Escapes.printable(rootPath);
        for (int i = 0; i < size; i++)
        {
            if (i == 0)
            {
                printable[0] = root;
                length[0] = root.length();
                labels[0] = shorten(root);
                heads[0] = root.length() > MAX ? root.substring(0, HEAD) : null;
                continue;
            }
            final int p = parents[i];
            printable[i] = Escapes.printable(names[i]);
            final boolean underSlash = p == 0 && root.equals("/");
            length[i] = (underSlash ? 0 : length[p]) + 1 + printable[i].length();
            if (length[i] <= MAX)
            {
                labels[i] = (underSlash ? "" : labels[p]) + "/" + printable[i];
                continue;
            }
            heads[i] = heads[p] != null ? heads[p] : head(labels[p], underSlash, printable[i]);
            labels[i] = heads[i] + ELLIPSIS + tail(i, printable, parents, underSlash ? null : root);
        }
        return labels;
    }

    private static String head(final String parentLabel, final boolean underSlash, final String name)
    {
        final String joined = (underSlash ? "" : parentLabel) + "/" + name;
        return joined.substring(0, Math.min(HEAD, joined.length()));
    }

    /** The last {@link #TAIL} characters of a node's path, from its names upwards. */
    private static String tail(final int node, final String[] printable, final int[] parents, final String root)
    {
        final StringBuilder reversed = new StringBuilder(TAIL + 32);
        int n = node;
        while (n > 0 && reversed.length() < TAIL)
        {
            reversed.append(new StringBuilder(printable[n]).reverse()).append('/');
            n = parents[n];
        }
        if (n == 0 && root != null && reversed.length() < TAIL)
        {
            reversed.append(new StringBuilder(root).reverse());
        }
        final String path = reversed.reverse().toString();
        return path.length() > TAIL ? path.substring(path.length() - TAIL) : path;
    }

    private static String shorten(final String text)
    {
        return text.length() <= MAX ? text : text.substring(0, HEAD) + ELLIPSIS + text.substring(text.length() - TAIL);
    }
}
