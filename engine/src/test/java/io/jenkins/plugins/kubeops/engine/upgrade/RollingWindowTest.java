package io.jenkins.plugins.kubeops.engine.upgrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RollingWindowTest {

    private static final List<String> NODES = List.of("n1", "n2", "n3", "n4", "n5", "n6", "n7");

    @Test
    void theCanaryGoesAloneAndTheOthersWaitUntilItFinished() {
        RollingWindow window = new RollingWindow(NODES, 3, true);
        assertThat(window.toStart(Set.of(), Set.of())).containsExactly("n1");
        assertThat(window.toStart(Set.of(), Set.of("n1"))).isEmpty();
        assertThat(window.toStart(Set.of("n1"), Set.of())).containsExactly("n2", "n3", "n4");
    }

    @Test
    void aFinishedNodeFreesItsSlotForTheNextNodeInOrderWithoutWaitingForTheOthers() {
        RollingWindow window = new RollingWindow(NODES, 3, true);
        // n3 finished before n2 and n4: exactly one slot is free, and it goes to the next node in the group's order.
        assertThat(window.toStart(Set.of("n1", "n3"), Set.of("n2", "n4"))).containsExactly("n5");
        assertThat(window.toStart(Set.of("n1", "n3"), Set.of("n2", "n4", "n5"))).isEmpty();
        assertThat(window.toStart(Set.of("n1", "n2", "n3", "n4", "n5"), Set.of("n6"))).containsExactly("n7");
        assertThat(window.toStart(Set.copyOf(NODES), Set.of())).isEmpty();
    }

    @Test
    void withoutACanaryTheWindowFillsAtOnceAndOneAtATimeMeansOneInFlight() {
        assertThat(new RollingWindow(NODES, 3, false).toStart(Set.of(), Set.of())).containsExactly("n1", "n2", "n3");
        RollingWindow oneAtATime = new RollingWindow(NODES, 1, false);
        assertThat(oneAtATime.toStart(Set.of(), Set.of())).containsExactly("n1");
        assertThat(oneAtATime.toStart(Set.of(), Set.of("n1"))).isEmpty();
        assertThat(oneAtATime.toStart(Set.of("n1"), Set.of())).containsExactly("n2");
    }

    @Test
    void aResumedRollStartsWithTheNodesNotFinishedAndACanaryAlreadyDoneIsNotRepeated() {
        RollingWindow window = new RollingWindow(NODES, 2, true);
        // A run that died left n1 and n3 done (resume: nothing in flight in the new process).
        assertThat(window.toStart(Set.of("n1", "n3"), Set.of())).containsExactly("n2", "n4");
        // A canary a previous run did not finish goes alone again.
        assertThat(window.toStart(Set.of("n3"), Set.of())).containsExactly("n1");
    }

    @Test
    void nodesOfOtherGroupsInFlightDoNotTakeThisGroupsSlots() {
        assertThat(new RollingWindow(NODES, 2, false).toStart(Set.of(), Set.of("other-1", "other-2")))
                .containsExactly("n1", "n2");
    }

    @Test
    void checkpointsFallAfterTheCanaryAndAfterEveryWindowOfNodesButNotAfterTheLast() {
        RollingWindow canary = new RollingWindow(NODES, 3, true);
        assertThat(List.of(0, 1, 2, 3, 4, 5, 6, 7).stream().filter(canary::checkpointAfter)).containsExactly(1, 4);
        RollingWindow plain = new RollingWindow(NODES, 3, false);
        assertThat(List.of(0, 1, 2, 3, 4, 5, 6, 7).stream().filter(plain::checkpointAfter)).containsExactly(3, 6);
        RollingWindow controlPlane = new RollingWindow(List.of("cp-1", "cp-2", "cp-3"), 1, false);
        assertThat(List.of(1, 2, 3).stream().filter(controlPlane::checkpointAfter)).containsExactly(1, 2);
    }

    @Test
    void aGroupIsCompleteWhenEveryNodeFinished() {
        RollingWindow window = new RollingWindow(List.of("a", "b"), 2, true);
        assertThat(window.complete(Set.of("a"))).isFalse();
        assertThat(window.complete(Set.of("a", "b", "elsewhere"))).isTrue();
    }

    @Test
    void thePlanSaysHowTheNodesAreRolled() {
        assertThat(new RollingWindow(NODES, 10, true).describe()).isEqualTo("canary n1 alone, then up to 6 in flight");
        assertThat(new RollingWindow(NODES, 3, true).describe()).isEqualTo("canary n1 alone, then up to 3 in flight");
        assertThat(new RollingWindow(List.of("a", "b"), 3, true).describe()).isEqualTo("canary a alone, then one at a time");
        assertThat(new RollingWindow(List.of("a"), 3, true).describe()).isEqualTo("one at a time");
        assertThat(new RollingWindow(NODES, 1, false).describe()).isEqualTo("one at a time");
    }

    @Test
    void aWindowOfNoNodeIsRefused() {
        assertThatThrownBy(() -> new RollingWindow(NODES, 0, true)).hasMessageContaining("maxInFlight must be at least 1, was 0");
    }

    @Test
    void aFreeSlotGoesToTheNodeWhosePodsWouldWaitLeastBehindThoseAlreadyInFlight() {
        // n2 and n3 each hold a pod under budget a (one disruption at a time), n4 one under budget b.
        BudgetSpread spread = new BudgetSpread(Map.of("n2", List.of("ns/a"), "n3", List.of("ns/a"), "n4", List.of("ns/b")),
                Map.of("ns/a", 1, "ns/b", 1));
        RollingWindow window = new RollingWindow(List.of("n1", "n2", "n3", "n4"), 2, true);

        assertThat(window.toStart(Set.of(), Set.of(), spread)).containsExactly("n1");
        // Both slots free: n2 first (nothing waits yet, group order), then n4 rather than n3, whose pod would queue behind n2's.
        assertThat(window.toStart(Set.of("n1"), Set.of(), spread)).containsExactly("n2", "n4");
        // Slot freed while n2 is in flight: again the node of the idle budget.
        assertThat(window.toStart(Set.of("n1"), Set.of("n2"), spread)).containsExactly("n4");
        // Once n2 finished, its budget is idle again and n3 goes.
        assertThat(window.toStart(Set.of("n1", "n2"), Set.of("n4"), spread)).containsExactly("n3");
    }

    @Test
    void aBudgetAllowingMoreDisruptionsCountsItsWaitingPodsForLess() {
        // One pod waits ahead of n3's under a (one at a time) and one ahead of n4's under c (two at a time): n4 waits less.
        BudgetSpread spread = new BudgetSpread(Map.of("n1", List.of("ns/a"), "n2", List.of("ns/c"),
                "n3", List.of("ns/a"), "n4", List.of("ns/c")), Map.of("ns/a", 1, "ns/c", 2));
        RollingWindow window = new RollingWindow(List.of("n1", "n2", "n3", "n4"), 3, false);

        assertThat(window.toStart(Set.of(), Set.of("n1", "n2"), spread)).containsExactly("n4");
    }

    @Test
    void onEqualCrowdingTheFewerPodsWaitingInAllGoFirstThenTheGroupsOrder() {
        BudgetSpread spread = new BudgetSpread(Map.of("n1", List.of("ns/a", "ns/b"), "n2", List.of("ns/a", "ns/b"),
                "n3", List.of("ns/a")), Map.of("ns/a", 1, "ns/b", 1));
        RollingWindow window = new RollingWindow(List.of("n1", "n2", "n3", "n4"), 2, false);

        // With n1 in flight, n2 and n3 would both be second under a, but n2 also second under b; n4 has no budgeted pod.
        assertThat(window.toStart(Set.of(), Set.of("n1"), spread)).containsExactly("n4");
        assertThat(window.toStart(Set.of("n4"), Set.of("n1"), spread)).containsExactly("n3");
    }
}
