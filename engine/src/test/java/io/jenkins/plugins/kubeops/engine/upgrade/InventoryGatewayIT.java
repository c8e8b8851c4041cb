package io.jenkins.plugins.kubeops.engine.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.kubeops.engine.testing.KubernetesClusterExtension;
import io.jenkins.plugins.kubeops.engine.testing.TestNamespace;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What the inventory reads from a real API server: versions, roles, pools, zones, readiness, cordons. */
@ExtendWith(KubernetesClusterExtension.class)
class InventoryGatewayIT {

    @Test
    void readsTheApiserverVersionAndEveryNodesRolePoolZoneVersionAndState(TestNamespace namespace) {
        KubernetesClient client = namespace.client();
        String cp = namespace.createNode("cp", "4", "16Gi", Map.of(InventoryNode.CONTROL_PLANE_LABEL, "")).getMetadata().getName();
        String web = namespace.createNode("web", "4", "16Gi", Map.of("pool", "web", InventoryNode.ZONE_LABEL, "eu-1a"))
                .getMetadata().getName();
        String plain = namespace.createNode("plain", "4", "16Gi", Map.of()).getMetadata().getName();
        namespace.awaitNodesReady(Duration.ofSeconds(60));
        UpgradeItSupport.setKubeletVersion(client, cp, "v1.36.1");
        UpgradeItSupport.setKubeletVersion(client, web, "v1.35.2");
        new NodeCordon(client, "someone-else").cordon(plain);

        ClusterInventory inventory = new InventoryGateway(client).read();

        assertThat(inventory.apiserver()).isEqualTo(KubeVersion.parse(client.getKubernetesVersion().getGitVersion()));
        InventoryNode cpNode = inventory.node(cp).orElseThrow();
        assertThat(cpNode.controlPlane()).isTrue();
        assertThat(cpNode.kubelet()).contains(KubeVersion.parse("v1.36.1"));
        assertThat(inventory.controlPlaneNodes()).contains(cp).doesNotContain(web, plain);
        InventoryNode webNode = inventory.node(web).orElseThrow();
        assertThat(webNode.pool("pool")).contains("web");
        assertThat(webNode.zone()).contains("eu-1a");
        assertThat(webNode.ready()).isTrue();
        InventoryNode plainNode = inventory.node(plain).orElseThrow();
        assertThat(plainNode.unschedulable()).isTrue();
        assertThat(plainNode.cordonedByUpgrade()).as("cordoned by another operation").isFalse();
        assertThat(plainNode.kubelet()).as("kwok's own version string is no Kubernetes version").isEmpty();
        assertThat(inventory.unknown()).anyMatch(note -> note.contains(plain));

        UpgradePlan plan = UpgradePlanner.plan(inventory, inventory.apiserver(),
                UpgradePolicy.DEFAULTS.withNodeSelector(Map.of("kube-ops.test/namespace", namespace.name())));
        assertThat(plan.refusal()).contains("cordoned by someone else: " + plain);
        assertThat(plan.steps()).filteredOn(UpgradeStep.NodeRoll.class::isInstance).map(UpgradeStep::describe)
                .first().asString().startsWith("control-plane nodes: 1 node to ");
        new NodeCordon(client, "someone-else").uncordon(plain);
        assertThat(List.of(cp, web, plain)).allMatch(n -> inventory.node(n).isPresent());
    }

    @Test
    void readsWhichDisruptionBudgetEachPodOfTheGivenNodesFallsUnderAndHowWideEachIs(TestNamespace namespace) {
        KubernetesClient client = namespace.client();
        String node = namespace.createNode("spread", "4", "16Gi", Map.of()).getMetadata().getName();
        namespace.awaitNodesReady(Duration.ofSeconds(60));
        DrainFixtures.deployment(namespace, "web", 4, Map.of(), false);
        DrainFixtures.deployment(namespace, "api", 3, Map.of(), false);
        DrainFixtures.deployment(namespace, "free", 1, Map.of(), false);
        DrainFixtures.maxUnavailable(namespace, "web-pdb", "web", 2);
        DrainFixtures.minAvailable(namespace, "api-pdb", "api", 2);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        DrainFixtures.awaitReadyOn(namespace, "web", 4, node, deadline);
        DrainFixtures.awaitReadyOn(namespace, "api", 3, node, deadline);
        DrainFixtures.awaitBudget(namespace, "web-pdb", 2, deadline);
        DrainFixtures.awaitBudget(namespace, "api-pdb", 1, deadline);

        BudgetSpread spread = new InventoryGateway(client).budgetSpread(List.of(node));

        String web = namespace.name() + "/web-pdb";
        String api = namespace.name() + "/api-pdb";
        // The unbudgeted pod of "free" does not count; each budget's width is what it allows with all pods healthy.
        assertThat(spread.budgets(node)).containsExactlyInAnyOrder(web, web, web, web, api, api, api);
        assertThat(spread.widths()).containsEntry(web, 2).containsEntry(api, 1);
        assertThat(new InventoryGateway(client).budgetSpread(List.of("no-such-node")).budgetsByNode()).isEmpty();
    }
}
