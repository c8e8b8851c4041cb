package io.jenkins.plugins.kubeops.engine.canary;

import static io.jenkins.plugins.kubeops.engine.canary.CanaryFixtures.image;
import static io.jenkins.plugins.kubeops.engine.canary.CanaryFixtures.replicas;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.jenkins.plugins.kubeops.engine.canary.CanaryState.Phase;
import io.jenkins.plugins.kubeops.engine.common.Progress;
import io.jenkins.plugins.kubeops.engine.testing.KubernetesClusterExtension;
import io.jenkins.plugins.kubeops.engine.testing.TestNamespace;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Gateway API and ingress-nginx routers' objects on the real API server, checked at every step. */
@ExtendWith(KubernetesClusterExtension.class)
class CanaryTrafficRoutersIT {

    private final List<String> log = new CopyOnWriteArrayList<>();
    private final List<String> observed = new CopyOnWriteArrayList<>();

    @Test
    void gatewayApiWeightsFollowTheStepsAndPromotionLeavesTheRouteAsItWas(TestNamespace namespace) throws Exception {
        GatewayApiCrds.install(namespace.client());
        CanaryFixtures.stableWorkload(namespace, 4);
        namespace.client().genericKubernetesResources(GatewayApiRouter.HTTP_ROUTE).inNamespace(namespace.name())
                .resource(Serialization.unmarshal("""
                        apiVersion: gateway.networking.k8s.io/v1
                        kind: HTTPRoute
                        metadata: {name: web}
                        spec:
                          parentRefs: [{name: public}]
                          rules:
                            - matches: [{path: {type: PathPrefix, value: /}}]
                              backendRefs: [{name: web, port: 80}]
                        """, GenericKubernetesResource.class)).create();
        String before = routeWeights(namespace);
        assertThat(before).as("the API server defaults a backendRef's weight").isEqualTo("web=1");
        CanarySpec spec = CanaryFixtures.spec(namespace, """
                baseline: true
                router:
                  gatewayApi: {httpRoute: web, stableService: web, port: 80}
                steps:
                  - setWeight: 20
                  - analysis: {interval: 1s, count: 1, metrics: [{name: error-rate, template: success-rate}]}
                  - setWeight: 60
                """);
        Progress progress = line -> {
            log.add(line);
            if (line.matches("step \\d+ of \\d+: weight \\d+% .*")) {
                observed.add(routeWeights(namespace) + " pods " + replicas(namespace, "web") + "/"
                        + replicas(namespace, "web-canary") + "/" + replicas(namespace, "web-baseline"));
            }
        };

        CanaryService.Report report = new CanaryService(namespace.client(), new ScriptedAnalysis(Verdict.SUCCESSFUL),
                Clock.systemUTC()).start(spec, "test", progress);

        assertThat(report.state().phase()).as(String.join("\n", log)).isEqualTo(Phase.PROMOTED);
        assertThat(observed).containsExactly("web=80 web-canary=20 pods 4/1/1", "web=40 web-canary=60 pods 4/3/3");
        assertThat(routeWeights(namespace)).isEqualTo(before);
        assertThat(namespace.client().services().inNamespace(namespace.name()).withName("web-canary").get()).isNull();
        assertThat(image(namespace, "web")).isEqualTo("registry.invalid/web:2");
        assertThat(replicas(namespace, "web-canary")).isZero();
        Map<String, String> canaryPodLabels = CanaryFixtures.deployment(namespace, "web-canary").getSpec().getTemplate()
                .getMetadata().getLabels();
        assertThat(canaryPodLabels).as("the stable Service must not reach the canary's pods").doesNotContainKey("app")
                .containsEntry(CanaryWorkloads.ROLE_LABEL, "canary").containsEntry("version", "v1");
    }

    @Test
    void nginxCanaryIngressCarriesTheWeightAndHeaderAndGoesAfterAnAbort(TestNamespace namespace) {
        CanaryFixtures.stableWorkload(namespace, 2);
        namespace.client().network().v1().ingresses().inNamespace(namespace.name()).resource(new IngressBuilder()
                .withNewMetadata().withName("web").addToAnnotations("nginx.ingress.kubernetes.io/proxy-body-size", "8m")
                .endMetadata().withNewSpec().withIngressClassName("nginx").addNewRule().withHost("web.example.com")
                .withNewHttp().addNewPath().withPath("/").withPathType("Prefix").withNewBackend().withNewService().withName("web")
                .withNewPort().withNumber(80).endPort().endService().endBackend().endPath().endHttp().endRule().endSpec().build())
                .create();
        CanarySpec spec = CanaryFixtures.spec(namespace, """
                router:
                  nginx: {ingress: web, canaryByHeader: X-Canary}
                abortScaleDownDelay: 1s
                steps:
                  - setWeight: 30
                  - analysis: {interval: 1s, count: 2, metrics: [{name: error-rate, template: success-rate}]}
                  - setWeight: 60
                """);
        Progress progress = line -> {
            log.add(line);
            if (line.matches("step \\d+ of \\d+: weight \\d+% .*") || line.startsWith("aborting")
                    || line.startsWith("the canary's pods keep running")) {
                observed.add(canaryIngress(namespace));
            }
        };

        CanaryService.Report report = new CanaryService(namespace.client(), new ScriptedAnalysis(Verdict.SUCCESSFUL,
                Verdict.FAILED), Clock.systemUTC()).start(spec, "test", progress);

        assertThat(report.state().phase()).as(String.join("\n", log)).isEqualTo(Phase.ABORTED);
        assertThat(observed).containsExactly(
                "web-canary -> web-canary weight 30 header X-Canary class nginx host web.example.com",
                "web-canary -> web-canary weight 30 header X-Canary class nginx host web.example.com",
                "web-canary -> web-canary weight 0 header - class nginx host web.example.com");
        assertThat(namespace.client().network().v1().ingresses().inNamespace(namespace.name()).withName("web-canary").get())
                .isNull();
        assertThat(namespace.client().network().v1().ingresses().inNamespace(namespace.name()).withName("web").get()
                .getMetadata().getAnnotations()).doesNotContainKey(NginxIngressRouter.CANARY);
        assertThat(replicas(namespace, "web")).isEqualTo(2);
        assertThat(replicas(namespace, "web-canary")).isZero();
        assertThat(image(namespace, "web")).isEqualTo("registry.invalid/web:1");
    }

    /** "web=80 web-canary=20" from the live HTTPRoute ("-" for a backendRef without weight). */
    @SuppressWarnings("unchecked")
    private static String routeWeights(TestNamespace namespace) {
        GenericKubernetesResource route = namespace.client().genericKubernetesResources(GatewayApiRouter.HTTP_ROUTE)
                .inNamespace(namespace.name()).withName("web").get();
        List<Map<String, Object>> rules = (List<Map<String, Object>>) ((Map<String, Object>) route.getAdditionalProperties()
                .get("spec")).get("rules");
        return String.join(" ", ((List<Map<String, Object>>) rules.get(0).get("backendRefs")).stream()
                .map(ref -> ref.get("name") + "=" + (ref.get("weight") == null ? "-" : ref.get("weight"))).toList());
    }

    private static String canaryIngress(TestNamespace namespace) {
        Ingress canary = namespace.client().network().v1().ingresses().inNamespace(namespace.name()).withName("web-canary").get();
        if (canary == null) {
            return "none";
        }
        Map<String, String> annotations = canary.getMetadata().getAnnotations();
        return canary.getMetadata().getName() + " -> " + canary.getSpec().getRules().get(0).getHttp().getPaths().get(0)
                .getBackend().getService().getName() + " weight " + annotations.get(NginxIngressRouter.WEIGHT) + " header "
                + annotations.getOrDefault(NginxIngressRouter.BY_HEADER, "-") + " class "
                + canary.getSpec().getIngressClassName() + " host " + canary.getSpec().getRules().get(0).getHost()
                + ("true".equals(annotations.get(NginxIngressRouter.CANARY)) ? "" : " NOT MARKED CANARY");
    }
}
