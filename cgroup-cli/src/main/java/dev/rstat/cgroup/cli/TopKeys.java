package dev.rstat.cgroup.cli;

import dev.rstat.cgroup.report.render.TopFrame;
import dev.rstat.cgroup.report.render.TopSort;
import dev.rstat.cgroup.report.render.TopState;

/**
 * What each key does in {@code cgroup-walk top}: {@code c m i t p} sort by CPU, memory, I/O, tasks, path (again:
 * reversed), {@code +}/{@code -} open one level more or less, Enter opens or closes the selected cgroup, the arrows,
 * Page Up/Down, Home and End move the selection, {@code /} edits the path filter (Enter applies it, Esc leaves it as it
 * was, an empty filter shows all), {@code s} switches own shares and subtree values, {@code q} and Ctrl-C quit. Keys
 * arrive decoded ({@link Key}, from JLine's key map) with the text that was typed. Not thread-safe.
 */
final class TopKeys
{
    private static final String PROMPT = "filter (paths containing; Enter applies, Esc cancels): ";

    /** A key as the terminal's key map decodes it. */
    enum Key
    {
        /** A character without a binding of its own; the text says which. */
        CHAR, UP, DOWN, PAGE_UP, PAGE_DOWN, HOME, END, ENTER, ESCAPE, BACKSPACE, QUIT_SIGNAL, RESIZE
    }

    private final TopState state;
    private StringBuilder editing;

    /**
     * @param state the state the keys change.
     */
    TopKeys(final TopState state)
    {
        this.state = state;
    }

    /**
     * Applies a key.
     *
     * @param key   the key.
     * @param text  what was typed (for {@link Key#CHAR}).
     * @param frame the screen shown when the key was pressed (the selected row, the page height), or null.
     * @return whether to quit.
     */
    boolean press(final Key key, final String text, final TopFrame frame)
    {
        if (key == Key.QUIT_SIGNAL)
        {
            return true;
        }
        if (editing != null)
        {
            edit(key, text);
            return false;
        }
        final int page = frame == null ? 1 : Math.max(1, frame.lines().size() - frame.headerLines() - 1);
        switch (key)
        {
            case UP -> state.move(-1);
            case DOWN -> state.move(1);
            case PAGE_UP -> state.move(-page);
            case PAGE_DOWN -> state.move(page);
            case HOME -> state.move(Integer.MIN_VALUE / 2);
            case END -> state.move(Integer.MAX_VALUE / 2);
            case ENTER ->
            {
                if (frame != null && frame.selectedPath() != null)
                {
                    state.toggle(frame.selectedPath(), frame.selectedOpen());
                }
            }
            case CHAR ->
            {
                return character(text);
            }
            default ->
            {
                // ESCAPE, BACKSPACE, RESIZE: nothing to change (a resize only redraws)
            }
        }
        return false;
    }

    private boolean character(final String text)
    {
        switch (text)
        {
            case "q", "Q" ->
            {
                return true;
            }
            case "c" -> state.sortBy(TopSort.CPU);
            case "m" -> state.sortBy(TopSort.MEMORY);
            case "i" -> state.sortBy(TopSort.IO);
            case "t" -> state.sortBy(TopSort.TASKS);
            case "p" -> state.sortBy(TopSort.PATH);
            case "+", "=" -> state.depth(state.depth() + 1);
            case "-" -> state.depth(state.depth() - 1);
            case "s" -> state.toggleOwnShare();
            case "/" ->
            {
                editing = new StringBuilder(state.filter());
                state.prompt(PROMPT + editing);
            }
            default ->
            {
                // other keys do nothing
            }
        }
        return false;
    }

    private void edit(final Key key, final String text)
    {
        switch (key)
        {
            case ENTER ->
            {
                state.filter(editing.toString());
                editing = null;
                state.prompt(null);
                return;
            }
            case ESCAPE ->
            {
                editing = null;
                state.prompt(null);
                return;
            }
            case BACKSPACE ->
            {
                if (editing.length() > 0)
                {
                    editing.setLength(editing.offsetByCodePoints(editing.length(), -1));
                }
            }
            case CHAR ->
            {
                if (text != null && text.codePoints().allMatch(c -> c >= ' ' && c != 0x7f && !Character.isISOControl(c)))
                {
                    editing.append(text);
                }
            }
            default ->
            {
                // movement keys are ignored while the filter is typed
            }
        }
        state.prompt(PROMPT + editing);
    }

    /**
     * @return whether the filter is being typed.
     */
    boolean editing()
    {
        return editing != null;
    }
}
