package dev.rstat.cgroup.report.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class FlameLayoutTest
{
    private static final double EPS = 1e-12;

    @Test
    void boxesAreAsWideAsTheirValueOverTheRootsAndChildrenFollowInSiblingOrder()
    {
        // /(100) -> a(60) -> a1(10), a2(30); b(25)
        final FlameLayout layout = FlameLayout.of(new int[] {-1, 0, 1, 1, 0}, new double[] {100, 60, 10, 30, 25});

        assertThat(layout.width(0)).isEqualTo(1.0);
        assertThat(layout.width(1)).isCloseTo(0.60, within(EPS));
        assertThat(layout.width(2)).isCloseTo(0.10, within(EPS));
        assertThat(layout.width(3)).isCloseTo(0.30, within(EPS));
        assertThat(layout.width(4)).isCloseTo(0.25, within(EPS));
        assertThat(layout.x(1)).isCloseTo(0.0, within(EPS));
        assertThat(layout.x(2)).isCloseTo(0.0, within(EPS));
        assertThat(layout.x(3)).isCloseTo(0.10, within(EPS));
        assertThat(layout.x(4)).as("b after a").isCloseTo(0.60, within(EPS));
        assertThat(layout.depth(3)).isEqualTo(2);
        assertThat(layout.end(1)).isEqualTo(4);
        assertThat(layout.end(0)).isEqualTo(5);
    }

    @Test
    void theOwnShareIsTheValueLessTheChildrenAndStaysUncovered()
    {
        final FlameLayout layout = FlameLayout.of(new int[] {-1, 0, 1, 1, 0}, new double[] {100, 60, 10, 30, 25});

        assertThat(layout.own(0)).isEqualTo(15.0);
        assertThat(layout.own(1)).isEqualTo(20.0);
        assertThat(layout.own(2)).isEqualTo(10.0);
        final double covered = layout.width(2) + layout.width(3);
        assertThat(layout.width(1) - covered).as("uncovered part of a").isCloseTo(0.20, within(EPS));
        assertThat(layout.clamped(0) || layout.clamped(1)).isFalse();
    }

    @Test
    void childrenAddingUpToMoreThanTheirParentAreScaledToFitItAndTheParentIsMarked()
    {
        // a(50) has children 40 + 20 = 60: a live gauge moved between the reads
        final FlameLayout layout = FlameLayout.of(new int[] {-1, 0, 1, 1}, new double[] {100, 50, 40, 20});

        assertThat(layout.clamped(1)).isTrue();
        assertThat(layout.own(1)).isEqualTo(-10.0);
        assertThat(layout.width(2) + layout.width(3)).isCloseTo(layout.width(1), within(EPS));
        assertThat(layout.width(2) / layout.width(3)).as("still in proportion").isCloseTo(2.0, within(EPS));
        assertThat(layout.x(3) + layout.width(3)).isLessThanOrEqualTo(layout.x(1) + layout.width(1) + EPS);
        assertThat(layout.clamped(0)).isFalse();
    }

    @Test
    void aNodeWithoutAValueIsDrawnAsItsChildrensSumAndANegativeValueAsZero()
    {
        final FlameLayout layout = FlameLayout.of(new int[] {-1, 0, 0, 0},
            new double[] {Double.NaN, 30, -5, 10});

        assertThat(layout.estimated(0)).isTrue();
        assertThat(layout.value(0)).isEqualTo(40.0);
        assertThat(layout.own(0)).isEqualTo(0.0);
        assertThat(layout.value(2)).isEqualTo(0.0);
        assertThat(layout.width(2)).isEqualTo(0.0);
        assertThat(layout.width(3)).isCloseTo(0.25, within(EPS));
        assertThat(layout.x(3)).isCloseTo(0.75, within(EPS));
    }

    @Test
    void aRootOfZeroGivesEmptyBoxesNotNaN()
    {
        final FlameLayout layout = FlameLayout.of(new int[] {-1, 0}, new double[] {0, 0});

        assertThat(layout.width(0)).isEqualTo(0.0);
        assertThat(layout.width(1)).isEqualTo(0.0);
        assertThat(layout.x(1)).isEqualTo(0.0);
    }

    @Test
    void aTenThousandDeepChainIsLaidOutWithoutRecursion()
    {
        final int n = 10_000;
        final int[] parents = new int[n];
        final double[] values = new double[n];
        for (int i = 0; i < n; i++)
        {
            parents[i] = i - 1;
            values[i] = n - i;
        }
        final FlameLayout layout = FlameLayout.of(parents, values);

        assertThat(layout.depth(n - 1)).isEqualTo(n - 1);
        assertThat(layout.maxDepth()).isEqualTo(n - 1);
        assertThat(layout.width(n - 1)).isCloseTo(1.0 / n, within(EPS));
        assertThat(layout.own(n / 2)).isEqualTo(1.0);
        assertThat(layout.end(0)).isEqualTo(n);
    }

    @Test
    void parentsThatAreNotATreeInPreOrderAreRefused()
    {
        // node 3's parent (1) ended when node 2 (a child of 0) came
        assertThatThrownBy(() -> FlameLayout.of(new int[] {-1, 0, 0, 1}, new double[] {4, 1, 1, 1}))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("node=3 parent=1");
        assertThatThrownBy(() -> FlameLayout.of(new int[] {0, 0}, new double[] {1, 1}))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("root");
        assertThatThrownBy(() -> FlameLayout.of(new int[] {-1, 2, 0}, new double[] {1, 1, 1}))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("node=1 parent=2");
        assertThatThrownBy(() -> FlameLayout.of(new int[] {-1}, new double[] {1, 2}))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
