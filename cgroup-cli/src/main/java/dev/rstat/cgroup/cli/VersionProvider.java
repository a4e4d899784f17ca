package dev.rstat.cgroup.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import picocli.CommandLine;

/**
 * Reads the project version from the filtered {@code version.properties} resource.
 */
public final class VersionProvider implements CommandLine.IVersionProvider
{
    /**
     * Creates the provider (picocli instantiates it).
     */
    public VersionProvider()
    {
    }

    /**
     * @return the project version, or {@code unknown}.
     */
    static String version()
    {
        try (InputStream in = VersionProvider.class.getResourceAsStream("version.properties"))
        {
            if (in == null)
            {
                return "unknown";
            }
            final Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        }
        catch (final IOException ex)
        {
            return "unknown";
        }
    }

    @Override
    public String[] getVersion()
    {
        return new String[] {
            "cgroup-walk " + version(),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
    }
}
