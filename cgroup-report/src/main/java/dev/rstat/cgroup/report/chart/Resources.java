package dev.rstat.cgroup.report.chart;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The scripts and style sheets the charts inline, read from the class path once. */
final class Resources
{
    private Resources()
    {
    }

    /**
     * @param name a resource next to this class ({@code flame.js}).
     * @return its text.
     */
    static String text(final String name)
    {
        try (InputStream in = Resources.class.getResourceAsStream(name))
        {
            if (in == null)
            {
                throw new IllegalStateException("missing resource: name=" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read resource: name=" + name, ex);
        }
    }
}
