package dev.rstat.examples.micrometer;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static dev.rstat.examples.micrometer.MicrometerScrape.APPS;
import static dev.rstat.examples.micrometer.MicrometerScrape.OPEN;
import static dev.rstat.examples.micrometer.MicrometerScrape.TENANTS;
import static org.assertj.core.api.Assertions.assertThat;

class MicrometerScrapeTest
{
    private static final int REQUESTS = 300;
    private static final Pattern SAMPLE = Pattern.compile("^([a-z_]+)\\{(.*)\\} (\\S+)$");
    private static final Pattern PATH = Pattern.compile("path=\"([^\"]*)\"");

    @Test
    void theScrapeShowsEveryTenantAndAppWithWhatTheThreadsServed() throws Exception
    {
        final Map<String, Double> series = new HashMap<>();
        final Set<String> paths = new HashSet<>();
        for (final String line : MicrometerScrape.scrape(REQUESTS, 1).split("\n"))
        {
            final Matcher m = SAMPLE.matcher(line);
            if (m.matches())
            {
                series.put(m.group(1) + "{" + m.group(2) + "}", Double.parseDouble(m.group(3)));
                final Matcher p = PATH.matcher(m.group(2));
                if (p.find())
                {
                    paths.add(p.group(1));
                }
            }
        }

        final Set<String> expectedPaths = new HashSet<>(Set.of("/"));
        for (final String tenant : TENANTS)
        {
            expectedPaths.add("/" + tenant);
            APPS.forEach(app -> expectedPaths.add("/" + tenant + "/" + app));
            assertThat(series.get(count("/" + tenant, "subtree"))).isEqualTo(APPS.size() * REQUESTS);
            assertThat(series.get(count("/" + tenant, "self"))).isEqualTo(0);
            assertThat(series.get(count("/" + tenant + "/" + APPS.get(0), "self"))).isEqualTo(REQUESTS);
            assertThat(series.get("rstat_requests_inflight{path=\"/" + tenant + "\",scope=\"subtree\"}"))
                .isEqualTo(APPS.size() * OPEN);
        }
        assertThat(paths).isEqualTo(expectedPaths);
        assertThat(series.get(count("/", "subtree"))).isEqualTo(TENANTS.size() * APPS.size() * REQUESTS);
        assertThat(series.get("rstat_requests_inflight_max{path=\"/\",scope=\"subtree\"}")).isEqualTo(OPEN);
        assertThat(series.get("rstat_requests_inflight_zero{path=\"/\",scope=\"subtree\"}"))
            .as("the root and the tenants serve nothing themselves").isEqualTo(1 + TENANTS.size());
        assertThat(series.get("rstat_requests_latency_count_total{path=\"/\",scope=\"subtree\"}"))
            .isEqualTo(TENANTS.size() * APPS.size() * (REQUESTS - OPEN));
        final double p50 = series.get(percentile("0.5"));
        final double p99 = series.get(percentile("0.99"));
        // the latencies are 200 µs times a log-normal factor: the median within a factor of two of 200 µs
        assertThat(p50).isBetween(100e-6, 400e-6);
        assertThat(p99).isGreaterThan(p50);
    }

    private static String percentile(final String phi)
    {
        return "rstat_requests_latency_percentile_seconds{path=\"/\",phi=\"" + phi + "\",scope=\"subtree\"}";
    }

    private static String count(final String path, final String scope)
    {
        return "rstat_requests_count_total{path=\"" + path + "\",scope=\"" + scope + "\"}";
    }
}
