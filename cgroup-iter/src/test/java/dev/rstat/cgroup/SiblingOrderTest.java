package dev.rstat.cgroup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * Sibling order of the walker: UTF-8 byte order of the names, as {@code testdata/README.md} specifies (checked against
 * {@link Arrays#compareUnsigned} of the encoded names, independently of how {@link Handles} computes it).
 */
class SiblingOrderTest
{
    private static int utf8(final String a, final String b)
    {
        return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void ordersFullwidthBeforeEmojiUnlikeJavaStrings()
    {
        final String fullwidth = "\uFF21-fullwidth";
        final String whale = "\uD83D\uDC33whale";
        assertThat(fullwidth.compareTo(whale)).as("UTF-16 order, the trap").isPositive();
        assertThat(Handles.compareNames(fullwidth, whale)).isNegative();
        assertThat(Handles.compareNames(whale, fullwidth)).isPositive();
        assertThat(Handles.compareNames("cafe\u0301", "caf\u00e9")).isNegative();
        assertThat(Handles.compareNames("max", "max")).isZero();
        assertThat(Handles.compareNames("a", "ab")).isNegative();
    }

    @Test
    void agreesWithUnsignedUtf8BytesOnRandomNames()
    {
        final SplittableRandom random = new SplittableRandom(20261122);
        final int[] planes = {0x7f, 0x7ff, 0xd7ff, 0xffff, 0x10ffff};
        final List<String> names = new ArrayList<>();
        for (int n = 0; n < 2000; n++)
        {
            final StringBuilder name = new StringBuilder();
            for (int k = random.nextInt(1, 5); k > 0; k--)
            {
                int cp = random.nextInt(1, planes[random.nextInt(planes.length)] + 1);
                if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE)
                {
                    cp = 0xE000 + (cp & 0xff);
                }
                name.appendCodePoint(cp);
            }
            names.add(name.toString());
        }
        for (int i = 0; i + 1 < names.size(); i++)
        {
            final String a = names.get(i);
            final String b = names.get(i + 1);
            assertThat(Integer.signum(Handles.compareNames(a, b))).as("%s vs %s", a, b)
                .isEqualTo(Integer.signum(utf8(a, b)));
        }
        final List<String> sorted = new ArrayList<>(names);
        sorted.sort(Handles::compareNames);
        final List<String> byBytes = new ArrayList<>(names);
        byBytes.sort(SiblingOrderTest::utf8);
        assertThat(sorted).containsExactlyElementsOf(byBytes);
    }
}
