package io.jenkins.plugins.kubeops.engine.upgrade;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.jenkins.plugins.kubeops.engine.cluster.ClusterErrors;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import io.jenkins.plugins.kubeops.engine.common.Progress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs the remaining steps of a stored upgrade while its process holds the lock: maintenance window, health gates, then the
 * step; the state is written after every change, so a run that dies can be resumed where it stopped. Pause and abort
 * requests are honoured between steps. Every failure uncordons the nodes this upgrade cordoned, except nodes whose own
 * upgrade started and was not verified (said so).
 */
final class UpgradeRun {

    private final KubernetesClient client;
    private final UpgradeStateStore store;
    private final UpgradeService.Parts parts;
    private final UpgradeService.Settings settings;
    private final Polling polling;
    private final Progress progress;
    private final NodeCordon cordon;
    private final String operationId;
    private NodeDrainer drainer; // made on first use: abort and pause never need one
    private final HealthGates gates;
    private final UpgradeWaits waits;

    UpgradeRun(KubernetesClient client, UpgradeStateStore store, UpgradeService.Parts parts, UpgradeService.Settings settings,
               Polling polling, String operationId, java.util.Map<String, String> nodeSelector, Progress progress) {
        this.client = client;
        this.store = store;
        this.parts = parts;
        this.settings = settings;
        this.polling = polling;
        this.progress = progress;
        this.cordon = new NodeCordon(client, operationId);
        this.operationId = operationId;
        this.gates = HealthGates.of(client, settings.health(), nodeSelector, polling);
        this.waits = new UpgradeWaits(client, polling, settings);
    }

    UpgradeState run() {
        try {
            return steps();
        } finally {
            if (drainer instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    progress.say("could not close the drainer: " + e.getMessage());
                }
            }
        }
    }

    private UpgradeState steps() {
        try {
            while (true) {
                UpgradeState state = current();
                if (state.abortRequested()) {
                    return abort("abort requested with 'kube-ops upgrade abort'");
                }
                if (state.pauseRequested()) {
                    UpgradeState paused = store.modify(s -> s.withStatus(UpgradeState.Status.PAUSED, "paused before step "
                            + (s.nextStep() + 1) + "/" + s.steps().size()).at(polling.now()));
                    progress.say("paused before step " + (paused.nextStep() + 1) + "/" + paused.steps().size()
                            + ": 'kube-ops upgrade resume' continues");
                    return paused;
                }
                Optional<UpgradeStep> step = state.currentStep();
                if (step.isEmpty()) {
                    break;
                }
                String position = "step " + (state.nextStep() + 1) + "/" + state.steps().size();
                if (!waits.insideWindow(state, position, progress, this::stopRequested)) {
                    continue; // woken by a pause or abort request, or the window opened: look again
                }
                gates.await("before " + position, progress);
                progress.say(position + ": " + step.get().describe());
                execute(step.get(), state);
                UpgradeState after = store.modify(s -> s.withNextStep(s.nextStep() + 1).at(polling.now()));
                if (settings.pauseAfterEachBatch() && step.get() instanceof UpgradeStep.NodeBatch
                        && after.currentStep().isPresent()) {
                    UpgradeState paused = store.modify(s -> s.withStatus(UpgradeState.Status.PAUSED, "paused after "
                            + position + " as asked (pause after each batch)").at(polling.now()));
                    progress.say("paused after " + position + ": resume runs step " + (paused.nextStep() + 1) + "/"
                            + paused.steps().size());
                    return paused;
                }
            }
            gates.await("after the last step", progress);
            UpgradeState done = store.modify(s -> s.withStatus(UpgradeState.Status.SUCCEEDED, "upgraded to " + s.target())
                    .at(polling.now()));
            progress.say("upgrade to " + done.target() + " finished: " + done.doneNodes().size() + " node(s) upgraded");
            return done;
        } catch (KubeOpsException e) {
            return fail(e.getMessage());
        } catch (KubernetesClientException e) {
            return fail(ClusterErrors.explain(e));
        }
    }

    private boolean stopRequested() {
        UpgradeState state = current();
        return state.pauseRequested() || state.abortRequested();
    }

    private UpgradeState current() {
        return store.read().orElseThrow(() -> new KubeOpsException("the upgrade state ConfigMap " + UpgradeStateStore.NAMESPACE
                + "/" + store.name() + " is gone: someone deleted it while the upgrade ran."));
    }

    private void execute(UpgradeStep step, UpgradeState state) {
        if (step instanceof UpgradeStep.Snapshot) {
            SnapshotPhase phase = parts.snapshot().orElseThrow(() -> new KubeOpsException("the plan takes an etcd snapshot "
                    + "before the control plane, but no etcd connection was given: give one (--etcd-endpoints ...) or skip "
                    + "the snapshot explicitly (--skip-snapshot)."));
            String taken = phase.takeVerified(progress);
            store.modify(s -> s.withSnapshot(taken).at(polling.now()));
            progress.say("etcd snapshot taken and verified: " + taken);
        } else if (step instanceof UpgradeStep.ControlPlane controlPlane) {
            interruptible(() -> parts.upgrader().upgradeControlPlane(controlPlane.node().orElse(null), controlPlane.version(),
                    progress));
            waits.controlPlane(controlPlane, progress);
        } else if (step instanceof UpgradeStep.NodeBatch batch) {
            List<String> nodes = batch.nodes().stream().filter(n -> !state.doneNodes().contains(n)).toList();
            if (!nodes.isEmpty()) {
                upgradeBatch(batch, nodes);
            }
        }
    }

    private void upgradeBatch(UpgradeStep.NodeBatch batch, List<String> nodes) {
        store.modify(s -> s.cordoned(nodes).at(polling.now())); // the intent first: a crash right after still knows them
        List<String> present = new ArrayList<>();
        for (String node : nodes) {
            NodeCordon.Result result = cordon.cordon(node);
            switch (result.outcome()) {
                case CORDONED_BY_OTHER -> throw new KubeOpsException(result.describe() + ": it was cordoned after the plan "
                        + "was made; find out why, uncordon it, then resume.");
                case GONE -> {
                    progress.say("node " + node + " no longer exists: skipped");
                    store.modify(s -> s.uncordoned(node));
                }
                default -> {
                    progress.say(result.describe());
                    present.add(node);
                }
            }
        }
        if (drainer == null) {
            drainer = parts.drainers().apply(operationId);
        }
        NodeDrainer.Result drained = interruptible(() -> drainer.drain(present, progress));
        if (!drained.allDrained()) {
            throw new KubeOpsException("drain failed, nothing in this batch was upgraded: " + drained.failed().entrySet().stream()
                    .map(e -> e.getKey() + ": " + e.getValue()).reduce((a, b) -> a + "; " + b).orElse(""));
        }
        ExecutorService pool = Executors.newFixedThreadPool(present.size(), runnable -> {
            Thread thread = new Thread(runnable, "kube-ops-upgrade-node");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<?>> upgrades = new ArrayList<>();
            for (String node : present) {
                upgrades.add(pool.submit(() -> upgradeNode(node, batch.version())));
            }
            List<String> failures = new ArrayList<>();
            for (int i = 0; i < upgrades.size(); i++) {
                try {
                    upgrades.get(i).get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof Error error) {
                        throw error; // the JVM is in trouble: stop like a dead process, resume picks up from the state
                    }
                    failures.add(present.get(i) + ": " + e.getCause().getMessage());
                }
            }
            if (!failures.isEmpty()) {
                throw new KubeOpsException(failures.size() + " of " + present.size() + " node(s) of " + batch.group() + " batch "
                        + batch.batch() + " failed: " + String.join("; ", failures));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KubeOpsException("interrupted while upgrading " + String.join(", ", present), e);
        } finally {
            pool.shutdownNow();
        }
    }

    private void upgradeNode(String node, KubeVersion version) {
        store.modify(s -> s.nodeStarted(node).at(polling.now()));
        if (waits.nodePending(node, version).isEmpty()) {
            progress.say("node " + node + " already reports " + version + " and Ready: not upgraded again");
        } else {
            interruptible(() -> parts.upgrader().upgradeKubelet(node, version, progress));
        }
        waits.node(node, version, progress);
        NodeCordon.Result result = cordon.uncordon(node);
        UpgradeState state = store.modify(s -> s.nodeDone(node).at(polling.now()));
        progress.say("node " + node + " runs " + version + " and is Ready; " + result.describe() + " ("
                + state.doneNodes().size() + " node(s) done)");
    }

    /** Stops with the nodes we cordoned uncordoned, except those mid-upgrade; says which were left and why. */
    UpgradeState fail(String reason) {
        progress.say("upgrade failed: " + reason);
        String left = uncordonOurs();
        return store.modify(s -> s.withStatus(UpgradeState.Status.FAILED, reason + left).at(polling.now()));
    }

    UpgradeState abort(String why) {
        String left = uncordonOurs();
        UpgradeState aborted = store.modify(s -> s.withStatus(UpgradeState.Status.ABORTED, why + left).at(polling.now()));
        progress.say("upgrade aborted at step " + (aborted.nextStep() + 1) + "/" + aborted.steps().size() + left);
        return aborted;
    }

    private String uncordonOurs() {
        UpgradeState state = current();
        List<String> leftCordoned = new ArrayList<>();
        for (String node : state.cordonedByUs()) {
            if (state.currentNodes().contains(node)) {
                leftCordoned.add(node);
                progress.say("node " + node + " is mid-upgrade (its upgrade started and was not verified): left cordoned. "
                        + "Check it; 'kube-ops upgrade resume' finishes it, or uncordon it yourself (kubectl uncordon " + node + ").");
                continue;
            }
            try {
                progress.say(cordon.uncordon(node).describe());
                store.modify(s -> s.uncordoned(node));
            } catch (KubeOpsException e) {
                leftCordoned.add(node);
                progress.say("could not uncordon node " + node + ": " + e.getMessage());
            }
        }
        return leftCordoned.isEmpty() ? "" : " (left cordoned: " + String.join(", ", leftCordoned) + ")";
    }

    /** Blocking work that may be interrupted; an interruption stops the run like a failure. */
    private interface Blocking<T> {
        T call() throws InterruptedException;
    }

    private interface BlockingAction {
        void run() throws InterruptedException;
    }

    private static <T> T interruptible(Blocking<T> work) {
        try {
            return work.call();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KubeOpsException("interrupted", e);
        }
    }

    private static void interruptible(BlockingAction work) {
        interruptible(() -> {
            work.run();
            return null;
        });
    }
}
