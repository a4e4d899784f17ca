package dev.rstat.cgroup.report.chart;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Objects;

import dev.rstat.cgroup.report.Field;
import dev.rstat.cgroup.report.Sample;
import dev.rstat.cgroup.stat.StatInfo;
import dev.rstat.cgroup.stat.StatSign;
import dev.rstat.cgroup.stat.StatUnit;
import dev.rstat.cgroup.stat.ValueState;

/**
 * What a flame chart shows: one box per cgroup of a subtree of a {@link Sample}, laid out by {@link FlameLayout}
 * from one hierarchical value, each with its path, tooltip text and colour (by depth, or by a second value). The
 * HTML and SVG writers ({@link FlameHtml}, {@link FlameSvg}) draw it. Immutable.
 */
public final class FlameChart
{
    private static final double PERCENT = 100;
    private static final int PALETTE = 8;

    private final String title;
    private final String statName;
    private final StatUnit unit;
    private final String colorName;
    private final StatUnit colorUnit;
    private final String rootPath;
    private final String[] names;
    private final String[] labels;
    private final double[] values;
    private final String[] exact;
    private final String[] notes;
    private final double[] colorValues;
    private final FlameLayout layout;
    private final double colorMin;
    private final double colorMax;

    private FlameChart(final Builder b)
    {
        title = b.title;
        statName = b.statName;
        unit = b.unit;
        colorName = b.colorName;
        colorUnit = b.colorUnit;
        rootPath = b.rootPath;
        names = b.names;
        values = b.values;
        exact = b.exact;
        notes = b.notes;
        colorValues = b.colorValues;
        layout = FlameLayout.of(b.parents, b.values);
        labels = PathLabels.of(rootPath, names, b.parents);
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        if (colorValues != null)
        {
            for (final double c : colorValues)
            {
                if (!Double.isNaN(c))
                {
                    min = Math.min(min, c);
                    max = Math.max(max, c);
                }
            }
        }
        colorMin = min;
        colorMax = max;
    }

    /**
     * A chart of some rows of a sample.
     *
     * @param sample the sample.
     * @param rows   its rows in pre-order: the first is the chart's root, every other one's parent row comes before
     *               it (as {@code sample.rows(walk)} gives them for a {@code descendants_pre} walk).
     * @param value  the field the boxes' widths come from: a hierarchical value (a counter, a gauge, their rates, a
     *               {@code :subtree} sum).
     * @param color  the field that colours the boxes, or null to colour by depth.
     * @param title  the chart's title.
     * @return the chart.
     * @throws IllegalArgumentException if the rows are not a subtree in pre-order or the value is not hierarchical.
     */
    public static FlameChart of(final Sample sample, final int[] rows, final Field value, final Field color,
        final String title)
    {
        Objects.requireNonNull(value, "value");
        if (rows.length == 0)
        {
            throw new IllegalArgumentException("no cgroup to draw");
        }
        final StatInfo info = sample.info(value);
        if (!info.additive() || info.scope() != dev.rstat.cgroup.stat.StatScope.HIERARCHICAL)
        {
            throw new IllegalArgumentException("a flame chart needs a hierarchical value (a counter, a gauge, a " +
                "rate or a :subtree sum): stat=" + value.name(sample.columns()));
        }
        final int[] index = new int[sample.size()];
        Arrays.fill(index, -1);
        final Builder b = new Builder(rows.length);
        b.title = title;
        b.statName = value.name(sample.columns());
        b.unit = info.unit();
        b.rootPath = sample.path(rows[0]);
        final boolean rootDiffers = value.derivation() == dev.rstat.cgroup.report.Derivation.RAW &&
            sample.columns().catalog().rootComputedDifferently(sample.columns().name(value.column()));
        final StatInfo colorInfo = color == null ? null : sample.info(color);
        if (color != null)
        {
            b.colorName = color.name(sample.columns());
            b.colorUnit = colorInfo.unit();
            b.colorValues = new double[rows.length];
        }
        for (int i = 0; i < rows.length; i++)
        {
            final int row = rows[i];
            index[row] = i;
            final int parentRow = sample.parent(row);
            b.parents[i] = i == 0 ? -1 : parentRow < 0 ? -2 : index[parentRow];
            if (i > 0 && b.parents[i] < 0)
            {
                throw new IllegalArgumentException("the rows are not one subtree in pre-order: path=" +
                    sample.path(row));
            }
            b.names[i] = sample.name(row);
            b.values[i] = number(sample, row, value, info);
            b.exact[i] = Double.isNaN(b.values[i]) ? null : exact(sample.value(row, value), info);
            if (rootDiffers && sample.depth(row) == 0 && !Double.isNaN(b.values[i]))
            {
                // v1 root memory.usage_in_bytes: not its own share plus its children's; drawn as their sum
                b.notes[i] = "the kernel computes it differently at the hierarchy root (read: " +
                    Quantity.format(b.values[i], info.unit()) + "); drawn as its children's sum";
                b.values[i] = Double.NaN;
            }
            if (color != null)
            {
                b.colorValues[i] = number(sample, row, color, colorInfo);
            }
        }
        return new FlameChart(b);
    }

    private static double number(final Sample sample, final int row, final Field field, final StatInfo info)
    {
        if (sample.state(row, field) != ValueState.NUMBER)
        {
            return Double.NaN;
        }
        final long raw = sample.value(row, field);
        final double magnitude = info.sign() == StatSign.SIGNED || raw >= 0 ? raw :
            ((raw >>> 1) | (raw & 1)) * 2.0;
        return magnitude / Math.pow(10, info.scale());
    }

    private static String exact(final long raw, final StatInfo info)
    {
        final BigDecimal unscaled = info.sign() == StatSign.SIGNED || raw >= 0 ? BigDecimal.valueOf(raw) :
            new BigDecimal(Long.toUnsignedString(raw));
        return unscaled.movePointLeft(info.scale()).toPlainString();
    }

    /**
     * @return the number of boxes.
     */
    public int size()
    {
        return names.length;
    }

    /**
     * @return the layout of the boxes.
     */
    public FlameLayout layout()
    {
        return layout;
    }

    /**
     * @return the title.
     */
    public String title()
    {
        return title;
    }

    /**
     * @return the name of the value the widths come from.
     */
    public String statName()
    {
        return statName;
    }

    /**
     * @return the name of the value the colours come from, or null (by depth).
     */
    public String colorName()
    {
        return colorName;
    }

    /**
     * @return the root's path.
     */
    public String rootPath()
    {
        return rootPath;
    }

    /**
     * @param node a box.
     * @return its cgroup's directory name as read (not escaped).
     */
    public String name(final int node)
    {
        return names[node];
    }

    /**
     * @param node a box.
     * @return its path, printable and at most {@value PathLabels#MAX} characters (shortened in the middle).
     */
    public String label(final int node)
    {
        return labels[node];
    }

    /**
     * @param node a box.
     * @return its value as read in the value's unit, {@link Double#NaN} if it has none.
     */
    public double value(final int node)
    {
        return values[node];
    }

    /**
     * @param node a box.
     * @return its colour value, {@link Double#NaN} if none (or colour by depth).
     */
    public double colorValue(final int node)
    {
        return colorValues == null ? Double.NaN : colorValues[node];
    }

    /**
     * @param value a value of the chart's stat.
     * @return its human text with unit.
     */
    public String format(final double value)
    {
        return Quantity.format(value, unit);
    }

    /**
     * The tooltip of a box: the path; the value with its unit (and exact); the own share, absolute and as part of the
     * value; the share of the root; the colour value; and why a box is not drawn as read (no value, a negative value,
     * children that add up to more than the value).
     *
     * @param node a box.
     * @return lines separated by {@code \n}, printable.
     */
    public String tooltip(final int node)
    {
        final StringBuilder out = new StringBuilder(160);
        out.append(labels[node]).append('\n');
        final double drawn = layout.value(node);
        final double own = layout.own(node);
        out.append(statName).append(": ");
        if (layout.estimated(node))
        {
            out.append(notes[node] != null ? notes[node] : "not read; drawn as its children's sum").append(", ")
                .append(format(drawn));
        }
        else
        {
            out.append(format(values[node]));
            if (exact[node] != null && (unit == StatUnit.BYTES || unit == StatUnit.MICROSECONDS ||
                unit == StatUnit.NANOSECONDS) && !format(values[node]).equals(exact[node]))
            {
                out.append(" (").append(exact[node]).append(')');
            }
            if (values[node] < 0)
            {
                out.append(", drawn as 0");
            }
        }
        out.append("\nown share: ").append(format(own));
        if (drawn > 0 && own >= 0)
        {
            out.append(" (").append(Quantity.fixed(PERCENT * own / drawn, 1)).append("% of it)");
        }
        final double root = layout.value(0);
        out.append("\nof the root: ").append(Quantity.fixed(root > 0 ? PERCENT * drawn / root : 0.0, 1)).append('%');
        if (layout.clamped(node))
        {
            out.append("\nits children add up to more (live reads are not atomic); they are drawn scaled to fit");
        }
        if (colorName != null)
        {
            out.append('\n').append(colorName).append(": ").append(Quantity.format(colorValue(node), colorUnit));
        }
        return out.toString();
    }

    /**
     * The fill of a box: by depth (warm hues, a little varied by name so that siblings differ), or on a scale from
     * pale yellow (the lowest colour value) to dark red (the highest), grey without a colour value.
     *
     * @param node a box.
     * @return a CSS colour {@code #rrggbb}.
     */
    public String color(final int node)
    {
        if (colorName == null)
        {
            final int depth = layout.depth(node);
            final int vary = names[node].hashCode() & 0xf;
            final double hue = 10 + (depth % PALETTE) * 6 + vary;
            return hsl(hue, 0.75, 0.55 + (vary % 5) * 0.03);
        }
        final double c = colorValue(node);
        if (Double.isNaN(c))
        {
            return "#c8c8c8";
        }
        final double t = colorMax > colorMin ? (c - colorMin) / (colorMax - colorMin) : 1;
        return hsl(55 - 55 * t, 0.85, 0.85 - 0.5 * t);
    }

    /**
     * @return the lowest and highest colour values (infinite if none), for the legend.
     */
    public double[] colorRange()
    {
        return new double[] {colorMin, colorMax};
    }

    /**
     * @param value a colour value.
     * @return its human text.
     */
    public String formatColor(final double value)
    {
        return Quantity.format(value, colorUnit == null ? StatUnit.NONE : colorUnit);
    }

    private static String hsl(final double hueDegrees, final double s, final double l)
    {
        final double c = (1 - Math.abs(2 * l - 1)) * s;
        final double h = (hueDegrees % 360) / 60;
        final double x = c * (1 - Math.abs(h % 2 - 1));
        final double[] rgb = h < 1 ? new double[] {c, x, 0} : h < 2 ? new double[] {x, c, 0} :
            h < 3 ? new double[] {0, c, x} : h < 4 ? new double[] {0, x, c} : h < 5 ? new double[] {x, 0, c} :
            new double[] {c, 0, x};
        final double m = l - c / 2;
        final int packed = 1 << 24 | channel(rgb[0] + m) << 16 | channel(rgb[1] + m) << 8 | channel(rgb[2] + m);
        return "#" + Integer.toHexString(packed).substring(1);
    }

    private static int channel(final double v)
    {
        return (int)Math.round(Math.max(0, Math.min(1, v)) * 255);
    }

    /** The parts of a chart while they are gathered. */
    private static final class Builder
    {
        private String title;
        private String statName;
        private StatUnit unit;
        private String colorName;
        private StatUnit colorUnit;
        private String rootPath;
        private final int[] parents;
        private final String[] names;
        private final double[] values;
        private final String[] exact;
        private final String[] notes;
        private double[] colorValues;

        private Builder(final int size)
        {
            parents = new int[size];
            names = new String[size];
            values = new double[size];
            exact = new String[size];
            notes = new String[size];
        }
    }
}
