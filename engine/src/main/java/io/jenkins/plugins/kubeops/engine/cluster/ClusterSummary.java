package io.jenkins.plugins.kubeops.engine.cluster;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Capacity and load of a whole cluster: what {@code kube-ops cluster info} prints and the {@code kubeClusterInfo} step returns.
 *
 * @param serverVersion the API server's git version, e.g. {@code v1.36.4}
 * @param nodes         all nodes
 * @param readyNodes    nodes whose {@code Ready} condition is {@code True}
 * @param scheduledPods non-terminal pods bound to a node (they hold requests)
 * @param pendingPods   non-terminal pods not yet bound to a node
 * @param allocatable   sum of the nodes' allocatable CPU and memory
 * @param requested     sum of the scheduled pods' effective requests ({@link PodRequests})
 */
public record ClusterSummary(String serverVersion, int nodes, int readyNodes, int scheduledPods, int pendingPods,
                             ResourceAmounts allocatable, ResourceAmounts requested) {

    /** Pure: summarises listed nodes and pods; terminal pods (Succeeded, Failed) are ignored. */
    public static ClusterSummary of(String serverVersion, Collection<Node> nodes, Collection<Pod> pods) {
        int ready = 0;
        ResourceAmounts allocatable = ResourceAmounts.ZERO;
        for (Node node : nodes) {
            if (isReady(node)) {
                ready++;
            }
            if (node.getStatus() != null) {
                allocatable = allocatable.plus(ResourceAmounts.of(node.getStatus().getAllocatable()));
            }
        }
        int scheduled = 0;
        int pending = 0;
        ResourceAmounts requested = ResourceAmounts.ZERO;
        for (Pod pod : pods) {
            if (isTerminal(pod) || pod.getSpec() == null) {
                continue;
            }
            String nodeName = pod.getSpec().getNodeName();
            if (nodeName == null || nodeName.isEmpty()) {
                pending++;
            } else {
                scheduled++;
                requested = requested.plus(PodRequests.effective(pod.getSpec()));
            }
        }
        return new ClusterSummary(serverVersion, nodes.size(), ready, scheduled, pending, allocatable, requested);
    }

    public static boolean isReady(Node node) {
        if (node.getStatus() == null || node.getStatus().getConditions() == null) {
            return false;
        }
        for (NodeCondition condition : node.getStatus().getConditions()) {
            if ("Ready".equals(condition.getType())) {
                return "True".equals(condition.getStatus());
            }
        }
        return false;
    }

    static boolean isTerminal(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    /**
     * The summary as a map of plain values with stable keys: the CLI's JSON output and the {@code kubeClusterInfo} step's
     * return value, so scripts written against one work against the other.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("serverVersion", serverVersion);
        map.put("nodes", nodes);
        map.put("readyNodes", readyNodes);
        map.put("scheduledPods", scheduledPods);
        map.put("pendingPods", pendingPods);
        map.put("allocatableCpuMillis", allocatable.cpuMillis());
        map.put("requestedCpuMillis", requested.cpuMillis());
        map.put("allocatableMemoryBytes", allocatable.memoryBytes());
        map.put("requestedMemoryBytes", requested.memoryBytes());
        return map;
    }

    /** Requested share of allocatable CPU, 0..1 (0 when nothing is allocatable). */
    public double cpuShare() {
        return allocatable.cpuMillis() == 0 ? 0 : (double) requested.cpuMillis() / allocatable.cpuMillis();
    }

    /** Requested share of allocatable memory, 0..1 (0 when nothing is allocatable). */
    public double memoryShare() {
        return allocatable.memoryBytes() == 0 ? 0 : (double) requested.memoryBytes() / allocatable.memoryBytes();
    }
}
