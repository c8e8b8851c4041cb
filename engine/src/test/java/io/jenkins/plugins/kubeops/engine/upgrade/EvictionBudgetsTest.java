package io.jenkins.plugins.kubeops.engine.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvictionBudgetsTest {

    static final Map<String, String> WEB = Map.of("app", "web", "tier", "front");

    static PodDisruptionBudget budget(String name, Map<String, String> matchLabels, int allowed, int desired, int current) {
        return new PodDisruptionBudgetBuilder().withNewMetadata().withName(name).withGeneration(2L).endMetadata()
                .withNewSpec().withSelector(new LabelSelectorBuilder().withMatchLabels(matchLabels).build()).endSpec()
                .withNewStatus().withObservedGeneration(2L).withDisruptionsAllowed(allowed).withDesiredHealthy(desired)
                .withCurrentHealthy(current).withExpectedPods(current).endStatus().build();
    }

    @Test
    void namesTheBudgetThatRefusesAndItsCounts() {
        List<PodDisruptionBudget> budgets = List.of(budget("web-pdb", Map.of("app", "web"), 0, 4, 4),
                budget("db-pdb", Map.of("app", "db"), 1, 2, 3));

        assertThat(EvictionBudgets.waitReason(WEB, budgets)).isEqualTo("PDB web-pdb allows 0 disruptions (needs 4 healthy, has 4)");
    }

    @Test
    void aBudgetThatHasRoomAgainWhenReadSaysItHadNoneToSpare() {
        List<PodDisruptionBudget> budgets = List.of(budget("web-pdb", Map.of("app", "web"), 1, 3, 4));

        assertThat(EvictionBudgets.waitReason(WEB, budgets)).isEqualTo("PDB web-pdb had no disruption to spare (now allows 1, "
                + "needs 3 healthy, has 4)");
    }

    @Test
    void aBudgetNotYetProcessedSaysSo() {
        PodDisruptionBudget stale = new PodDisruptionBudgetBuilder(budget("web-pdb", Map.of("app", "web"), 1, 3, 4))
                .editMetadata().withGeneration(3L).endMetadata().build();

        assertThat(EvictionBudgets.waitReason(WEB, List.of(stale))).isEqualTo("PDB web-pdb is still being processed by the "
                + "disruption controller");
    }

    @Test
    void severalBudgetsOverOnePodAreNamedWithTheFix() {
        List<PodDisruptionBudget> budgets = List.of(budget("web-b", Map.of("tier", "front"), 1, 1, 2),
                budget("web-a", Map.of("app", "web"), 1, 1, 2));

        assertThat(EvictionBudgets.waitReason(WEB, budgets)).isEqualTo("covered by 2 PodDisruptionBudgets (web-a, web-b), which "
                + "the Eviction API refuses: change their selectors so that each pod has at most one");
    }

    @Test
    void selectorsMatchLikeTheApiServerAndAnEmptyOneMatchesNothing() {
        assertThat(EvictionBudgets.matches(new LabelSelectorBuilder().build(), WEB)).isFalse();
        assertThat(EvictionBudgets.matches(null, WEB)).isFalse();
        assertThat(EvictionBudgets.matches(new LabelSelectorBuilder().addNewMatchExpression().withKey("app").withOperator("In")
                .withValues("web", "api").endMatchExpression().build(), WEB)).isTrue();
        assertThat(EvictionBudgets.matches(new LabelSelectorBuilder().addNewMatchExpression().withKey("app")
                .withOperator("NotIn").withValues("web").endMatchExpression().build(), WEB)).isFalse();
        assertThat(EvictionBudgets.matches(new LabelSelectorBuilder().addNewMatchExpression().withKey("canary")
                .withOperator("DoesNotExist").endMatchExpression().addToMatchLabels("tier", "front").build(), WEB)).isTrue();
        assertThat(EvictionBudgets.matches(new LabelSelectorBuilder().addNewMatchExpression().withKey("tier")
                .withOperator("Exists").endMatchExpression().addToMatchLabels("app", "db").build(), WEB)).isFalse();
    }

    @Test
    void noCoveringBudgetStillExplainsTheWait() {
        assertThat(EvictionBudgets.waitReason(WEB, List.of())).contains("no disruption budget covers the pod now");
    }
}
