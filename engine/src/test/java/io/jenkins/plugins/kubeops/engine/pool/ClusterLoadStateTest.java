package io.jenkins.plugins.kubeops.engine.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.jenkins.plugins.kubeops.engine.cluster.ResourceAmounts;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ClusterLoadStateTest {

    private static final long GI = 1L << 30;
    private final ClusterLoadState state = new ClusterLoadState(ClusterLoadState.DEFAULT_AGENT_LABELS);
    private final PoolMember ci = new PoolMember("ci", "c", "agents", Map.of("pool", "ci"), MemberCaps.NONE, 0, 1, MemberState.ACTIVE);

    @Test
    void sumsOnlyReadySchedulableNodesThatMatchTheSelector() {
        state.nodeChanged(node("a", "8", "ci", true, false));
        state.nodeChanged(node("b", "4", "ci", true, false));
        state.nodeChanged(node("cordoned", "64", "ci", true, true));
        state.nodeChanged(node("down", "64", "ci", false, false));
        state.nodeChanged(node("other", "64", "batch", true, false));
        state.podChanged(pod("p1", "default", "a", "3", false, null));

        MemberLoad load = state.loadFor(ci, true);

        assertThat(load.allocatable()).isEqualTo(new ResourceAmounts(12_000, 64 * GI));
        assertThat(load.requested().cpuMillis()).isEqualTo(3000);
        assertThat(load.nodeFree()).containsExactly(new ResourceAmounts(5_000, 31 * GI), new ResourceAmounts(4_000, 32 * GI));
    }

    @Test
    void followsPodsAsTheyAreBoundFinishedAndDeleted() {
        state.nodeChanged(node("a", "8", "ci", true, false));
        Pod pending = pod("agent-1", "agents", null, "2", true, null);
        state.podChanged(pending);
        assertThat(state.loadFor(ci, true).pendingAgents()).isEqualTo(1);
        assertThat(state.loadFor(ci, true).pendingRequests().cpuMillis()).isEqualTo(2000);

        state.podChanged(pod("agent-1", "agents", "a", "2", true, "Running"));
        MemberLoad running = state.loadFor(ci, true);
        assertThat(running.runningAgents()).isEqualTo(1);
        assertThat(running.pendingAgents()).isZero();
        assertThat(running.requested().cpuMillis()).isEqualTo(2000);

        state.podChanged(pod("agent-1", "agents", "a", "2", true, "Succeeded"));
        MemberLoad done = state.loadFor(ci, true);
        assertThat(done.agents()).isZero();
        assertThat(done.requested()).isEqualTo(ResourceAmounts.ZERO);

        state.podChanged(pod("agent-2", "agents", "a", "1", true, "Running"));
        state.podDeleted("agent-2");
        assertThat(state.loadFor(ci, true).agents()).isZero();
    }

    @Test
    void knowsWhichAgentPodsExistByNamespaceAndName() {
        Pod first = pod("maven-abc12", "agents", null, "1", true, null);
        state.podChanged(first);
        state.podChanged(pod("not-an-agent", "agents", null, "1", false, null));

        assertThat(state.hasAgentPod("agents", "maven-abc12")).isTrue();
        assertThat(state.hasAgentPod("builds", "maven-abc12")).isFalse();
        assertThat(state.hasAgentPod("agents", "not-an-agent")).isFalse();

        // Re-created under the same name: deleting the old pod must not hide the new one.
        Pod second = new PodBuilder(first).editMetadata().withUid("maven-abc12-second").endMetadata().build();
        state.podChanged(second);
        state.podDeleted("maven-abc12");
        assertThat(state.hasAgentPod("agents", "maven-abc12")).isTrue();

        state.podChanged(new PodBuilder(second).editStatus().withPhase("Failed").endStatus().build());
        assertThat(state.hasAgentPod("agents", "maven-abc12")).isFalse();
    }

    @Test
    void countsOnlyAgentPodsOfTheMembersNamespaceAndSelector() {
        state.podChanged(pod("mine", "agents", null, "1", true, null));
        state.podChanged(pod("other-namespace", "builds", null, "1", true, null));
        state.podChanged(pod("not-an-agent", "agents", null, "1", false, null));
        PoolMember otherSelector = new PoolMember("gpu", "c", "agents", Map.of("pool", "gpu"), MemberCaps.NONE, 0, 1, MemberState.ACTIVE);

        assertThat(state.loadFor(ci, true).pendingAgents()).isEqualTo(1);
        assertThat(state.loadFor(otherSelector, true).pendingAgents()).isZero();
    }

    @Test
    void marksAgentPodsTheSchedulerCouldNotPlace() {
        Pod stuck = new PodBuilder(pod("stuck", "agents", null, "64", true, "Pending")).editStatus().addNewCondition()
                .withType("PodScheduled").withStatus("False").withReason("Unschedulable").endCondition().endStatus().build();
        state.podChanged(stuck);

        assertThat(state.loadFor(ci, true).unschedulableAgents()).isEqualTo(1);
    }

    @Test
    void remembersSinceWhenAnAgentPodIsUnschedulable() {
        Pod stuck = new PodBuilder(pod("stuck", "agents", null, "64", true, "Pending")).editStatus().addNewCondition()
                .withType("PodScheduled").withStatus("False").withReason("Unschedulable")
                .withLastTransitionTime("2026-12-08T09:00:00Z").endCondition().endStatus().build();
        state.podChanged(stuck);
        state.podChanged(pod("waiting", "agents", null, "1", true, "Pending"));

        assertThat(state.agentPodUnschedulableSince("agents", "stuck")).contains(Instant.parse("2026-12-08T09:00:00Z"));
        assertThat(state.agentPodUnschedulableSince("agents", "waiting")).isEmpty();
        assertThat(state.agentPodUnschedulableSince("agents", "unknown")).isEmpty();

        state.podChanged(pod("stuck", "agents", "a", "64", true, "Running"));

        assertThat(state.agentPodUnschedulableSince("agents", "stuck")).isEmpty();
    }

    @Test
    void keepsTheTightestQuotaPerResource() {
        state.quotaChanged(new ResourceQuotaBuilder().withNewMetadata().withName("cpu").withNamespace("agents").endMetadata()
                .withNewStatus().addToHard("requests.cpu", new Quantity("10")).addToUsed("requests.cpu", new Quantity("9"))
                .addToHard("pods", new Quantity("100")).addToUsed("pods", new Quantity("3")).endStatus().build());
        state.quotaChanged(new ResourceQuotaBuilder().withNewMetadata().withName("mem").withNamespace("agents").endMetadata()
                .withNewStatus().addToHard("memory", new Quantity("8Gi")).addToUsed("memory", new Quantity("2Gi"))
                .addToHard("count/pods", new Quantity("5")).addToUsed("count/pods", new Quantity("4")).endStatus().build());

        QuotaHeadroom quota = state.loadFor(ci, true).quota();

        assertThat(quota.hard()).isEqualTo(new ResourceAmounts(10_000, 8 * GI));
        assertThat(quota.used()).isEqualTo(new ResourceAmounts(9_000, 2 * GI));
        assertThat(quota.podsHard()).isEqualTo(5);
        assertThat(quota.podsUsed()).isEqualTo(4);

        state.quotaDeleted("agents", "cpu");
        state.quotaDeleted("agents", "mem");
        assertThat(state.loadFor(ci, true).quota()).isEqualTo(QuotaHeadroom.NONE);
    }

    @Test
    void signalsRoomFreedWhenABoundPodOrAPendingAgentGoesAway() {
        AtomicInteger freed = new AtomicInteger();
        state.onRoomFreed(freed::incrementAndGet);
        state.podChanged(pod("agent-1", "agents", null, "2", true, null));
        state.podChanged(pod("agent-1", "agents", "a", "2", true, "Running"));
        state.podChanged(pod("other", "agents", null, "2", false, null));
        assertThat(freed).as("creating and binding pods frees nothing").hasValue(0);

        state.podChanged(pod("agent-1", "agents", "a", "2", true, "Succeeded"));
        assertThat(freed).as("a finished pod gives its node room back").hasValue(1);
        state.podDeleted("agent-1");
        assertThat(freed).as("deleting a pod already counted as finished").hasValue(1);

        state.podChanged(pod("agent-2", "agents", null, "2", true, null));
        state.podDeleted("agent-2");
        assertThat(freed).as("a pending agent that goes away no longer takes room once bound").hasValue(2);
        state.podDeleted("other");
        assertThat(freed).as("a pending non-agent pod held no room").hasValue(2);
    }

    @Test
    void signalsRoomFreedWhenANodeBecomesUsableOrGrowsAndWhenAQuotaGainsRoom() {
        AtomicInteger freed = new AtomicInteger();
        state.onRoomFreed(freed::incrementAndGet);
        state.nodeChanged(node("a", "8", "ci", false, false));
        assertThat(freed).as("a NotReady node").hasValue(0);
        state.nodeChanged(node("a", "8", "ci", true, false));
        assertThat(freed).as("the node became Ready").hasValue(1);
        state.nodeChanged(node("a", "8", "ci", true, false));
        assertThat(freed).as("a status update that changes nothing").hasValue(1);
        state.nodeChanged(node("a", "16", "ci", true, false));
        assertThat(freed).as("more allocatable CPU").hasValue(2);
        state.nodeChanged(node("a", "16", "ci", true, true));
        assertThat(freed).as("cordoned").hasValue(2);

        state.quotaChanged(cpuQuota("9"));
        assertThat(freed).as("a new quota takes room").hasValue(2);
        state.quotaChanged(cpuQuota("10"));
        assertThat(freed).as("more used").hasValue(2);
        state.quotaChanged(cpuQuota("4"));
        assertThat(freed).as("less used").hasValue(3);
        state.quotaDeleted("agents", "cpu");
        assertThat(freed).as("quota removed").hasValue(4);
    }

    @Test
    void reportsAnUnreachableClusterWithoutLoad() {
        state.nodeChanged(node("a", "8", "ci", true, false));
        assertThat(state.loadFor(ci, false)).isEqualTo(MemberLoad.unreachable("ci"));
    }

    private static io.fabric8.kubernetes.api.model.ResourceQuota cpuQuota(String used) {
        return new ResourceQuotaBuilder().withNewMetadata().withName("cpu").withNamespace("agents").endMetadata()
                .withNewStatus().addToHard("requests.cpu", new Quantity("10")).addToUsed("requests.cpu", new Quantity(used))
                .endStatus().build();
    }

    private static Node node(String name, String cpu, String pool, boolean ready, boolean cordoned) {
        return new NodeBuilder().withNewMetadata().withName(name).addToLabels("pool", pool).endMetadata()
                .withNewSpec().withUnschedulable(cordoned).endSpec()
                .withNewStatus().addToAllocatable("cpu", new Quantity(cpu)).addToAllocatable("memory", new Quantity("32Gi"))
                .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition().endStatus().build();
    }

    private static Pod pod(String name, String namespace, String nodeName, String cpu, boolean agent, String phase) {
        PodBuilder pod = new PodBuilder().withNewMetadata().withName(name).withUid(name).withNamespace(namespace).endMetadata()
                .withNewSpec().withNodeName(nodeName).addToNodeSelector("pool", "ci").addNewContainer().withName("c")
                .withNewResources().addToRequests("cpu", new Quantity(cpu)).addToRequests("memory", new Quantity("1Gi"))
                .endResources().endContainer().endSpec().withNewStatus().withPhase(phase).endStatus();
        if (agent) {
            pod.editMetadata().addToLabels(ClusterLoadState.DEFAULT_AGENT_LABELS).endMetadata();
        }
        return pod.build();
    }
}
