package dev.rstat;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SchemaTest
{
    @Test
    void declaresGroupsAndStatsInOrder()
    {
        final Schema schema = Schema.builder()
            .group("requests", g -> g.counter("count").counter("bytes").gauge("inflight"))
            .group("cpu", g -> g.counter("usage_usec"))
            .build();

        assertThat(schema.groups()).extracting(GroupSchema::name).containsExactly("requests", "cpu");
        final GroupSchema requests = schema.group("requests");
        assertThat(requests.indexOf("inflight")).isEqualTo(2);
        assertThat(requests.kind(2)).isEqualTo(StatKind.GAUGE);
        assertThat(requests.kind(0)).isEqualTo(StatKind.COUNTER);
        assertThat(requests.toString()).isEqualTo("requests{count:COUNTER[SUM], bytes:COUNTER[SUM], inflight:GAUGE[SUM]}");
    }

    @Test
    void rejectsDuplicatesUnknownNamesAndEmptySchemas()
    {
        assertThatThrownBy(() -> Schema.builder().group("a", g -> g.counter("x").gauge("x")))
            .hasMessage("duplicate stat: group=a stat=x");
        assertThatThrownBy(() -> Schema.builder().group("a", g -> { }).group("a", g -> { }))
            .hasMessage("duplicate stat group: group=a");
        assertThatThrownBy(() -> Schema.builder().build()).isInstanceOf(IllegalStateException.class);
        final Schema schema = Schema.builder().group("a", g -> g.counter("x")).build();
        assertThatThrownBy(() -> schema.group("b")).hasMessage("unknown stat group: group=b");
        assertThatThrownBy(() -> schema.group("a").indexOf("y")).hasMessageContaining("stat=y");
    }
}
