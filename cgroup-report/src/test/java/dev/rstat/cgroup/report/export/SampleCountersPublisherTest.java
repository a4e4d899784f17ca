package dev.rstat.cgroup.report.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.rstat.agrona.CounterTypes;
import dev.rstat.agrona.CountersView;
import dev.rstat.cgroup.Hierarchy;
import dev.rstat.cgroup.report.Sampler;

import static org.assertj.core.api.Assertions.assertThat;

class SampleCountersPublisherTest
{
    @TempDir
    Path tmp;

    @Test
    void valuesAreTypedByKindMaxIsAllOnesAndAValueThatDisappearsLosesItsCounter() throws IOException
    {
        final Path root = tmp.resolve("tree");
        cgroup(root, 1, "cgroup.controllers", "cpu memory pids\n", "memory.current", "500\n");
        cgroup(root.resolve("a"), 2, "memory.current", "100\n", "memory.max", "max\n", "pids.current", "3\n");
        final Path file = tmp.resolve("stats");
        try (Sampler sampler = Sampler.on(Hierarchy.at(root))
            .files(List.of("memory.current", "memory.max", "pids.current")).aggregate(false).build();
            SampleCountersPublisher publisher = SampleCountersPublisher.create(file, 0, Duration.ofHours(1));
            CountersView view = CountersView.open(file))
        {
            publisher.publish(sampler.sample());
            view.refresh();
            assertThat(value(view, "/a memory.current")).isEqualTo(100);
            assertThat(find(view, "/a memory.current").typeId()).isEqualTo(CounterTypes.GAUGE);
            assertThat(find(view, "/a memory.current").nodeId()).isEqualTo(2);
            assertThat(find(view, "/a memory.max").typeId()).isEqualTo(CounterTypes.LIMIT);
            assertThat(value(view, "/a memory.max")).isEqualTo(-1L);
            assertThat(value(view, "/ memory.current")).isEqualTo(500);
            assertThat(labels(view)).doesNotContain("/ memory.max");

            Files.writeString(root.resolve("a").resolve("memory.max"), "4096\n");
            Files.delete(root.resolve("a").resolve("pids.current"));
            publisher.publish(sampler.sample());
            view.refresh();
            assertThat(value(view, "/a memory.max")).isEqualTo(4096);
            assertThat(labels(view)).doesNotContain("/a pids.current");
        }
    }

    @Test
    void aHierarchyWhoseRootIsAnotherCgroupStartsANewGeneration() throws IOException
    {
        final Path root = tmp.resolve("tree");
        cgroup(root, 1, "cgroup.controllers", "memory\n", "memory.current", "1\n");
        final Path file = tmp.resolve("stats");
        try (Sampler sampler = Sampler.on(Hierarchy.at(root)).files(List.of("memory.current")).build();
            SampleCountersPublisher publisher = SampleCountersPublisher.create(file, 0, Duration.ZERO);
            CountersView view = CountersView.open(file))
        {
            publisher.publish(sampler.sample());
            assertThat(view.refresh()).isEqualTo(CountersView.Change.SAME_GENERATION);
            publisher.publish(sampler.sample());
            assertThat(view.refresh()).as("another sample of the same data").isEqualTo(
                CountersView.Change.SAME_GENERATION);

            // the data replaced in place: a snapshot of another machine at the same path
            cgroup(root, 77, "memory.current", "2\n");
            publisher.publish(sampler.sample());
            assertThat(view.refresh()).isEqualTo(CountersView.Change.NEW_GENERATION);
            assertThat(value(view, "/ memory.current")).isEqualTo(2);
            assertThat(find(view, "/ memory.current").nodeId()).isEqualTo(77);
        }
    }

    private static void cgroup(final Path dir, final long id, final String... files) throws IOException
    {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(".rstat-cgroup-id"), id + "\n");
        for (int i = 0; i < files.length; i += 2)
        {
            Files.writeString(dir.resolve(files[i]), files[i + 1]);
        }
    }

    private static CountersView.Counter find(final CountersView view, final String label)
    {
        for (int i = 0; i < view.size(); i++)
        {
            if (view.counter(i).label().equals(label))
            {
                return view.counter(i);
            }
        }
        throw new AssertionError("no counter " + label + " in " + labels(view));
    }

    private static long value(final CountersView view, final String label)
    {
        for (int i = 0; i < view.size(); i++)
        {
            if (view.counter(i).label().equals(label))
            {
                return view.value(i);
            }
        }
        throw new AssertionError("no counter " + label + " in " + labels(view));
    }

    private static List<String> labels(final CountersView view)
    {
        final List<String> labels = new ArrayList<>();
        for (int i = 0; i < view.size(); i++)
        {
            labels.add(view.counter(i).label());
        }
        return labels;
    }
}
