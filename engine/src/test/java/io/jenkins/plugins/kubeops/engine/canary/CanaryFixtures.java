package io.jenkins.plugins.kubeops.engine.canary;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.jenkins.plugins.kubeops.engine.testing.TestNamespace;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

/** The stable workload canary ITs start from: Deployment {@code web} (image web:1) behind Service {@code web} (app=web). */
final class CanaryFixtures {

    private CanaryFixtures() {
    }

    static void stableWorkload(TestNamespace namespace, int replicas) {
        namespace.createNode("worker", "32", "64Gi", Map.of());
        namespace.awaitNodesReady(Duration.ofSeconds(60));
        Deployment web = new DeploymentBuilder().withNewMetadata().withName("web").addToLabels("app", "web").endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().addToMatchLabels("app", "web").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "web").addToLabels("version", "v1").endMetadata()
                .withNewSpec().addNewContainer().withName("web").withImage("registry.invalid/web:1").addNewPort()
                .withContainerPort(8080).endPort().endContainer().endSpec().endTemplate().endSpec().build();
        namespace.client().apps().deployments().inNamespace(namespace.name()).resource(web).create();
        namespace.client().services().inNamespace(namespace.name()).resource(new ServiceBuilder().withNewMetadata()
                .withName("web").endMetadata().withNewSpec().addToSelector("app", "web").addNewPort().withName("http")
                .withPort(80).withTargetPort(new IntOrString(8080)).endPort().endSpec().build()).create();
        namespace.client().apps().deployments().inNamespace(namespace.name()).withName("web")
                .waitUntilCondition(d -> d != null && d.getStatus() != null && Integer.valueOf(replicas)
                        .equals(d.getStatus().getAvailableReplicas()), 60, java.util.concurrent.TimeUnit.SECONDS);
    }

    static CanarySpec spec(TestNamespace namespace, String yamlBody) {
        return CanarySpecParser.fromYaml("spec.yaml", "target: {deployment: web}\nimages: {web: registry.invalid/web:2}\n"
                + yamlBody, Optional.of(namespace.name()));
    }

    static Deployment deployment(TestNamespace namespace, String name) {
        return namespace.client().apps().deployments().inNamespace(namespace.name()).withName(name).get();
    }

    static int replicas(TestNamespace namespace, String name) {
        Deployment deployment = deployment(namespace, name);
        return deployment == null ? 0 : deployment.getSpec().getReplicas();
    }

    static String image(TestNamespace namespace, String name) {
        return deployment(namespace, name).getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    }

    /** The system clock, movable forward: stands in for time passing while no process drives a canary. */
    static final class MovableClock extends Clock {
        private volatile Duration offset = Duration.ZERO;

        void advance(Duration by) {
            offset = offset.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset);
        }
    }
}
