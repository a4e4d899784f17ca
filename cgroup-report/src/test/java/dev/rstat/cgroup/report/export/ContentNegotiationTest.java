package dev.rstat.cgroup.report.export;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;

import static org.assertj.core.api.Assertions.assertThat;

class ContentNegotiationTest
{
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // what Prometheus 2.x sends
        "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
            + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1",
        "application/openmetrics-text",
        "Application/OpenMetrics-Text; version=1.0.0; charset=utf-8",
        "application/openmetrics-text;version=0.0.1",
        "text/plain;q=0.5, application/openmetrics-text;q=0.9",
        "application/openmetrics-text, text/plain",
    })
    void choosesOpenMetricsWhenAskedForAtLeastAsMuchAsText(final String accept)
    {
        assertThat(ContentNegotiation.prefersOpenMetrics(accept)).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "*/*",
        "text/plain;version=0.0.4",
        "text/plain",
        "application/json",
        "application/openmetrics-text;version=2.0.0",
        "application/openmetrics-text;q=0",
        "application/openmetrics-text;q=0.4, text/plain;version=0.0.4;q=0.5",
        "application/openmetrics-text;q=0.4, */*",
        "application/openmetrics-text;q=nonsense",
        "application/openmetrics-text;q=7",
    })
    void choosesPrometheusTextOtherwise(final String accept)
    {
        assertThat(ContentNegotiation.prefersOpenMetrics(accept)).isFalse();
    }

    @ParameterizedTest
    @NullAndEmptySource
    void choosesPrometheusTextWithoutAnAcceptHeader(final String accept)
    {
        assertThat(ContentNegotiation.prefersOpenMetrics(accept)).isFalse();
    }
}
