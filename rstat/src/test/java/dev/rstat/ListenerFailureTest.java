package dev.rstat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 7, items 3, 4 and the first half of 7: a listener that throws (an exception or an {@link Error}) never
 * leaves the tree half-updated: a removal completes, detached nodes are folded, and the periodic flusher goes on.
 */
class ListenerFailureTest
{
    private final Schema schema = Schema.builder()
        .group("a", g -> g.counter("c"))
        .group("b", g -> g.counter("x"))
        .build();

    @Test
    void aRemovalWhoseFlushListenerThrowsStillRemovesTheNodeEverywhere()
    {
        final Rstat rstat = Rstat.builder(schema).stripes(2).slotReuseDelay(Duration.ZERO).build();
        final StatGroup a = rstat.group("a");
        final StatGroup b = rstat.group("b");
        final RstatNode parent = rstat.create(rstat.root(), 2, "parent");
        final RstatNode child = rstat.create(parent, 3, "child");
        a.add(0, child, 0, 5);
        b.add(1, child, 0, 7);
        final FlushListener bad = (node, p, stripe) ->
        {
            throw new IllegalStateException("listener failed: node=" + node.name());
        };
        a.subscribe(bad);

        assertThatThrownBy(() -> rstat.remove(child)).hasMessageStartingWith("listener failed");

        assertThat(child.isRemoved()).isTrue();
        assertThat(rstat.size()).isEqualTo(2);
        assertThat(b.isUpdated(rstat.root())).as("the later group was flushed for the removal too").isTrue();
        assertThat(rstat.create(parent, 4, "next").slot).as("the slot was released").isEqualTo(child.slot);
        a.unsubscribe(bad);
        a.flush(rstat.root());
        b.flush(rstat.root());
        assertThat(a.subtree(parent, 0)).isEqualTo(5);
        assertThat(b.subtree(rstat.root(), 0)).isEqualTo(7);
    }

    @Test
    void aRemovedNodesParentCanBeRemovedAfterAFailedRemovalFlush()
    {
        final Rstat rstat = Rstat.builder(schema).stripes(1).build();
        final StatGroup a = rstat.group("a");
        final RstatNode parent = rstat.create(rstat.root(), 2, "parent");
        final RstatNode child = rstat.create(parent, 3, "child");
        a.add(0, child, 0, 1);
        a.subscribe((node, p, stripe) ->
        {
            throw new IllegalArgumentException("boom");
        });

        assertThatThrownBy(() -> rstat.remove(child)).hasMessage("boom");
        assertThatThrownBy(() -> rstat.remove(parent)).hasMessage("boom");

        assertThat(parent.isRemoved()).isTrue();
        assertThat(rstat.size()).isEqualTo(1);
    }

    @Test
    void anErrorThrownByAListenerMidFlushLosesNoDelta()
    {
        final Rstat rstat = Rstat.builder(schema).stripes(2).build();
        final StatGroup a = rstat.group("a");
        final RstatNode app = rstat.create(rstat.root(), 2, "app");
        final RstatNode x = rstat.create(app, 3, "x");
        final RstatNode y = rstat.create(app, 4, "y");
        a.add(0, x, 0, 1);
        a.add(0, y, 0, 10);
        a.add(1, y, 0, 100);
        final FlushListener fatal = (node, p, stripe) ->
        {
            throw new AssertionError("fatal in listener: node=" + node.name());
        };
        a.subscribe(fatal);

        assertThatThrownBy(() -> a.flush(rstat.root())).isInstanceOf(AssertionError.class);
        a.unsubscribe(fatal);
        a.flush(rstat.root());

        assertThat(a.subtree(rstat.root(), 0)).isEqualTo(111);
        assertThat(a.subtree(app, 0)).isEqualTo(111);
        assertThat(a.local(y, 0)).isEqualTo(110);
        assertThat(a.isUpdated(rstat.root())).isFalse();
    }

    @Test
    void thePeriodicFlusherSurvivesAThrowingListenerAndReportsIt()
    {
        final List<Throwable> reported = new CopyOnWriteArrayList<>();
        final Rstat rstat = Rstat.builder(schema).stripes(2)
            .flushPolicy(FlushPolicy.always().withPeriodicFlush(Duration.ofMillis(2)))
            .onPeriodicFlushFailure(reported::add)
            .build();
        try
        {
            final StatGroup a = rstat.group("a");
            final RstatNode n = rstat.create(rstat.root(), 2, "n");
            final AtomicBoolean failOnce = new AtomicBoolean(true);
            a.subscribe((node, p, stripe) ->
            {
                if (failOnce.getAndSet(false))
                {
                    throw new IllegalStateException("first periodic flush fails");
                }
            });
            a.add(0, n, 0, 1);
            assertThat(Pause.eventually(() -> !reported.isEmpty())).isTrue();

            a.add(1, n, 0, 2);

            assertThat(Pause.eventually(() -> a.subtree(rstat.root(), 0) == 3))
                .as("later periodic flushes still run").isTrue();
            assertThat(reported).hasSize(1);
            assertThat(reported.get(0)).hasMessage("first periodic flush fails");
            assertThat(rstat.periodicFlushFailures()).isEqualTo(1);
        }
        finally
        {
            rstat.close();
        }
    }
}
