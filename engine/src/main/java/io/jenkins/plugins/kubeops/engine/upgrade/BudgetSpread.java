package io.jenkins.plugins.kubeops.engine.upgrade;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatus;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which disruption budgets the pods of each node fall under, and how many disruptions each budget allows when its pods are
 * all healthy (its width). A budget is a queue: its pods leave one budget cycle (evict, replacement Ready, recount) at a
 * time per allowed disruption, whichever nodes they are on. A rolling upgrade that starts nodes whose pods all wait in the
 * same few queues leaves the other queues idle; this is what {@link RollingWindow} reads to start the nodes whose budgets
 * are least busy instead. Pure: pods and budgets in, a value out.
 *
 * @param budgetsByNode for each node, one budget key ("namespace/name") per pod on it that a budget covers
 * @param widths        for each budget key, the disruptions it allows when healthy (at least 1)
 */
public record BudgetSpread(Map<String, List<String>> budgetsByNode, Map<String, Integer> widths) {

    /** Nothing known: every node weighs the same and the group's order decides. */
    public static final BudgetSpread NONE = new BudgetSpread(Map.of(), Map.of());

    public BudgetSpread {
        budgetsByNode = budgetsByNode.entrySet().stream().collect(Collectors.toUnmodifiableMap(Map.Entry::getKey,
                e -> List.copyOf(e.getValue())));
        widths = Map.copyOf(widths);
    }

    /**
     * The spread of the pods on {@code nodes}; pods that no budget covers, or that several cover (the Eviction API refuses
     * those, and the drain says so), are left out.
     */
    public static BudgetSpread of(Collection<String> nodes, List<Pod> pods, List<PodDisruptionBudget> budgets) {
        Set<String> wanted = Set.copyOf(nodes);
        Map<String, List<PodDisruptionBudget>> byNamespace = budgets.stream()
                .collect(Collectors.groupingBy(b -> b.getMetadata().getNamespace()));
        Map<String, List<String>> byNode = new HashMap<>();
        Map<String, Integer> widths = new HashMap<>();
        for (Pod pod : pods) {
            String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
            if (node == null || !wanted.contains(node)) {
                continue;
            }
            List<PodDisruptionBudget> covering = EvictionBudgets.covering(pod.getMetadata().getLabels(),
                    byNamespace.getOrDefault(pod.getMetadata().getNamespace(), List.of()));
            if (covering.size() != 1) {
                continue;
            }
            PodDisruptionBudget budget = covering.get(0);
            String key = DrainBudgetCache.key(budget);
            byNode.computeIfAbsent(node, n -> new ArrayList<>()).add(key);
            widths.putIfAbsent(key, width(budget.getStatus()));
        }
        return new BudgetSpread(byNode, widths);
    }

    /** Disruptions allowed with every pod healthy: expected minus desired healthy, at least 1 (0 would never drain). */
    static int width(PodDisruptionBudgetStatus status) {
        if (status == null || status.getExpectedPods() == null || status.getDesiredHealthy() == null) {
            return 1;
        }
        return Math.max(1, status.getExpectedPods() - status.getDesiredHealthy());
    }

    /** The budget keys of the pods on a node (one per pod). */
    List<String> budgets(String node) {
        return budgetsByNode.getOrDefault(node, List.of());
    }

    int width(String budget) {
        return widths.getOrDefault(budget, 1);
    }
}
