package dev.rstat.cgroup.stat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ByteKeyTableTest
{
    private final ByteKeyTable table = new ByteKeyTable();

    private static byte[] bytes(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private int get(final String key)
    {
        final byte[] padded = bytes("xx" + key + "yy");
        return table.get(padded, 2, padded.length - 4);
    }

    private void put(final String key, final int value)
    {
        final byte[] padded = bytes("[" + key + "]");
        table.put(padded, 1, padded.length - 2, value);
    }

    @Test
    void findsKeysByTheirBytes()
    {
        put("usage_usec", 7);
        put("user_usec", 3);
        assertThat(get("usage_usec")).isEqualTo(7);
        assertThat(get("user_usec")).isEqualTo(3);
        assertThat(get("system_usec")).isEqualTo(-1);
        assertThat(get("usage_use")).isEqualTo(-1);
        assertThat(get("usage_usecs")).isEqualTo(-1);
        assertThat(get("")).isEqualTo(-1);
    }

    @Test
    void findsKeysInAnyOrderAfterPrediction()
    {
        put("a", 0);
        put("b", 1);
        put("c", 2);
        assertThat(get("a")).isEqualTo(0);
        assertThat(get("b")).isEqualTo(1);
        assertThat(get("c")).isEqualTo(2);
        assertThat(get("b")).isEqualTo(1);
        assertThat(get("a")).isEqualTo(0);
        assertThat(get("c")).isEqualTo(2);
        assertThat(get("c")).isEqualTo(2);
    }

    @Test
    void growsPastItsInitialCapacity()
    {
        for (int i = 0; i < 5000; i++)
        {
            put("key" + i, i * 3);
        }
        assertThat(table.size()).isEqualTo(5000);
        for (int i = 4999; i >= 0; i--)
        {
            assertThat(get("key" + i)).isEqualTo(i * 3);
        }
        assertThat(table.valueAt(1234)).isEqualTo(1234 * 3);
        assertThat(get("key5000")).isEqualTo(-1);
    }
}
