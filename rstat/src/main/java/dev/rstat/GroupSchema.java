package dev.rstat;

import java.util.Arrays;
import java.util.List;

/**
 * The declared statistics of one stat group: an ordered list of named counters and gauges.
 * <p>
 * A stat group is the unit of flushing, like a kernel subsystem since 6.16: each group has its own update trees
 * and its own flush lock, and flushing one group never walks another group's trees. Statistics are addressed by
 * their index in declaration order ({@link #indexOf(String)} once, then the {@code int} on the hot path).
 */
public final class GroupSchema
{
    private final String name;
    private final int index;
    private final String[] statNames;
    private final StatKind[] kinds;

    GroupSchema(final String name, final int index, final List<String> statNames, final List<StatKind> kinds)
    {
        this.name = name;
        this.index = index;
        this.statNames = statNames.toArray(new String[0]);
        this.kinds = kinds.toArray(new StatKind[0]);
    }

    /**
     * @return the group's name.
     */
    public String name()
    {
        return name;
    }

    /**
     * @return the group's position in its {@link Schema}.
     */
    public int index()
    {
        return index;
    }

    /**
     * @return how many statistics the group declares.
     */
    public int statCount()
    {
        return statNames.length;
    }

    /**
     * @param stat index of the statistic.
     * @return its name.
     */
    public String statName(final int stat)
    {
        return statNames[stat];
    }

    /**
     * @param stat index of the statistic.
     * @return its kind.
     */
    public StatKind kind(final int stat)
    {
        return kinds[stat];
    }

    /**
     * @param statName name of a statistic of this group.
     * @return its index.
     * @throws IllegalArgumentException if the group has no such statistic.
     */
    public int indexOf(final String statName)
    {
        for (int i = 0; i < statNames.length; i++)
        {
            if (statNames[i].equals(statName))
            {
                return i;
            }
        }
        throw new IllegalArgumentException(
            "unknown stat: group=" + name + " stat=" + statName + " declared=" + Arrays.toString(statNames));
    }

    @Override
    public String toString()
    {
        final StringBuilder sb = new StringBuilder(name).append('{');
        for (int i = 0; i < statNames.length; i++)
        {
            sb.append(i == 0 ? "" : ", ").append(statNames[i]).append(':').append(kinds[i]);
        }
        return sb.append('}').toString();
    }
}
