package io.jenkins.plugins.kubeops.engine.upgrade;

import static io.jenkins.plugins.kubeops.engine.upgrade.UpgradeItSupport.cordoned;
import static io.jenkins.plugins.kubeops.engine.upgrade.UpgradeItSupport.kubeletVersion;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import io.jenkins.plugins.kubeops.engine.testing.KubernetesClusterExtension;
import io.jenkins.plugins.kubeops.engine.testing.TestNamespace;
import io.jenkins.plugins.kubeops.engine.testing.Waits;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The orchestrator against the real control plane with kwok nodes: state and lock, abort, a node that never comes back,
 * resume after the upgrading process died. Kubelet "upgrades" rewrite the version the node reports (the real control-plane
 * upgrade of the local cluster is LocalNodeUpgrader's test).
 */
@ExtendWith(KubernetesClusterExtension.class)
class UpgradeServiceIT {

    private TestNamespace namespace;

    @AfterEach
    void removeState() {
        if (namespace != null) {
            UpgradeItSupport.cleanUp(namespace);
        }
    }

    static KubeVersion controlPlane(KubernetesClient client) {
        return KubeVersion.parse(client.getKubernetesVersion().getGitVersion());
    }

    @Test
    void persistsItsStateAndTheLockRefusesASecondUpgradeWhileOneRuns(TestNamespace ns) throws Exception {
        namespace = ns;
        KubernetesClient client = ns.client();
        KubeVersion target = controlPlane(client);
        List<String> nodes = UpgradeItSupport.nodes(ns, "v1.35.0", "a", "b", "c");
        CountDownLatch canaryStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        UpgradeItSupport.FakeUpgrader upgrader = new UpgradeItSupport.FakeUpgrader(client, (node, version) -> {
            canaryStarted.countDown();
            await(release);
            UpgradeItSupport.setKubeletVersion(client, node, version.toString());
        });
        UpgradeItSupport.Lines lines = new UpgradeItSupport.Lines();
        UpgradeService first = UpgradeItSupport.service(ns, upgrader, UpgradeItSupport.checkingDrainer(client), "first");
        CompletableFuture<UpgradeState> running = CompletableFuture.supplyAsync(
                () -> first.apply(target, UpgradeItSupport.policy(ns, "2"), lines));
        assertThat(canaryStarted.await(60, TimeUnit.SECONDS)).as("the canary's upgrade started").isTrue();

        UpgradeState stored = first.state().orElseThrow();
        assertThat(stored.status()).isEqualTo(UpgradeState.Status.RUNNING);
        assertThat(stored.steps()).hasSize(2);
        assertThat(stored.currentNodes()).containsExactly(nodes.get(0));
        assertThat(stored.cordonedByUs()).containsExactly(nodes.get(0));
        assertThat(cordoned(client, nodes.get(0))).isTrue();
        assertThat(first.runner()).contains("first");

        UpgradeService second = UpgradeItSupport.service(ns, new UpgradeItSupport.FakeUpgrader(client),
                UpgradeItSupport.checkingDrainer(client), "second");
        assertThatThrownBy(() -> second.apply(target, UpgradeItSupport.policy(ns, "2"), new UpgradeItSupport.Lines()))
                .isInstanceOf(KubeOpsException.class).hasMessageContaining("another upgrade is running on this cluster: 'first'");

        release.countDown();
        UpgradeState done = running.get(120, TimeUnit.SECONDS);
        assertThat(done.status()).as(done.message()).isEqualTo(UpgradeState.Status.SUCCEEDED);
        assertThat(done.doneNodes()).containsExactlyInAnyOrderElementsOf(nodes);
        assertThat(done.cordonedByUs()).isEmpty();
        for (String node : nodes) {
            assertThat(kubeletVersion(client, node)).isEqualTo(target.toString());
            assertThat(cordoned(client, node)).as(node + " uncordoned").isFalse();
        }
        assertThat(first.runner()).as("the lock is released").isEmpty();
        assertThat(lines.any("step 2/2: workers batch 2/2 to " + target)).isTrue();
        assertThat(lines.any("health gate before step 2/2: passed")).isTrue();
    }

    @Test
    void abortAsksTheRunningUpgradeToStopAfterItsStepAndTakesOverFromADeadOne(TestNamespace ns) throws Exception {
        namespace = ns;
        KubernetesClient client = ns.client();
        KubeVersion target = controlPlane(client);
        List<String> nodes = UpgradeItSupport.nodes(ns, "v1.35.0", "a", "b", "c");

        // 1. While the canary upgrades, abort from "another process": the run stops after the canary, touching nothing more.
        CountDownLatch canaryStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        UpgradeItSupport.FakeUpgrader upgrader = new UpgradeItSupport.FakeUpgrader(client, (node, version) -> {
            canaryStarted.countDown();
            await(release);
            UpgradeItSupport.setKubeletVersion(client, node, version.toString());
        });
        UpgradeService runner = UpgradeItSupport.service(ns, upgrader, UpgradeItSupport.checkingDrainer(client), "runner");
        CompletableFuture<UpgradeState> running = CompletableFuture.supplyAsync(
                () -> runner.apply(target, UpgradeItSupport.policy(ns, "2"), new UpgradeItSupport.Lines()));
        assertThat(canaryStarted.await(60, TimeUnit.SECONDS)).isTrue();
        UpgradeItSupport.Lines abortLines = new UpgradeItSupport.Lines();
        UpgradeService other = UpgradeItSupport.service(ns, new UpgradeItSupport.FakeUpgrader(client),
                UpgradeItSupport.checkingDrainer(client), "operator");
        other.abort(abortLines);
        assertThat(abortLines.any("'runner' is alive: it aborts after its current step")).isTrue();
        release.countDown();
        UpgradeState aborted = running.get(120, TimeUnit.SECONDS);
        assertThat(aborted.status()).isEqualTo(UpgradeState.Status.ABORTED);
        assertThat(aborted.nextStep()).isEqualTo(1);
        assertThat(aborted.doneNodes()).containsExactly(nodes.get(0));
        assertThat(nodes).noneMatch(n -> cordoned(client, n));
        assertThat(upgrader.calls).containsOnlyKeys(nodes.get(0));

        // 2. A run that dies after cordoning a batch (in its drain): abort waits out its lock and uncordons that batch. The
        // re-plan covers b and c: a canary (b), then c.
        UpgradeService dying = UpgradeItSupport.service(ns, new UpgradeItSupport.FakeUpgrader(client), (batch, progress) -> {
            throw new UpgradeItSupport.SimulatedProcessDeath(String.join(", ", batch));
        }, "dying");
        assertThatThrownBy(() -> dying.apply(target, UpgradeItSupport.policy(ns, "2"), new UpgradeItSupport.Lines()))
                .isInstanceOf(UpgradeItSupport.SimulatedProcessDeath.class);
        assertThat(cordoned(client, nodes.get(1))).isTrue();
        assertThat(cordoned(client, nodes.get(2))).isFalse();
        UpgradeItSupport.Lines lines = new UpgradeItSupport.Lines();
        UpgradeState afterDeath = other.abort(lines);
        assertThat(afterDeath.status()).isEqualTo(UpgradeState.Status.ABORTED);
        assertThat(afterDeath.cordonedByUs()).isEmpty();
        assertThat(nodes).noneMatch(n -> cordoned(client, n));
        assertThat(lines.any("asked 'dying' to abort")).isTrue();
        assertThat(lines.any("node " + nodes.get(1) + " uncordoned")).isTrue();
    }

    @Test
    void aNodeThatNeverComesBackReadyStopsTheUpgradeWithTheOthersUncordoned(TestNamespace ns) throws Exception {
        namespace = ns;
        KubernetesClient client = ns.client();
        KubeVersion target = controlPlane(client);
        List<String> nodes = UpgradeItSupport.nodes(ns, "v1.35.0", "a", "b", "c");
        String broken = nodes.get(1);
        UpgradeItSupport.FakeUpgrader upgrader = new UpgradeItSupport.FakeUpgrader(client, (node, version) -> {
            if (node.equals(broken)) {
                UpgradeItSupport.breakNode(client, node);
            } else {
                UpgradeItSupport.setKubeletVersion(client, node, version.toString());
            }
        });
        UpgradeItSupport.Lines lines = new UpgradeItSupport.Lines();
        UpgradeState failed = UpgradeItSupport.service(ns, upgrader, UpgradeItSupport.checkingDrainer(client), "runner")
                .apply(target, UpgradeItSupport.policy(ns, "2"), lines);

        assertThat(failed.status()).isEqualTo(UpgradeState.Status.FAILED);
        assertThat(failed.message()).contains("1 of 2 node(s)", broken, "gave up waiting for node " + broken
                + " to report kubelet " + target + " and Ready", "NotReady", "left cordoned: " + broken);
        assertThat(failed.doneNodes()).containsExactlyInAnyOrder(nodes.get(0), nodes.get(2));
        assertThat(cordoned(client, broken)).as("mid-upgrade: left cordoned").isTrue();
        assertThat(cordoned(client, nodes.get(0))).isFalse();
        assertThat(cordoned(client, nodes.get(2))).isFalse();
        assertThat(lines.any("node " + broken + " is mid-upgrade")).isTrue();
        assertThat(lines.any("waiting for node " + broken + " to report kubelet")).isTrue();
    }

    @Test
    void resumeAfterTheProcessDiedMidBatchFinishesTheJob(TestNamespace ns) throws Exception {
        namespace = ns;
        KubernetesClient client = ns.client();
        KubeVersion target = controlPlane(client);
        List<String> nodes = UpgradeItSupport.nodes(ns, "v1.35.0", "a", "b", "c", "d");
        String victim = nodes.get(1);
        // The process dies right after the victim's upgrade command ran, before it was verified and uncordoned.
        UpgradeItSupport.FakeUpgrader dyingUpgrader = new UpgradeItSupport.FakeUpgrader(client, (node, version) -> {
            UpgradeItSupport.setKubeletVersion(client, node, version.toString());
            if (node.equals(victim)) {
                throw new UpgradeItSupport.SimulatedProcessDeath(node);
            }
        });
        UpgradeService dying = UpgradeItSupport.service(ns, dyingUpgrader, UpgradeItSupport.checkingDrainer(client), "dying");
        assertThatThrownBy(() -> dying.apply(target, UpgradeItSupport.policy(ns, "3"), new UpgradeItSupport.Lines()))
                .isInstanceOf(UpgradeItSupport.SimulatedProcessDeath.class);
        UpgradeState left = dying.state().orElseThrow();
        assertThat(left.status()).isEqualTo(UpgradeState.Status.RUNNING);
        assertThat(left.nextStep()).as("the batch of b and c was under way").isEqualTo(1);
        assertThat(left.currentNodes()).contains(victim);
        assertThat(cordoned(client, victim)).isTrue();

        UpgradeItSupport.FakeUpgrader upgrader = new UpgradeItSupport.FakeUpgrader(client);
        UpgradeItSupport.Lines lines = new UpgradeItSupport.Lines();
        UpgradeState done = UpgradeItSupport.service(ns, upgrader, UpgradeItSupport.checkingDrainer(client), "resumer")
                .resume(lines);

        assertThat(done.status()).as(done.message()).isEqualTo(UpgradeState.Status.SUCCEEDED);
        assertThat(done.doneNodes()).containsExactlyInAnyOrderElementsOf(nodes);
        for (String node : nodes) {
            assertThat(kubeletVersion(client, node)).isEqualTo(target.toString());
            assertThat(cordoned(client, node)).isFalse();
        }
        assertThat(upgrader.calls).as("the victim already ran the new kubelet: verified, not upgraded again")
                .doesNotContainKey(victim).containsKey(nodes.get(3));
        assertThat(lines.any("resuming the upgrade to " + target + " at step 2/3")).isTrue();
        assertThat(lines.any("node " + victim + " already reports " + target)).isTrue();
    }

    @Test
    void pauseStopsBetweenBatchesAndResumeContinues(TestNamespace ns) throws Exception {
        namespace = ns;
        KubernetesClient client = ns.client();
        KubeVersion target = controlPlane(client);
        List<String> nodes = UpgradeItSupport.nodes(ns, "v1.35.0", "a", "b", "c");
        CountDownLatch canaryStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        UpgradeItSupport.FakeUpgrader upgrader = new UpgradeItSupport.FakeUpgrader(client, (node, version) -> {
            canaryStarted.countDown();
            await(release);
            UpgradeItSupport.setKubeletVersion(client, node, version.toString());
        });
        UpgradeService runner = UpgradeItSupport.service(ns, upgrader, UpgradeItSupport.checkingDrainer(client), "runner");
        CompletableFuture<UpgradeState> running = CompletableFuture.supplyAsync(
                () -> runner.apply(target, UpgradeItSupport.policy(ns, "2"), new UpgradeItSupport.Lines()));
        assertThat(canaryStarted.await(60, TimeUnit.SECONDS)).isTrue();
        UpgradeItSupport.service(ns, upgrader, UpgradeItSupport.checkingDrainer(client), "operator")
                .pause(new UpgradeItSupport.Lines());
        release.countDown();
        UpgradeState paused = running.get(120, TimeUnit.SECONDS);
        assertThat(paused.status()).isEqualTo(UpgradeState.Status.PAUSED);
        assertThat(paused.doneNodes()).containsExactly(nodes.get(0));
        assertThat(cordoned(client, nodes.get(1))).as("the next batch was not started").isFalse();

        UpgradeState done = UpgradeItSupport.service(ns, new UpgradeItSupport.FakeUpgrader(client),
                UpgradeItSupport.checkingDrainer(client), "resumer").resume(new UpgradeItSupport.Lines());
        assertThat(done.status()).as(done.message()).isEqualTo(UpgradeState.Status.SUCCEEDED);
        assertThat(done.doneNodes()).containsExactlyInAnyOrderElementsOf(nodes);
        Waits.until(Instant.now().plusSeconds(5), "lock released", () -> runner.runner().isEmpty());
    }

    @Test
    void pausesAfterEachBatchWhenAskedSoThatAPersonCanApproveTheNext(TestNamespace ns) {
        namespace = ns;
        KubernetesClient client = ns.client();
        KubeVersion target = controlPlane(client);
        List<String> nodes = UpgradeItSupport.nodes(ns, "v1.35.0", "a", "b", "c");
        UpgradeService.Parts parts = new UpgradeService.Parts(new UpgradeItSupport.FakeUpgrader(client),
                id -> UpgradeItSupport.checkingDrainer(client), java.util.Optional.empty());
        UpgradeService stepwise = new UpgradeService(client, parts,
                UpgradeItSupport.settings(ns).withPauseAfterEachBatch(true), Polling.real(java.time.Clock.systemUTC()), "pipeline");

        UpgradeState first = stepwise.apply(target, UpgradeItSupport.policy(ns, "2"), new UpgradeItSupport.Lines());
        assertThat(first.status()).isEqualTo(UpgradeState.Status.PAUSED);
        assertThat(first.doneNodes()).containsExactly(nodes.get(0));
        assertThat(first.message()).contains("paused after step 1/2");
        UpgradeState second = stepwise.resume(new UpgradeItSupport.Lines());
        assertThat(second.status()).as("the last batch leaves nothing to approve").isEqualTo(UpgradeState.Status.SUCCEEDED);
        assertThat(second.doneNodes()).containsExactlyInAnyOrderElementsOf(nodes);
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(120, TimeUnit.SECONDS)) {
                throw new AssertionError("the test never released the upgrade");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
