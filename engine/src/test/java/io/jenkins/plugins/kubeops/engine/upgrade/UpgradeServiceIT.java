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
        assertThat(stored.steps()).hasSize(1);
        assertThat(stored.currentNodes()).as("the canary goes alone").containsExactly(nodes.get(0));
        assertThat(stored.cordonedByUs()).containsExactly(nodes.get(0));
        assertThat(cordoned(client, nodes.get(0))).isTrue();
        assertThat(nodes).as("every node still to come carries the pending taint").allMatch(n -> pendingTaint(client, n));
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
            assertThat(pendingTaint(client, node)).as(node + " untainted").isFalse();
        }
        assertThat(first.runner()).as("the lock is released").isEmpty();
        assertThat(lines.any("step 1/1: workers: 3 nodes to " + target + ", canary " + nodes.get(0)
                + " alone, then up to 2 in flight")).isTrue();
        assertThat(lines.any("health gate before step 1/1: passed")).isTrue();
        assertThat(lines.any("health gate after 1 of 3 nodes of workers")).as("the checkpoint after the canary").isTrue();
        assertThat(lines.lines.stream().filter(l -> l.startsWith("step 1/1: "))).as("the roll ran through in one go").hasSize(1);
    }

    @Test
    void afterTheCanaryTheWindowKeepsMaxUnavailableNodesInFlightAndStartsTheNextAsSoonAsOneFinishes(TestNamespace ns)
            throws Exception {
        namespace = ns;
        KubernetesClient client = ns.client();
        KubeVersion target = controlPlane(client);
        List<String> nodes = UpgradeItSupport.nodes(ns, "v1.35.0", "a", "b", "c", "d");
        // b is held until c and d are both under way: with a window of 2, d can only start because c finished before b.
        java.util.Set<String> started = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.Map<String, Integer> inFlightWhenStarted = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
        UpgradeItSupport.FakeUpgrader upgrader = new UpgradeItSupport.FakeUpgrader(client, (node, version) -> {
            inFlightWhenStarted.put(node, inFlight.incrementAndGet());
            started.add(node);
            if (node.equals(nodes.get(1))) {
                Waits.until(Instant.now().plusSeconds(60), "d started while b is held", () -> started.contains(nodes.get(3)));
            }
            UpgradeItSupport.setKubeletVersion(client, node, version.toString());
            inFlight.decrementAndGet();
        });
        UpgradeState done = UpgradeItSupport.service(ns, upgrader, UpgradeItSupport.checkingDrainer(client), "runner")
                .apply(target, UpgradeItSupport.policy(ns, "2"), new UpgradeItSupport.Lines());

        assertThat(done.status()).as(done.message()).isEqualTo(UpgradeState.Status.SUCCEEDED);
        // Succeeded, so d started while b was held: c's slot went to d without waiting for b.
        assertThat(done.doneNodes()).startsWith(nodes.get(0)).containsExactlyInAnyOrderElementsOf(nodes);
        assertThat(inFlightWhenStarted.get(nodes.get(0))).as("the canary alone").isEqualTo(1);
        assertThat(inFlightWhenStarted.values()).as("never more than the window").allMatch(n -> n <= 2);
        assertThat(nodes).noneMatch(n -> cordoned(client, n) || pendingTaint(client, n));
    }

    @Test
    void abortAsksTheRunningUpgradeToStopAfterItsStepAndTakesOverFromADeadOne(TestNamespace ns) throws Exception {
        namespace = ns;
        KubernetesClient client = ns.client();
        KubeVersion target = controlPlane(client);
        List<String> nodes = UpgradeItSupport.nodes(ns, "v1.35.0", "a", "b", "c");

        // 1. While the canary upgrades, abort from "another process": no node starts after it, the run stops once it finished.
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
        assertThat(abortLines.any("'runner' is alive: it starts no new node and aborts once the nodes in flight finished"))
                .isTrue();
        release.countDown();
        UpgradeState aborted = running.get(120, TimeUnit.SECONDS);
        assertThat(aborted.status()).isEqualTo(UpgradeState.Status.ABORTED);
        assertThat(aborted.nextStep()).as("the roll was under way").isEqualTo(0);
        assertThat(aborted.doneNodes()).containsExactly(nodes.get(0));
        assertThat(nodes).noneMatch(n -> cordoned(client, n) || pendingTaint(client, n));
        assertThat(upgrader.calls).containsOnlyKeys(nodes.get(0));

        // 2. A run that dies after cordoning a node (in its drain): abort waits out its lock, uncordons it and removes the
        // taints. The re-plan covers b and c: a canary (b), then c.
        UpgradeService dying = UpgradeItSupport.service(ns, new UpgradeItSupport.FakeUpgrader(client), (batch, progress) -> {
            throw new UpgradeItSupport.SimulatedProcessDeath(String.join(", ", batch));
        }, "dying");
        assertThatThrownBy(() -> dying.apply(target, UpgradeItSupport.policy(ns, "2"), new UpgradeItSupport.Lines()))
                .isInstanceOf(UpgradeItSupport.SimulatedProcessDeath.class);
        assertThat(cordoned(client, nodes.get(1))).isTrue();
        assertThat(cordoned(client, nodes.get(2))).isFalse();
        assertThat(pendingTaint(client, nodes.get(2))).as("c was still to come when the run died").isTrue();
        UpgradeItSupport.Lines lines = new UpgradeItSupport.Lines();
        UpgradeState afterDeath = other.abort(lines);
        assertThat(afterDeath.status()).isEqualTo(UpgradeState.Status.ABORTED);
        assertThat(afterDeath.cordonedByUs()).isEmpty();
        assertThat(nodes).noneMatch(n -> cordoned(client, n) || pendingTaint(client, n));
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
        assertThat(failed.message()).contains(broken + ": gave up waiting for node " + broken + " to report kubelet " + target
                + " and Ready", "NotReady", "the nodes already in flight finished", "left cordoned: " + broken);
        assertThat(failed.doneNodes()).containsExactlyInAnyOrder(nodes.get(0), nodes.get(2));
        assertThat(cordoned(client, broken)).as("mid-upgrade: left cordoned").isTrue();
        assertThat(cordoned(client, nodes.get(0))).isFalse();
        assertThat(cordoned(client, nodes.get(2))).as("in flight with the broken node: finished").isFalse();
        assertThat(nodes).noneMatch(n -> pendingTaint(client, n));
        assertThat(lines.any("node " + broken + " is mid-upgrade")).isTrue();
        assertThat(lines.any("waiting for node " + broken + " to report kubelet")).isTrue();
    }

    @Test
    void resumeAfterTheProcessDiedMidRollFinishesTheJob(TestNamespace ns) throws Exception {
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
        assertThat(left.nextStep()).as("the roll was under way").isEqualTo(0);
        assertThat(left.doneNodes()).as("the canary").startsWith(nodes.get(0)).doesNotContain(victim);
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
        // c and d were in flight with the victim: each is either done, found at the target, or upgraded now.
        assertThat(upgrader.calls).as("the victim already ran the new kubelet: verified, not upgraded again")
                .doesNotContainKey(victim);
        assertThat(lines.any("resuming the upgrade to " + target + " at step 1/1")).isTrue();
        assertThat(lines.any("node " + victim + " already reports " + target)).isTrue();
    }

    @Test
    void pauseStartsNoNewNodeAndResumeContinuesWithTheNodesNotDone(TestNamespace ns) throws Exception {
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
        assertThat(cordoned(client, nodes.get(1))).as("no node was started after the pause").isFalse();
        assertThat(nodes).as("no taint weighs on the scheduler while paused").noneMatch(n -> pendingTaint(client, n));

        UpgradeState done = UpgradeItSupport.service(ns, new UpgradeItSupport.FakeUpgrader(client),
                UpgradeItSupport.checkingDrainer(client), "resumer").resume(new UpgradeItSupport.Lines());
        assertThat(done.status()).as(done.message()).isEqualTo(UpgradeState.Status.SUCCEEDED);
        assertThat(done.doneNodes()).containsExactlyInAnyOrderElementsOf(nodes);
        Waits.until(Instant.now().plusSeconds(5), "lock released", () -> runner.runner().isEmpty());
    }

    @Test
    void pausesAfterTheCanaryAndEveryWindowWhenAskedSoThatAPersonCanApproveTheNext(TestNamespace ns) {
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
        assertThat(first.message()).contains("paused in step 1/1 after 1 of 3 nodes");
        UpgradeState second = stepwise.resume(new UpgradeItSupport.Lines());
        assertThat(second.status()).as("b and c are the last window: nothing left to approve").isEqualTo(UpgradeState.Status.SUCCEEDED);
        assertThat(second.doneNodes()).containsExactlyInAnyOrderElementsOf(nodes);
    }

    static boolean pendingTaint(KubernetesClient client, String node) {
        var taints = client.nodes().withName(node).get().getSpec().getTaints();
        return taints != null && taints.stream().anyMatch(t -> PendingTaint.KEY.equals(t.getKey()));
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
