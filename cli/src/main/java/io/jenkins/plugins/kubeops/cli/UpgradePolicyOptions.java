package io.jenkins.plugins.kubeops.cli;

import io.jenkins.plugins.kubeops.engine.upgrade.KubeVersion;
import io.jenkins.plugins.kubeops.engine.upgrade.MaintenanceWindow;
import io.jenkins.plugins.kubeops.engine.upgrade.MaxUnavailable;
import io.jenkins.plugins.kubeops.engine.upgrade.UpgradePolicy;
import io.jenkins.plugins.kubeops.engine.upgrade.UpgradeValidation;
import picocli.CommandLine.Option;

/** What an upgrade plan is made from: the target and the policy ({@code upgrade plan} and {@code upgrade apply}). */
final class UpgradePolicyOptions {

    @Option(names = "--to", required = true, paramLabel = "VERSION", description = "Target Kubernetes version, e.g. v1.36.4.")
    String to;

    @Option(names = "--via", paramLabel = "VERSIONS", description = "The patch to use for each minor version the control "
            + "plane passes through (it never skips one), comma-separated, e.g. v1.35.9 for v1.34 -> v1.36.")
    String via;

    @Option(names = "--max-unavailable", paramLabel = "N|N%", defaultValue = "1",
            description = "Nodes in flight at once per pool (and zone): a count or a percentage of its nodes (default: "
                    + "${DEFAULT-VALUE}). The first node of each group goes alone (a canary); then up to this many are "
                    + "upgraded at once, the next starting as soon as one is done.")
    String maxUnavailable;

    @Option(names = "--pool-label", paramLabel = "LABEL", description = "Node label naming each node's pool; nodes are "
            + "rolled per pool.")
    String poolLabel;

    @Option(names = "--per-zone", description = "Roll nodes also per zone (topology.kubernetes.io/zone) within each pool.")
    boolean perZone;

    @Option(names = "--window", paramLabel = "WINDOW", description = "Maintenance window: no step starts outside it, e.g. "
            + "'Mon-Fri 22:00-04:00 Europe/Berlin' or 'Sat,Sun 01:00-05:00 UTC'.")
    String window;

    @Option(names = "--node-selector", paramLabel = "K=V,...", description = "Upgrade only nodes with these labels (the skew "
            + "is still checked against every node).")
    String nodeSelector;

    @Option(names = "--skip-snapshot", description = "Take no etcd snapshot before the control plane (there is then no way "
            + "back if it damages the data).")
    boolean skipSnapshot;

    KubeVersion target() {
        return UpgradeValidation.version("--to", to);
    }

    UpgradePolicy policy() {
        UpgradePolicy policy = UpgradePolicy.DEFAULTS.withMaxUnavailable(MaxUnavailable.parse(maxUnavailable))
                .withVia(UpgradeValidation.via(via)).withSkipSnapshot(skipSnapshot)
                .withNodeSelector(UpgradeValidation.nodeSelector(nodeSelector));
        if (poolLabel != null && !poolLabel.isBlank()) {
            policy = policy.withPoolLabel(UpgradeValidation.poolLabel(poolLabel), perZone);
        } else if (perZone) {
            policy = policy.withPoolLabel(null, true);
        }
        if (window != null && !window.isBlank()) {
            policy = policy.withWindow(MaintenanceWindow.parse(window));
        }
        return policy;
    }
}
