package dev.rstat.cgroup.stat;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ColumnsTest
{
    private final Columns columns = new Columns();

    @Test
    void internsNamesInFirstSeenOrder()
    {
        assertThat(columns.intern("memory.current")).isZero();
        assertThat(columns.intern("cpu.stat.usage_usec")).isEqualTo(1);
        assertThat(columns.intern("memory.current")).isZero();
        assertThat(columns.size()).isEqualTo(2);
        assertThat(columns.name(1)).isEqualTo("cpu.stat.usage_usec");
        assertThat(columns.id("cpu.stat.usage_usec")).isEqualTo(1);
        assertThat(columns.id("io.stat.8:0.rbytes")).isEqualTo(-1);
    }

    @Test
    void derivesFileAndMeaningFromTheCatalog()
    {
        final int rbytes = columns.intern("io.stat.8:0.rbytes");
        final int avg10 = columns.intern("cpu.pressure.some.avg10");
        final int unknown = columns.intern("foo.bar");
        assertThat(columns.file(rbytes)).isEqualTo("io.stat");
        assertThat(columns.info(rbytes)).isEqualTo(StatInfo.counter(StatScope.HIERARCHICAL, StatUnit.BYTES));
        assertThat(columns.file(avg10)).isEqualTo("cpu.pressure");
        assertThat(columns.scale(avg10)).isEqualTo(2);
        assertThat(columns.scale(rbytes)).isZero();
        assertThat(columns.file(unknown)).isEqualTo("foo.bar");
        assertThat(columns.info(unknown)).isEqualTo(StatInfo.UNKNOWN);
    }

    @Test
    void keepsTheMeaningOfAPreInternedColumn()
    {
        final int column = columns.intern("memory.stat.anon");
        assertThat(columns.intern("memory.stat.anon", "other", StatInfo.UNKNOWN)).isEqualTo(column);
        assertThat(columns.file(column)).isEqualTo("memory.stat");
        assertThat(columns.info(column).unit()).isEqualTo(StatUnit.BYTES);
    }

    @Test
    void usesTheCatalogItWasGiven()
    {
        final Columns v1 = new Columns(StatCatalog.v1());
        assertThat(v1.catalog()).isSameAs(StatCatalog.v1());
        assertThat(v1.info(v1.intern("memory.stat.cache")).scope()).isEqualTo(StatScope.LOCAL);
        assertThat(columns.catalog()).isSameAs(StatCatalog.v2());
    }

    @Test
    void growsPastItsInitialCapacity()
    {
        for (int i = 0; i < 1000; i++)
        {
            assertThat(columns.intern("foo.stat.k" + i)).isEqualTo(i);
        }
        assertThat(columns.name(999)).isEqualTo("foo.stat.k999");
        assertThat(columns.file(999)).isEqualTo("foo.stat.k999");
    }

    @Test
    void rejectsUnknownIds()
    {
        assertThatThrownBy(() -> columns.name(0))
            .isInstanceOf(IndexOutOfBoundsException.class)
            .hasMessage("unknown column: column=0 size=0");
    }
}
