package io.jenkins.plugins.kubeops.engine.canary;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The objects the traffic routers write, computed without a cluster (the ITs check them on the real API server). */
class TrafficRouterObjectsTest {

    private static final CanarySpec SPEC = new CanarySpec("shop", "web", Map.of("web", "web:2"),
            List.of(new CanaryStep.SetWeight(10)), Optional.empty(), new RouterSpec.ReplicaRatio(), false, Duration.ZERO,
            Duration.ofMinutes(1), Map.of());

    private static GenericKubernetesResource route(String yaml) {
        return Serialization.unmarshal(yaml, GenericKubernetesResource.class);
    }

    private final GatewayApiRouter gateway = new GatewayApiRouter(null, SPEC,
            new RouterSpec.GatewayApi("web", "web", "web-canary", 8080), null, 4, Duration.ofMinutes(1));

    @Test
    void gatewayWeightsOnlyTheRulesThatReachTheStableServiceAndRestoresTheOriginalWeight() {
        GenericKubernetesResource route = route("""
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: web, annotations: {kube-ops.io/canary-stable-weight: "5"}}
                spec:
                  rules:
                    - backendRefs: [{name: web, port: 8080, weight: 5}, {name: legacy, port: 80, weight: 1}]
                    - backendRefs: [{name: docs, port: 80}]
                    - filters: [{type: RequestRedirect, requestRedirect: {scheme: https}}]
                """);

        gateway.weigh(route, 10);
        gateway.weigh(route, 30);

        assertThat(Serialization.asJson(route.getAdditionalProperties().get("spec"))).isEqualTo("{\"rules\":["
                + "{\"backendRefs\":[{\"name\":\"web\",\"port\":8080,\"weight\":70},{\"name\":\"legacy\",\"port\":80,\"weight\":1},"
                + "{\"name\":\"web-canary\",\"port\":8080,\"weight\":30}]},"
                + "{\"backendRefs\":[{\"name\":\"docs\",\"port\":80}]},"
                + "{\"filters\":[{\"type\":\"RequestRedirect\",\"requestRedirect\":{\"scheme\":\"https\"}}]}]}");

        gateway.restore(route);

        assertThat(Serialization.asJson(route.getAdditionalProperties().get("spec"))).startsWith("{\"rules\":["
                + "{\"backendRefs\":[{\"name\":\"web\",\"port\":8080,\"weight\":5},{\"name\":\"legacy\",\"port\":80,\"weight\":1}]},");
        assertThat(route.getMetadata().getAnnotations()).doesNotContainKey(GatewayApiRouter.ORIGINAL_WEIGHT);
    }

    @Test
    void gatewayIgnoresARefWithTheStableNameOfAnotherKind() {
        GenericKubernetesResource route = route("""
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: web}
                spec:
                  rules:
                    - backendRefs: [{name: web, kind: ServiceImport, group: multicluster.x-k8s.io, port: 8080}]
                """);

        gateway.weigh(route, 50);

        assertThat(Serialization.asJson(route.getAdditionalProperties().get("spec"))).doesNotContain("web-canary");
    }

    @Test
    void nginxCanaryIngressCopiesRulesPointsThemAtTheCanaryAndMarksIt() {
        NginxIngressRouter nginx = new NginxIngressRouter(null, SPEC, new RouterSpec.NginxIngress("web", "web-canary",
                Optional.of("X-Canary"), Optional.of("yes")), null, 4, Duration.ofMinutes(1));
        Ingress stable = Serialization.unmarshal("""
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata:
                  name: web
                  annotations:
                    nginx.ingress.kubernetes.io/proxy-body-size: 8m
                    kubectl.kubernetes.io/last-applied-configuration: "{}"
                spec:
                  ingressClassName: nginx
                  tls: [{hosts: [web.example.com], secretName: web-tls}]
                  rules:
                    - host: web.example.com
                      http:
                        paths:
                          - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
                          - {path: /api, pathType: Prefix, backend: {service: {name: web, port: {name: http}}}}
                """, Ingress.class);

        Ingress canary = nginx.canaryCopy(stable, 25);

        assertThat(canary.getMetadata().getName()).isEqualTo("web-canary");
        assertThat(canary.getMetadata().getAnnotations()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "nginx.ingress.kubernetes.io/proxy-body-size", "8m", NginxIngressRouter.CANARY, "true",
                NginxIngressRouter.WEIGHT, "25", NginxIngressRouter.BY_HEADER, "X-Canary",
                NginxIngressRouter.BY_HEADER_VALUE, "yes"));
        assertThat(canary.getSpec().getRules().get(0).getHttp().getPaths()).extracting(path -> path.getBackend().getService()
                .getName()).containsExactly("web-canary", "web-canary");
        assertThat(canary.getSpec().getRules().get(0).getHttp().getPaths().get(1).getBackend().getService().getPort().getName())
                .isEqualTo("http");
        assertThat(canary.getSpec().getTls()).hasSize(1);
        assertThat(stable.getSpec().getRules().get(0).getHttp().getPaths().get(0).getBackend().getService().getName())
                .as("the stable Ingress object is not changed").isEqualTo("web");
        assertThat(NginxIngressRouter.backendServices(stable)).containsExactly("web");
    }
}
