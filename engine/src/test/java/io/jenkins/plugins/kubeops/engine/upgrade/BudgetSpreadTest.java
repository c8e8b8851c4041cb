package io.jenkins.plugins.kubeops.engine.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatusBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BudgetSpreadTest {

    private static Pod pod(String namespace, String name, String node, Map<String, String> labels) {
        return new PodBuilder().withNewMetadata().withNamespace(namespace).withName(name).withLabels(labels).endMetadata()
                .withNewSpec().withNodeName(node).endSpec().build();
    }

    private static PodDisruptionBudget budget(String namespace, String name, Map<String, String> selector, Integer expected,
                                              Integer desired) {
        return new PodDisruptionBudgetBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .withNewSpec().withSelector(new LabelSelectorBuilder().withMatchLabels(selector).build()).endSpec()
                .withStatus(expected == null ? null
                        : new PodDisruptionBudgetStatusBuilder().withExpectedPods(expected).withDesiredHealthy(desired).build())
                .build();
    }

    @Test
    void eachPodOnTheNodesCountsUnderTheOneBudgetCoveringItInItsNamespace() {
        List<Pod> pods = List.of(pod("shop", "web-1", "n1", Map.of("app", "web")), pod("shop", "web-2", "n1", Map.of("app", "web")),
                pod("shop", "db-1", "n2", Map.of("app", "db")), pod("other", "web-3", "n2", Map.of("app", "web")),
                pod("shop", "web-4", "n9", Map.of("app", "web")), pod("shop", "free-1", "n2", Map.of("app", "free")));
        List<PodDisruptionBudget> budgets = List.of(budget("shop", "web-pdb", Map.of("app", "web"), 21, 20),
                budget("shop", "db-pdb", Map.of("app", "db"), 21, 19));

        BudgetSpread spread = BudgetSpread.of(List.of("n1", "n2"), pods, budgets);

        // web-3 is in another namespace, web-4 on a node not in the roll, free-1 under no budget: none of them counts.
        assertThat(spread.budgetsByNode()).isEqualTo(Map.of("n1", List.of("shop/web-pdb", "shop/web-pdb"), "n2",
                List.of("shop/db-pdb")));
        assertThat(spread.widths()).isEqualTo(Map.of("shop/web-pdb", 1, "shop/db-pdb", 2));
    }

    @Test
    void aPodUnderTwoBudgetsIsLeftOutBecauseTheEvictionApiRefusesIt() {
        List<PodDisruptionBudget> budgets = List.of(budget("shop", "a", Map.of("app", "web"), 3, 2),
                budget("shop", "b", Map.of("tier", "front"), 3, 2));

        BudgetSpread spread = BudgetSpread.of(List.of("n1"), List.of(pod("shop", "web-1", "n1", Map.of("app", "web",
                "tier", "front"))), budgets);

        assertThat(spread.budgets("n1")).isEmpty();
    }

    @Test
    void aBudgetThatAllowsNoDisruptionOrWasNotCountedYetIsOneWide() {
        List<Pod> pods = List.of(pod("shop", "web-1", "n1", Map.of("app", "web")), pod("shop", "db-1", "n1", Map.of("app", "db")));
        List<PodDisruptionBudget> budgets = List.of(budget("shop", "web-pdb", Map.of("app", "web"), 3, 3),
                budget("shop", "db-pdb", Map.of("app", "db"), null, null));

        BudgetSpread spread = BudgetSpread.of(List.of("n1"), pods, budgets);

        assertThat(spread.width("shop/web-pdb")).isEqualTo(1);
        assertThat(spread.width("shop/db-pdb")).isEqualTo(1);
        assertThat(spread.width("shop/unknown")).isEqualTo(1);
    }
}
