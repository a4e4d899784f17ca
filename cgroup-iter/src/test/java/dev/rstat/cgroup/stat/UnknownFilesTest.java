package dev.rstat.cgroup.stat;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UnknownFilesTest
{
    private final ReaderFixture v2 = new ReaderFixture();

    @Test
    void detectsSingleValue()
    {
        v2.parse("foo.current", "5\n");
        assertThat(v2.names()).containsExactly("foo.current");
        assertThat(v2.value("foo.current")).isEqualTo(5L);
        assertThat(v2.info("foo.current")).isEqualTo(StatInfo.UNKNOWN);
        assertThat(v2.info("foo.current").additive()).isFalse();
    }

    @Test
    void detectsFlatKeyed()
    {
        v2.parse("foo.stat", "a 1\nb max\n");
        assertThat(v2.value("foo.stat.a")).isEqualTo(1L);
        assertThat(v2.state("foo.stat.b")).isEqualTo(ValueState.MAX);
    }

    @Test
    void detectsNestedKeyed()
    {
        v2.parse("rdma.foo", "mlx4_0 hca_handle=2 hca_object=max\n");
        assertThat(v2.value("rdma.foo.mlx4_0.hca_handle")).isEqualTo(2L);
        assertThat(v2.state("rdma.foo.mlx4_0.hca_object")).isEqualTo(ValueState.MAX);
    }

    @Test
    void detectsDeviceKeyed()
    {
        v2.parse("blkio.foo", "8:0 Read 1\nTotal 1\n");
        assertThat(v2.value("blkio.foo.8:0.Read")).isEqualTo(1L);
        assertThat(v2.value("blkio.foo.Total")).isEqualTo(1L);
    }

    @Test
    void keepsAnythingElseAsText()
    {
        v2.parse("foo.text", "hello world\nsecond line\n");
        v2.parseMore("foo.word", "frozen\n");
        assertThat(v2.text("foo.text")).isEqualTo("hello world\nsecond line");
        assertThat(v2.text("foo.word")).isEqualTo("frozen");
        assertThat(v2.warnings).isEmpty();
    }

    @Test
    void ignoresEmptyUnknownFile()
    {
        v2.parse("foo.empty", "\n");
        assertThat(v2.names()).isEmpty();
        assertThat(v2.warnings).isEmpty();
    }
}
