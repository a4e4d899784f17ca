package dev.rstat.cgroup.report.render;

import java.util.HashMap;
import java.util.Map;

/**
 * What the user of {@code cgroup-walk top} chose: the sort key and direction, how deep the tree is expanded (and the
 * cgroups expanded or collapsed one by one), the path filter, own shares or subtree values, the selected row and the
 * first row shown. {@link TopLayout} reads it and keeps the selection and scroll position within the rows it shows.
 * Not thread-safe.
 */
public final class TopState
{
    /** The expansion depth when none is given: the start cgroup and two levels below it are open. */
    public static final int DEFAULT_DEPTH = 3;

    private TopSort sort = TopSort.CPU;
    private boolean descending = true;
    private int depth = DEFAULT_DEPTH;
    private final Map<String, Boolean> expanded = new HashMap<>();
    private String filter = "";
    private boolean ownShare;
    private int selected;
    private int scroll;
    private String prompt;

    /**
     * Creates the default state: sorted by CPU, largest first, expanded {@value #DEFAULT_DEPTH} levels deep,
     * subtree values, no filter.
     */
    public TopState()
    {
    }

    /**
     * Sorts by a key; by the same key again, reverses the order.
     *
     * @param key the key.
     */
    public void sortBy(final TopSort key)
    {
        if (key == sort)
        {
            descending = !descending;
        }
        else
        {
            sort = key;
            descending = key.descendingByDefault();
        }
    }

    /**
     * @return the sort key.
     */
    public TopSort sort()
    {
        return sort;
    }

    /**
     * @return whether the order is largest (or last name) first.
     */
    public boolean descending()
    {
        return descending;
    }

    /**
     * Sets how many levels below the start cgroup are open (the start is level 0), forgetting cgroups opened or
     * closed one by one.
     *
     * @param levels 1 or more.
     */
    public void depth(final int levels)
    {
        depth = Math.max(1, levels);
        expanded.clear();
    }

    /**
     * @return how many levels are open.
     */
    public int depth()
    {
        return depth;
    }

    /**
     * Opens or closes one cgroup (Enter on its row).
     *
     * @param path           the cgroup's path.
     * @param currentlyOpen  whether it is open now.
     */
    public void toggle(final String path, final boolean currentlyOpen)
    {
        expanded.put(path, !currentlyOpen);
    }

    /**
     * @param path  a cgroup's path.
     * @param level its level below the start cgroup.
     * @return whether its children are shown.
     */
    public boolean isOpen(final String path, final int level)
    {
        final Boolean chosen = expanded.get(path);
        return chosen != null ? chosen : level < depth;
    }

    /**
     * @param text the text paths must contain to be shown (with their ancestors); empty for all.
     */
    public void filter(final String text)
    {
        filter = text == null ? "" : text;
        selected = 0;
        scroll = 0;
    }

    /**
     * @return the path filter, empty for none.
     */
    public String filter()
    {
        return filter;
    }

    /**
     * Switches between own shares ({@code :self}: a cgroup's value minus its children's; local values as they are)
     * and subtree values (hierarchical values as the kernel gives them; local values summed over the subtree).
     */
    public void toggleOwnShare()
    {
        ownShare = !ownShare;
    }

    /**
     * @return whether own shares are shown.
     */
    public boolean ownShare()
    {
        return ownShare;
    }

    /**
     * Moves the selection.
     *
     * @param rows rows down (negative: up); {@link TopLayout} keeps it within the rows shown.
     */
    public void move(final int rows)
    {
        final long target = (long)selected + rows;
        selected = (int)Math.max(0, Math.min(Integer.MAX_VALUE, target));
    }

    /**
     * @return the selected row among the rows shown (0 is the first).
     */
    public int selected()
    {
        return selected;
    }

    /**
     * @return the first row shown on the screen.
     */
    public int scroll()
    {
        return scroll;
    }

    void place(final int selectedRow, final int firstRow)
    {
        selected = selectedRow;
        scroll = firstRow;
    }

    /**
     * @param text what the bottom line shows instead of the help (the filter being typed), or null for the help.
     */
    public void prompt(final String text)
    {
        prompt = text;
    }

    /**
     * @return the prompt, or null.
     */
    public String prompt()
    {
        return prompt;
    }
}
