package io.jenkins.plugins.kubeops.engine.upgrade;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import java.net.HttpURLConnection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Cordons and uncordons nodes, marking each node it cordons with the operation that did it, so that an operation can later
 * uncordon exactly the nodes it cordoned: a node someone else cordoned (kubectl, an autoscaler, another operation) is
 * reported and never uncordoned here. Writes use the node's resourceVersion, so a concurrent change is read again, never
 * overwritten.
 */
public final class NodeCordon {

    /** Holds the id of the operation that cordoned the node. */
    public static final String CORDONED_BY = "kube-ops.io/cordoned-by";

    private static final int CONFLICT_RETRIES = 5;

    public enum Outcome {
        /** This call cordoned the node. */
        CORDONED,
        /** The node was already cordoned by this operation. */
        ALREADY_CORDONED_BY_US,
        /** The node was cordoned by someone else; it is left as it is, and not ours to uncordon. */
        CORDONED_BY_OTHER,
        /** This call uncordoned the node. */
        UNCORDONED,
        /** The node was schedulable already (our mark, if any, is removed). */
        NOT_CORDONED,
        /** The node does not exist (any more). */
        GONE
    }

    /** @param holder who cordoned the node, for CORDONED_BY_OTHER: an operation id, or a sentence when unknown */
    public record Result(String node, Outcome outcome, String holder) {

        /** True when this call changed spec.unschedulable. */
        public boolean changed() {
            return outcome == Outcome.CORDONED || outcome == Outcome.UNCORDONED;
        }

        /** True when the node is cordoned by the operation asking, now. */
        public boolean cordonedByUs() {
            return outcome == Outcome.CORDONED || outcome == Outcome.ALREADY_CORDONED_BY_US;
        }

        public String describe() {
            return switch (outcome) {
                case CORDONED -> "node " + node + " cordoned";
                case ALREADY_CORDONED_BY_US -> "node " + node + " already cordoned by this operation";
                case CORDONED_BY_OTHER -> "node " + node + " is cordoned by " + holder + ": left cordoned, not ours to uncordon";
                case UNCORDONED -> "node " + node + " uncordoned";
                case NOT_CORDONED -> "node " + node + " is not cordoned";
                case GONE -> "node " + node + " does not exist";
            };
        }
    }

    private final KubernetesClient client;
    private final String operationId;

    /** @param operationId written into {@link #CORDONED_BY}; the same id later uncordons the node */
    public NodeCordon(KubernetesClient client, String operationId) {
        this.client = Objects.requireNonNull(client, "client");
        if (operationId == null || operationId.isBlank()) {
            throw new KubeOpsException("operation id is empty: cordons are marked with it so that only the same operation "
                    + "uncordons them; pass e.g. 'upgrade-2026-12-07'.");
        }
        this.operationId = operationId.trim();
    }

    public String operationId() {
        return operationId;
    }

    public Result cordon(String node) {
        return change(node, true);
    }

    /** Uncordons the node only if this operation cordoned it. */
    public Result uncordon(String node) {
        return change(node, false);
    }

    private Result change(String nodeName, boolean cordon) {
        for (int attempt = 1; ; attempt++) {
            Node node = client.nodes().withName(nodeName).get();
            if (node == null) {
                return new Result(nodeName, Outcome.GONE, "");
            }
            Decision decision = cordon ? decideCordon(node, operationId) : decideUncordon(node, operationId);
            if (decision.write() == null) {
                return new Result(nodeName, decision.outcome(), holder(node));
            }
            try {
                client.nodes().resource(decision.write()).update();
                return new Result(nodeName, decision.outcome(), operationId);
            } catch (KubernetesClientException e) {
                if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
                    return new Result(nodeName, Outcome.GONE, "");
                }
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt >= CONFLICT_RETRIES) {
                    throw new KubeOpsException("cannot " + (cordon ? "cordon" : "uncordon") + " node " + nodeName + ": "
                            + e.getMessage() + " (check that the credentials may update nodes).", e);
                }
            }
        }
    }

    /** What to do, and the node to write (null: nothing to write). Pure. */
    record Decision(Outcome outcome, Node write) {
    }

    static Decision decideCordon(Node node, String operationId) {
        if (isCordoned(node)) {
            return new Decision(operationId.equals(mark(node)) ? Outcome.ALREADY_CORDONED_BY_US : Outcome.CORDONED_BY_OTHER, null);
        }
        Node changed = copy(node, true);
        annotations(changed).put(CORDONED_BY, operationId);
        return new Decision(Outcome.CORDONED, changed);
    }

    static Decision decideUncordon(Node node, String operationId) {
        boolean ours = operationId.equals(mark(node));
        if (isCordoned(node) && !ours) {
            return new Decision(Outcome.CORDONED_BY_OTHER, null);
        }
        if (!ours) {
            return new Decision(Outcome.NOT_CORDONED, null);
        }
        // Ours: uncordon, or (someone uncordoned it meanwhile) just drop the mark so it cannot mislead later.
        Node changed = copy(node, false);
        annotations(changed).remove(CORDONED_BY);
        return new Decision(isCordoned(node) ? Outcome.UNCORDONED : Outcome.NOT_CORDONED, changed);
    }

    public static boolean isCordoned(Node node) {
        return node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable());
    }

    /** The operation that cordoned the node, or null. */
    public static String mark(Node node) {
        Map<String, String> annotations = node.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(CORDONED_BY);
    }

    private static String holder(Node node) {
        String mark = mark(node);
        return mark != null ? "operation '" + mark + "'" : "someone else (no " + CORDONED_BY + " annotation)";
    }

    private static Node copy(Node node, boolean unschedulable) {
        Node copy = new io.fabric8.kubernetes.api.model.NodeBuilder(node).build();
        if (copy.getSpec() == null) {
            copy.setSpec(new NodeSpec());
        }
        // false is written as absent, as kubectl uncordon leaves it.
        copy.getSpec().setUnschedulable(unschedulable ? Boolean.TRUE : null);
        return copy;
    }

    private static Map<String, String> annotations(Node node) {
        if (node.getMetadata().getAnnotations() == null) {
            node.getMetadata().setAnnotations(new HashMap<>());
        }
        return node.getMetadata().getAnnotations();
    }
}
