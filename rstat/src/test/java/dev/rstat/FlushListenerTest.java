package dev.rstat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FlushListenerTest
{
    private final Schema schema = Schema.builder().group("hook", g -> { }).group("other", g -> g.counter("c")).build();
    private final Rstat rstat = Rstat.builder(schema).stripes(3).build();
    private final StatGroup hook = rstat.group("hook");

    @Test
    void listenerSeesNodeParentAndStripeForEveryUpdatedPair()
    {
        final RstatNode a = rstat.create(rstat.root(), 2, "a");
        final RstatNode b = rstat.create(a, 3, "b");
        final List<String> calls = new ArrayList<>();
        hook.subscribe((node, parent, stripe) ->
            calls.add(node.name() + "<" + (parent == null ? "-" : parent.name()) + "@" + stripe));

        hook.updated(2, b);
        hook.updated(0, a);
        hook.flush(rstat.root());

        assertThat(calls).containsExactlyInAnyOrder("a<" + "/@0", "/<-@0", "b<a@2", "a</@2", "/<-@2");
        assertThat(calls.indexOf("b<a@2")).isLessThan(calls.indexOf("a</@2"));
        calls.clear();
        hook.flush(rstat.root());
        assertThat(calls).as("nothing pending, nothing called").isEmpty();
    }

    @Test
    void aThrowingListenerDoesNotStopTheFlushAndIsRethrownAfterIt()
    {
        final StatGroup other = rstat.group("other");
        final RstatNode a = rstat.create(rstat.root(), 2, "a");
        final FlushListener bad = (node, parent, stripe) ->
        {
            throw new IllegalStateException("boom: node=" + node.name());
        };
        other.subscribe(bad);
        other.add(0, a, 0, 4);
        other.add(1, a, 0, 5);

        assertThatThrownBy(() -> other.flush(rstat.root())).hasMessageStartingWith("boom");
        assertThat(other.subtree(rstat.root(), 0)).isEqualTo(9);
        assertThat(other.isUpdated(rstat.root())).isFalse();

        assertThat(other.unsubscribe(bad)).isTrue();
        assertThat(other.unsubscribe(bad)).isFalse();
        other.add(2, a, 0, 1);
        other.flush(rstat.root());
        assertThat(other.subtree(rstat.root(), 0)).isEqualTo(10);
    }

    @Test
    void flushingOneGroupNeverWalksAnother()
    {
        final StatGroup other = rstat.group("other");
        final RstatNode a = rstat.create(rstat.root(), 2, "a");
        other.add(0, a, 0, 1);
        hook.updated(1, a);

        other.flush(rstat.root());

        assertThat(hook.isUpdated(a)).isTrue();
        assertThat(hook.nodesFlushedCount()).isZero();
        assertThat(other.isUpdated(a)).isFalse();
    }
}
