package dev.rstat.cgroup.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.rstat.cgroup.CgroupWalker;
import dev.rstat.cgroup.Hierarchy;
import dev.rstat.cgroup.Order;

/**
 * The oracle of the one-walk sample: for every order, every start cgroup (by path and by id) and several limits and
 * depths, on every tree of {@code testdata/}, the rows a sample gives ({@link Sample#rows(Walk)}) are the cgroups
 * {@link CgroupWalker} visits itself, in the same order: from one aggregating sample of the whole hierarchy, and from
 * a sample of a sampler that reads only that walk.
 */
class WalkOrderOracleTest
{
    /** Limits and depths tried with every order and start: none, each alone, both. */
    private static final long[] LIMITS = {Long.MAX_VALUE, 0, 1, 3, Long.MAX_VALUE, Long.MAX_VALUE};
    private static final int[] DEPTHS = {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, 1, 0, 2};

    static Stream<Path> trees()
    {
        final String dir = System.getProperty("testdata.dir");
        final Path testdata = dir != null ? Paths.get(dir) : Paths.get("..", "testdata");
        return Stream.of("systemd-host/tree", "hostile/unified", "hostile/memory", "hostile/cpu,cpuacct",
            "hybrid-host/unified", "hybrid-host/memory", "hybrid-host/cpu", "hybrid-host/cpuacct", "hybrid-host/pids")
            .map(testdata::resolve);
    }

    /** A cgroup of the tree: its path and id, as the walker sees them. */
    private record Cgroup(String path, long id)
    {
    }

    private static List<Cgroup> cgroups(final Hierarchy hierarchy)
    {
        final List<Cgroup> all = new ArrayList<>();
        CgroupWalker.on(hierarchy).build().walk(c -> all.add(new Cgroup(c.path(), c.id())));
        return all;
    }

    private static List<String> walker(final Hierarchy hierarchy, final Walk walk)
    {
        final List<String> paths = new ArrayList<>();
        walk.configure(CgroupWalker.on(hierarchy)).build().walk(c -> paths.add(c.path()));
        return paths;
    }

    private static List<String> paths(final Sample sample, final int[] rows)
    {
        final List<String> paths = new ArrayList<>();
        for (final int row : rows)
        {
            paths.add(sample.path(row));
        }
        return paths;
    }

    @ParameterizedTest
    @MethodSource("trees")
    void everyOrderOfEveryStartIsTheWalkersOwn(final Path tree)
    {
        assertThat(tree).isDirectory();
        final Hierarchy hierarchy = Hierarchy.at(tree);
        final List<Cgroup> all = cgroups(hierarchy);
        assertThat(all).isNotEmpty();
        final SoftAssertions softly = new SoftAssertions();
        int walks = 0;
        try (Sampler whole = Sampler.on(hierarchy).aggregate(true).build())
        {
            final Sample sample = whole.sample();
            assertThat(sample.size()).as("an aggregating sample holds the whole hierarchy").isEqualTo(all.size());
            for (final Cgroup start : all)
            {
                for (final Order order : Order.values())
                {
                    for (int variant = 0; variant < LIMITS.length; variant++)
                    {
                        final Walk byPath = Walk.all().withOrder(order).withStart(start.path())
                            .withLimit(LIMITS[variant]).withMaxDepth(DEPTHS[variant]);
                        final Walk byId = byPath.withStartId(start.id());
                        for (final Walk walk : List.of(byPath, byId))
                        {
                            final List<String> expected = walker(hierarchy, walk);
                            softly.assertThat(paths(sample, sample.rows(walk))).as("whole sample, %s", walk)
                                .containsExactlyElementsOf(expected);
                            walks++;
                        }
                    }
                }
            }
        }
        softly.assertAll();
        assertThat(walks).isEqualTo(all.size() * Order.values().length * LIMITS.length * 2);
    }

    @ParameterizedTest
    @MethodSource("trees")
    void aSamplerOfOneWalkReadsExactlyThatWalk(final Path tree)
    {
        final Hierarchy hierarchy = Hierarchy.at(tree);
        final List<Cgroup> all = cgroups(hierarchy);
        final SoftAssertions softly = new SoftAssertions();
        for (final Cgroup start : all)
        {
            for (final Order order : Order.values())
            {
                for (int variant = 0; variant < LIMITS.length; variant += 3)
                {
                    final Walk path = Walk.all().withOrder(order).withStart(start.path())
                        .withLimit(LIMITS[variant]).withMaxDepth(DEPTHS[variant]);
                    for (final Walk walk : List.of(path, path.withStartId(start.id())))
                    {
                        final List<String> expected = walker(hierarchy, walk);
                        try (Sampler sampler = Sampler.on(hierarchy).walk(walk).build())
                        {
                            final Sample sample = sampler.sample();
                            softly.assertThat(paths(sample, sample.rows())).as("%s", walk)
                                .containsExactlyElementsOf(expected);
                            softly.assertThat(sample.size()).as("rows read for %s", walk).isEqualTo(expected.size());
                        }
                    }
                }
            }
        }
        softly.assertAll();
    }

    @ParameterizedTest
    @MethodSource("trees")
    void readsChildrenBeforeParents(final Path tree)
    {
        try (Sampler sampler = Sampler.on(Hierarchy.at(tree)).aggregate(true).build())
        {
            final Sample sample = sampler.sample();
            for (int row = 0; row < sample.size(); row++)
            {
                final int parent = sample.parent(row);
                if (parent >= 0)
                {
                    assertThat(parent).as("%s is read after its child %s", sample.path(parent), sample.path(row))
                        .isGreaterThan(row);
                    assertThat(sample.readNanos(parent)).isGreaterThanOrEqualTo(sample.readNanos(row));
                }
            }
            assertThat(Files.isDirectory(tree)).isTrue();
        }
    }
}
