package dev.rstat.cgroup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.rstat.cgroup.report.render.TopFrame;
import dev.rstat.cgroup.report.render.TopSort;
import dev.rstat.cgroup.report.render.TopState;

/**
 * The keys of {@code cgroup-walk top} and what they change.
 */
class TopKeysTest
{
    private final TopState state = new TopState();
    private final TopKeys keys = new TopKeys(state);

    private boolean type(final String text)
    {
        return keys.press(TopKeys.Key.CHAR, text, null);
    }

    @Test
    void sortKeysChooseTheKeyAndTheSameKeyAgainReverses()
    {
        assertThat(state.sort()).isEqualTo(TopSort.CPU);
        type("m");
        assertThat(state.sort()).isEqualTo(TopSort.MEMORY);
        assertThat(state.descending()).isTrue();
        type("m");
        assertThat(state.descending()).isFalse();
        type("p");
        assertThat(state.sort()).isEqualTo(TopSort.PATH);
        assertThat(state.descending()).isFalse();
        type("p");
        assertThat(state.descending()).isTrue();
        type("i");
        assertThat(state.sort()).isEqualTo(TopSort.IO);
        type("t");
        assertThat(state.sort()).isEqualTo(TopSort.TASKS);
        type("c");
        assertThat(state.sort()).isEqualTo(TopSort.CPU);
    }

    @Test
    void plusAndMinusChangeTheDepthAndSTogglesOwnShares()
    {
        type("+");
        assertThat(state.depth()).isEqualTo(TopState.DEFAULT_DEPTH + 1);
        type("-");
        type("-");
        type("-");
        type("-");
        assertThat(state.depth()).isEqualTo(1);
        type("s");
        assertThat(state.ownShare()).isTrue();
        type("s");
        assertThat(state.ownShare()).isFalse();
    }

    @Test
    void enterOpensOrClosesTheSelectedCgroup()
    {
        final TopFrame frame = new TopFrame(List.of("h", "s", "PATH", "/a", "help"), 3, 3, "/a", true, 1, List.of());
        keys.press(TopKeys.Key.ENTER, "\r", frame);
        assertThat(state.isOpen("/a", 0)).isFalse();
        final TopFrame closed = new TopFrame(frame.lines(), 3, 3, "/a", false, 1, List.of());
        keys.press(TopKeys.Key.ENTER, "\r", closed);
        assertThat(state.isOpen("/a", 99)).isTrue();
    }

    @Test
    void slashEditsTheFilterEnterAppliesEscapeCancels()
    {
        type("/");
        assertThat(keys.editing()).isTrue();
        assertThat(type("q")).as("q is text while the filter is typed").isFalse();
        type("x");
        keys.press(TopKeys.Key.BACKSPACE, "\u007f", null);
        type("\u0001");
        assertThat(state.prompt()).endsWith(": q");
        keys.press(TopKeys.Key.ENTER, "\r", null);
        assertThat(state.filter()).isEqualTo("q");
        assertThat(state.prompt()).isNull();
        type("/");
        type("z");
        keys.press(TopKeys.Key.ESCAPE, "\033", null);
        assertThat(state.filter()).isEqualTo("q");
        assertThat(keys.editing()).isFalse();
    }

    @Test
    void scrollKeysMoveTheSelectionByRowsAndPages()
    {
        final TopFrame frame = new TopFrame(List.of("h", "s", "PATH", "1", "2", "3", "4", "help"), 3, 3, "/", true,
            100, List.of());
        keys.press(TopKeys.Key.DOWN, "", frame);
        assertThat(state.selected()).isEqualTo(1);
        keys.press(TopKeys.Key.PAGE_DOWN, "", frame);
        assertThat(state.selected()).isEqualTo(5);
        keys.press(TopKeys.Key.PAGE_UP, "", frame);
        keys.press(TopKeys.Key.UP, "", frame);
        assertThat(state.selected()).isZero();
        keys.press(TopKeys.Key.END, "", frame);
        assertThat(state.selected()).isGreaterThan(1000);
        keys.press(TopKeys.Key.HOME, "", frame);
        assertThat(state.selected()).isZero();
    }

    @Test
    void qAndCtrlCQuit()
    {
        assertThat(type("q")).isTrue();
        assertThat(keys.press(TopKeys.Key.QUIT_SIGNAL, "\u0003", null)).isTrue();
        assertThat(type("x")).isFalse();
    }
}
