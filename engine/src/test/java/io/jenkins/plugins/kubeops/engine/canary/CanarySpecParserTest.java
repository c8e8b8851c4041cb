package io.jenkins.plugins.kubeops.engine.canary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CanarySpecParserTest {

    private static final String FULL = """
            target: {namespace: shop, deployment: web}
            images: {web: registry.example.com/web:2.0.0}
            baseline: true
            router:
              gatewayApi: {httpRoute: web, stableService: web, port: 80}
            steps:
              - setWeight: 10
              - pause: {duration: 90s}
              - analysis:
                  interval: 30s
                  count: 4
                  failureLimit: 1
                  consecutiveErrorLimit: 3
                  metrics:
                    - {name: error-rate, template: success-rate}
              - pause: {}
              - setWeight: 50
            backgroundAnalysis:
              startingStep: 1
              interval: 1m
              metrics:
                - {name: latency, template: latency, quantile: 0.99}
            abortScaleDownDelay: 10s
            rolloutTimeout: 5m
            """;

    @Test
    void readsEveryPartOfAFullSpec() {
        CanarySpec spec = CanarySpecParser.fromYaml("spec.yaml", FULL, Optional.empty());

        assertThat(spec.target()).isEqualTo("shop/web");
        assertThat(spec.images()).containsExactly(Map.entry("web", "registry.example.com/web:2.0.0"));
        assertThat(spec.baseline()).isTrue();
        assertThat(spec.router()).isEqualTo(new RouterSpec.GatewayApi("web", "web", "web-canary", 80));
        assertThat(spec.steps()).hasSize(5);
        assertThat(spec.steps().get(0)).isEqualTo(new CanaryStep.SetWeight(10));
        assertThat(spec.steps().get(1)).isEqualTo(new CanaryStep.Pause(Optional.of(Duration.ofSeconds(90))));
        CanaryAnalysisSettings analysis = ((CanaryStep.Analysis) spec.steps().get(2)).settings();
        assertThat(analysis.interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(analysis.policy()).isEqualTo(new AnalysisPolicy(Duration.ofSeconds(30), 4, 1, 3, 0));
        assertThat(analysis.metrics()).extracting(MetricSpec::name).containsExactly("error-rate");
        assertThat(((CanaryStep.Pause) spec.steps().get(3)).untilPromoted()).isTrue();
        assertThat(spec.background()).hasValueSatisfying(background -> {
            assertThat(background.startingStep()).isEqualTo(1);
            assertThat(background.settings().policy()).as("runs until promotion").isEqualTo(new AnalysisPolicy(
                    Duration.ofMinutes(1), 0, 0, AnalysisPolicy.DEFAULT_CONSECUTIVE_ERROR_LIMIT, 0));
        });
        assertThat(spec.abortScaleDownDelay()).isEqualTo(Duration.ofSeconds(10));
        assertThat(spec.rolloutTimeout()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void fillsDefaultsAndTakesTheNamespaceFromTheCaller() {
        CanarySpec spec = CanarySpecParser.fromMap(Map.of("target", Map.of("deployment", "web"), "images", Map.of("web", "web:2"),
                "steps", List.of(Map.of("setWeight", 20))), Optional.of("team-a"));

        assertThat(spec.namespace()).isEqualTo("team-a");
        assertThat(spec.router()).isEqualTo(new RouterSpec.ReplicaRatio());
        assertThat(spec.baseline()).isFalse();
        assertThat(spec.background()).isEmpty();
        assertThat(spec.abortScaleDownDelay()).isEqualTo(CanarySpec.DEFAULT_ABORT_SCALE_DOWN_DELAY);
    }

    @Test
    void namesEveryBadFieldByItsPathWithTheFix() {
        List<String> problems = CanarySpecParser.problems(Map.of(
                "target", Map.of("deployment", "Web_App"),
                "images", Map.of("web", "has space"),
                "steps", List.of(Map.of("setWeight", 20), Map.of("pause", Map.of("duration", "soon")),
                        Map.of("setWeight", 120), Map.of("analysis", Map.of("interval", "0s", "count", 0,
                                "metrics", List.of(Map.of("name", "error-rate")))), Map.of("puase", Map.of()),
                        Map.of("analysis", Map.of("count", 0, "metrics", List.of(Map.of("name", "ok", "template", "success-rate"))))),
                "router", Map.of("nginx", Map.of("canaryByHeaderValue", "yes"))), Optional.empty());

        assertThat(problems).containsExactlyInAnyOrder(
                "target.namespace is missing: give the Deployment's namespace (spec target.namespace, CLI -n).",
                "target.deployment: Deployment name 'Web_App' is invalid: use lower-case letters, digits and '-', starting and "
                        + "ending with a letter or digit (e.g. 'web').",
                "images.web: 'has space' is not an image reference: use e.g. registry.example.com/web:1.4.2.",
                "steps[1].pause.duration 'soon' is not a duration: use e.g. 90s, 10m or 1h30m.",
                "steps[2].setWeight: '120' is not a weight: use a whole number of percent from 0 to 100 (e.g. setWeight: 20).",
                "steps[3].analysis.metrics[0] needs exactly one of template (success-rate, latency) and query (custom PromQL "
                        + "with {{selector}}).",
                "steps[3].analysis.interval is 0: use e.g. 30s or 1m (the time between two measurements).",
                "steps[5].analysis.count is 0: a step's analysis needs at least one round (use backgroundAnalysis for one that "
                        + "runs until promotion).",
                "steps[4].puase is not a step: use setWeight, pause or analysis.",
                "router.nginx.ingress is missing: name the Ingress.",
                "router.nginx.canaryByHeaderValue needs canaryByHeader: name the header too (e.g. canaryByHeader: X-Canary).");
    }

    @Test
    void rejectsUnknownFieldsAndAnalysesWithoutMetrics() {
        assertThatThrownBy(() -> CanarySpecParser.fromYaml("spec.yaml", """
                target: {namespace: shop, deployment: web}
                images: {web: web:2}
                replicas: 3
                steps:
                  - analysis: {count: 2}
                """, Optional.empty()))
                .isInstanceOf(KubeOpsException.class)
                .hasMessageContaining("spec.yaml has 2 problems")
                .hasMessageContaining("replicas is not a known field: use abortScaleDownDelay, backgroundAnalysis, baseline, "
                        + "images, rolloutTimeout, router, steps, target.")
                .hasMessageContaining("steps[0].analysis.metrics is missing");
    }

    @Test
    void theReleaseOwningTheDeploymentFollowsTheDeployEnginesNameRule() {
        Map<String, Object> document = Map.of("target", Map.of("namespace", "shop", "deployment", "web", "release", "shop-web"),
                "images", Map.of("web", "web:2"), "steps", List.of(Map.of("setWeight", 10)));
        assertThat(CanarySpecParser.fromMap(document, Optional.empty()).release()).hasValue("shop-web");
        assertThat(CanarySpecParser.fromMap(Map.of("target", Map.of("namespace", "shop", "deployment", "web"), "images",
                Map.of("web", "web:2"), "steps", List.of(Map.of("setWeight", 10))), Optional.empty()).release()).isEmpty();
        assertThat(CanarySpecParser.problems(Map.of("target", Map.of("namespace", "shop", "deployment", "web", "release",
                "Shop_Web"), "images", Map.of("web", "web:2"), "steps", List.of(Map.of("setWeight", 10))), Optional.empty()))
                .containsExactly("target.release: release name 'Shop_Web' is invalid: use lower-case letters, digits and '-', "
                        + "at most 53 characters, starting and ending with a letter or digit (e.g. 'web-frontend').");
    }

    @Test
    void aStepHasExactlyOneKind() {
        assertThat(CanarySpecParser.problems(Map.of("target", Map.of("namespace", "shop", "deployment", "web"),
                "images", Map.of("web", "web:2"), "steps", List.of(Map.of("setWeight", 10, "pause", Map.of()))), Optional.empty()))
                .singleElement().asString().startsWith("steps[0] must have exactly one of setWeight, pause, analysis (it has ");
    }

    @Test
    void backgroundAnalysisMustStartAtAnExistingStep() {
        assertThat(CanarySpecParser.problems(Map.of("target", Map.of("namespace", "shop", "deployment", "web"),
                "images", Map.of("web", "web:2"), "steps", List.of(Map.of("setWeight", 10)),
                "backgroundAnalysis", Map.of("startingStep", 3, "metrics", List.of(Map.of("name", "m", "template", "latency")))),
                Optional.empty()))
                .containsExactly("backgroundAnalysis.startingStep: '3' is not a step index: use 0 to 0 (steps are counted from 0).");
    }

    @Test
    void routerSettingsAreCheckedWithTheirPaths() {
        Map<String, Object> base = Map.of("target", Map.of("namespace", "shop", "deployment", "web"),
                "images", Map.of("web", "web:2"), "steps", List.of(Map.of("setWeight", 10)));
        java.util.function.Function<Map<String, Object>, List<String>> problems = router -> {
            Map<String, Object> document = new java.util.LinkedHashMap<>(base);
            document.put("router", router);
            return CanarySpecParser.problems(document, Optional.empty());
        };

        assertThat(problems.apply(Map.of("gatewayApi", Map.of("httpRoute", "web", "stableService", "web"))))
                .containsExactly("router.gatewayApi.port is missing: give the Services' port the route sends traffic to "
                        + "(e.g. port: 80).");
        assertThat(problems.apply(Map.of("nginx", Map.of("ingress", "web", "canaryByHeader", "X Canary"))))
                .containsExactly("router.nginx.canaryByHeader: 'X Canary' is not an HTTP header name: use e.g. X-Canary.");
        assertThat(problems.apply(Map.of("istio", Map.of()))).containsExactly("router.istio is not a router: use replicaRatio, "
                + "gatewayApi or nginx.");
        assertThat(problems.apply(Map.of("replicaRatio", Map.of(), "nginx", Map.of()))).singleElement().asString()
                .startsWith("router must have exactly one of replicaRatio, gatewayApi, nginx");
        assertThat(problems.apply(Map.of("nginx", Map.of("ingress", "web", "canaryByHeader", "X-Canary",
                "canaryByHeaderValue", "yes")))).isEmpty();
    }
}
