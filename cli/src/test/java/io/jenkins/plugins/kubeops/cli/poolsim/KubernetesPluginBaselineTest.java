package io.jenkins.plugins.kubeops.cli.poolsim;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.kubeops.engine.cluster.ResourceAmounts;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** The baselines behave as jenkinsci/jenkins' NodeProvisioner and jenkinsci/kubernetes-plugin do. */
class KubernetesPluginBaselineTest {

    /** A Random whose shuffle keeps the list in order (Collections.shuffle swaps i-1 with nextInt(i)). */
    private static final class InOrder extends Random {
        private static final long serialVersionUID = 1L;

        @Override
        public int nextInt(int bound) {
            return bound - 1;
        }
    }

    @Test
    void shuffleThenStopLeavesTheBuildQueuedWhenTheFirstCloudIsAtItsCap() {
        Scenario scenario = Farms.scenario(List.of(Farms.cluster("full", 1, 1), Farms.cluster("roomy", 4, 10)));
        EventLoop loop = new EventLoop();
        NodeProvisionerModel[] provisioner = new NodeProvisionerModel[1];
        JenkinsFarm farm = Farms.farm(scenario, loop, f -> provisioner[0] = new NodeProvisionerModel(f,
                List.of(new NoDelayStrategy(new InOrder())), true));
        assertThat(farm.plan(farm.clusters.get(0), "k8s", null)).isNotNull(); // "full" is now at its container cap of 1

        farm.arrive(Farms.job(0, 0, Duration.ofMinutes(5)));
        loop.runUntil(500, () -> false);

        assertThat(farm.registered(farm.clusters.get(1))).as("agents in the roomy cloud").isZero();
        assertThat(farm.waiting("k8s")).hasSize(1);
    }

    @Test
    void shuffleProvisionsWhenTheFirstCloudCanTakeTheAgent() {
        Scenario scenario = Farms.scenario(List.of(Farms.cluster("roomy", 4, 10), Farms.cluster("full", 1, 1)));
        EventLoop loop = new EventLoop();
        JenkinsFarm farm = Farms.farm(scenario, loop, f -> new NodeProvisionerModel(f,
                List.of(new NoDelayStrategy(new InOrder())), true));

        farm.arrive(Farms.job(0, 0, Duration.ofMinutes(5)));
        loop.runUntil(500, () -> false);

        assertThat(farm.registered(farm.clusters.get(0))).isEqualTo(1);
    }

    @Test
    void kubernetesCloudSubtractsTheLabelsAgentsInProvisioningFromTheWorkload() {
        Scenario scenario = Farms.scenario(List.of(Farms.cluster("a", 4, 10), Farms.cluster("b", 4, 10)));
        JenkinsFarm farm = Farms.farm(scenario, new EventLoop(), f -> new NodeProvisionerModel(f, List.of(), false));
        for (int i = 0; i < 3; i++) {
            farm.addNode(farm.plan(farm.clusters.get(1), "k8s", null)); // launching in another cloud
        }

        assertThat(KubernetesCloudModel.provision(farm, farm.clusters.get(0), "k8s", 2)).isEmpty();
        assertThat(KubernetesCloudModel.provision(farm, farm.clusters.get(0), "k8s", 5)).hasSize(2);
        assertThat(KubernetesCloudModel.provisionOne(farm, farm.clusters.get(0), "k8s", "job")).isNotNull();
    }

    @Test
    void standardStrategyWaitsForSustainedDemandWhileOtherAgentsAreBusy() {
        Scenario scenario = Farms.scenario(List.of(Farms.cluster("a", 4, 10)));
        JenkinsFarm farm = Farms.farm(scenario, new EventLoop(), f -> new NodeProvisionerModel(f, List.of(), false));
        NodeProvisionerModel.LabelState state = new NodeProvisionerModel.LabelState();
        NodeProvisionerModel provisioner = new NodeProvisionerModel(farm, List.of(), false);
        // One busy agent online, one build queued: the queue's moving average has seen it for one 10 s period only.
        JenkinsFarm.LabelSnapshot snapshot = new JenkinsFarm.LabelSnapshot(0, 0, 1, 1);
        state.queueLength.update(1);

        boolean completed = new StandardStrategy().apply(new NodeProvisionerModel.Round("k8s", snapshot, 0, state, provisioner));

        assertThat(completed).isFalse();
        assertThat(state.pendingLaunches).isEmpty();
        for (int period = 0; period < 15; period++) {
            state.queueLength.update(1);
        }
        new StandardStrategy().apply(new NodeProvisionerModel.Round("k8s", snapshot, 0, state, provisioner));
        assertThat(state.pendingLaunches).hasSize(1);
    }

    @Test
    void standardStrategyStartsAtOnceWhenTheLabelHasNoAgentAtAll() {
        Scenario scenario = Farms.scenario(List.of(Farms.cluster("a", 4, 10), Farms.cluster("b", 4, 10)));
        JenkinsFarm farm = Farms.farm(scenario, new EventLoop(), f -> new NodeProvisionerModel(f, List.of(), false));
        NodeProvisionerModel.LabelState state = new NodeProvisionerModel.LabelState();
        NodeProvisionerModel provisioner = new NodeProvisionerModel(farm, List.of(), false);

        new StandardStrategy().apply(new NodeProvisionerModel.Round("k8s", new JenkinsFarm.LabelSnapshot(0, 0, 0, 3), 0, state,
                provisioner));

        assertThat(state.pendingLaunches).extracting(agent -> agent.cluster.name()).containsExactly("a");
    }

    @Test
    void thresholdMarginFallsFromHalfTowardsATenthAsExecutorsComeOnline() {
        assertThat(StandardStrategy.thresholdMargin(0)).isEqualTo(0.5f);
        assertThat(StandardStrategy.thresholdMargin(1)).isCloseTo(0.3f, Offset.offset(1e-6f));
        assertThat(StandardStrategy.thresholdMargin(20)).isCloseTo(0.1f, Offset.offset(1e-4f));
    }

    @Test
    void configuredOrderPilesOntoTheFirstCloud() {
        RunResult result = Simulation.run(Scenarios.balanced().withJobs(600), 1, StrategyKind.CONFIGURED_ORDER);

        List<RunResult.ClusterOutcome> clusters = result.clusters();
        assertThat(clusters.get(0).provisions()).isGreaterThan(clusters.get(1).provisions());
        assertThat(clusters.get(1).provisions()).isGreaterThan(clusters.get(2).provisions());
        assertThat(clusters.get(0).agentCpuShare()).isGreaterThan(2 * clusters.get(2).agentCpuShare());
        assertThat(result.provisionsIntoFullMember()).isPositive();
    }

    @Test
    void aPodInAFullClusterStaysPendingUntilTheAgentConnectTimeout() {
        // One 8 CPU node that another tenant's batch job fills for two hours.
        ClusterSpec busy = new ClusterSpec("busy", List.of(new ClusterSpec.NodeGroup(1, new ResourceAmounts(8_000, 32 * Farms.GI))), 10, new ClusterSpec.TenantLoad(0, 0,
                List.of(new ClusterSpec.TenantLoad.FillUp(Duration.ZERO, Duration.ofHours(2), 1.0))), List.of());
        Scenario scenario = Farms.scenario(List.of(busy)).withWorkload(new WorkloadSpec(2, 1000, WorkloadSpec.Bursts.NONE,
                List.of(Farms.TEMPLATE), 1));

        RunResult result = Simulation.run(scenario, 1, StrategyKind.RANDOM_SHUFFLE);

        assertThat(result.failedProvisions()).as("agents that did not connect within 1000 s").isPositive();
        assertThat(result.waits().maxSeconds()).isGreaterThanOrEqualTo(1000);
    }
}
