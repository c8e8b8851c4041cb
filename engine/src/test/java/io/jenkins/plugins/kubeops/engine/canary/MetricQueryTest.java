package io.jenkins.plugins.kubeops.engine.canary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.kubeops.engine.canary.AnalysisTargets.Role;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricQueryTest {

    private static final AnalysisTargets TARGETS = new AnalysisTargets("shop", Map.of("app", "web", "version", "v2"),
            Map.of("app", "web", "version", "v1", "track", "baseline"), Map.of("app", "web", "version", "v1"));

    @Test
    void selectorHoldsTheNamespaceAndEachTargetsMatchersInOrder() {
        String template = "sum(rate(http_requests_total{{{selector}},code!~\"5..\"}[1m]))";
        assertThat(MetricQuery.render(template, TARGETS, Role.CANARY))
                .isEqualTo("sum(rate(http_requests_total{namespace=\"shop\",app=\"web\",version=\"v2\",code!~\"5..\"}[1m]))");
        assertThat(MetricQuery.render(template, TARGETS, Role.BASELINE)).contains("track=\"baseline\",version=\"v1\"");
    }

    @Test
    void podLabelKeysBecomePrometheusLabelNames() {
        AnalysisTargets targets = new AnalysisTargets("shop", Map.of("kube-ops.io/canary-role", "canary"), null,
                Map.of("app.kubernetes.io/name", "web"));
        assertThat(MetricQuery.render("m{{{selector}}}", targets, Role.CANARY))
                .isEqualTo("m{namespace=\"shop\",kube_ops_io_canary_role=\"canary\"}");
        assertThat(MetricQuery.labelName("9lives")).isEqualTo("_9lives");
    }

    @Test
    void versionRoleAndNamespacePlaceholders() {
        assertThat(MetricQuery.render("x{v=\"{{version}}\",r=\"{{ role }}\",ns=\"{{namespace}}\"}", TARGETS, Role.STABLE))
                .isEqualTo("x{v=\"v1\",r=\"stable\",ns=\"shop\"}");
    }

    @Test
    void valuesAreEscapedAsPromQLStrings() {
        AnalysisTargets odd = new AnalysisTargets("", Map.of("path", "a\"b\\c"), null, Map.of("app", "x"));
        assertThat(MetricQuery.render("m{{{selector}}}", odd, Role.CANARY)).isEqualTo("m{path=\"a\\\"b\\\\c\"}");
        assertThat(odd.reference()).isEqualTo(Role.STABLE);
        assertThatThrownBy(() -> MetricQuery.render("m{v=\"{{version}}\"}", odd, Role.CANARY))
                .hasMessageContaining("no version label matcher");
    }

    @Test
    void targetsWithoutMatchersAreRejectedWhenQueried() {
        AnalysisTargets noBaseline = new AnalysisTargets("shop", Map.of("app", "web"), null, Map.of());
        assertThatThrownBy(() -> MetricQuery.render("m{{{selector}}}", noBaseline, Role.BASELINE))
                .hasMessage("the baseline has no label matchers (no baseline runs): a query without them would measure "
                        + "every series.");
        assertThatThrownBy(() -> MetricQuery.render("m{{{selector}}}", noBaseline, Role.STABLE))
                .hasMessageStartingWith("the stable has no label matchers:");
    }
}
