package dev.rstat.cgroup.cli;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.jline.keymap.BindingReader;
import org.jline.keymap.KeyMap;
import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;
import org.jline.utils.Curses;
import org.jline.utils.Display;
import org.jline.utils.InfoCmp.Capability;

import dev.rstat.cgroup.report.render.TopFrame;

/**
 * The full screen of {@code cgroup-walk top}, through JLine 3 ({@code jline-terminal} and the key maps of
 * {@code jline-reader}): JLine is the terminal library of the JVM (Maven, Groovy, JShell's line editor) and still
 * kept, runs on Java 8+, and its exec provider drives the terminal with {@code stty} and the terminfo capabilities,
 * without native code (the JNI and FFM providers are not needed; FFM would need Java 22). No escape sequence is
 * written by hand: the alternate screen, keypad mode and cursor come from the terminal's capabilities,
 * {@link Display} redraws only the lines that changed, {@link AttributedString} carries the styles, and
 * {@link KeyMap} decodes the keys the terminal sends.
 * <p>
 * Raw mode and the alternate screen are left, the cursor shown again and the saved attributes restored by
 * {@link #close()}: on {@code q}, on Ctrl-C (read as a key or as SIGINT, which is handled as a quit), on SIGTERM
 * (from a shutdown hook) and when the command fails. A window resize (SIGWINCH) is delivered as an event, after which
 * the screen is laid out again for the new size.
 */
final class TopTerminal implements AutoCloseable
{
    private static final long AMBIGUOUS_MILLIS = 50;
    private static final String TTY = "/dev/tty";

    /** A key (or a signal) as read. */
    record Event(TopKeys.Key key, String text)
    {
    }

    private final Terminal terminal;
    /** The terminal's own sequences (terminfo) that show the cursor and leave keypad mode and the alternate screen. */
    private final String restore;
    private final Attributes saved;
    private final Display display;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final Thread reader;
    private final Thread hook;
    private boolean closed;
    private volatile Size size;

    private TopTerminal(final Terminal terminal)
    {
        this.terminal = terminal;
        restore = sequence(terminal, Capability.cursor_visible, Capability.keypad_local, Capability.exit_ca_mode);
        saved = terminal.enterRawMode();
        terminal.puts(Capability.enter_ca_mode);
        terminal.puts(Capability.keypad_xmit);
        terminal.puts(Capability.cursor_invisible);
        terminal.flush();
        display = new Display(terminal, true);
        terminal.handle(Terminal.Signal.WINCH, signal ->
        {
            size = null;
            events.offer(new Event(TopKeys.Key.RESIZE, ""));
        });
        terminal.handle(Terminal.Signal.INT, signal -> events.offer(new Event(TopKeys.Key.QUIT_SIGNAL, "")));
        hook = new Thread(this::close, "cgroup-walk-top-restore");
        Runtime.getRuntime().addShutdownHook(hook);
        final KeyMap<TopKeys.Key> keys = keyMap(terminal);
        reader = new Thread(() -> read(keys), "cgroup-walk-top-keys");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Takes over the terminal.
     *
     * @return the screen.
     * @throws IOException if there is no terminal.
     */
    static TopTerminal open() throws IOException
    {
        final Terminal terminal = TerminalBuilder.builder().system(true).providers("exec").dumb(false)
            .nativeSignals(true).build();
        return new TopTerminal(terminal);
    }

    /** The terminal's strings for some capabilities, one after the other (those it lacks left out). */
    private static String sequence(final Terminal terminal, final Capability... capabilities)
    {
        final StringBuilder out = new StringBuilder();
        for (final Capability capability : capabilities)
        {
            final String value = terminal.getStringCapability(capability);
            if (value != null)
            {
                Curses.tputs(out, value);
            }
        }
        return out.toString();
    }

    private static KeyMap<TopKeys.Key> keyMap(final Terminal terminal)
    {
        final KeyMap<TopKeys.Key> keys = new KeyMap<>();
        for (char c = ' '; c < 0x7f; c++)
        {
            keys.bind(TopKeys.Key.CHAR, Character.toString(c));
        }
        keys.setUnicode(TopKeys.Key.CHAR);
        keys.setNomatch(TopKeys.Key.CHAR);
        bind(keys, TopKeys.Key.UP, terminal, Capability.key_up, "\033[A", "\033OA");
        bind(keys, TopKeys.Key.DOWN, terminal, Capability.key_down, "\033[B", "\033OB");
        bind(keys, TopKeys.Key.PAGE_UP, terminal, Capability.key_ppage, "\033[5~");
        bind(keys, TopKeys.Key.PAGE_DOWN, terminal, Capability.key_npage, "\033[6~");
        bind(keys, TopKeys.Key.HOME, terminal, Capability.key_home, "\033[H", "\033OH", "\033[1~");
        bind(keys, TopKeys.Key.END, terminal, Capability.key_end, "\033[F", "\033OF", "\033[4~");
        keys.bind(TopKeys.Key.ENTER, "\r", "\n");
        keys.bind(TopKeys.Key.ESCAPE, KeyMap.esc());
        keys.bind(TopKeys.Key.BACKSPACE, KeyMap.del(), KeyMap.ctrl('H'));
        keys.bind(TopKeys.Key.QUIT_SIGNAL, KeyMap.ctrl('C'));
        keys.setAmbiguousTimeout(AMBIGUOUS_MILLIS);
        return keys;
    }

    /**
     * Binds a key to the terminal's own sequence for it (terminfo) and to the sequences xterm-like terminals send in
     * either cursor mode, so that a terminfo entry that lacks the key does not lose it.
     */
    private static void bind(final KeyMap<TopKeys.Key> keys, final TopKeys.Key key, final Terminal terminal,
        final Capability capability, final String... common)
    {
        final String own = KeyMap.key(terminal, capability);
        if (own != null && !own.isEmpty())
        {
            keys.bind(key, own);
        }
        for (final String sequence : common)
        {
            keys.bindIfNotBound(key, sequence);
        }
    }

    private void read(final KeyMap<TopKeys.Key> keys)
    {
        final BindingReader bindings = new BindingReader(terminal.reader());
        try
        {
            while (true)
            {
                final TopKeys.Key key = bindings.readBinding(keys);
                if (key == null)
                {
                    events.offer(new Event(TopKeys.Key.QUIT_SIGNAL, ""));
                    return;
                }
                events.offer(new Event(key, bindings.getLastBinding()));
            }
        }
        catch (final RuntimeException ex)
        {
            // the terminal was closed (or its input failed): nothing more to read; the view quits
            events.offer(new Event(TopKeys.Key.QUIT_SIGNAL, ""));
        }
    }

    /**
     * @return the screen's rows and columns, asked from the terminal (the exec provider runs {@code stty}) at the
     *         start and after each SIGWINCH only.
     */
    Size size()
    {
        Size known = size;
        if (known == null)
        {
            known = terminal.getSize();
            size = known;
        }
        return known;
    }

    /**
     * Waits for a key, a signal or a resize.
     *
     * @param nanos how long to wait at most.
     * @return the event, or null when the time is up.
     * @throws InterruptedException if interrupted.
     */
    Event next(final long nanos) throws InterruptedException
    {
        return events.poll(Math.max(0, nanos), TimeUnit.NANOSECONDS);
    }

    /**
     * Shows a frame: the header bold, the column header and the help line in reverse video, the selected row
     * highlighted.
     *
     * @param frame the frame, laid out for {@link #size()}.
     * @param rows  the screen's rows.
     * @param columns the screen's columns.
     */
    synchronized void draw(final TopFrame frame, final int rows, final int columns)
    {
        if (closed)
        {
            return;
        }
        display.resize(rows, columns);
        final List<AttributedString> lines = new ArrayList<>(frame.lines().size());
        final List<String> text = frame.lines();
        for (int i = 0; i < text.size(); i++)
        {
            final AttributedStyle style;
            if (i < frame.headerLines() - 1)
            {
                style = AttributedStyle.BOLD;
            }
            else if (i == frame.headerLines() - 1 || i == text.size() - 1 || i == frame.selectedLine())
            {
                style = AttributedStyle.INVERSE;
            }
            else
            {
                style = AttributedStyle.DEFAULT;
            }
            final String line = i == frame.selectedLine() || i == frame.headerLines() - 1 || i == text.size() - 1 ?
                pad(text.get(i), columns) : text.get(i);
            lines.add(new AttributedString(line, style));
        }
        display.update(lines, 0);
        terminal.flush();
    }

    /** A highlighted line reaches the right edge, less the last column (some terminals scroll when it is written). */
    private static String pad(final String line, final int columns)
    {
        final int length = line.codePointCount(0, line.length());
        return length >= columns - 1 ? line : line + " ".repeat(columns - 1 - length);
    }

    /**
     * Gives the terminal back as it was: leaves the alternate screen and keypad mode, shows the cursor, restores the
     * attributes (cooked mode, echo). Idempotent; called by the shutdown hook on SIGTERM.
     */
    @Override
    public synchronized void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        try
        {
            terminal.flush();
            // to the controlling terminal itself: on SIGTERM, JLine's own shutdown hook may have closed the
            // terminal already, and with it file descriptor 1 (it restores the attributes it found, not the screen)
            try (FileOutputStream tty = new FileOutputStream(TTY))
            {
                tty.write(restore.getBytes(StandardCharsets.US_ASCII));
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            // the terminal is gone (hung up): nothing left to restore
        }
        try
        {
            terminal.setAttributes(saved);
            terminal.close();
        }
        catch (final IOException | RuntimeException ex)
        {
            // closed already by JLine's shutdown hook, which restored the attributes
        }
        if (Thread.currentThread() != hook)
        {
            try
            {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
            catch (final IllegalStateException shuttingDown)
            {
                // the hook is running or has run: it found the terminal closed
            }
        }
    }
}
