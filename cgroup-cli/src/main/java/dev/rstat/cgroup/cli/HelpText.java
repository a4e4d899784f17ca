package dev.rstat.cgroup.cli;

import java.util.ListResourceBundle;

import dev.rstat.cgroup.stat.StatCatalog;

/**
 * The help texts that name the catalog's default file lists, built from the catalog (picocli reads option
 * descriptions from this bundle by their {@code descriptionKey}), so that the lists are written down in one place.
 */
public final class HelpText extends ListResourceBundle
{
    /**
     * Creates the bundle (the JDK instantiates it).
     */
    public HelpText()
    {
    }

    @Override
    protected Object[][] getContents()
    {
        final StatCatalog v2 = StatCatalog.v2();
        final StatCatalog v1 = StatCatalog.v1();
        return new Object[][] {
            {"walk.stats", "Files to read, comma-separated, or 'all'. Default on v2: " + list(v2.defaultFiles()) +
                "; on v1: " + list(v1.defaultFiles()) + ". Files no cgroup has give no column."},
            {"serve.stats", "Files to read, or 'all'. Default on v2: " + list(v2.exportFiles()) + "; on v1: " +
                list(v1.exportFiles()) + "."},
        };
    }

    private static String list(final java.util.List<String> files)
    {
        return String.join(", ", files);
    }
}
