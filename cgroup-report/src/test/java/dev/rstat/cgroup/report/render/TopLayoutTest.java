package dev.rstat.cgroup.report.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.rstat.cgroup.report.Derivation;
import dev.rstat.cgroup.report.Field;
import dev.rstat.cgroup.report.Sample;
import dev.rstat.cgroup.report.SampleBuilder;
import dev.rstat.cgroup.stat.Columns;
import dev.rstat.cgroup.stat.Overview;
import dev.rstat.cgroup.stat.StatCatalog;

/**
 * The layout model of {@code cgroup-walk top}: from a sample, a size and the user's choices to the lines.
 */
class TopLayoutTest
{
    private static final TopLayout.Header HEADER = new TopLayout.Header("host1", "/sys/fs/cgroup (cgroup2)",
        "2026-12-01T12:00:00Z");

    private final Columns columns = new Columns(StatCatalog.v2());
    private final SampleBuilder builder = new SampleBuilder(columns);
    private final Field memory = Field.raw(columns.intern("memory.current"));
    private final Field pids = Field.raw(columns.intern("pids.current"));
    private final Field usage = Field.raw(columns.intern("cpu.stat.usage_usec"));
    private final Field cpuRate = new Field(usage.column(), Derivation.RATE);
    private final Field read = Field.raw(columns.intern("io.stat.8:0.rbytes"));
    private final Field readRate = new Field(read.column(), Derivation.RATE);
    private final Field readOther = Field.raw(columns.intern("io.stat.8:16.rbytes"));
    private final Field readOtherRate = new Field(readOther.column(), Derivation.RATE);
    private final Field written = Field.raw(columns.intern("io.stat.8:0.wbytes"));
    private final Field writtenRate = new Field(written.column(), Derivation.RATE);
    private final Field cpuPressure = Field.raw(columns.intern("cpu.pressure.some.avg10"));
    private final Field memoryPressure = Field.raw(columns.intern("memory.pressure.some.avg10"));
    private final Field ioPressure = Field.raw(columns.intern("io.pressure.some.avg10"));

    /** A root, three slices with memory 300, 100, 200 and CPU 10 %, 30 %, 20 %, and two services below the first. */
    private Sample tree()
    {
        final int root = builder.row(1, "/", 0);
        final int a = builder.row(2, "/a.slice", 1, root);
        final int b = builder.row(3, "/b.slice", 1, root);
        final int c = builder.row(4, "/c.slice", 1, root);
        final int a1 = builder.row(5, "/a.slice/one.service", 2, a);
        final int a2 = builder.row(6, "/a.slice/two.service", 2, a);
        values(root, 1000, 9000, 40);
        values(a, 300, 1000, 12);
        values(b, 100, 3000, 5);
        values(c, 200, 2000, 3);
        values(a1, 120, 400, 4);
        values(a2, 80, 500, 6);
        return builder.build();
    }

    private void values(final int row, final long bytes, final long cpuHundredths, final long tasks)
    {
        builder.number(row, memory, bytes).number(row, pids, tasks).number(row, usage, cpuHundredths * 1000)
            .number(row, cpuRate, cpuHundredths);
    }

    private static List<String> paths(final TopFrame frame)
    {
        final List<String> paths = new ArrayList<>();
        for (int i = frame.headerLines(); i < frame.lines().size(); i++)
        {
            final String line = frame.lines().get(i).strip();
            if (line.isEmpty() || line.startsWith("q quit"))
            {
                continue;
            }
            paths.add(line.replaceFirst("^[+-] ", "").split(" ")[0]);
        }
        return paths;
    }

    @Test
    void sortsSiblingsByTheKeyLargestFirstAndReversesWhenTheSameKeyIsChosenAgain()
    {
        final Sample sample = tree();
        final TopState state = new TopState();
        assertThat(paths(TopLayout.layout(sample, state, HEADER, 0, 0)))
            .as("default: CPU, largest first, children after their parent")
            .containsExactly("/", "/b.slice", "/c.slice", "/a.slice", "/a.slice/two.service", "/a.slice/one.service");
        state.sortBy(TopSort.MEMORY);
        assertThat(paths(TopLayout.layout(sample, state, HEADER, 0, 0)))
            .containsExactly("/", "/a.slice", "/a.slice/one.service", "/a.slice/two.service", "/c.slice", "/b.slice");
        state.sortBy(TopSort.MEMORY);
        assertThat(state.descending()).isFalse();
        assertThat(paths(TopLayout.layout(sample, state, HEADER, 0, 0)))
            .containsExactly("/", "/b.slice", "/c.slice", "/a.slice", "/a.slice/two.service", "/a.slice/one.service");
        state.sortBy(TopSort.PATH);
        assertThat(paths(TopLayout.layout(sample, state, HEADER, 0, 0)))
            .containsExactly("/", "/a.slice", "/a.slice/one.service", "/a.slice/two.service", "/b.slice", "/c.slice");
        state.sortBy(TopSort.TASKS);
        assertThat(paths(TopLayout.layout(sample, state, HEADER, 0, 0)))
            .containsExactly("/", "/a.slice", "/a.slice/two.service", "/a.slice/one.service", "/b.slice", "/c.slice");
    }

    @Test
    void collapsedCgroupsHideTheirSubtreeAndOpenOneByOne()
    {
        final Sample sample = tree();
        final TopState state = new TopState();
        state.depth(1);
        TopFrame frame = TopLayout.layout(sample, state, HEADER, 0, 0);
        assertThat(paths(frame)).containsExactly("/", "/b.slice", "/c.slice", "/a.slice");
        assertThat(frame.lines()).anyMatch(line -> line.startsWith("  + /a.slice"))
            .anyMatch(line -> line.startsWith("    /b.slice")).anyMatch(line -> line.startsWith("- /"));
        state.toggle("/a.slice", false);
        frame = TopLayout.layout(sample, state, HEADER, 0, 0);
        assertThat(paths(frame)).containsExactly("/", "/b.slice", "/c.slice", "/a.slice", "/a.slice/two.service",
            "/a.slice/one.service");
        state.toggle("/", true);
        assertThat(paths(TopLayout.layout(sample, state, HEADER, 0, 0))).containsExactly("/");
        state.depth(2);
        assertThat(paths(TopLayout.layout(sample, state, HEADER, 0, 0))).hasSize(6);
    }

    @Test
    void theFilterKeepsMatchingPathsAndTheirAncestorsOpen()
    {
        final Sample sample = tree();
        final TopState state = new TopState();
        state.depth(1);
        state.filter("two");
        assertThat(paths(TopLayout.layout(sample, state, HEADER, 0, 0)))
            .containsExactly("/", "/a.slice", "/a.slice/two.service");
        state.filter("nothing-matches");
        assertThat(paths(TopLayout.layout(sample, state, HEADER, 0, 0))).isEmpty();
    }

    @Test
    void ownSharesAreTheValueLessTheChildrenAndLabelledSelf()
    {
        final Sample sample = tree();
        final TopState state = new TopState();
        state.sortBy(TopSort.PATH);
        state.toggleOwnShare();
        final TopFrame frame = TopLayout.layout(sample, state, HEADER, 0, 0);
        assertThat(frame.lines().get(1)).contains("MEMORY:self", "%CPU:self", "TASKS:self");
        // the root: 1000 - 300 - 100 - 200 bytes, 90.00 - 10 - 30 - 20 % CPU, 40 - 12 - 5 - 3 tasks
        assertThat(frame.lines().get(2).split("\\s+")).containsSubsequence("/", "20", "30.00", "400", "B");
        // /a.slice: 300 - 120 - 80 bytes
        assertThat(frame.lines().get(3).split("\\s+")).containsSubsequence("/a.slice", "2", "1.00", "100", "B");
        state.toggleOwnShare();
        assertThat(TopLayout.layout(sample, state, HEADER, 0, 0).lines().get(2).split("\\s+"))
            .containsSubsequence("/", "40", "90.00", "1000", "B");
    }

    @Test
    void localValuesAreSummedOverTheSubtree()
    {
        final Columns v1 = new Columns(StatCatalog.v1());
        final SampleBuilder local = new SampleBuilder(v1);
        final Field tasks = Field.raw(v1.intern("tasks"));
        final int root = local.row(1, "/", 0);
        final int a = local.row(2, "/a", 1, root);
        final int b = local.row(3, "/a/b", 2, a);
        local.number(root, tasks, 1).number(a, tasks, 2).number(b, tasks, 4);
        final TopFrame frame = TopLayout.layout(local.build(), new TopState(), HEADER, 0, 0);
        assertThat(frame.lines().get(1)).startsWith("PATH").contains("TASKS");
        assertThat(frame.lines().subList(2, 5)).extracting(line -> line.substring(line.lastIndexOf(' ') + 1))
            .containsExactly("7", "6", "4");
    }

    @Test
    void ioIsSummedOverDevicesPerSecond()
    {
        final int root = builder.row(1, "/", 0);
        builder.number(root, read, 1).number(root, readRate, 1024 * 100).number(root, readOther, 1)
            .number(root, readOtherRate, 2048 * 100).number(root, written, 1).number(root, writtenRate, 512 * 100);
        final TopFrame frame = TopLayout.layout(builder.build(), new TopState(), HEADER, 0, 0);
        assertThat(frame.lines().get(1).split("\\s+")).containsExactly("PATH", "READ/s", "WRITE/s");
        assertThat(frame.lines().get(2)).endsWith("3.0 KiB    512 B");
    }

    private Sample wide()
    {
        final int root = builder.row(1, "/", 0);
        int parent = root;
        for (int i = 0; i < 30; i++)
        {
            final String path = "/system.slice/a-very-long-service-name-number-" + i + ".service";
            final int row = builder.row(10 + i, path, 1, root);
            builder.number(row, memory, 1L << (10 + i % 20)).number(row, pids, i).number(row, cpuRate, i * 7)
                .number(row, usage, i).number(row, read, i).number(row, readRate, i * 100_000)
                .number(row, written, i).number(row, writtenRate, i * 3_000)
                .number(row, cpuPressure, i).number(row, memoryPressure, i * 2).number(row, ioPressure, 5);
            parent = row;
        }
        assertThat(parent).isPositive();
        builder.number(root, memory, 1L << 34).number(root, pids, 500).number(root, cpuRate, 12_345)
            .number(root, usage, 1);
        return builder.build();
    }

    @Test
    void noLineIsLongerThanTheWidthAndColumnsAreDroppedInTheStatedOrder()
    {
        final Sample sample = wide();
        final List<String> all = new ArrayList<>();
        for (final Overview quantity : Overview.values())
        {
            all.add(TopLayout.label(quantity));
        }
        int previouslyDropped = Integer.MAX_VALUE;
        for (int width = 20; width <= 200; width++)
        {
            final TopFrame frame = TopLayout.layout(sample, new TopState(), HEADER, width, 24);
            final int w = width;
            assertThat(frame.lines()).as("width %d", width).hasSize(24)
                .allMatch(line -> line.codePointCount(0, line.length()) <= w);
            final List<String> expectedDrops = new ArrayList<>();
            for (final Overview quantity : TopLayout.DROP_ORDER.subList(0, frame.dropped().size()))
            {
                expectedDrops.add(TopLayout.label(quantity));
            }
            assertThat(frame.dropped()).as("width %d", width).isEqualTo(expectedDrops);
            assertThat(frame.dropped().size()).isLessThanOrEqualTo(previouslyDropped);
            previouslyDropped = frame.dropped().size();
            final List<String> kept = new ArrayList<>(all);
            kept.removeAll(frame.dropped());
            final List<String> header = List.of(frame.lines().get(frame.headerLines() - 1).split("\\s+"));
            assertThat(header.subList(1, header.size())).as("width %d", width).isEqualTo(kept);
        }
        assertThat(TopLayout.layout(sample, new TopState(), HEADER, 80, 24).dropped()).isNotEmpty()
            .startsWith("IO-PSI");
        assertThat(TopLayout.layout(sample, new TopState(), HEADER, 200, 24).dropped()).isEmpty();
        final TopFrame narrow = TopLayout.layout(sample, new TopState(), HEADER, 60, 24);
        assertThat(narrow.lines()).anyMatch(line -> line.contains("/system.slice/\u2026/") ||
            line.contains("\u2026"));
    }

    @Test
    void theSelectionScrollsTheRowsAndTheHelpLineStaysAtTheBottom()
    {
        final Sample sample = wide();
        final TopState state = new TopState();
        TopFrame frame = TopLayout.layout(sample, state, HEADER, 100, 10);
        assertThat(frame.lines()).hasSize(10);
        assertThat(frame.lines().get(0)).isEqualTo("cgroup-walk top  2026-12-01T12:00:00Z  host host1  31 cgroups  " +
            "hierarchy /sys/fs/cgroup (cgroup2)");
        assertThat(frame.lines().get(1)).startsWith("sort cpu desc  values subtree  depth 3  rows 31");
        assertThat(frame.lines().get(9)).startsWith("q quit");
        assertThat(frame.selectedLine()).isEqualTo(frame.headerLines());
        assertThat(frame.selectedPath()).isEqualTo("/");
        assertThat(frame.rows()).isEqualTo(31);
        state.move(20);
        frame = TopLayout.layout(sample, state, HEADER, 100, 10);
        assertThat(state.selected()).isEqualTo(20);
        assertThat(state.scroll()).isEqualTo(20 - 6 + 1);
        assertThat(frame.selectedLine()).isEqualTo(frame.lines().size() - 2);
        assertThat(frame.lines().get(frame.selectedLine())).contains(frame.selectedPath().substring(
            frame.selectedPath().length() - 10));
        state.move(1000);
        TopLayout.layout(sample, state, HEADER, 100, 10);
        assertThat(state.selected()).isEqualTo(30);
        state.move(-1000);
        TopLayout.layout(sample, state, HEADER, 100, 10);
        assertThat(state.selected()).isZero();
        assertThat(state.scroll()).isZero();
        state.prompt("filter: abc");
        assertThat(TopLayout.layout(sample, state, HEADER, 100, 10).lines().get(9)).isEqualTo("filter: abc");
    }

    @Test
    void batchModeShowsEveryRowWithoutStatusOrHelp()
    {
        final TopFrame frame = TopLayout.layout(wide(), new TopState(), HEADER, 0, 0);
        assertThat(frame.lines()).hasSize(2 + 31);
        assertThat(frame.lines().get(1).split("\\s+")).containsExactly("PATH", "TASKS", "%CPU", "MEMORY", "READ/s",
            "WRITE/s", "CPU-PSI", "MEM-PSI", "IO-PSI");
        assertThat(frame.lines()).noneMatch(line -> line.startsWith("q quit")).noneMatch(line -> line.contains("\u2026"));
        assertThat(frame.selectedLine()).isEqualTo(-1);
    }
}
