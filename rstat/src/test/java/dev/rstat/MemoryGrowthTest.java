package dev.rstat;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 7, item 8: a tree's storage grows with its nodes; a tree holding only its root costs what one node costs
 * (plus bounded slack), whatever the number of statistics and stripes.
 */
class MemoryGrowthTest
{
    private static Schema wide(final int stats)
    {
        return Schema.builder().group("wide", g ->
        {
            for (int i = 0; i < stats; i++)
            {
                g.counter("c" + i);
            }
        }).build();
    }

    @Test
    void aRootOnlyTreeWithAThousandStatsAndSixteenStripesStaysSmall()
    {
        final Rstat rstat = Rstat.builder(wide(1_000)).stripes(16).build();
        final long perNode = 16L * (2 * 1_000 + 2) * Long.BYTES + 2L * 1_000 * Long.BYTES;

        assertThat(rstat.allocatedBytes()).as("one node needs %d bytes", perNode).isLessThan(perNode + 8 * 1024);
    }

    @Test
    void storageGrowsInProportionToTheNodes()
    {
        final Rstat rstat = Rstat.builder(wide(4)).stripes(2).build();
        final long empty = rstat.allocatedBytes();
        RstatNode parent = rstat.root();
        for (int i = 0; i < 10_000; i++)
        {
            parent = rstat.create(i % 100 == 0 ? rstat.root() : parent, i + 2, "n");
        }
        final long tenThousand = rstat.allocatedBytes();
        for (int i = 0; i < 90_000; i++)
        {
            rstat.create(rstat.root(), i + 20_000, "n");
        }
        final long hundredThousand = rstat.allocatedBytes();

        assertThat(empty).as("at most one chunk per array: 2 stripes' blocks, the totals, the slot table")
            .isLessThanOrEqualTo(3L * StatGroup.MAX_CHUNK_BYTES + 8 * 1024);
        final double perNodeAt10k = (tenThousand - empty) / 10_000.0;
        final double perNodeAt100k = (hundredThousand - empty) / 100_000.0;
        assertThat(perNodeAt10k).isBetween(200.0, 260.0);
        assertThat(perNodeAt100k).isBetween(200.0, 240.0);
    }
}
