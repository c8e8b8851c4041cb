package io.jenkins.plugins.kubeops.engine.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DrainBudgetCacheTest {

    private static final Map<String, String> WEB = Map.of("app", "web");

    /** A namespace's budgets as a watch would hold them; tests replace them and bump the selectors' version by hand. */
    private static final class FakeWatch implements DrainBudgetCache.Watched {
        final List<PodDisruptionBudget> budgets = new ArrayList<>();
        long selectors;
        int lists;

        @Override
        public List<PodDisruptionBudget> budgets() {
            lists++;
            return List.copyOf(budgets);
        }

        @Override
        public Optional<PodDisruptionBudget> budget(String key) {
            return budgets.stream().filter(b -> key.equals("shop/" + b.getMetadata().getName())).findFirst();
        }

        @Override
        public Optional<Long> selectorsVersion() {
            return Optional.of(selectors);
        }

        @Override
        public void close() {
        }
    }

    private static PodDisruptionBudget budget(String name, Map<String, String> selector, String resourceVersion, long generation,
                                              long observed, int allowed) {
        return new PodDisruptionBudgetBuilder().withNewMetadata().withNamespace("shop").withName(name)
                .withResourceVersion(resourceVersion).withGeneration(generation).endMetadata()
                .withNewSpec().withSelector(new LabelSelectorBuilder().withMatchLabels(selector).build()).endSpec()
                .withNewStatus().withObservedGeneration(observed).withDisruptionsAllowed(allowed).withDesiredHealthy(20)
                .withCurrentHealthy(20 + allowed).withExpectedPods(21).endStatus().build();
    }

    private static DrainBudgetCache cache(FakeWatch watch) {
        return new DrainBudgetCache((namespace, onChange) -> watch);
    }

    @Test
    void anEvictionJustGrantedTakesTheBudgetsRoomUntilTheBudgetIsWrittenAgain() {
        FakeWatch watch = new FakeWatch();
        watch.budgets.add(budget("web-pdb", WEB, "5", 1, 1, 1));
        DrainBudgetCache cache = cache(watch);

        DrainBudgetCache.Slots first = cache.acquire("shop", WEB);
        assertThat(first.taken()).containsExactly("shop/web-pdb");
        cache.evicted(first);
        cache.release(first.taken());

        // The watch still shows the status from before the eviction (allows 1): not asked again, and told why.
        DrainBudgetCache.Slots second = cache.acquire("shop", WEB);
        assertThat(second.taken()).isNull();
        assertThat(second.waitReason()).isEqualTo("PDB web-pdb allows 1 disruption, taken by evictions just granted: waiting "
                + "for the budget to be counted again");
        assertThat(cache.hasRoom("shop", WEB)).isFalse();

        // The eviction's own status write arrives (allows 0): still no room, now in the budget's words.
        watch.budgets.set(0, budget("web-pdb", WEB, "6", 1, 1, 0));
        assertThat(cache.acquire("shop", WEB).waitReason()).isEqualTo("PDB web-pdb allows 0 disruptions (needs 20 healthy, has 20)");

        // The replacement is Ready and the budget recounted: room again.
        watch.budgets.set(0, budget("web-pdb", WEB, "7", 1, 1, 1));
        assertThat(cache.hasRoom("shop", WEB)).isTrue();
        assertThat(cache.acquire("shop", WEB).taken()).containsExactly("shop/web-pdb");
    }

    @Test
    void oneEvictionAtATimeUnderABudgetEvenWhenItAllowsMore() {
        FakeWatch watch = new FakeWatch();
        watch.budgets.add(budget("web-pdb", WEB, "5", 1, 1, 2));
        DrainBudgetCache cache = cache(watch);

        DrainBudgetCache.Slots first = cache.acquire("shop", WEB);
        DrainBudgetCache.Slots second = cache.acquire("shop", WEB);

        assertThat(first.taken()).containsExactly("shop/web-pdb");
        assertThat(second.taken()).isNull();
        assertThat(second.waitReason()).isEqualTo("PDB web-pdb allows 2 disruptions, one eviction under it in flight");
        // Granted, the second disruption the status allows is still there for the next pod.
        cache.evicted(first);
        cache.release(first.taken());
        assertThat(cache.acquire("shop", WEB).taken()).containsExactly("shop/web-pdb");
    }

    @Test
    void aBudgetTheDisruptionControllerHasNotCountedYetLeavesTheAnswerToTheApiServer() {
        FakeWatch watch = new FakeWatch();
        watch.budgets.add(budget("web-pdb", WEB, "5", 2, 1, 0)); // spec changed (generation 2), status from generation 1

        assertThat(cache(watch).acquire("shop", WEB).taken()).containsExactly("shop/web-pdb");
    }

    @Test
    void whichBudgetsCoverWhichLabelsIsWorkedOutOnceUntilASelectorChanges() {
        FakeWatch watch = new FakeWatch();
        watch.budgets.add(budget("web-pdb", WEB, "5", 1, 1, 1));
        DrainBudgetCache cache = cache(watch);

        assertThat(cache.covering("shop", WEB)).extracting(b -> b.getMetadata().getName()).containsExactly("web-pdb");
        int lists = watch.lists;
        // Status-only changes keep the selectors' version: the budget is looked up by key, the selectors not matched again.
        watch.budgets.set(0, budget("web-pdb", WEB, "6", 1, 1, 0));
        assertThat(cache.covering("shop", WEB)).extracting(b -> b.getStatus().getDisruptionsAllowed()).containsExactly(0);
        assertThat(watch.lists).isEqualTo(lists);

        // The selector changes: matched again.
        watch.budgets.set(0, budget("web-pdb", Map.of("app", "api"), "7", 2, 2, 1));
        watch.selectors++;
        assertThat(cache.covering("shop", WEB)).isEmpty();
    }
}
