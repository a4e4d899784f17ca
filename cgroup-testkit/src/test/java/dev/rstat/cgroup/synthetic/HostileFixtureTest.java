package dev.rstat.cgroup.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostileFixtureTest
{
    private static final Path HOSTILE = TreeReader.testdata().resolve("hostile");
    private static final Path UNIFIED = HOSTILE.resolve("unified");

    /** Written out by hand, in UTF-8 byte order (NOT Java's UTF-16 String order: U+FF21 sorts before U+1F433). */
    private static final List<String> ROOT_CHILDREN_IN_BYTE_ORDER = List.of(
        "-leading-dash",            // 0x2D
        ".dotted",                  // 0x2E
        "007",                      // 0x30
        "12345",                    // 0x31
        "UPPER",                    // 0x55
        "a=b",                      // 0x61
        "back\\slash",
        "cafe\u0301",               // 63 61 66 65 CC 81 (decomposed: e + combining acute)
        "caf\u00e9",                // 63 61 66 C3 A9 (precomposed)
        "comma,separated",
        "double\"quote",
        "long-" + "x".repeat(250),  // 255 bytes, the NAME_MAX limit
        "looks (deleted)",
        "max",
        "percent%2Fslash",
        "single'quote",
        "tab\tname",
        "trailing-space ",
        "with space",
        "\u65e5\u672c",             // E6 97 A5 ...
        "\uFF21-fullwidth",         // EF BC A1 ...
        "\uD83D\uDC33whale");       // F0 9F 90 B3 ...

    @Test
    void committedTreesEqualWhatTheFixtureWritesNow(
        @TempDir(factory = MemoryTempDirFactory.class) final Path tmp)
    {
        HostileFixture.write(tmp);

        final Map<String, byte[]> regenerated = TreeReader.files(tmp);
        final Map<String, byte[]> committed = TreeReader.files(HOSTILE);
        committed.remove("EXPECTED.md");
        assertThat(committed.keySet()).containsExactlyElementsOf(regenerated.keySet());
        for (final Map.Entry<String, byte[]> e : regenerated.entrySet())
        {
            assertThat(committed.get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
        }
    }

    @Test
    void hostileNamesExistAsCgroupDirectoriesInByteOrder()
    {
        assertThat(TreeReader.childNames(UNIFIED)).containsExactlyElementsOf(ROOT_CHILDREN_IN_BYTE_ORDER);
        for (final String name : ROOT_CHILDREN_IN_BYTE_ORDER)
        {
            assertThat(UNIFIED.resolve(name).resolve(".rstat-cgroup-id")).as(name).isRegularFile();
        }
        assertThat("long-" + "x".repeat(250)).hasSize(255);
        assertThat("cafe\u0301").isNotEqualTo("caf\u00e9");
        assertThat("\uD83D\uDC33whale".compareTo("\uFF21-fullwidth")).as("UTF-16 order differs").isNegative();
        assertThat(UNIFIED.resolve("with space").resolve("inner,child")).isDirectory();
        assertThat(UNIFIED.resolve("\u65e5\u672c").resolve("\u5b50")).isDirectory();
    }

    @Test
    void expectedPreOrderMatchesTheDirectories()
    {
        final List<String> order = new ArrayList<>(TreeReader.cgroups(UNIFIED).keySet());
        assertThat(TreeReader.text(HOSTILE.resolve("expected-order-descendants_pre.txt")).split("\n", -1))
            .containsExactlyElementsOf(withEmptyLast(order));
        assertThat(order).hasSize(ROOT_CHILDREN_IN_BYTE_ORDER.size() + 3);
    }

    @Test
    void everyCgroupHasAUniqueIdIncludingIdsAboveTwoToTheThirtyTwo()
    {
        final Set<Long> ids = new HashSet<>();
        for (final Path dir : TreeReader.cgroups(UNIFIED).values())
        {
            ids.add(Long.parseLong(TreeReader.text(dir.resolve(".rstat-cgroup-id")).trim()));
        }
        assertThat(ids).hasSize(ROOT_CHILDREN_IN_BYTE_ORDER.size() + 3).contains(4_294_967_298L, 8_589_934_593L);
        for (final String tree : List.of("unified", "memory", "cpu,cpuacct"))
        {
            assertThat(TreeReader.text(HOSTILE.resolve(tree).resolve(".rstat-snapshot")))
                .startsWith("source=/sys/fs/cgroup").contains("\nversion=").contains("\ncontrollers=")
                .endsWith("taken=2026-01-15T12:00:00Z\n");
        }
    }

    @Test
    void formatTrapsAreInPlaceByteForByte()
    {
        assertThat(UNIFIED.resolve("with space").resolve("memory.current")).doesNotExist();
        assertThat(bytes("comma,separated", "memory.stat")).isEmpty();
        assertThat(text("double\"quote", "memory.current")).isEqualTo("123456789");
        assertThat(text("double\"quote", "cpu.stat")).doesNotEndWith("\n");
        assertThat(text("single'quote", "memory.stat")).contains("\nfile 18446744073709551616\n", "\nshmem -4096\n",
            "\nkernel\n", "\nthis line is garbage\n");
        assertThat(text("max", "cpu.max")).isEqualTo("max 100000\n");
        assertThat(text("12345", "cpu.stat")).startsWith("usage_usec 18446744073709551615\n");
        assertThat(TreeReader.text(UNIFIED.resolve("io.stat"))).contains("\n253:1 \n7:0\n", "depth=max",
            "cost.vrate=105.83");
        assertThat(TreeReader.text(UNIFIED.resolve("irq.pressure"))).startsWith("full ").doesNotContain("some");
        assertThat(text("\u65e5\u672c", "memory.pressure")).startsWith("some ").doesNotContain("full");
        assertThat(TreeReader.text(HOSTILE.resolve("cpu,cpuacct").resolve("cpuacct.usage_percpu")))
            .isEqualTo("42462003971 50132042516 \n");
        assertThat(TreeReader.text(HOSTILE.resolve("memory").resolve("memory.stat")))
            .startsWith("cache 9207808\n")
            .contains("\ntotal_cache 122814464\n", "\nhierarchical_memory_limit 9223372036854771712\n");
        assertThat(Files.exists(UNIFIED.resolve("with space").resolve(".orig-memory.stat"))).isTrue();
    }

    private static String text(final String cgroup, final String file)
    {
        return TreeReader.text(UNIFIED.resolve(cgroup).resolve(file));
    }

    private static byte[] bytes(final String cgroup, final String file)
    {
        return text(cgroup, file).getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> withEmptyLast(final List<String> lines)
    {
        final List<String> result = new ArrayList<>(lines);
        result.add("");
        return result;
    }
}
