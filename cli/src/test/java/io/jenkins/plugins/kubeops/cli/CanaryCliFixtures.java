package io.jenkins.plugins.kubeops.cli;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.jenkins.plugins.kubeops.engine.testing.TestNamespace;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The stable workload the CLI's canary tests start from. */
final class CanaryCliFixtures {

    private CanaryCliFixtures() {
    }

    /** A kwok node, Deployment web (image registry.invalid/web:1) with {@code replicas} available, and Service web. */
    static void stableWeb(TestNamespace namespace, int replicas) {
        namespace.createNode("worker", "16", "32Gi", Map.of());
        namespace.awaitNodesReady(Duration.ofSeconds(60));
        namespace.client().apps().deployments().inNamespace(namespace.name()).resource(new DeploymentBuilder().withNewMetadata()
                .withName("web").endMetadata().withNewSpec().withReplicas(replicas).withNewSelector().addToMatchLabels("app", "web")
                .endSelector().withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata().withNewSpec()
                .addNewContainer().withName("web").withImage("registry.invalid/web:1").endContainer().endSpec().endTemplate()
                .endSpec().build()).create();
        namespace.client().services().inNamespace(namespace.name()).resource(new ServiceBuilder().withNewMetadata().withName("web")
                .endMetadata().withNewSpec().addToSelector("app", "web").addNewPort().withPort(80).withTargetPort(new IntOrString(8080))
                .endPort().endSpec().build()).create();
        namespace.client().apps().deployments().inNamespace(namespace.name()).withName("web").waitUntilCondition(d -> d != null
                && d.getStatus() != null && Integer.valueOf(replicas).equals(d.getStatus().getAvailableReplicas()), 60,
                TimeUnit.SECONDS);
    }
}
