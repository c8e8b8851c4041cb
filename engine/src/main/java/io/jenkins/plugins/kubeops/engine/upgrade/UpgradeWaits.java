package io.jenkins.plugins.kubeops.engine.upgrade;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.jenkins.plugins.kubeops.engine.cluster.ClusterErrors;
import io.jenkins.plugins.kubeops.engine.cluster.ClusterSummary;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import io.jenkins.plugins.kubeops.engine.common.Progress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/** The upgrade's waits on the cluster, each with an absolute deadline: the window, the control plane, one node. */
final class UpgradeWaits {

    private static final Duration WINDOW_CHECK = Duration.ofSeconds(15);

    private final KubernetesClient client;
    private final Polling polling;
    private final UpgradeService.Settings settings;

    UpgradeWaits(KubernetesClient client, Polling polling, UpgradeService.Settings settings) {
        this.client = client;
        this.polling = polling;
        this.settings = settings;
    }

    /**
     * True when the step may start now; otherwise waits until the window opens or a pause/abort request arrives (checked
     * every few seconds) and returns false so the caller looks again.
     */
    boolean insideWindow(UpgradeState state, String position, Progress progress, BooleanSupplier stopRequested) {
        if (state.window().isEmpty() || state.window().get().isOpen(polling.now())) {
            return true;
        }
        MaintenanceWindow window = state.window().get();
        Instant opens = window.nextOpening(polling.now());
        progress.say("outside the maintenance window (" + window + "): " + position + " waits until " + opens
                + " (pause or abort still work meanwhile)");
        polling.sleepUntil(opens, WINDOW_CHECK, stopRequested::getAsBoolean);
        return false;
    }

    /** After a control-plane step: the upgraded kube-apiserver serves the new version and /readyz is ok. */
    void controlPlane(UpgradeStep.ControlPlane step, Progress progress) {
        polling.until(polling.now().plus(settings.controlPlaneTimeout()), settings.pollInterval(),
                "the control plane" + step.node().map(n -> " on node " + n).orElse("") + " to serve " + step.version()
                        + " and be ready", () -> controlPlanePending(step), progress);
    }

    private Optional<String> controlPlanePending(UpgradeStep.ControlPlane step) {
        ClusterInventory inventory;
        try {
            inventory = new InventoryGateway(client).read();
        } catch (KubeOpsException e) {
            return Optional.of("the API server does not answer yet (" + e.getMessage() + ")");
        }
        List<ControlPlanePod> here = inventory.controlPlanePods().stream()
                .filter(p -> p.component() == Component.KUBE_APISERVER && p.node().equals(step.node()) && p.version().isPresent())
                .toList();
        if (step.node().isPresent() && !here.isEmpty()) {
            ControlPlanePod pod = here.get(0);
            if (!pod.version().get().equals(step.version()) || !pod.ready()) {
                return Optional.of("pod " + pod.pod() + " runs " + pod.version().get() + (pod.ready() ? "" : ", not Ready"));
            }
        } else if (step.node().isEmpty() && inventory.apiserver().compareTo(step.version()) < 0) {
            return Optional.of("the API server reports " + inventory.apiserver());
        }
        try {
            String readyz = client.raw("/readyz");
            return readyz != null && readyz.trim().equals("ok") ? Optional.empty() : Optional.of("/readyz is not ok yet");
        } catch (KubernetesClientException e) {
            return Optional.of("/readyz: " + ClusterErrors.explain(e));
        }
    }

    /** After a node's upgrade: it reports the target kubelet version and is Ready. */
    void node(String node, KubeVersion version, Progress progress) {
        polling.until(polling.now().plus(settings.nodeTimeout()), settings.pollInterval(),
                "node " + node + " to report kubelet " + version + " and Ready", () -> nodePending(node, version), progress);
    }

    /** Why {@code node} is not yet at {@code version} and Ready; empty when it is. */
    Optional<String> nodePending(String node, KubeVersion version) {
        Node current;
        try {
            current = client.nodes().withName(node).get();
        } catch (KubernetesClientException e) {
            return Optional.of("the API server does not answer (" + ClusterErrors.explain(e) + ")");
        }
        if (current == null) {
            return Optional.of("the node does not exist");
        }
        String reported = current.getStatus() == null || current.getStatus().getNodeInfo() == null ? ""
                : current.getStatus().getNodeInfo().getKubeletVersion();
        boolean atVersion = KubeVersion.tryParse(reported).map(version::equals).orElse(false);
        boolean ready = ClusterSummary.isReady(current);
        if (atVersion && ready) {
            return Optional.empty();
        }
        return Optional.of("it reports kubelet " + (reported == null || reported.isEmpty() ? "(none)" : reported)
                + (ready ? ", Ready" : ", NotReady"));
    }
}
