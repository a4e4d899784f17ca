package dev.rstat.cgroup;

import java.util.Locale;

/**
 * The walk orders of the kernel's BPF {@code cgroup_iter} ({@code enum bpf_cgroup_iter_order} in
 * {@code include/uapi/linux/bpf.h}), with the same meaning relative to the start cgroup.
 *
 * <p>Siblings are visited in name order: the kernel visits them in creation order, which user space cannot see, and a
 * fixed order makes a walk of a snapshot match a walk of the live hierarchy.
 */
public enum Order
{
    /** Start cgroup first, then each child's subtree (pre-order). */
    DESCENDANTS_PRE,
    /** Each child's subtree first, then the start cgroup (post-order: children before their parent). */
    DESCENDANTS_POST,
    /** Start cgroup, its parent, and so on up to the hierarchy root (included). */
    ANCESTORS_UP,
    /** Only the start cgroup. */
    SELF_ONLY,
    /** Only the direct children of the start cgroup (not the start itself); newest kernels only. */
    CHILDREN;

    /**
     * Parses an order name leniently: case-insensitive, {@code -} or {@code _}, with or without the
     * {@code BPF_CGROUP_ITER_ORDER_} prefix ({@code descendants_pre}, {@code descendants-pre}, ...); also the short
     * forms {@code pre}, {@code post}, {@code up}, {@code self}.
     *
     * @param text the name.
     * @return the order.
     * @throws IllegalArgumentException listing the valid names.
     */
    public static Order parse(final String text)
    {
        String key = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        if (key.startsWith("BPF_CGROUP_ITER_"))
        {
            key = key.substring("BPF_CGROUP_ITER_".length());
        }
        switch (key)
        {
            case "PRE":
                return DESCENDANTS_PRE;
            case "POST":
                return DESCENDANTS_POST;
            case "UP":
                return ANCESTORS_UP;
            case "SELF":
                return SELF_ONLY;
            default:
                break;
        }
        for (final Order order : values())
        {
            if (order.name().equals(key))
            {
                return order;
            }
        }
        throw new IllegalArgumentException("unknown order: order=" + text +
            " valid=descendants_pre,descendants_post,ancestors_up,self_only,children");
    }

    /**
     * @return the name as the kernel's fdinfo prints it, e.g. {@code descendants_pre}.
     */
    public String kernelName()
    {
        return name().toLowerCase(Locale.ROOT);
    }
}
