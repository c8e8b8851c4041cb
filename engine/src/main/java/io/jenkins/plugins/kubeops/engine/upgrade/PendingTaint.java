package io.jenkins.plugins.kubeops.engine.upgrade;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSpec;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import java.net.HttpURLConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The upgrade's {@code PreferNoSchedule} taint on the nodes still to be upgraded, so that pods evicted from a draining node
 * are placed on nodes already upgraded (or not in the upgrade) while those have room, instead of on a node that will be
 * drained later and move them again. {@code PreferNoSchedule} only weighs the scheduler's choice and never keeps a pod
 * unscheduled, so a taint left behind cannot strand anything. The taint's value is the operation id: only this upgrade's
 * taints are removed by it. Writes use the node's resourceVersion and are redone on a conflict.
 */
final class PendingTaint {

    static final String KEY = "kube-ops.io/upgrade-pending";

    private static final int CONFLICT_RETRIES = 10;

    private final KubernetesClient client;
    private final String operationId;

    PendingTaint(KubernetesClient client, String operationId) {
        this.client = client;
        this.operationId = value(operationId);
    }

    /** The taint's value: the operation id as a label value (at most 63 letters, digits, '-', '_', '.'). Pure. */
    static String value(String operationId) {
        String value = operationId.replaceAll("[^A-Za-z0-9_.-]", "-");
        value = value.substring(0, Math.min(63, value.length())).replaceAll("^[^A-Za-z0-9]+|[^A-Za-z0-9]+$", "");
        return value.isEmpty() ? "kube-ops" : value;
    }

    /** Taints the node (a missing node is left alone). */
    void add(String node) {
        change(node, true);
    }

    /** Removes this upgrade's taint from the node, if it is there. */
    void remove(String node) {
        change(node, false);
    }

    /** The nodes that carry the taint, of this or any other upgrade (one that died leaves it until resume or abort). */
    static List<String> carriers(KubernetesClient client) {
        return client.nodes().list().getItems().stream().filter(node -> node.getSpec() != null
                && node.getSpec().getTaints() != null && node.getSpec().getTaints().stream().anyMatch(t -> KEY.equals(t.getKey())))
                .map(node -> node.getMetadata().getName()).toList();
    }

    /** Removes this upgrade's taint from every node that carries it; returns the nodes changed. */
    List<String> removeEverywhere() {
        List<String> changed = new ArrayList<>();
        for (Node node : client.nodes().list().getItems()) {
            if (write(node, operationId, false).isPresent()) {
                change(node.getMetadata().getName(), false);
                changed.add(node.getMetadata().getName());
            }
        }
        return changed;
    }

    private void change(String nodeName, boolean present) {
        for (int attempt = 1; ; attempt++) {
            Node node = client.nodes().withName(nodeName).get();
            Optional<Node> write = node == null ? Optional.empty() : write(node, operationId, present);
            if (write.isEmpty()) {
                return;
            }
            try {
                client.nodes().resource(write.get()).update();
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
                    return;
                }
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt >= CONFLICT_RETRIES) {
                    throw new KubeOpsException("cannot " + (present ? "add" : "remove") + " the taint " + KEY + " on node "
                            + nodeName + ": " + e.getMessage() + " (check that the credentials may update nodes).", e);
                }
            }
        }
    }

    /** The node to write so that this operation's taint is present or not; empty when it already is as wanted. Pure. */
    static Optional<Node> write(Node node, String operationId, boolean present) {
        List<Taint> taints = node.getSpec() == null || node.getSpec().getTaints() == null ? List.of()
                : node.getSpec().getTaints();
        boolean ours = taints.stream().anyMatch(t -> KEY.equals(t.getKey()) && operationId.equals(t.getValue()));
        if (ours == present) {
            return Optional.empty();
        }
        List<Taint> changed = new ArrayList<>(taints);
        // Another operation's taint of the same key (an upgrade that died long ago) is replaced, never duplicated.
        changed.removeIf(t -> KEY.equals(t.getKey()) && (present || operationId.equals(t.getValue())));
        if (present) {
            changed.add(new TaintBuilder().withKey(KEY).withValue(operationId).withEffect("PreferNoSchedule").build());
        }
        Node copy = new io.fabric8.kubernetes.api.model.NodeBuilder(node).build();
        if (copy.getSpec() == null) {
            copy.setSpec(new NodeSpec());
        }
        copy.getSpec().setTaints(changed);
        return Optional.of(copy);
    }
}
