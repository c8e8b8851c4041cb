package io.jenkins.plugins.kubeops.cli.poolsim;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.kubeops.engine.cluster.ResourceAmounts;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimClusterTest {

    private final List<SimPod> bound = new ArrayList<>();
    private int roomFreed;

    private SimCluster cluster(int nodes) {
        return new SimCluster(Farms.cluster("c", nodes, 10), 0, new SimCluster.Listener() {
            @Override
            public void podBound(SimPod pod) {
                bound.add(pod);
            }

            @Override
            public void roomFreed() {
                roomFreed++;
            }
        }, 1_000);
    }

    private static SimPod pod(long cpu) {
        return new SimPod(new ResourceAmounts(cpu, Farms.GI), null);
    }

    @Test
    void bindsEachPodToTheNodeWithTheMostRoom() {
        SimCluster cluster = cluster(2);
        SimPod first = pod(4_000);
        SimPod second = pod(1_000);

        cluster.add(first, 0);
        cluster.add(second, 0);

        assertThat(second.node).isNotEqualTo(first.node);
        assertThat(cluster.requested().cpuMillis()).isEqualTo(5_000);
    }

    @Test
    void aPodThatFitsOnNoNodeIsUnschedulableUntilRoomFreesUpOldestFirst() {
        SimCluster cluster = cluster(1);
        SimPod running = pod(6_000);
        SimPod older = pod(4_000);
        SimPod younger = pod(4_000);
        cluster.add(running, 0);
        cluster.add(older, 1);
        cluster.add(younger, 2);

        assertThat(older.unschedulable).isTrue();
        assertThat(younger.unschedulable).isTrue();

        cluster.remove(running, 3);

        assertThat(older.bound()).isTrue();
        assertThat(younger.bound()).isTrue();
        assertThat(bound).containsExactly(running, older, younger);
        assertThat(roomFreed).isEqualTo(1);
    }

    @Test
    void wouldFitCountsThePodsAlreadyOnTheirWay() {
        SimCluster cluster = cluster(1); // 8 CPU
        ResourceAmounts agent = new ResourceAmounts(3_000, Farms.GI);

        assertThat(cluster.wouldFit(agent, List.of(agent))).isTrue();
        assertThat(cluster.wouldFit(agent, List.of(agent, agent))).isFalse();
    }

    @Test
    void averagesRequestedCpuOverTheUtilizationWindow() {
        SimCluster cluster = cluster(1);
        SimPod agentPod = new SimPod(new ResourceAmounts(4_000, Farms.GI), new Agent(0, "k8s", Farms.AGENT, null, null));
        cluster.add(agentPod, 0);
        cluster.remove(agentPod, 500);

        SimCluster.CpuShares shares = cluster.utilization(2_000);

        assertThat(shares.agentCpuShare()).isEqualTo(0.25); // half of the node for half of the 1000 ms window
        assertThat(shares.totalCpuShare()).isEqualTo(0.25);
    }
}
