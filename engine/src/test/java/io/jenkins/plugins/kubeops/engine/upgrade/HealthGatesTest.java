package io.jenkins.plugins.kubeops.engine.upgrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HealthGatesTest {

    static final Instant START = Instant.parse("2026-12-07T10:00:00Z");
    static final HealthGateSettings THREE_IN_A_ROW = new HealthGateSettings(3, Duration.ofSeconds(10), Duration.ofSeconds(60),
            Optional.empty());

    /** Answers the given looks in order, then healthy forever. */
    static HealthGates gates(FakeTime time, List<List<String>> looks, List<Instant> lookedAt) {
        Deque<List<String>> queue = new ArrayDeque<>(looks);
        return new HealthGates(THREE_IN_A_ROW, time.polling(), leftOut -> {
            lookedAt.add(time.instant());
            return queue.isEmpty() ? List.of() : queue.removeFirst();
        });
    }

    @Test
    void passesAfterTheGivenNumberOfHealthyLooksInARowAnIntervalApart() {
        FakeTime time = new FakeTime(START);
        List<Instant> looks = new ArrayList<>();
        List<String> progress = new ArrayList<>();
        gates(time, List.of(), looks).await("before step 2/5", progress::add);
        assertThat(looks).containsExactly(START, START.plusSeconds(10), START.plusSeconds(20));
        assertThat(progress).containsExactly("health gate before step 2/5: passed 3 times in a row");
    }

    @Test
    void aFlappingCheckStartsTheCountAgainAndSaysWhatItWaitsFor() {
        FakeTime time = new FakeTime(START);
        List<Instant> looks = new ArrayList<>();
        List<String> progress = new ArrayList<>();
        gates(time, List.of(List.of(), List.of(), List.of("nodes not Ready: w1")), looks).await("before step 2/5", progress::add);
        assertThat(looks).hasSize(6).last().isEqualTo(START.plusSeconds(50));
        assertThat(progress).first().asString().contains("waiting (until 10:01:00 UTC) for nodes not Ready: w1");
    }

    @Test
    void failsAtTheTimeoutNamingTheLastProblems() {
        FakeTime time = new FakeTime(START);
        List<List<String>> unhealthy = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            unhealthy.add(List.of("PodDisruptionBudgets below their desired healthy pods: shop/web (1 healthy, 2 desired)"));
        }
        List<String> progress = new ArrayList<>();
        assertThatThrownBy(() -> gates(time, unhealthy, new ArrayList<>()).await("after the last step", progress::add))
                .isInstanceOf(KubeOpsException.class)
                .hasMessageContaining("health gate after the last step failed")
                .hasMessageContaining("not healthy 3 times in a row within 60 s")
                .hasMessageContaining("shop/web (1 healthy, 2 desired)");
        assertThat(time.instant()).isBeforeOrEqualTo(START.plusSeconds(60));
        assertThat(progress).as("the same problem is said once").hasSize(1);
    }

    @Test
    void settingsThatCannotFitTheirTimeoutAreRefused() {
        assertThatThrownBy(() -> new HealthGateSettings(5, Duration.ofSeconds(30), Duration.ofSeconds(60), Optional.empty()))
                .hasMessageContaining("5 passes 30 s apart cannot fit in a timeout of 60 s");
        assertThatThrownBy(() -> new HealthGateSettings(0, Duration.ofSeconds(1), Duration.ofSeconds(60), Optional.empty()))
                .hasMessageContaining("at least 1");
    }

    @Test
    void nodesInFlightAreLeftOutOfEveryLookAndTheKubeSystemPodsOnThemToo() {
        FakeTime time = new FakeTime(START);
        List<Set<String>> leftOutSeen = new ArrayList<>();
        HealthGates gates = new HealthGates(THREE_IN_A_ROW, time.polling(), leftOut -> {
            leftOutSeen.add(leftOut);
            return leftOut.contains("w2") ? List.of() : List.of("nodes not Ready: w2");
        });

        gates.await("after 4 of 10 nodes of workers (1 in flight, not looked at)", line -> { }, Set.of("w2"));

        assertThat(leftOutSeen).hasSize(3).allMatch(Set.of("w2")::equals);
        assertThat(HealthGates.notOn(Set.of("w2"), List.of(pod("proxy-1", "w1"), pod("proxy-2", "w2"), pod("pending", null))))
                .extracting(p -> p.getMetadata().getName()).containsExactly("proxy-1", "pending");
    }

    private static io.fabric8.kubernetes.api.model.Pod pod(String name, String node) {
        return new io.fabric8.kubernetes.api.model.PodBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withNodeName(node).endSpec().build();
    }
}
