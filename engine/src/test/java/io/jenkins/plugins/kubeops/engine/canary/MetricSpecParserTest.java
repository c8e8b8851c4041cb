package io.jenkins.plugins.kubeops.engine.canary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.kubeops.engine.canary.MetricDefinition.Direction;
import io.jenkins.plugins.kubeops.engine.canary.MetricDefinition.Judging;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricSpecParserTest {

    private static final String PATH = "steps[1].analysis.metrics[0]";

    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    @Test
    void successRateTemplateComparesByDefault() {
        MetricDefinition metric = MetricSpecParser.parse(PATH, map("name", "success-rate", "template", "success-rate",
                "window", "30s"));
        assertThat(metric.judge()).isEqualTo(Judging.COMPARE);
        assertThat(metric.direction()).isEqualTo(Direction.LOWER_IS_WORSE);
        assertThat(metric.tolerance()).isEqualTo(0.005);
        assertThat(metric.relativeTolerance()).isZero();
        assertThat(metric.step()).isEmpty();
        assertThat(metric.sampleStep(Duration.ofMinutes(1))).isEqualTo(Duration.ofSeconds(6));
        assertThat(metric.sampleStep(Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(1));
        assertThat(metric.query()).isEqualTo("sum(rate(http_requests_total{{{selector}},code!~\"5..\"}[30s])) / "
                + "sum(rate(http_requests_total{{{selector}}}[30s]))");
    }

    @Test
    void comparisonsTakeEachSampleOverItsOwnStepAndThresholdsOverAMinute() {
        MetricDefinition compare = MetricSpecParser.parse(PATH, map("name", "rate", "template", "success-rate"));
        assertThat(compare.query()).isEqualTo("sum(rate(http_requests_total{{{selector}},code!~\"5..\"}[{{step}}])) / "
                + "sum(rate(http_requests_total{{{selector}}}[{{step}}]))");
        AnalysisTargets targets = new AnalysisTargets("", Map.of("app", "web"), null, Map.of("app", "web"));
        assertThat(MetricQuery.render(compare.query(), targets, AnalysisTargets.Role.CANARY, Duration.ofMillis(6500),
                Duration.ofMinutes(1))).endsWith("sum(rate(http_requests_total{app=\"web\"}[6500ms]))");
        MetricDefinition threshold = MetricSpecParser.parse(PATH, map("name", "rate", "template", "success-rate", "min",
                0.99));
        assertThat(threshold.query()).endsWith("sum(rate(http_requests_total{{{selector}}}[1m]))");
    }

    @Test
    void latencyTemplateWithAThresholdReadsTheHistogram() {
        MetricDefinition metric = MetricSpecParser.parse(PATH, map("name", "p95", "template", "latency", "quantile", 0.95,
                "metric", "rpc_seconds", "max", "0.5"));
        assertThat(metric.judge()).isEqualTo(Judging.THRESHOLD);
        assertThat(metric.max()).hasValue(0.5);
        assertThat(metric.query()).isEqualTo("histogram_quantile(0.95, sum by (le) (rate(rpc_seconds_bucket{{{selector}}}"
                + "[1m])))");
    }

    @Test
    void customQueryKeepsItsTextAndDefaults() {
        MetricDefinition metric = MetricSpecParser.parse(PATH, map("name", "cpu", "query",
                "sum(rate(cpu_seconds_total{{{selector}}}[1m]))", "direction", "higher-is-worse", "confidence", 0.95,
                "step", "5s"));
        assertThat(metric.judge()).isEqualTo(Judging.COMPARE);
        assertThat(metric.confidence()).isEqualTo(0.95);
        assertThat(metric.relativeTolerance()).isEqualTo(0.1);
        assertThat(metric.sampleStep(Duration.ofMinutes(5))).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void errorsNameTheFieldPathAndTheFix() {
        assertRejected(map("template", "success-rate"), PATH + ".name is missing: e.g. success-rate.");
        assertRejected(map("name", "x"), PATH + " needs exactly one of template (success-rate, latency) and query");
        assertRejected(map("name", "x", "template", "errors"), PATH + ".template 'errors' is not a built-in template: "
                + "use success-rate or latency, or write the PromQL under query.");
        assertRejected(map("name", "x", "template", "latency", "max", "fast"), PATH + ".max 'fast' is not a number: "
                + "use e.g. 0.5.");
        assertRejected(map("name", "x", "template", "latency", "quantile", 99), PATH + ".quantile 99.0 must be between 0 "
                + "and 1, e.g. 0.99.");
        assertRejected(map("name", "x", "template", "latency", "judge", "compare", "max", 1), PATH + ".min/max apply to "
                + "judge: threshold");
        assertRejected(map("name", "x", "template", "latency", "judge", "threshold"), PATH + " is judged by threshold but "
                + "has neither min nor max: add e.g. min: 0.99.");
        assertRejected(map("name", "x", "template", "success-rate", "min", 0.99, "max", 0.5), PATH + ".min 0.99 is above "
                + "max 0.5");
        assertRejected(map("name", "x", "template", "success-rate", "confidence", 1), PATH + ".confidence 1.0 must be "
                + "above 0.5 and below 1, e.g. 0.99.");
        assertRejected(map("name", "x", "template", "success-rate", "direction", "up"), PATH + ".direction 'up' is unknown");
        assertRejected(map("name", "x", "template", "success-rate", "window", "soon"), PATH + ".window 'soon' is not a "
                + "duration");
        assertRejected(map("name", "x", "template", "success-rate", "metric", "http-requests"), PATH + ".metric "
                + "'http-requests' is not a Prometheus metric name.");
        assertRejected(map("name", "x", "template", "success-rate", "minSamples", 2), PATH + ".minSamples 2 is too few");
        assertRejected(map("name", "x", "template", "success-rate", "min", 0.9, "step", "5s"), PATH + ".step applies to "
                + "judge: compare only");
        assertRejected(map("name", "x", "template", "success-rate", "thresold", 2), PATH + ".thresold is not a known field");
        assertRejected(map("name", "x", "query", "sum(rate(x[1m]))"), PATH + ".query has no placeholder, so canary and "
                + "baseline would read the same series");
        assertRejected(map("name", "x", "query", "x{pod=~\"{{pods}}\"}"), PATH + ".query uses {{pods}}, which is unknown");
        assertRejected(map("name", "x", "query", "rate(x[{{step}}])"), PATH + ".query has no placeholder, so canary");
        assertRejected(map("name", "x", "query", "x{{{selector}}}", "quantile", 0.9), PATH + ".quantile applies to the "
                + "built-in templates only");
    }

    @Test
    void listsKeepTheSettingsAsWrittenAndRejectDuplicateNames() {
        List<MetricSpec> specs = MetricSpec.parseList("analysis.metrics", List.of(
                map("name", "rate", "template", "success-rate", "min", 0.99),
                map("name", "p99", "template", "latency")));
        assertThat(specs).extracting(MetricSpec::name).containsExactly("rate", "p99");
        assertThat(specs.get(0).settings()).isEqualTo(Map.of("template", "success-rate", "min", 0.99));
        assertThat(specs.get(0).definition().min()).hasValue(0.99);
        assertThatThrownBy(() -> MetricSpec.parseList("analysis.metrics", List.of(map("name", "a", "template", "latency"),
                map("name", "a", "template", "latency")))).hasMessage("analysis.metrics[1].name 'a' is used twice: give each "
                + "metric its own name.");
        assertThat(new MetricSpec("p99", Map.of("template", "latency", "quantile", 2)).validate("steps[0].analysis.metrics[1]")
                .message()).isEqualTo("steps[0].analysis.metrics[1].quantile 2.0 must be between 0 and 1, e.g. 0.99.");
        assertThat(specs.get(1).validate("x").isError()).isFalse();
        assertThatThrownBy(() -> MetricSpec.parseList("analysis.metrics", List.of()))
                .hasMessageStartingWith("analysis.metrics must be a non-empty list of metrics");
    }

    @Test
    void analysisPolicyReadsCountsAndLimitsWithArgoDefaults() {
        AnalysisPolicy policy = AnalysisPolicy.fromMap("steps[2].analysis", map("interval", "30s", "count", 4,
                "metrics", List.of()));
        assertThat(policy).isEqualTo(new AnalysisPolicy(Duration.ofSeconds(30), 4, 0, 4, 0));
        assertThatThrownBy(() -> AnalysisPolicy.fromMap("steps[2].analysis", map("failureLimit", -1)))
                .hasMessage("steps[2].analysis.failureLimit '-1' must be a whole number, 0 or more.");
        assertThatThrownBy(() -> AnalysisPolicy.fromMap("steps[2].analysis", map("interval", "0s")))
                .hasMessageStartingWith("steps[2].analysis.interval is 0");
    }

    private static void assertRejected(Map<String, Object> fields, String messageStart) {
        assertThatThrownBy(() -> MetricSpecParser.parse(PATH, fields)).isInstanceOf(KubeOpsException.class)
                .hasMessageStartingWith(messageStart);
    }
}
