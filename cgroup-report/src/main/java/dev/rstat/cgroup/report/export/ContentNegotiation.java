package dev.rstat.cgroup.report.export;

import java.util.Locale;

/**
 * Chooses between OpenMetrics and the Prometheus text format from an HTTP {@code Accept} header, the way Prometheus
 * and client_golang do: OpenMetrics only when the client asks for {@code application/openmetrics-text} (version
 * absent, {@code 1.0.0} or {@code 0.0.1}) with a quality at least as high as that of {@code text/plain} (version
 * absent or {@code 0.0.4}), {@code text/*} and {@code *}{@code /*}; the Prometheus text format otherwise, including
 * when there is no header or nothing in it matches. Stateless.
 */
final class ContentNegotiation
{
    private static final String OPENMETRICS = "application/openmetrics-text";

    private ContentNegotiation()
    {
    }

    /**
     * Whether to answer with OpenMetrics.
     *
     * @param accept the Accept header, or null.
     * @return true for OpenMetrics, false for the Prometheus text format.
     */
    static boolean prefersOpenMetrics(final String accept)
    {
        if (accept == null || accept.isBlank())
        {
            return false;
        }
        double openMetrics = 0;
        double text = 0;
        for (final String range : accept.split(","))
        {
            final String[] parts = range.split(";");
            final String type = parts[0].trim().toLowerCase(Locale.ROOT);
            double quality = 1;
            String version = null;
            for (int i = 1; i < parts.length; i++)
            {
                final String parameter = parts[i].trim();
                final int eq = parameter.indexOf('=');
                if (eq < 0)
                {
                    continue;
                }
                final String name = parameter.substring(0, eq).trim().toLowerCase(Locale.ROOT);
                final String value = parameter.substring(eq + 1).trim();
                if ("q".equals(name))
                {
                    quality = quality(value);
                }
                else if ("version".equals(name))
                {
                    version = value;
                }
            }
            if (OPENMETRICS.equals(type) && (version == null || "1.0.0".equals(version) || "0.0.1".equals(version)))
            {
                openMetrics = Math.max(openMetrics, quality);
            }
            else if (("text/plain".equals(type) && (version == null || "0.0.4".equals(version))) ||
                "text/*".equals(type) || "*/*".equals(type))
            {
                text = Math.max(text, quality);
            }
        }
        return openMetrics > 0 && openMetrics >= text;
    }

    private static double quality(final String value)
    {
        try
        {
            final double q = Double.parseDouble(value);
            return q >= 0 && q <= 1 ? q : 0;
        }
        catch (final NumberFormatException ex)
        {
            return 0;
        }
    }
}
