package io.jenkins.plugins.kubeops.engine.upgrade;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** What a drain did, node by node, in the order the nodes were given. */
public record DrainReport(List<NodeResult> nodes, Duration took) {

    public enum Outcome {
        /** Every pod that had to go is gone. */
        DRAINED,
        /** Timed out with onTimeout force: the pods left were deleted (named in {@link NodeResult#forced()}). */
        FORCED,
        /** Timed out with onTimeout skip: the node is left as it is, the others went on. */
        SKIPPED,
        /** kubectl's rules refuse the node with these options (see the message): nothing was evicted. */
        REFUSED,
        /** Timed out with onTimeout fail, or the API server refused in a way retrying cannot fix. */
        FAILED;

        public boolean drained() {
            return this == DRAINED || this == FORCED;
        }
    }

    /**
     * @param cordonedByUs the node carries this operation's cordon mark (cordoned by this drain or earlier by the same
     *                     operation); false also when the drain was refused before cordoning
     * @param evicted pods evicted (or deleted, finished ones) and gone
     * @param forced  pods deleted despite their budgets, "namespace/name"
     * @param left    pods still there when the drain stopped, "namespace/name: why"
     * @param message a sentence on the outcome; for REFUSED the missing permissions and their pods
     */
    public record NodeResult(String node, Outcome outcome, boolean cordonedByUs, int evicted, List<String> forced,
                             List<String> left, String message, Duration took) {

        public NodeResult {
            Objects.requireNonNull(outcome, "outcome");
            forced = List.copyOf(forced);
            left = List.copyOf(left);
        }

        public String describe() {
            return "node " + node + ": " + outcome.name().toLowerCase(java.util.Locale.ROOT) + " in "
                    + Math.round(took.toMillis() / 100.0) / 10.0 + " s (" + evicted + " pods gone"
                    + (forced.isEmpty() ? "" : ", " + forced.size() + " force-deleted") + ")"
                    + (message.isEmpty() ? "" : ": " + message);
        }
    }

    public DrainReport {
        nodes = List.copyOf(nodes);
        Objects.requireNonNull(took, "took");
    }

    public boolean allDrained() {
        return nodes.stream().allMatch(node -> node.outcome().drained());
    }

    public List<NodeResult> withOutcome(Outcome outcome) {
        return nodes.stream().filter(node -> node.outcome() == outcome).toList();
    }

    public NodeResult node(String name) {
        return nodes.stream().filter(node -> node.node().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no result for node " + name));
    }
}
