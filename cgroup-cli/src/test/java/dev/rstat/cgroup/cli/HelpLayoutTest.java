package dev.rstat.cgroup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The help at 80 and 120 columns: no line longer than the width, and no word broken: the words of the help are the
 * same, in the same order, as in the help laid out without any width limit; continuation lines are indented, never
 * back at column 0.
 */
class HelpLayoutTest
{
    private static final int UNLIMITED = 100_000;
    private static final List<List<String>> COMMANDS = List.of(List.of("--help"), List.of("report", "--help"),
        List.of("serve", "--help"), List.of("snapshot", "--help"), List.of("mounts", "--help"),
        List.of("generate-completion", "--help"), List.of("help", "report"));

    @Test
    void everyHelpFitsTheWidthWithoutBreakingAWord()
    {
        for (final List<String> args : COMMANDS)
        {
            final String[] words = words(help(UNLIMITED, args));
            for (final int width : new int[] {80, 120})
            {
                final String help = help(width, args);
                assertThat(help.lines()).as("%s at %d", args, width)
                    .allMatch(line -> line.codePointCount(0, line.length()) <= width);
                assertThat(words(help)).as("%s at %d: the same words", args, width).containsExactly(words);
            }
        }
    }

    @Test
    void theCommandListAndTheExamplesReadWholeAt80Columns()
    {
        final String help = help(80, List.of("--help"));
        assertThat(help).contains("  snapshot             Copies the hierarchy's readable files into a directory\n" +
            "                       that --root can walk like the original.\n");
        assertThat(help).contains("http://LISTEN/metrics", "memory.stat,", "cgroup-walk serve --listen 127.0.0.1:9400");
        final String examples = help.substring(help.indexOf("Examples:"));
        assertThat(examples.lines().skip(1)).as("examples are indented").allMatch(line -> line.startsWith("  "));
        final String serve = help(80, List.of("serve", "--help"));
        assertThat(serve).startsWith("Usage: cgroup-walk serve ").contains(" http://LISTEN/metrics");
        assertThat(serve.lines().skip(1).takeWhile(line -> !line.startsWith("Serves")))
            .as("the synopsis continues under its first option").allMatch(line -> line.startsWith(" ".repeat(25)));
    }

    @Test
    void wrapsAtSpacesOnlyAndCutsOnlyAWordLongerThanTheRoom()
    {
        assertThat(HelpLayout.wrap("  --x   aaa bbb ccc\n", 16)).isEqualTo("  --x   aaa bbb" + System.lineSeparator() +
            "        ccc" + System.lineSeparator());
        assertThat(HelpLayout.wrap("short\n", 80)).isEqualTo("short" + System.lineSeparator());
        assertThat(HelpLayout.wrap("abcdefghij\n", 4).lines().toList()).containsExactly("abcd", "efgh", "ij");
    }

    private static String help(final int width, final List<String> args)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int code = CgroupWalk.commandLine(new PrintWriter(out, true), new PrintWriter(err, true), width)
            .execute(args.toArray(new String[0]));
        assertThat(code).as("%s: %s", args, err).isZero();
        return out.toString();
    }

    private static String[] words(final String text)
    {
        return Arrays.stream(text.split("\\s+")).filter(word -> !word.isEmpty()).toArray(String[]::new);
    }
}
