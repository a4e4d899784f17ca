package dev.rstat.cgroup.cli;

import java.util.ArrayList;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import picocli.CommandLine;

/**
 * Lays the help out at a width without breaking a word: picocli wraps at {@link java.text.BreakIterator} line breaks,
 * which fall inside {@code memory.stat} (after the dot) and {@code http://LISTEN/metrics} (after the colon), and
 * wraps over-long footer lines back to column 0. So picocli formats every section on one very long line, and this
 * class wraps each line at spaces only, continuing under the description column (options, commands, exit codes),
 * after {@code Usage: cgroup-walk } (the synopsis) or four columns in (examples). A word longer than the room is the
 * only thing ever cut.
 */
final class HelpLayout
{
    /** Picocli's width while formatting: wide enough that it never wraps a line itself. */
    private static final int UNWRAPPED = 5000;
    /** The leading indentation and label of a table row, up to the gap of two or more spaces before its text. */
    private static final Pattern ROW = Pattern.compile("^(\\s*\\S.*?\\s{2,})\\S");
    private static final String USAGE = "Usage: ";
    private static final int EXAMPLE_INDENT = 4;

    private HelpLayout()
    {
    }

    /**
     * Makes a command line and its subcommands lay their help out at a width.
     *
     * @param commandLine the command line.
     * @param width       the width, at least 40.
     */
    static void install(final CommandLine commandLine, final int width)
    {
        commandLine.setUsageHelpAutoWidth(false);
        commandLine.setUsageHelpWidth(UNWRAPPED);
        commandLine.setUsageHelpLongOptionsMaxWidth(Math.min(40, width / 3));
        final Map<String, CommandLine.IHelpSectionRenderer> sections = commandLine.getHelpSectionMap();
        for (final String key : new ArrayList<>(sections.keySet()))
        {
            final CommandLine.IHelpSectionRenderer section = sections.get(key);
            if (key.equals(CommandLine.Model.UsageMessageSpec.SECTION_KEY_SYNOPSIS))
            {
                // follows the "Usage: " heading on its line: continues under the first option
                sections.put(key, help ->
                {
                    final String heading = help.synopsisHeading();
                    final String name = help.commandSpec().qualifiedName();
                    final String text = section.render(help);
                    final String wrapped = wrap(" ".repeat(heading.length()) + text, width,
                        heading.length() + name.length() + 1);
                    return wrapped.substring(heading.length());
                });
                continue;
            }
            sections.put(key, help -> wrap(section.render(help), width));
        }
        // a subcommand's header is its line in the parent's list of commands; its own help starts with the
        // description, which says the same at length
        sections.put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_HEADER, help -> "");
        commandLine.setHelpSectionMap(sections);
        for (final CommandLine sub : commandLine.getSubcommands().values())
        {
            install(sub, width);
        }
    }

    /**
     * @param text  lines (each ending with a line separator, as picocli renders them).
     * @param width the width.
     * @return the lines wrapped at spaces so that none is longer than the width.
     */
    static String wrap(final String text, final int width)
    {
        return wrap(text, width, -1);
    }

    private static String wrap(final String text, final int width, final int indent)
    {
        final StringBuilder out = new StringBuilder(text.length() + 64);
        int start = 0;
        while (start < text.length())
        {
            int end = text.indexOf('\n', start);
            final boolean newline = end >= 0;
            if (!newline)
            {
                end = text.length();
            }
            String line = text.substring(start, end);
            if (line.endsWith("\r"))
            {
                line = line.substring(0, line.length() - 1);
            }
            wrapLine(length(line) > width ? stripTrailing(line) : line, width, indent, out);
            if (newline)
            {
                out.append(System.lineSeparator());
            }
            start = end + 1;
        }
        return out.toString();
    }

    private static void wrapLine(final String line, final int width, final int fixedIndent,
        final StringBuilder out)
    {
        if (length(line) <= width)
        {
            out.append(line);
            return;
        }
        int indent = fixedIndent >= 0 ? fixedIndent : indentOf(line);
        if (indent > width / 2)
        {
            indent = Math.min(leading(line) + EXAMPLE_INDENT, width / 2);
        }
        final String continuation = " ".repeat(indent);
        int column = 0;
        int i = 0;
        boolean first = true;
        final int leading = leading(line);
        out.append(line, 0, leading);
        column = leading;
        i = leading;
        while (i < line.length())
        {
            int spaces = i;
            while (spaces < line.length() && line.charAt(spaces) == ' ')
            {
                spaces++;
            }
            int wordEnd = spaces;
            while (wordEnd < line.length() && line.charAt(wordEnd) != ' ')
            {
                wordEnd++;
            }
            final String gap = line.substring(i, spaces);
            String word = line.substring(spaces, wordEnd);
            if (word.isEmpty())
            {
                break;
            }
            if (first || column + gap.length() + length(word) <= width)
            {
                out.append(gap);
                column += gap.length();
            }
            else
            {
                out.append(System.lineSeparator()).append(continuation);
                column = indent;
            }
            while (column + length(word) > width && length(word) > width - indent)
            {
                final int room = Math.max(1, width - column);
                final int cut = word.offsetByCodePoints(0, Math.min(room, length(word)));
                out.append(word, 0, cut).append(System.lineSeparator()).append(continuation);
                word = word.substring(cut);
                column = indent;
            }
            out.append(word);
            column += length(word);
            first = false;
            i = wordEnd;
        }
    }

    /** Where a wrapped line continues: under the text of a table row, or after {@code Usage: NAME }. */
    private static int indentOf(final String line)
    {
        if (line.startsWith(USAGE))
        {
            final int name = line.indexOf(' ', USAGE.length());
            return name < 0 ? USAGE.length() : name + 1;
        }
        final Matcher row = ROW.matcher(line);
        if (row.find())
        {
            return length(row.group(1));
        }
        final int leading = leading(line);
        return line.startsWith("cgroup-walk", leading) ? leading + EXAMPLE_INDENT : leading;
    }

    private static int leading(final String line)
    {
        int i = 0;
        while (i < line.length() && line.charAt(i) == ' ')
        {
            i++;
        }
        return i;
    }

    private static String stripTrailing(final String line)
    {
        int end = line.length();
        while (end > 0 && line.charAt(end - 1) == ' ')
        {
            end--;
        }
        return line.substring(0, end);
    }

    private static int length(final String text)
    {
        return text.codePointCount(0, text.length());
    }
}
