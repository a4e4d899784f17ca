package dev.rstat.cgroup.report.render;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The structural checker must reject what the specifications forbid, or the tests that use it prove nothing. */
class ExpositionCheckerTest
{
    private static final String GOOD = "# TYPE a_seconds counter\n# UNIT a_seconds seconds\n# HELP a_seconds x \\\" y\n"
        + "a_seconds_total{cgroup=\"/\",id=\"1\",scope=\"subtree\"} 1.5\n"
        + "# TYPE b gauge\n# HELP b y\nb{cgroup=\"/q\\\"\\n\\\\\",id=\"2\",scope=\"self\"} +Inf\n# EOF\n";

    @Test
    void acceptsAValidExposition()
    {
        assertThat(ExpositionChecker.check(GOOD, true).get("b").samples().get(0).labels())
            .containsEntry("cgroup", "/q\"\n\\");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // no EOF
        "# TYPE b gauge\nb{cgroup=\"/\",id=\"1\",scope=\"self\"} 1\n",
        // family interleaved
        "# TYPE b gauge\nb{cgroup=\"/\",id=\"1\",scope=\"self\"} 1\n# TYPE c gauge\nc{cgroup=\"/\",id=\"1\",scope=\"self\"} 1\n"
            + "# TYPE b gauge\n# EOF\n",
        // repeated HELP
        "# TYPE b gauge\n# HELP b x\n# HELP b y\nb{cgroup=\"/\",id=\"1\",scope=\"self\"} 1\n# EOF\n",
        // unit not a suffix
        "# TYPE b gauge\n# UNIT b bytes\nb{cgroup=\"/\",id=\"1\",scope=\"self\"} 1\n# EOF\n",
        // counter sample without _total
        "# TYPE b counter\nb{cgroup=\"/\",id=\"1\",scope=\"self\"} 1\n# EOF\n",
        // duplicate series
        "# TYPE b gauge\nb{cgroup=\"/\",id=\"1\",scope=\"self\"} 1\nb{cgroup=\"/\",id=\"1\",scope=\"self\"} 2\n# EOF\n",
        // missing scope
        "# TYPE b gauge\nb{cgroup=\"/\",id=\"1\"} 1\n# EOF\n",
        // bad escape in a label value
        "# TYPE b gauge\nb{cgroup=\"\\t\",id=\"1\",scope=\"self\"} 1\n# EOF\n",
        // unescaped quote in OpenMetrics HELP
        "# TYPE b gauge\n# HELP b say \"x\"\nb{cgroup=\"/\",id=\"1\",scope=\"self\"} 1\n# EOF\n",
        // timestamp
        "# TYPE b gauge\nb{cgroup=\"/\",id=\"1\",scope=\"self\"} 1 1700000000\n# EOF\n",
        // negative counter
        "# TYPE b counter\nb_total{cgroup=\"/\",id=\"1\",scope=\"self\"} -1\n# EOF\n",
        // invalid metric name
        "# TYPE 1b gauge\n1b{cgroup=\"/\",id=\"1\",scope=\"self\"} 1\n# EOF\n",
        // other comment
        "# hello\n# TYPE b gauge\nb{cgroup=\"/\",id=\"1\",scope=\"self\"} 1\n# EOF\n",
        // metadata after samples
        "# TYPE b gauge\nb{cgroup=\"/\",id=\"1\",scope=\"self\"} 1\n# HELP b late\n# EOF\n",
    })
    void rejectsWhatOpenMetricsForbids(final String text)
    {
        assertThatThrownBy(() -> ExpositionChecker.check(text, true)).isInstanceOf(AssertionError.class);
    }

    @Test
    void rejectsOpenMetricsLinesInPrometheusText()
    {
        assertThatThrownBy(() -> ExpositionChecker.check(GOOD, false)).isInstanceOf(AssertionError.class);
    }
}
