package dev.rstat.agrona;

/**
 * The type ids and scopes of a counters file: a counter's Agrona type id says what kind of value it is, its key's
 * scope which share of a node it holds. One table for the engine's kinds and the cgroup catalog's.
 *
 * <table>
 * <caption>type ids</caption>
 * <tr><th>id</th><th>kind</th></tr>
 * <tr><td>1</td><td>counter: cumulative, only grows (a reset or a recreated cgroup starts again)</td></tr>
 * <tr><td>2</td><td>gauge: a current value</td></tr>
 * <tr><td>3</td><td>limit: a configured bound; unsigned all-ones ({@code -1L}) is the kernel's {@code max}</td></tr>
 * <tr><td>4</td><td>pressure: a PSI value</td></tr>
 * <tr><td>5</td><td>info: a number that is neither</td></tr>
 * <tr><td>6</td><td>peak: a high-water mark</td></tr>
 * <tr><td>7</td><td>one bucket of a linear histogram</td></tr>
 * <tr><td>8</td><td>one bucket of a logarithmic histogram</td></tr>
 * <tr><td>100</td><td>the file's generation (counter 0)</td></tr>
 * </table>
 */
public final class CounterTypes
{
    /** A cumulative counter. */
    public static final int COUNTER = 1;
    /** A current value. */
    public static final int GAUGE = 2;
    /** A limit ({@code -1L}, unsigned all-ones, is {@code max}). */
    public static final int LIMIT = 3;
    /** A pressure stall value. */
    public static final int PRESSURE = 4;
    /** Another number. */
    public static final int INFO = 5;
    /** A high-water mark. */
    public static final int PEAK = 6;
    /** A linear histogram's bucket. */
    public static final int LINEAR_HISTOGRAM_BUCKET = 7;
    /** A logarithmic histogram's bucket. */
    public static final int LOG_HISTOGRAM_BUCKET = 8;
    /** Counter 0: the file's generation. */
    public static final int FILE_GENERATION = 100;

    /** Scope: the value as read (a cgroup file's own number: hierarchical for most cgroup2 values). */
    public static final int SCOPE_VALUE = 0;
    /** Scope: the node's own share (the engine's {@code local}, a cgroup's {@code :self}). */
    public static final int SCOPE_LOCAL = 1;
    /** Scope: the subtree's total (the engine's {@code subtree}, a cgroup's {@code :subtree}). */
    public static final int SCOPE_SUBTREE = 2;
    /** Scope: a rate per second (or percent of one CPU / of wall time for times). */
    public static final int SCOPE_RATE = 3;
    /** Scope: the tightest limit on the path to the root. */
    public static final int SCOPE_EFFECTIVE = 4;
    /** Scope: the live subtree's maximum. */
    public static final int SCOPE_MAX = 5;
    /** Scope: the live subtree's minimum. */
    public static final int SCOPE_MIN = 6;
    /** Scope: the live subtree's mean. */
    public static final int SCOPE_AVG = 7;
    /** Scope: how many cgroups of the live subtree hold 0. */
    public static final int SCOPE_ZERO = 8;
    /** Scope: what removed (dying) cgroups still hold in the subtree: the hierarchical value minus the live ones'. */
    public static final int SCOPE_DYING = 9;

    private CounterTypes()
    {
    }

    /**
     * @param typeId a type id.
     * @return its short name (counter, gauge, ...), or the number.
     */
    public static String typeName(final int typeId)
    {
        return switch (typeId)
        {
            case COUNTER -> "counter";
            case GAUGE -> "gauge";
            case LIMIT -> "limit";
            case PRESSURE -> "pressure";
            case INFO -> "info";
            case PEAK -> "peak";
            case LINEAR_HISTOGRAM_BUCKET -> "linear-bucket";
            case LOG_HISTOGRAM_BUCKET -> "log-bucket";
            case FILE_GENERATION -> "generation";
            default -> Integer.toString(typeId);
        };
    }

    /**
     * @param scope a scope code.
     * @return its name (value, local, subtree, ...), or the number.
     */
    public static String scopeName(final int scope)
    {
        return switch (scope)
        {
            case SCOPE_VALUE -> "value";
            case SCOPE_LOCAL -> "local";
            case SCOPE_SUBTREE -> "subtree";
            case SCOPE_RATE -> "rate";
            case SCOPE_EFFECTIVE -> "effective";
            case SCOPE_MAX -> "max";
            case SCOPE_MIN -> "min";
            case SCOPE_AVG -> "avg";
            case SCOPE_ZERO -> "zero";
            case SCOPE_DYING -> "dying";
            default -> Integer.toString(scope);
        };
    }
}
