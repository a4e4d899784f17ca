package dev.rstat.cgroup.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.rstat.cgroup.Hierarchy;
import dev.rstat.cgroup.Order;

/**
 * Samples of the joined view of {@code testdata/hybrid-host}: one tree with parent links whose rows carry the files
 * of every hierarchy (memory from the memory snapshot, cpuacct from cpuacct, cgroup.stat from cgroup2), the walk
 * orders computed from that tree, and aggregates over it; expectations read from the snapshot's files directly.
 */
class JoinedSampleTest
{
    private static final Path HOST = Paths.get(System.getProperty("testdata.dir", "../testdata"))
        .resolve("hybrid-host");

    @Test
    void samplesEveryHierarchysFilesIntoOneTreeWithParentLinks() throws IOException
    {
        try (Sampler sampler = Sampler.on(Hierarchy.at(HOST)).build())
        {
            final Sample sample = sampler.sample();
            final Map<String, Integer> rows = rows(sample);
            final Field usage = sample.field("memory.usage_in_bytes", Derivation.RAW);
            final Field cpu = sample.field("cpuacct.usage", Derivation.RAW);
            final Field descendants = sample.field("cgroup.stat.nr_descendants", Derivation.RAW);
            assertThat(sample.value(rows.get("/process_api"), usage))
                .isEqualTo(number("memory/process_api/memory.usage_in_bytes"));
            assertThat(sample.value(rows.get("/"), cpu)).isEqualTo(number("cpuacct/cpuacct.usage"));
            assertThat(sample.value(rows.get("/rstat-testdata"), descendants))
                .isEqualTo(key("unified/rstat-testdata/cgroup.stat", "nr_descendants"));
            for (final Map.Entry<String, Integer> e : rows.entrySet())
            {
                final int parent = sample.parent(e.getValue());
                if ("/".equals(e.getKey()))
                {
                    assertThat(parent).isNegative();
                }
                else
                {
                    final String up = e.getKey().substring(0, e.getKey().lastIndexOf('/'));
                    assertThat(sample.path(parent)).isEqualTo(up.isEmpty() ? "/" : up);
                }
            }
            final List<String> post = new ArrayList<>();
            for (final int row : sample.rows(Walk.all().withOrder(Order.DESCENDANTS_POST).withStart("/rstat-testdata")
                .withMaxDepth(1)))
            {
                post.add(sample.path(row));
            }
            assertThat(post).containsExactly("/rstat-testdata/app.slice", "/rstat-testdata/batch.slice",
                "/rstat-testdata");
            final List<String> up = new ArrayList<>();
            for (final int row : sample.rows(Walk.all().withOrder(Order.ANCESTORS_UP)
                .withStart("/process_api/11f15f84a712e6131781fa95c0f908f5")))
            {
                up.add(sample.path(row));
            }
            assertThat(up).containsExactly("/process_api/11f15f84a712e6131781fa95c0f908f5", "/process_api", "/");
        }
    }

    @Test
    void aggregatesJoinedRowsOwnSharesSubtreeSumsAndDying() throws IOException
    {
        try (Sampler sampler = Sampler.on(Hierarchy.at(HOST)).files(List.of("memory.stat", "memory.limit_in_bytes",
            "cpuacct.usage")).aggregate(true).build())
        {
            final Sample sample = sampler.sample();
            final Map<String, Integer> rows = rows(sample);
            final int api = rows.get("/process_api");
            long childrenTotal = 0;
            long subtreeCache = key("memory/process_api/memory.stat", "cache");
            try (var children = Files.list(HOST.resolve("memory/process_api")))
            {
                for (final Path child : children.filter(Files::isDirectory).toList())
                {
                    childrenTotal += key(HOST.relativize(child) + "/memory.stat", "total_cache");
                    subtreeCache += key(HOST.relativize(child) + "/memory.stat", "cache");
                }
            }
            final long total = key("memory/process_api/memory.stat", "total_cache");
            assertThat(sample.value(api, sample.field("memory.stat.total_cache", Derivation.SELF)))
                .isEqualTo(total - childrenTotal);
            assertThat(sample.value(api, sample.field("memory.stat.cache", Derivation.SUBTREE)))
                .isEqualTo(subtreeCache);
            assertThat(sample.value(api, sample.field("memory.stat.total_cache", Derivation.DYING)))
                .isEqualTo(total - subtreeCache).isPositive();
            final Field limit = sample.field("memory.limit_in_bytes", Derivation.EFFECTIVE);
            assertThat(sample.value(api, limit)).isEqualTo(Math.min(number("memory/memory.limit_in_bytes"),
                number("memory/process_api/memory.limit_in_bytes")));
            final Field cpu = sample.field("cpuacct.usage", Derivation.SELF);
            assertThat(sample.state(rows.get("/"), cpu)).as("a cpuacct value at the only cpuacct cgroup")
                .isEqualTo(dev.rstat.cgroup.stat.ValueState.NUMBER);
            assertThat(sample.state(api, cpu)).as("no cpuacct file at a memory-only cgroup")
                .isEqualTo(dev.rstat.cgroup.stat.ValueState.MISSING);
        }
    }

    private static Map<String, Integer> rows(final Sample sample)
    {
        final Map<String, Integer> rows = new HashMap<>();
        for (final int row : sample.rows())
        {
            rows.put(sample.path(row), row);
        }
        return rows;
    }

    private static long number(final String file) throws IOException
    {
        return Long.parseLong(Files.readString(HOST.resolve(file), StandardCharsets.UTF_8).trim());
    }

    private static long key(final String file, final String key) throws IOException
    {
        for (final String line : Files.readAllLines(HOST.resolve(file), StandardCharsets.UTF_8))
        {
            final String[] parts = line.split(" ");
            if (parts[0].equals(key))
            {
                return Long.parseLong(parts[1]);
            }
        }
        throw new AssertionError("no key " + key + " in " + file);
    }
}
