package io.jenkins.plugins.kubeops.engine.upgrade;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.jenkins.plugins.kubeops.engine.cluster.ClusterErrors;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import io.jenkins.plugins.kubeops.engine.common.Progress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs the remaining steps of a stored upgrade while its process holds the lock: maintenance window, health gates, then the
 * step; the state is written after every change, so a run that dies can be resumed where it stopped. Node steps roll
 * through a sliding window ({@link NodeRollRun}). Pause and abort requests are honoured between steps and, inside a node
 * roll, between nodes: no new node starts and the nodes in flight finish. Every failure uncordons the nodes this upgrade
 * cordoned, except nodes whose own upgrade started and was not verified (said so), and removes its {@link PendingTaint}.
 */
final class UpgradeRun {

    /** How the drain package reports a node it gave up on under {@code onTimeout: skip}. */
    static final String SKIPPED = "skipped:";

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
    private final PendingTaint taint;
    private final NodeRollRun rolls;

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
        this.taint = new PendingTaint(client, operationId);
        this.rolls = new NodeRollRun(store, settings, polling, progress, cordon, taint, this::drainer, parts.upgrader(), waits,
                gates, new InventoryGateway(client)::budgetSpread);
    }

    private synchronized NodeDrainer drainer() {
        if (drainer == null) {
            drainer = parts.drainers().apply(operationId);
        }
        return drainer;
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
                if (step.get() instanceof UpgradeStep.NodeRoll roll) {
                    NodeRollRun.End end = rolls.run(roll, pending(state));
                    if (end == NodeRollRun.End.STOPPED) {
                        continue; // a pause or abort request, or the window closed: look again
                    }
                    if (end == NodeRollRun.End.CHECKPOINT) {
                        UpgradeState paused = store.modify(s -> s.withStatus(UpgradeState.Status.PAUSED, "paused in " + position
                                + " after " + NodeRollRun.finished(s, roll).size() + " of " + roll.nodes().size() + " nodes as "
                                + "asked (pause after each batch)").at(polling.now()));
                        progress.say(paused.message() + ": resume continues with the nodes not done");
                        return paused;
                    }
                } else {
                    execute(step.get());
                }
                UpgradeState after = store.modify(s -> s.withNextStep(s.nextStep() + 1).at(polling.now()));
                if (settings.pauseAfterEachBatch() && step.get() instanceof UpgradeStep.NodeRoll
                        && after.currentStep().isPresent()) {
                    UpgradeState paused = store.modify(s -> s.withStatus(UpgradeState.Status.PAUSED, "paused after "
                            + position + " as asked (pause after each batch)").at(polling.now()));
                    progress.say("paused after " + position + ": resume runs step " + (paused.nextStep() + 1) + "/"
                            + paused.steps().size());
                    return paused;
                }
            }
            gates.await("after the last step", progress);
            UpgradeState done = store.modify(s -> s.withStatus(UpgradeState.Status.SUCCEEDED, "upgraded to " + s.target()
                    + (s.skippedNodes().isEmpty() ? "" : "; skipped by the drain (onTimeout skip), still on their version: "
                    + String.join(", ", s.skippedNodes()))).at(polling.now()));
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

    /** The nodes of this and later node rolls not upgraded or given up on yet: they carry the pending taint while rolls run. */
    private static List<String> pending(UpgradeState state) {
        List<String> pending = new ArrayList<>();
        for (UpgradeStep step : state.steps().subList(state.nextStep(), state.steps().size())) {
            if (step instanceof UpgradeStep.NodeRoll roll) {
                roll.nodes().stream().filter(n -> !state.doneNodes().contains(n) && !state.skippedNodes().contains(n))
                        .forEach(pending::add);
            }
        }
        return pending;
    }

    private void execute(UpgradeStep step) {
        if (step instanceof UpgradeStep.Snapshot) {
            SnapshotPhase phase = parts.snapshot().orElseThrow(() -> new KubeOpsException("the plan takes an etcd snapshot "
                    + "before the control plane, but no etcd connection was given: give one (--etcd-endpoints ...) or skip "
                    + "the snapshot explicitly (--skip-snapshot)."));
            String taken = phase.takeVerified(progress);
            store.modify(s -> s.withSnapshot(taken).at(polling.now()));
            progress.say("etcd snapshot taken and verified: " + taken);
        } else if (step instanceof UpgradeStep.ControlPlane controlPlane) {
            Interruptible.run(() -> parts.upgrader().upgradeControlPlane(controlPlane.node().orElse(null), controlPlane.version(),
                    progress));
            waits.controlPlane(controlPlane, progress);
        }
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
        try {
            List<String> untainted = taint.removeEverywhere();
            if (!untainted.isEmpty()) {
                progress.say("removed the taint " + PendingTaint.KEY + " from " + ShortLists.names(untainted));
            }
        } catch (KubeOpsException | KubernetesClientException e) {
            progress.say("could not remove the taint " + PendingTaint.KEY + " everywhere (" + e.getMessage() + "): remove it "
                    + "with 'kubectl taint nodes --all " + PendingTaint.KEY + "-'");
        }
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
}
