package io.jenkins.plugins.kubeops.engine.upgrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import io.jenkins.plugins.kubeops.engine.common.LoopbackPorts;
import io.jenkins.plugins.kubeops.engine.etcd.BackupOptions;
import io.jenkins.plugins.kubeops.engine.etcd.EtcdTarget;
import io.jenkins.plugins.kubeops.engine.etcd.FilesystemStore;
import io.jenkins.plugins.kubeops.engine.etcd.SnapshotLocks;
import io.jenkins.plugins.kubeops.engine.testing.EtcdServer;
import io.jenkins.plugins.kubeops.engine.testing.KubernetesClusterExtension;
import io.jenkins.plugins.kubeops.engine.testing.TestNamespace;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The verified etcd snapshot before the control plane, through the etcd package, against a real etcd. */
@ExtendWith(KubernetesClusterExtension.class)
class UpgradeSnapshotIT {

    @RegisterExtension
    static final EtcdServer ETCD = EtcdServer.plain();

    @TempDir
    Path dir;

    private TestNamespace namespace;

    @AfterEach
    void removeState() {
        if (namespace != null) {
            UpgradeItSupport.cleanUp(namespace);
        }
    }

    EtcdSnapshotPhase phase(String endpoint) {
        try {
            Files.createDirectories(dir.resolve("store"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        EtcdTarget target = new EtcdTarget("upgrade-it", List.of(URI.create(endpoint)), Optional.empty(), Duration.ofSeconds(2),
                Duration.ofSeconds(60), false);
        return new EtcdSnapshotPhase(target, () -> new FilesystemStore(dir.resolve("store")),
                BackupOptions.defaults(dir.resolve("work")), new SnapshotLocks(dir.resolve("locks")), Clock.systemUTC());
    }

    @Test
    void takesASnapshotVerifiesItAndReadsItBackFromTheStore() throws Exception {
        UpgradeItSupport.Lines lines = new UpgradeItSupport.Lines();
        String taken = phase(ETCD.endpoint()).takeVerified(lines);
        assertThat(taken).contains("of etcd cluster 'upgrade-it'", "verified twice");
        assertThat(lines.any("read back from")).isTrue();
        try (Stream<Path> files = Files.walk(dir.resolve("store"))) {
            assertThat(files.map(Path::toString)).anyMatch(f -> f.endsWith(".json")).anyMatch(f -> f.endsWith(".db.zst"));
        }
    }

    @Test
    void aSnapshotThatCannotBeTakenStopsTheUpgradeBeforeTheControlPlaneAndAGoodOneLetsItGoOn(TestNamespace ns) {
        namespace = ns;
        KubernetesClient client = ns.client();
        KubeVersion target = KubeVersion.parse(client.getKubernetesVersion().getGitVersion());
        String node = UpgradeItSupport.nodes(ns, "v1.35.0", "a").get(0);
        // A stored upgrade whose next steps are the snapshot, the control plane, then the node.
        UpgradePlan plan = new UpgradePlan(target, target, List.of(new UpgradeStep.Snapshot(),
                new UpgradeStep.ControlPlane(1, 1, target, Optional.empty()),
                new UpgradeStep.NodeRoll("workers", false, List.of(node), 1, false, target)), List.of(), List.of(), List.of(), 3,
                Optional.empty());
        UpgradeService.Settings settings = UpgradeItSupport.settings(ns);
        new UpgradeStateStore(client, settings.stateName()).create(UpgradeState.start("kube-ops-upgrade-it", plan, "test plan",
                Map.of("kube-ops.test/namespace", ns.name()), Instant.now()).withStatus(UpgradeState.Status.FAILED, "set up"));
        UpgradeItSupport.FakeUpgrader upgrader = new UpgradeItSupport.FakeUpgrader(client);

        String deadEndpoint = "http://127.0.0.1:" + LoopbackPorts.next();
        UpgradeState failed = UpgradeItSupport.service(ns, new UpgradeService.Parts(upgrader,
                id -> UpgradeItSupport.checkingDrainer(client), Optional.of(phase(deadEndpoint))), "it").resume(new UpgradeItSupport.Lines());
        assertThat(failed.status()).isEqualTo(UpgradeState.Status.FAILED);
        assertThat(failed.nextStep()).isZero();
        assertThat(failed.message()).contains("the etcd snapshot before the control plane failed", "was not touched");
        assertThat(upgrader.calls).isEmpty();

        // With a reachable etcd the snapshot is recorded and the upgrade reaches the control plane (which this test's
        // upgrader refuses to touch: the real control-plane upgrade is the local cluster's test).
        UpgradeItSupport.FakeUpgrader refusing = new UpgradeItSupport.FakeUpgrader(client) {
            @Override
            public void upgradeControlPlane(String cpNode, KubeVersion version, io.jenkins.plugins.kubeops.engine.common.Progress p) {
                throw new KubeOpsException("control plane reached");
            }
        };
        UpgradeState reached = UpgradeItSupport.service(ns, new UpgradeService.Parts(refusing,
                id -> UpgradeItSupport.checkingDrainer(client), Optional.of(phase(ETCD.endpoint()))), "it")
                .resume(new UpgradeItSupport.Lines());
        assertThat(reached.snapshot()).get().asString().contains("verified twice");
        assertThat(reached.nextStep()).isEqualTo(1);
        assertThat(reached.message()).contains("control plane reached");
        assertThatThrownBy(() -> phase(deadEndpoint).takeVerified(line -> { })).isInstanceOf(KubeOpsException.class);
    }
}
