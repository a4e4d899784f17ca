package dev.rstat.agrona;

import java.nio.ByteOrder;

import org.agrona.concurrent.status.CountersReader;

/**
 * The layout of a live counters file: a one-page header, then Agrona's {@code CountersManager} metadata buffer, then
 * its values buffer, so {@code new CountersReader(metaData, values)} reads the counters unchanged (the way
 * {@code AeronStat} reads Aeron's {@code cnc.dat}). All numbers are little-endian.
 *
 * <pre>
 * offset  size  header field (page 0, {@value #HEADER_LENGTH} bytes)
 *      0     8  magic, the ASCII bytes "RSTATCNT" ({@value #MAGIC} as a little-endian long)
 *      8     4  layout version ({@value #VERSION})
 *     12     4  header length ({@value #HEADER_LENGTH}): the metadata buffer starts here
 *     16     4  metadata buffer length (capacity × {@value CountersReader#METADATA_LENGTH})
 *     20     4  values buffer length (capacity × {@value CountersReader#COUNTER_LENGTH}); it starts after metadata
 *     24     4  label charset: 1 = UTF-8
 *     28     4  reserved, 0
 *     32     8  publisher's process id
 *     40     8  publisher's start time, epoch milliseconds
 *     48     8  free-to-reuse timeout of freed counters, milliseconds
 *     64     8  GENERATION (own cache line): changes when the publisher starts, when its schema changes, and when its
 *               data is restored or replaced; written with release semantics, read with acquire
 *     72     4  STATE: 1 active, 2 closed (the publisher stopped; values are its last sample), 3 replaced (a newer
 *               file took this one's path: reopen the path)
 *    128     8  UPDATE SEQUENCE (own cache line): odd while a sample is being written, even between samples (a
 *               seqlock: a reader that wants one sample's values re-reads until it sees the same even number
 *               before and after)
 *    136     8  samples published
 *    144     8  last sample's time, epoch milliseconds
 * </pre>
 * Counter 0 is reserved: type {@link CounterTypes#FILE_GENERATION}, label {@code "rstat counters file generation"},
 * value and registration id the generation, so a reader that knows only Agrona's layout sees it too.
 * <p>
 * Each counter's key ({@value CountersReader#MAX_KEY_LENGTH} bytes, zero beyond what is listed) is
 * <pre>
 *  0  8  node id (the cgroup id, the engine node's id)
 *  8  8  node incarnation (never repeated within a generation: a node recreated under the same id or path has a
 *        new one)
 * 16  4  scope ({@link CounterTypes#SCOPE_VALUE}, {@link CounterTypes#SCOPE_LOCAL},
 *        {@link CounterTypes#SCOPE_SUBTREE}...)
 * 20  4  decimal exponent: the value is {@code counter × 10^exponent} of its unit
 * 24  4  flags: bit 0 signed (two's complement), else unsigned
 * </pre>
 * and its registration id (the values record's second long, Agrona's ABA guard) is a number the writer never
 * repeats within a generation, so {@code (generation, registration id)} names one counter for ever.
 */
public final class CountersFile
{
    /** "RSTATCNT" as a little-endian long. */
    public static final long MAGIC = 0x544E435441545352L;
    /** Layout version. */
    public static final int VERSION = 1;
    /** Header length: one page, so both buffers are page aligned. */
    public static final int HEADER_LENGTH = 4096;
    /** Label charset code for UTF-8. */
    public static final int CHARSET_UTF_8 = 1;

    static final int MAGIC_OFFSET = 0;
    static final int VERSION_OFFSET = 8;
    static final int HEADER_LENGTH_OFFSET = 12;
    static final int METADATA_LENGTH_OFFSET = 16;
    static final int VALUES_LENGTH_OFFSET = 20;
    static final int CHARSET_OFFSET = 24;
    static final int PID_OFFSET = 32;
    static final int START_TIME_OFFSET = 40;
    static final int REUSE_TIMEOUT_OFFSET = 48;
    static final int GENERATION_OFFSET = 64;
    static final int STATE_OFFSET = 72;
    static final int SEQUENCE_OFFSET = 128;
    static final int SAMPLES_OFFSET = 136;
    static final int LAST_SAMPLE_TIME_OFFSET = 144;

    /** Key field offsets. */
    static final int KEY_NODE_ID = 0;
    static final int KEY_INCARNATION = 8;
    static final int KEY_SCOPE = 16;
    static final int KEY_EXPONENT = 20;
    static final int KEY_FLAGS = 24;
    static final int KEY_LENGTH = 28;

    /** Key flag: the value is signed. */
    public static final int FLAG_SIGNED = 1;

    /** State: a publisher is writing the file. */
    public static final int STATE_ACTIVE = 1;
    /** State: the publisher stopped; the values are its last sample. */
    public static final int STATE_CLOSED = 2;
    /** State: a newer file replaced this one at its path. */
    public static final int STATE_REPLACED = 3;

    /** The most counters a file holds (it is one mapping of less than 2 GiB). */
    public static final int MAX_CAPACITY = 2_000_000;

    static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    private CountersFile()
    {
    }

    /**
     * @param capacity counters.
     * @return the file's length for that many counters.
     */
    public static long length(final int capacity)
    {
        return HEADER_LENGTH + (long)capacity * (CountersReader.METADATA_LENGTH + CountersReader.COUNTER_LENGTH);
    }

    /**
     * @param state a state code.
     * @return its name: active, closed, replaced, or unknown(N).
     */
    public static String stateName(final int state)
    {
        return switch (state)
        {
            case STATE_ACTIVE -> "active";
            case STATE_CLOSED -> "closed";
            case STATE_REPLACED -> "replaced";
            default -> "unknown(" + state + ")";
        };
    }
}
