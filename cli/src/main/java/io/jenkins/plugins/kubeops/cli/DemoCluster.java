package io.jenkins.plugins.kubeops.cli;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;

/**
 * Gives the CLI's local cluster something to look at: nodes of two sizes in two node groups, and a workload that keeps one
 * of the large nodes busy, so {@code cluster info} shows load and {@code pools rank} (with docs/examples/pools.yaml) has a
 * real choice to make. Idempotent: what exists is left as it is.
 */
public final class DemoCluster {

    public static final String GROUP_LABEL = "kube-ops.demo/group";

    private DemoCluster() {
    }

    public static void seed(KubernetesClient client) {
        node(client, "demo-small-1", "8", "32Gi", "small");
        node(client, "demo-small-2", "8", "32Gi", "small");
        node(client, "demo-large-1", "32", "128Gi", "large");
        node(client, "demo-large-2", "32", "128Gi", "large");
        namespace(client, "demo-apps");
        namespace(client, "ci-agents");
        // 20 CPU on one large node and 6 on a small one: the groups are no longer equally free.
        pod(client, "database", "demo-large-1", "20", "64Gi");
        pod(client, "cache", "demo-small-1", "6", "8Gi");
    }

    private static void node(KubernetesClient client, String name, String cpu, String memory, String group) {
        if (client.nodes().withName(name).get() != null) {
            return;
        }
        Map<String, Quantity> size = Map.of("cpu", new Quantity(cpu), "memory", new Quantity(memory), "pods", new Quantity("110"));
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName(name).addToLabels(GROUP_LABEL, group)
                .addToLabels("kubernetes.io/hostname", name).addToAnnotations("kwok.x-k8s.io/node", "fake").endMetadata()
                .withNewStatus().withAllocatable(size).withCapacity(size).endStatus().build()).create();
    }

    private static void namespace(KubernetesClient client, String name) {
        if (client.namespaces().withName(name).get() == null) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
        }
    }

    private static void pod(KubernetesClient client, String name, String node, String cpu, String memory) {
        if (client.pods().inNamespace("demo-apps").withName(name).get() != null) {
            return;
        }
        // Bound directly to its node: it needs no service account and no scheduler pass.
        client.pods().inNamespace("demo-apps").resource(new PodBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withNodeName(node).withAutomountServiceAccountToken(false)
                .withContainers(new ContainerBuilder().withName(name).withImage("registry.invalid/" + name + ":1")
                        .withNewResources().addToRequests("cpu", new Quantity(cpu)).addToRequests("memory", new Quantity(memory))
                        .endResources().build()).endSpec().build()).create();
    }
}
