package io.jenkins.plugins.kubeops.engine.upgrade;

import static io.jenkins.plugins.kubeops.engine.upgrade.UpgradeItSupport.cordoned;
import static io.jenkins.plugins.kubeops.engine.upgrade.UpgradeItSupport.kubeletVersion;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.kubeops.engine.testing.KubernetesClusterExtension;
import io.jenkins.plugins.kubeops.engine.testing.TestNamespace;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The upgrade with the drain package's real Drainer: a node whose PDB never allows a disruption, under onTimeout skip. */
@ExtendWith(KubernetesClusterExtension.class)
class UpgradeDrainIT {

    private TestNamespace namespace;
    private final List<Drainer> drainers = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        drainers.forEach(Drainer::close);
        if (namespace != null) {
            UpgradeItSupport.cleanUp(namespace);
        }
    }

    @Test
    void aNodeTheDrainSkipsIsUncordonedAndLeftOnItsVersionWhileTheOthersAreUpgraded(TestNamespace ns) {
        namespace = ns;
        KubernetesClient client = ns.client();
        KubeVersion target = KubeVersion.parse(client.getKubernetesVersion().getGitVersion());
        List<String> nodes = UpgradeItSupport.nodes(ns, "v1.35.0", "a", "b", "c");
        String stuck = nodes.get(1);
        Instant setup = Instant.now().plusSeconds(90);
        DrainFixtures.deployment(ns, "stuck", 1, Map.of("kubernetes.io/hostname", stuck), false);
        DrainFixtures.minAvailable(ns, "stuck-pdb", "stuck", 1);
        DrainFixtures.awaitReadyOn(ns, "stuck", 1, stuck, setup);
        DrainFixtures.awaitBudget(ns, "stuck-pdb", 0, setup);

        DrainOptions options = DrainOptions.defaults().withTimeout(Duration.ofSeconds(5), DrainOptions.OnTimeout.SKIP);
        UpgradeService.Parts parts = new UpgradeService.Parts(new UpgradeItSupport.FakeUpgrader(client), id -> {
            Drainer drainer = new Drainer(client, Clock.systemUTC(), id);
            drainers.add(drainer);
            return drainer.asNodeDrainer(options);
        }, Optional.empty());
        UpgradeItSupport.Lines lines = new UpgradeItSupport.Lines();
        UpgradeState done = UpgradeItSupport.service(ns, parts, "runner").apply(target, UpgradeItSupport.policy(ns, "2"), lines);

        assertThat(done.status()).as(done.message()).isEqualTo(UpgradeState.Status.SUCCEEDED);
        assertThat(done.skippedNodes()).containsExactly(stuck);
        assertThat(done.doneNodes()).containsExactlyInAnyOrder(nodes.get(0), nodes.get(2));
        assertThat(done.message()).contains("still on their version: " + stuck);
        assertThat(kubeletVersion(client, stuck)).isEqualTo("v1.35.0");
        assertThat(kubeletVersion(client, nodes.get(2))).isEqualTo(target.toString());
        assertThat(nodes).noneMatch(n -> cordoned(client, n));
        assertThat(DrainFixtures.pods(ns, "stuck")).as("the protected pod was never evicted").hasSize(1);
        assertThat(lines.any("node " + stuck + " is skipped (skipped:")).isTrue();
    }
}
