package dev.rstat.cgroup.report.kvmstats;

/**
 * A {@code kvm-stats} file that cannot be read: truncated, corrupted, hostile or of an unsupported version. The
 * message is one line naming the file, the byte offset and the field ({@code offset=... field=...}).
 */
public final class KvmStatsFormatException extends IllegalArgumentException
{
    private static final long serialVersionUID = 1L;

    private final long offset;
    private final String field;

    /**
     * @param source  the file (for the message).
     * @param offset  the byte offset of the offending field.
     * @param field   the field's name as the format specification names it.
     * @param problem what is wrong, with key=value context.
     */
    KvmStatsFormatException(final String source, final long offset, final String field, final String problem)
    {
        super("invalid kvm-stats file: " + problem + ": file=" + source + " offset=" + offset + " field=" + field);
        this.offset = offset;
        this.field = field;
    }

    /** @return the byte offset of the offending field. */
    public long offset()
    {
        return offset;
    }

    /** @return the offending field's name, as {@code docs/kvm-stats-format.md} names it. */
    public String field()
    {
        return field;
    }
}
