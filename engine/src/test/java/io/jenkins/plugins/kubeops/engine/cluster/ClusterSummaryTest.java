package io.jenkins.plugins.kubeops.engine.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterSummaryTest {

    private static final long GI = 1024L * 1024 * 1024;

    @Test
    void sumsAllocatableOverAllNodesAndCountsOnlyReadyOnesAsReady() {
        List<Node> nodes = List.of(node("a", "4", "16Gi", "True"), node("b", "8", "32Gi", "False"), node("c", "2", "8Gi", null));

        ClusterSummary summary = ClusterSummary.of("v1.36.4", nodes, List.of());

        assertThat(summary.nodes()).isEqualTo(3);
        assertThat(summary.readyNodes()).isEqualTo(1);
        assertThat(summary.allocatable()).isEqualTo(new ResourceAmounts(14_000, 56 * GI));
        assertThat(summary.cpuShare()).isZero();
    }

    @Test
    void countsRequestsOfScheduledPodsOnlyAndIgnoresTerminalOnes() {
        List<Pod> pods = List.of(pod("running", "a", "Running", "1", "1Gi"), pod("pending", null, "Pending", "4", "4Gi"),
                pod("done", "a", "Succeeded", "8", "8Gi"), pod("failed", "a", "Failed", "8", "8Gi"),
                pod("starting", "a", "Pending", "500m", "512Mi"));

        ClusterSummary summary = ClusterSummary.of("v1.36.4", List.of(node("a", "4", "16Gi", "True")), pods);

        assertThat(summary.scheduledPods()).isEqualTo(2);
        assertThat(summary.pendingPods()).isEqualTo(1);
        assertThat(summary.requested()).isEqualTo(new ResourceAmounts(1500, GI + GI / 2));
        assertThat(summary.cpuShare()).isEqualTo(0.375);
        assertThat(summary.memoryShare()).isEqualTo(1.5 / 16);
    }

    static Node node(String name, String cpu, String memory, String ready) {
        NodeBuilder builder = new NodeBuilder().withNewMetadata().withName(name).endMetadata().withNewStatus()
                .withAllocatable(Map.of("cpu", new Quantity(cpu), "memory", new Quantity(memory))).endStatus();
        if (ready != null) {
            builder.editStatus().addNewCondition().withType("MemoryPressure").withStatus("False").endCondition()
                    .addNewCondition().withType("Ready").withStatus(ready).endCondition().endStatus();
        }
        return builder.build();
    }

    static Pod pod(String name, String nodeName, String phase, String cpu, String memory) {
        return new PodBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withNodeName(nodeName).withContainers(PodRequestsTest.container("c", cpu, memory)).endSpec()
                .withNewStatus().withPhase(phase).endStatus().build();
    }
}
