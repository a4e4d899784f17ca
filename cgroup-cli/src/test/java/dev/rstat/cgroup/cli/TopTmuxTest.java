package dev.rstat.cgroup.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cgroup-walk top} in a real terminal: tmux runs it at 80×24 and 200×50 on the systemd-host snapshot, keys
 * are sent with {@code send-keys}, the screen is read with {@code capture-pane}. After {@code q}, Ctrl-C or SIGTERM the
 * shell that ran it is back on the normal screen with the terminal's settings as they were. Skipped where tmux is
 * not installed ({@code .ci/run} installs it).
 */
class TopTmuxTest
{
    private static final Path TMUX = Path.of("/usr/bin/tmux");
    private static final String TREE = Golden.tree("systemd-host/tree");
    private static final long WAIT_MILLIS = 60_000;
    private static final String BEFORE = "before-top-marker";
    private static final String AFTER = "after-top-marker";
    /** The systemd-host tree two levels deep: the root, 4 slices, 13 cgroups below them. */
    private static final int DEPTH_2_ROWS = 1 + 4 + 13;

    @TempDir
    Path dir;

    /** One tmux server of its own (a socket name no other test uses), killed at the end. */
    private final class Tmux implements AutoCloseable
    {
        private final String socket = "cgwtop-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        private final int width;
        private final int height;

        Tmux(final int width, final int height, final String options) throws Exception
        {
            this.width = width;
            this.height = height;
            final Path script = dir.resolve("run.sh");
            final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Files.writeString(script, String.join("\n",
                "export LC_ALL=C.UTF-8",
                // Ctrl-C reaches the whole foreground process group: the shell that runs the test outlives it (a
                // trap, not an ignored signal, so that the command starts with SIGINT at its default)
                "trap 'true' INT",
                "stty -a > '" + dir.resolve("stty-before") + "'",
                "echo " + BEFORE,
                "sh -c 'echo $$ > \"" + dir.resolve("pid") + "\"; exec \"$0\" \"$@\"' '" + java +
                    "' -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp '" + System.getProperty("java.class.path") +
                    "' " + CgroupWalk.class.getName() + " --root '" + TREE + "' top --interval 500ms " + options,
                "echo $? > '" + dir.resolve("status.tmp") + "'",
                "stty -a > '" + dir.resolve("stty-after") + "'",
                "echo " + AFTER,
                "mv '" + dir.resolve("status.tmp") + "' '" + dir.resolve("status") + "'",
                "exec sleep 600", ""), StandardCharsets.UTF_8);
            tmux("-f", "/dev/null", "new-session", "-d", "-x", Integer.toString(width), "-y",
                Integer.toString(height), "sh " + script);
        }

        String capture() throws Exception
        {
            return tmux("capture-pane", "-p");
        }

        String awaitScreen(final Predicate<String> condition) throws Exception
        {
            final long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
            String screen = capture();
            while (!condition.test(screen) && System.nanoTime() < end)
            {
                Thread.sleep(100);
                screen = capture();
            }
            assertThat(condition.test(screen)).as("the screen expected did not come:%n%s", screen).isTrue();
            return screen;
        }

        void keys(final String... keys) throws Exception
        {
            final List<String> command = new ArrayList<>(List.of("send-keys"));
            command.addAll(List.of(keys));
            tmux(command.toArray(String[]::new));
        }

        String tmux(final String... args) throws Exception
        {
            final List<String> command = new ArrayList<>(List.of(TMUX.toString(), "-L", socket));
            command.addAll(List.of(args));
            final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            final String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            return out;
        }

        String awaitStatus() throws Exception
        {
            final Path status = dir.resolve("status");
            final long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
            while (!Files.exists(status) && System.nanoTime() < end)
            {
                Thread.sleep(100);
            }
            assertThat(status).as("the command ended; the screen:%n%s", capture()).exists();
            return Files.readString(status, StandardCharsets.UTF_8).trim();
        }

        @Override
        public void close() throws IOException
        {
            final Process process = new ProcessBuilder(TMUX.toString(), "-L", socket, "kill-server")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            try
            {
                process.waitFor(30, TimeUnit.SECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static List<String> lines(final String screen)
    {
        final List<String> lines = new ArrayList<>(screen.lines().toList());
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty())
        {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    /** The top-level slices in the order the screen shows them. */
    private static List<String> slices(final String screen)
    {
        final List<String> order = new ArrayList<>();
        for (final String line : screen.lines().toList())
        {
            final String[] words = line.strip().replaceFirst("^[+-] ", "").split("\\s+");
            if (words.length > 0 && words[0].matches("/[a-z]+\\.(slice|scope)"))
            {
                order.add(words[0]);
            }
        }
        return order;
    }

    private void showsTheHierarchyFitsAndSorts(final int width, final int height) throws Exception
    {
        assumeTrue(Files.isExecutable(TMUX), "tmux is not installed");
        try (Tmux tmux = new Tmux(width, height, "--depth 2"))
        {
            final String screen = tmux.awaitScreen(s -> s.contains("cgroup-walk top") && s.contains("/system.slice"));
            final List<String> lines = lines(screen);
            assertThat(lines.get(0)).startsWith("cgroup-walk top  20").contains("  host ", "  36 cgroups  hierarchy /");
            assertThat(lines).hasSize(height);
            assertThat(lines).as("no line longer than the width")
                .allMatch(line -> line.codePointCount(0, line.length()) <= width);
            final List<String> rows = lines.subList(3, height - 1).stream().filter(line -> !line.isBlank()).toList();
            assertThat(rows).as("nothing wrapped: every row one line, a cgroup and its values")
                .hasSize(DEPTH_2_ROWS)
                .allMatch(line -> line.matches(" *(?:[+-] +)?[/\u2026]\\S* .*\\d"));
            assertThat(lines.get(2)).startsWith("PATH").contains("%CPU", "MEMORY");
            assertThat(lines.get(height - 1)).startsWith("q quit");
            assertThat(slices(screen)).as("CPU is idle in a snapshot: ties in name order")
                .containsExactly("/init.scope", "/kubepods.slice", "/system.slice", "/user.slice");
            tmux.keys("m");
            final String byMemory = tmux.awaitScreen(s -> s.contains("sort memory desc"));
            assertThat(slices(byMemory)).as("memory.current of the fixture: largest first")
                .containsExactly("/kubepods.slice", "/system.slice", "/user.slice", "/init.scope");
            tmux.keys("m");
            assertThat(slices(tmux.awaitScreen(s -> s.contains("sort memory asc"))))
                .containsExactly("/init.scope", "/user.slice", "/system.slice", "/kubepods.slice");
            tmux.keys("t");
            assertThat(slices(tmux.awaitScreen(s -> s.contains("sort tasks desc"))))
                .containsExactly("/system.slice", "/kubepods.slice", "/user.slice", "/init.scope");
            tmux.keys("q");
            assertThat(tmux.awaitStatus()).isEqualTo("0");
            restored(tmux);
        }
    }

    private void restored(final Tmux tmux) throws Exception
    {
        final String after = tmux.awaitScreen(s -> s.contains(AFTER));
        assertThat(after).as("the normal screen again: what the shell printed before and after")
            .contains(BEFORE, AFTER).doesNotContain("cgroup-walk top", "q quit");
        assertThat(settings(dir.resolve("stty-after"))).as("terminal settings as before (echo, icanon, ...)")
            .isEqualTo(settings(dir.resolve("stty-before")));
    }

    /** {@code stty -a} without its first line (speed and size: the window may have been resized). */
    private static List<String> settings(final Path file) throws IOException
    {
        final List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines.get(0)).startsWith("speed ");
        assertThat(String.join(" ", lines)).contains(" icanon ", " echo ");
        return lines.subList(1, lines.size());
    }

    @Test
    void at80By24ShowsTheHeaderAndRowsFitsTheWidthSortsAndQuitsRestoringTheTerminal() throws Exception
    {
        showsTheHierarchyFitsAndSorts(80, 24);
    }

    @Test
    void at200By50ShowsTheHeaderAndRowsFitsTheWidthSortsAndQuitsRestoringTheTerminal() throws Exception
    {
        showsTheHierarchyFitsAndSorts(200, 50);
    }

    @Test
    void collapsesFiltersAndRedrawsAfterAResize() throws Exception
    {
        assumeTrue(Files.isExecutable(TMUX), "tmux is not installed");
        try (Tmux tmux = new Tmux(80, 24, ""))
        {
            tmux.awaitScreen(s -> s.contains("/system.slice") && s.contains("kubelet.service"));
            tmux.keys("Down", "Down", "Enter");
            final String closed = tmux.awaitScreen(s -> s.contains("+ /kubepods.slice"));
            assertThat(closed).as("the selected row (the third: CPU ties in name order) closed")
                .doesNotContain("besteffort").contains("kubelet.service");
            tmux.keys("Enter");
            tmux.awaitScreen(s -> s.contains("- /kubepods.slice") && s.contains("besteffort"));
            tmux.keys("-", "-");
            final String top = tmux.awaitScreen(s -> s.contains("depth 1"));
            assertThat(top).doesNotContain("/system.slice/").contains("+ /system.slice");
            tmux.keys("/", "kubelet", "Enter");
            final String filtered = tmux.awaitScreen(s -> s.contains("filter kubelet"));
            assertThat(slices(filtered)).containsExactly("/system.slice");
            assertThat(filtered).contains("kubelet.service").doesNotContain("/user.slice", "containerd");
            tmux.tmux("resize-window", "-x", "60", "-y", "15");
            final String resized = tmux.awaitScreen(s -> lines(s).size() == 15 && lines(s).get(14).startsWith("q"));
            assertThat(lines(resized)).hasSize(15).allMatch(line -> line.codePointCount(0, line.length()) <= 60);
            tmux.keys("C-c");
            assertThat(tmux.awaitStatus()).isEqualTo("0");
            restored(tmux);
        }
    }

    @Test
    void sigtermRestoresTheTerminal() throws Exception
    {
        assumeTrue(Files.isExecutable(TMUX), "tmux is not installed");
        try (Tmux tmux = new Tmux(80, 24, ""))
        {
            tmux.awaitScreen(s -> s.contains("cgroup-walk top") && s.contains("/system.slice"));
            final long pid = Long.parseLong(Files.readString(dir.resolve("pid")).trim());
            final ProcessHandle java = ProcessHandle.of(pid).orElseThrow();
            assertThat(java.info().command().orElse("")).endsWith("java");
            new ProcessBuilder("kill", "-TERM", Long.toString(pid)).start().waitFor();
            assertThat(tmux.awaitStatus()).isEqualTo("143");
            restored(tmux);
        }
    }

    @Test
    void batchModeWhenStdoutIsNotATerminal() throws IOException, InterruptedException
    {
        final Golden.Run run = Golden.run("--root", TREE, "top", "--interval", "100ms", "--count", "2");
        assertThat(run.code()).as(run.err()).isZero();
        final List<String> lines = run.out().lines().toList();
        assertThat(lines.stream().filter(line -> line.startsWith("cgroup-walk top  20") && line.contains(TREE))).hasSize(2);
        assertThat(lines.get(1).split("\\s+")).containsExactly("PATH", "TASKS", "%CPU", "MEMORY", "READ/s", "WRITE/s",
            "CPU-PSI", "MEM-PSI", "IO-PSI");
        assertThat(lines).noneMatch(line -> line.startsWith("q quit"));
        final long shown;
        try (var walk = Files.walk(Path.of(TREE), dev.rstat.cgroup.report.render.TopState.DEFAULT_DEPTH))
        {
            shown = walk.filter(Files::isDirectory).count();
        }
        final int block = lines.indexOf("");
        assertThat(block).as("blocks separated by an empty line; the tree open 3 levels, like systemd-cgtop's " +
            "--depth").isEqualTo(2 + shown);
        assertThat(lines).hasSize(2 * block + 1);
    }
}
