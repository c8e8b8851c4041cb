package io.jenkins.plugins.kubeops.engine.canary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReplicaSplitTest {

    @Test
    void canaryGetsTheCeilingOfItsShareAndStableTheRest() {
        assertThat(ReplicaSplit.replicaRatio(10, 25, false)).isEqualTo(new ReplicaSplit(7, 3, 0));
        assertThat(ReplicaSplit.replicaRatio(10, 30, false)).isEqualTo(new ReplicaSplit(7, 3, 0));
        assertThat(ReplicaSplit.replicaRatio(4, 10, false)).isEqualTo(new ReplicaSplit(3, 1, 0));
        assertThat(ReplicaSplit.replicaRatio(3, 50, false)).isEqualTo(new ReplicaSplit(1, 2, 0));
        assertThat(ReplicaSplit.replicaRatio(5, 0, false)).isEqualTo(new ReplicaSplit(5, 0, 0));
        assertThat(ReplicaSplit.replicaRatio(5, 100, false)).isEqualTo(new ReplicaSplit(0, 5, 0));
    }

    @Test
    void totalStaysTheSameExceptThatOneOldPodServesBelowFullWeight() {
        for (int total = 1; total <= 20; total++) {
            for (int weight = 0; weight <= 100; weight++) {
                for (boolean baseline : new boolean[] {false, true}) {
                    ReplicaSplit split = ReplicaSplit.replicaRatio(total, weight, baseline);
                    int all = split.stable() + split.canary() + split.baseline();
                    boolean oneExtraOldPod = weight < 100 && split.canary() == total;
                    assertThat(all).as("total %d weight %d baseline %s", total, weight, baseline)
                            .isEqualTo(oneExtraOldPod ? total + 1 : total);
                    if (weight > 0) {
                        assertThat(split.canary()).isPositive();
                    }
                    if (weight < 100) {
                        assertThat(split.stable() + split.baseline()).isPositive();
                    }
                }
            }
        }
        assertThat(ReplicaSplit.replicaRatio(1, 10, false)).isEqualTo(new ReplicaSplit(1, 1, 0));
    }

    @Test
    void theBaselineMatchesTheCanaryWhileThereIsRoom() {
        assertThat(ReplicaSplit.replicaRatio(10, 20, true)).isEqualTo(new ReplicaSplit(6, 2, 2));
        assertThat(ReplicaSplit.replicaRatio(10, 60, true)).isEqualTo(new ReplicaSplit(0, 6, 4));
        assertThat(ReplicaSplit.replicaRatio(10, 100, true)).isEqualTo(new ReplicaSplit(0, 10, 0));
    }

    @Test
    void canaryShareIsWhatTheServiceActuallyRoutes() {
        assertThat(ReplicaSplit.replicaRatio(10, 25, false).canaryShare()).isEqualTo(30.0);
        assertThat(ReplicaSplit.replicaRatio(1, 10, false).canaryShare()).isEqualTo(50.0);
    }

    @Test
    void trafficRoutersKeepEveryStablePod() {
        assertThat(ReplicaSplit.trafficRouted(10, 5, true)).isEqualTo(new ReplicaSplit(10, 1, 1));
        assertThat(ReplicaSplit.trafficRouted(10, 50, false)).isEqualTo(new ReplicaSplit(10, 5, 0));
        assertThat(ReplicaSplit.trafficRouted(10, 0, true)).isEqualTo(new ReplicaSplit(10, 0, 0));
    }

    @Test
    void refusesWeightsOutsidePercentAndEmptyDeployments() {
        assertThatThrownBy(() -> ReplicaSplit.replicaRatio(0, 10, false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ReplicaSplit.replicaRatio(3, 101, false)).isInstanceOf(IllegalArgumentException.class);
    }
}
