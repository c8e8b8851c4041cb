package io.jenkins.plugins.kubeops.engine.upgrade;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which nodes of a group start next in a rolling upgrade: a sliding window instead of batches with a barrier. Up to
 * {@code maxInFlight} nodes are under way at once, in the group's order, and the next node starts as soon as one finishes,
 * so a slow node holds back one slot, not a whole batch. With {@code canary} the first node goes alone and the others wait
 * until it finished. Checkpoints (health gates, "pause after each batch") fall after the canary and after every
 * {@code maxInFlight} finished nodes. Pure: the caller says which nodes are finished (done or skipped) and in flight.
 */
public record RollingWindow(List<String> nodes, int maxInFlight, boolean canary) {

    public RollingWindow {
        nodes = List.copyOf(nodes);
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1, was " + maxInFlight);
        }
    }

    /**
     * The nodes to start now, in order: none while the canary is under way or not started and others are, otherwise the
     * next nodes not finished and not in flight, as many as the window has room for.
     */
    public List<String> toStart(Set<String> finished, Set<String> inFlight) {
        Objects.requireNonNull(finished, "finished");
        Objects.requireNonNull(inFlight, "inFlight");
        int underWay = (int) inFlight.stream().filter(nodes::contains).count();
        if (canaryPending(finished)) {
            return underWay == 0 && !inFlight.contains(nodes.get(0)) ? List.of(nodes.get(0)) : List.of();
        }
        int room = maxInFlight - underWay;
        List<String> start = new ArrayList<>();
        for (String node : nodes) {
            if (start.size() >= room) {
                break;
            }
            if (!finished.contains(node) && !inFlight.contains(node)) {
                start.add(node);
            }
        }
        return start;
    }

    /** True while the canary has not finished: it goes alone. */
    private boolean canaryPending(Set<String> finished) {
        return canary && nodes.size() > 1 && !finished.contains(nodes.get(0));
    }

    /** Every node of the group finished. */
    public boolean complete(Set<String> finished) {
        return finished.containsAll(nodes);
    }

    /**
     * True when {@code finishedCount} finished nodes mark a checkpoint: after the canary, then after every
     * {@code maxInFlight} nodes (without a canary: every {@code maxInFlight} nodes), but not after the last node, which the
     * step's end covers.
     */
    public boolean checkpointAfter(int finishedCount) {
        if (finishedCount <= 0 || finishedCount >= nodes.size()) {
            return false;
        }
        if (canary && nodes.size() > 1) {
            return finishedCount == 1 || (finishedCount - 1) % maxInFlight == 0;
        }
        return finishedCount % maxInFlight == 0;
    }

    /** For plans: "canary worker-1 alone, then up to 10 in flight" or "one at a time". */
    public String describe() {
        int window = Math.min(maxInFlight, Math.max(1, nodes.size() - (canary ? 1 : 0)));
        String rolling = window == 1 ? "one at a time" : "up to " + window + " in flight";
        return canary && nodes.size() > 1 ? "canary " + nodes.get(0) + " alone, then " + rolling : rolling;
    }
}
