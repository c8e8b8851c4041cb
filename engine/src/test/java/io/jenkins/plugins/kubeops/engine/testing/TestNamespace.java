package io.jenkins.plugins.kubeops.engine.testing;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.kubeops.engine.cluster.ClusterSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One test's slice of the shared cluster: a fresh namespace, plus any fake nodes the test creates. Both are removed after
 * the test.
 */
public final class TestNamespace {

    private final KubernetesClusterExtension.TestCluster cluster;
    private final String name;
    private final List<String> nodes = new ArrayList<>();

    TestNamespace(KubernetesClusterExtension.TestCluster cluster, String name) {
        this.cluster = cluster;
        this.name = name;
    }

    public String name() {
        return name;
    }

    public KubernetesClient client() {
        return cluster.client();
    }

    public KubernetesClusterExtension.TestCluster cluster() {
        return cluster;
    }

    /**
     * Creates a kwok-managed fake node with the given allocatable CPU and memory (e.g. "4", "16Gi") and labels; kwok marks it
     * Ready. Its name is prefixed with the namespace so that nodes of different tests never collide.
     */
    public Node createNode(String suffix, String cpu, String memory, Map<String, String> labels) {
        String nodeName = name + "-" + suffix;
        Map<String, Quantity> resources = Map.of("cpu", new Quantity(cpu), "memory", new Quantity(memory),
                "pods", new Quantity("110"));
        Node node = new NodeBuilder()
                .withNewMetadata().withName(nodeName)
                .addToAnnotations("kwok.x-k8s.io/node", "fake")
                .addToLabels("type", "kwok").addToLabels("kubernetes.io/hostname", nodeName)
                .addToLabels("kube-ops.test/namespace", name).addToLabels(labels)
                .endMetadata()
                .withNewStatus().withAllocatable(resources).withCapacity(resources).endStatus()
                .build();
        nodes.add(nodeName);
        return client().nodes().resource(node).create();
    }

    /** Waits (bounded) until all nodes this test created report Ready. */
    public void awaitNodesReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        for (String node : nodes) {
            Waits.until(deadline, "node " + node + " Ready",
                    () -> {
                        Node current = client().nodes().withName(node).get();
                        return current != null && ClusterSummary.isReady(current);
                    });
        }
    }

    void cleanUp() {
        // Pods first and at once: namespace deletion is asynchronous, and pods left bound to the deleted test nodes would
        // count as requested load in the next tests' cluster-wide figures.
        client().apps().deployments().inNamespace(name).delete();
        client().apps().statefulSets().inNamespace(name).delete();
        client().apps().daemonSets().inNamespace(name).delete();
        client().apps().replicaSets().inNamespace(name).delete();
        client().batch().v1().jobs().inNamespace(name).delete();
        client().pods().inNamespace(name).withGracePeriod(0).delete();
        for (String node : nodes) {
            client().nodes().withName(node).delete();
        }
        client().namespaces().withName(name).delete();
    }
}
