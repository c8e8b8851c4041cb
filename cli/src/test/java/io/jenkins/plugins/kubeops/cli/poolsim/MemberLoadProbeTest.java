package io.jenkins.plugins.kubeops.cli.poolsim;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.kubeops.engine.pool.MemberLoad;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemberLoadProbeTest {

    @Test
    void reportsRunningPendingAndPlannedAgentsWithTheNodesFreeRoom() {
        Scenario scenario = Farms.scenario(List.of(Farms.cluster("a", 1, 10)));
        EventLoop loop = new EventLoop();
        JenkinsFarm farm = Farms.farm(scenario, loop, f -> new NodeProvisionerModel(f, List.of(), false));
        for (int i = 0; i < 5; i++) {
            farm.addNode(farm.plan(farm.clusters.get(0), "k8s", null)); // 5 x 2 CPU on one 8 CPU node
        }
        farm.plan(farm.clusters.get(0), "k8s", null); // planned, no pod yet
        loop.runUntil(1_000, () -> false);

        MemberLoad load = new MemberLoadProbe(farm).snapshots().get(0).load();

        assertThat(load.memberId()).isEqualTo("a/agents");
        assertThat(load.runningAgents()).isEqualTo(4);
        assertThat(load.pendingAgents()).isEqualTo(2);
        assertThat(load.unschedulableAgents()).isEqualTo(1);
        assertThat(load.pendingRequests().cpuMillis()).isEqualTo(4_000);
        assertThat(load.nodeFree()).extracting(r -> r.cpuMillis()).containsExactly(0L);
        assertThat(load.requested().cpuMillis()).isEqualTo(8_000);
    }

    @Test
    void seesAnApiServerOutageOnlyAfterItsLag() {
        ClusterSpec down = new ClusterSpec("down", List.of(new ClusterSpec.NodeGroup(1, Scenarios.STANDARD_NODE)), 10,
                ClusterSpec.TenantLoad.NONE, List.of(new ClusterSpec.Outage(ClusterSpec.Outage.Kind.API_UNREACHABLE,
                Duration.ofSeconds(60), Duration.ofSeconds(120))));
        EventLoop loop = new EventLoop();
        JenkinsFarm farm = Farms.farm(Farms.scenario(List.of(down)), loop, f -> new NodeProvisionerModel(f, List.of(), false));
        MemberLoadProbe probe = new MemberLoadProbe(farm);
        long lag = Timings.DEFAULTS.probeLag().toMillis();

        boolean[] reachable = new boolean[4];
        long[] times = {60_000 + lag - 1, 60_000 + lag, 120_000 + lag - 1, 120_000 + lag};
        for (int i = 0; i < times.length; i++) {
            int index = i;
            loop.at(times[i], () -> reachable[index] = probe.snapshots().get(0).load().reachable());
        }
        loop.runUntil(200_000, () -> false);

        assertThat(reachable).containsExactly(true, false, false, true);
    }
}
