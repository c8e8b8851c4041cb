package io.jenkins.plugins.kubeops.engine.upgrade;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Which nodes of a group start next in a rolling upgrade: a sliding window instead of batches with a barrier. Up to
 * {@code maxInFlight} nodes are under way at once, in the group's order, and the next node starts as soon as one finishes,
 * so a slow node holds back one slot, not a whole batch. With {@code canary} the first node goes alone and the others wait
 * until it finished. Checkpoints (health gates, "pause after each batch") fall after the canary and after every
 * {@code maxInFlight} finished nodes. Which node takes a free slot follows the pods' disruption budgets when they are known
 * ({@link BudgetSpread}): the node whose pods would wait least behind pods of the nodes already in flight, so that every
 * budget keeps moving pods instead of a few budgets holding all nodes back; on a tie, and without budgets, the group's
 * order. Pure: the caller says which nodes are finished (done or skipped) and in flight.
 */
public record RollingWindow(List<String> nodes, int maxInFlight, boolean canary) {

    public RollingWindow {
        nodes = List.copyOf(nodes);
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1, was " + maxInFlight);
        }
    }

    /** {@link #toStart(Set, Set, BudgetSpread)} with nothing known of the budgets: the group's order. */
    public List<String> toStart(Set<String> finished, Set<String> inFlight) {
        return toStart(finished, inFlight, BudgetSpread.NONE);
    }

    /**
     * The nodes to start now: none while the canary is under way or not started and others are, otherwise as many nodes
     * not finished and not in flight as the window has room for, one after the other the node whose most crowded budget
     * has the fewest pods waiting (per disruption it allows) on the nodes in flight and those chosen before it, then the
     * fewest in all, then the group's order.
     */
    public List<String> toStart(Set<String> finished, Set<String> inFlight, BudgetSpread spread) {
        Objects.requireNonNull(finished, "finished");
        Objects.requireNonNull(inFlight, "inFlight");
        int underWay = (int) inFlight.stream().filter(nodes::contains).count();
        if (canaryPending(finished)) {
            return underWay == 0 && !inFlight.contains(nodes.get(0)) ? List.of(nodes.get(0)) : List.of();
        }
        int room = maxInFlight - underWay;
        List<String> candidates = new ArrayList<>(nodes.stream().filter(n -> !finished.contains(n) && !inFlight.contains(n))
                .toList());
        Map<String, Integer> waiting = new HashMap<>();
        inFlight.forEach(node -> spread.budgets(node).forEach(budget -> waiting.merge(budget, 1, Integer::sum)));
        List<String> start = new ArrayList<>();
        while (start.size() < room && !candidates.isEmpty()) {
            String next = candidates.get(0);
            double[] best = crowding(next, waiting, spread);
            for (String candidate : candidates.subList(1, candidates.size())) {
                double[] crowding = crowding(candidate, waiting, spread);
                if (crowding[0] < best[0] || crowding[0] == best[0] && crowding[1] < best[1]) {
                    next = candidate;
                    best = crowding;
                }
            }
            candidates.remove(next);
            start.add(next);
            spread.budgets(next).forEach(budget -> waiting.merge(budget, 1, Integer::sum));
        }
        return start;
    }

    /** How long the node's pods would queue: the most crowded budget's and the total pods ahead, per allowed disruption. */
    private static double[] crowding(String node, Map<String, Integer> waiting, BudgetSpread spread) {
        double most = 0;
        double total = 0;
        for (String budget : spread.budgets(node)) {
            double ahead = (double) waiting.getOrDefault(budget, 0) / spread.width(budget);
            most = Math.max(most, ahead);
            total += ahead;
        }
        return new double[] {most, total};
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
