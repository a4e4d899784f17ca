package dev.rstat.cgroup.report.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The text table in a width: no line longer than the width, columns left out from the right, paths shortened in the
 * middle, nothing wrapped.
 */
class TextLayoutTest
{
    private static final String LONG = "/system.slice/containerd.service/kubepods-burstable-pod1234abcd.slice/"
        + "cri-containerd-0123456789abcdef0123456789abcdef.scope";

    private static final String MIDDLE = "/system.slice/a-rather-long-name.service/b.slice/c.slice/foo.scope";

    @Test
    void shortensAPathInTheMiddleKeepingItsFirstAndLastNames()
    {
        assertThat(TextLayout.shorten("  ", "/system.slice/a/b/foo.scope", 40)).isEqualTo("  /system.slice/a/b/foo.scope");
        assertThat(TextLayout.shorten("  ", "/system.slice/a/b/foo.scope", 27)).isEqualTo("  /system.slice/\u2026/foo.scope");
        assertThat(TextLayout.shorten("  ", "/system.slice/a/b/foo.scope", 26)).isEqualTo("  \u2026/foo.scope");
        assertThat(TextLayout.shorten("", "/system.slice/a/b/foo.scope", 12)).isEqualTo("\u2026/foo.scope");
        assertThat(TextLayout.shorten("", "/system.slice/a/b/foo.scope", 6)).isEqualTo("\u2026scope");
        assertThat(TextLayout.shorten(" ".repeat(30), "/a/b", 10)).isEqualTo("  /a/b");
        assertThat(TextLayout.shorten("", "/\uD83D\uDC33whale/x/\uD83D\uDC33y", 6)).isEqualTo("\u2026/\uD83D\uDC33y");
    }

    @Test
    void keepsColumnsFromTheLeftAndGivesTheRestToThePath()
    {
        final TextLayout.Layout fits = TextLayout.fit(10, new int[] {5, 5, 5}, 80);
        assertThat(fits.kept()).containsExactly(0, 1, 2);
        assertThat(fits.pathWidth()).isEqualTo(10);
        assertThat(fits.dropped()).isZero();

        final TextLayout.Layout cut = TextLayout.fit(100, new int[] {10, 10, 10, 10, 10, 10, 3}, 80);
        assertThat(cut.kept()).as("the first five fit after a path of 20; the small last one is not moved up")
            .containsExactly(0, 1, 2, 3, 4);
        assertThat(cut.dropped()).isEqualTo(2);
        assertThat(cut.pathWidth()).isEqualTo(80 - 5 * 12);

        final TextLayout.Layout leftover = TextLayout.fit(100, new int[] {10, 50}, 80);
        assertThat(leftover.kept()).containsExactly(0);
        assertThat(leftover.pathWidth()).as("what the left-out column leaves goes to the path").isEqualTo(80 - 12);

        final TextLayout.Layout unlimited = TextLayout.fit(100, new int[] {10, 10}, 0);
        assertThat(unlimited.kept()).containsExactly(0, 1);
        assertThat(unlimited.pathWidth()).isEqualTo(100);
        assertThat(unlimited.dropped()).isZero();
    }

    @Test
    void noRenderedLineIsLongerThanTheWidth() throws IOException
    {
        for (final int width : new int[] {40, 80, 120})
        {
            final ReportFixture report = new ReportFixture();
            final List<Integer> columns = new ArrayList<>();
            for (final String name : List.of("pids.current", "cpu.stat.usage_usec", "cpu.stat.throttled_usec",
                "memory.current", "memory.stat.anon", "memory.stat.file", "io.stat.8:0.rbytes", "io.stat.8:0.wbytes",
                "cpu.pressure.some.avg10", "memory.pressure.some.avg10"))
            {
                columns.add(report.column(name));
            }
            final String[] paths = {"/", "/system.slice", "/system.slice/containerd.service", LONG, MIDDLE,
                "/user.slice/user-1000.slice/user@1000.service/app.slice/app-gnome-org.gnome.Terminal-1234.scope"};
            for (int i = 0; i < paths.length; i++)
            {
                final ReportFixture.Values row = report.row(i + 1, paths[i], (int)paths[i].chars()
                    .filter(c -> c == '/').count() - (i == 0 ? 1 : 0));
                for (final int column : columns)
                {
                    row.putNumber(column, 123_456_789L * (i + 1));
                }
            }
            final List<String> dropped = new ArrayList<>();
            final String text = report.renderText(width, dropped);
            final List<String> lines = text.lines().toList();
            assertThat(lines).as("one line per row, nothing wrapped").hasSize(paths.length + 1);
            assertThat(lines).as("width %d", width).allMatch(line -> TextLayout.length(line) <= width);
            assertThat(lines.get(0)).startsWith("PATH").contains("pids.current");
            if (width >= 80)
            {
                assertThat(lines.get(0)).contains("cpu.stat.usage_usec");
            }
            assertThat(lines.get(4)).as("shortened").contains("\u2026").contains("abcdef.scope ")
                .doesNotContain("kubepods");
            if (width >= 120)
            {
                assertThat(lines.get(5)).as("shortened in the middle").contains("/system.slice/\u2026/foo.scope ");
            }
            assertThat(dropped).as("left out from the right").isNotEmpty().endsWith("memory.pressure.some.avg10");
            final String unlimited = report.render(Format.TEXT, false);
            assertThat(unlimited).contains(LONG, "memory.pressure.some.avg10");
        }
    }
}
