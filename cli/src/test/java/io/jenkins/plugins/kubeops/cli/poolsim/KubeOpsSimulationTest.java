package io.jenkins.plugins.kubeops.cli.poolsim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** kube-ops' strategy in the simulator: the real LeastLoadPolicy and ProvisionHistory on the probe's snapshots. */
class KubeOpsSimulationTest {

    @ParameterizedTest
    @ValueSource(strings = {"balanced", "heterogeneous", "failing", "sizes"})
    void neverProvisionsIntoAFullMemberWhereTheShuffleDoes(String scenario) {
        Scenario farm = Scenarios.named(scenario).withJobs(800);

        RunResult kubeOps = Simulation.run(farm, 1, StrategyKind.KUBE_OPS);
        RunResult shuffle = Simulation.run(farm, 1, StrategyKind.RANDOM_SHUFFLE);

        assertThat(kubeOps.provisionsIntoFullMember()).isZero();
        assertThat(kubeOps.started()).isEqualTo(kubeOps.jobs());
        assertThat(shuffle.provisionsIntoFullMember()).isPositive();
    }

    @Test
    void learnsThatAClusterRefusesPodsAndTriesItAgainOneAgentAtATime() {
        Scenario failing = Scenarios.failing();

        RunResult kubeOps = Simulation.run(failing, 1, StrategyKind.KUBE_OPS);
        RunResult fewest = Simulation.run(failing, 1, StrategyKind.FEWEST_AGENTS);

        RunResult.ClusterOutcome b = kubeOps.clusters().get(1);
        // The refusing cluster looks idle and healthy: only failed provisions reveal it, and back-off plus probation keep
        // them to a few while a count-based balancer keeps feeding it.
        assertThat(b.failedProvisions()).isBetween(1, 30);
        assertThat(fewest.clusters().get(1).failedProvisions()).isGreaterThan(10 * b.failedProvisions());
        assertThat(kubeOps.clusters().get(0).failedProvisions() + kubeOps.clusters().get(2).failedProvisions()).isZero();
    }

    @Test
    void usesTheClusterAgainAfterItRecovers() {
        ClusterSpec flaky = new ClusterSpec("flaky", List.of(new ClusterSpec.NodeGroup(4, Scenarios.STANDARD_NODE)), 40,
                ClusterSpec.TenantLoad.NONE, List.of(new ClusterSpec.Outage(ClusterSpec.Outage.Kind.PODS_REJECTED,
                Duration.ZERO, Duration.ofMinutes(20))));
        ClusterSpec small = new ClusterSpec("small", List.of(new ClusterSpec.NodeGroup(1, Scenarios.STANDARD_NODE)), 40,
                ClusterSpec.TenantLoad.NONE, List.of());
        Scenario scenario = Scenarios.balanced().withClusters(List.of(flaky, small)).withJobs(400);

        RunResult result = Simulation.run(scenario, 1, StrategyKind.KUBE_OPS);

        RunResult.ClusterOutcome recovered = result.clusters().get(0);
        assertThat(recovered.failedProvisions()).isPositive();
        assertThat(recovered.provisions() - recovered.failedProvisions()).as("agents that ran there").isGreaterThan(200);
    }
    @Test
    void movesAnAgentWhosePodStaysUnschedulableToAMemberWithRoom() {
        Scenario scenario = Farms.scenario(List.of(Farms.cluster("a", 1, 40), Farms.cluster("b", 1, 40)));
        List<SimJob> builds = List.of(Farms.job(0, 0, Duration.ofHours(1)), Farms.job(1, 0, Duration.ofHours(1)),
                Farms.job(2, 0, Duration.ofHours(1)), Farms.job(3, 0, Duration.ofHours(1)), Farms.job(4, 0, Duration.ofHours(1)));
        EventLoop loop = new EventLoop();
        RunMetrics metrics = new RunMetrics(builds, 2);
        JenkinsFarm farm = new JenkinsFarm(loop, scenario, 1, metrics, 3_600_000);
        NodeProvisionerModel provisioner = new NodeProvisionerModel(farm, List.of(new LeastLoadStrategy()), true);
        farm.use(provisioner);
        SimCluster a = farm.clusters.get(0);
        for (int i = 0; i < 5; i++) {
            farm.addNode(farm.plan(a, "k8s", null)); // 5 x 2 CPU for a's one 8 CPU node: the fifth pod is Unschedulable
        }
        builds.forEach(farm::arrive);
        provisioner.start();

        loop.runUntil(300_000, () -> false);

        // The five agents cover the five builds, so nothing else is planned; four start on a. Without moving the fifth
        // agent, its build would wait for the 1000 s connect timeout while b stands empty.
        RunResult result = metrics.result(StrategyKind.KUBE_OPS, farm.clusters, loop.now());
        assertThat(result.started()).isEqualTo(5);
        assertThat(result.waits().maxSeconds()).isLessThan(30 + 60);
        assertThat(farm.agentsIn(farm.clusters.get(1))).extracting(agent -> agent.state).containsExactly(Agent.State.BUSY);
        assertThat(result.failedProvisions()).isZero();
    }
}
