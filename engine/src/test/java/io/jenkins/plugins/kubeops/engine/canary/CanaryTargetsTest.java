package io.jenkins.plugins.kubeops.engine.canary;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CanaryTargetsTest {

    private static CanarySpec spec(boolean baseline) {
        return new CanarySpec("shop", "web", Map.of("web", "web:2"), List.of(new CanaryStep.SetWeight(10)), Optional.empty(),
                new RouterSpec.ReplicaRatio(), baseline, Duration.ZERO, Duration.ofMinutes(1), Map.of());
    }

    @Test
    void selectsEachRoleByItsPodLabelsAsPrometheusNamesThem() {
        AnalysisTargets targets = CanaryTargets.of(spec(true), Map.of("app.kubernetes.io/name", "web"));

        assertThat(targets.namespace()).isEqualTo("shop");
        assertThat(targets.canary()).containsExactlyInAnyOrderEntriesOf(Map.of("kube_ops_io_canary_of", "web",
                "kube_ops_io_canary_role", "canary"));
        assertThat(targets.baseline()).containsEntry("kube_ops_io_canary_role", "baseline");
        assertThat(targets.stable()).as("stable pods are those without a canary role")
                .containsExactlyInAnyOrderEntriesOf(Map.of("app_kubernetes_io_name", "web", "kube_ops_io_canary_role", ""));
        assertThat(targets.reference()).isEqualTo(AnalysisTargets.Role.BASELINE);
    }

    @Test
    void withoutABaselineTheCanaryIsComparedWithStable() {
        AnalysisTargets targets = CanaryTargets.of(spec(false), Map.of("app", "web"));

        assertThat(targets.baseline()).isNull();
        assertThat(targets.reference()).isEqualTo(AnalysisTargets.Role.STABLE);
        assertThat(MetricQuery.render("up{{{selector}}}", targets, AnalysisTargets.Role.STABLE))
                .isEqualTo("up{namespace=\"shop\",app=\"web\",kube_ops_io_canary_role=\"\"}");
    }
}
