package io.jenkins.plugins.kubeops.engine.upgrade;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How an upgrade proceeds (everything but the target version).
 *
 * @param maxUnavailable nodes of one group out of service at once (the rolling window)
 * @param poolLabel      the node label whose value names a node's pool; windows are sized per pool
 * @param perZone        windows also per zone ({@code topology.kubernetes.io/zone}) inside each pool
 * @param window         new steps start only inside this window
 * @param skipSnapshot   no etcd snapshot before the control plane (said loudly in the plan)
 * @param nodeSelector   only nodes with all these labels are upgraded (the skew is still checked against every node)
 * @param via            the patch version to use for each minor version the control plane passes through on the way to
 *                       the target (e.g. v1.35.9 for v1.34 -> v1.36)
 */
public record UpgradePolicy(MaxUnavailable maxUnavailable, Optional<String> poolLabel, boolean perZone,
                            Optional<MaintenanceWindow> window, boolean skipSnapshot, Map<String, String> nodeSelector,
                            List<KubeVersion> via) {

    public static final UpgradePolicy DEFAULTS = new UpgradePolicy(MaxUnavailable.ONE, Optional.empty(), false,
            Optional.empty(), false, Map.of(), List.of());

    public UpgradePolicy {
        Objects.requireNonNull(maxUnavailable, "maxUnavailable");
        Objects.requireNonNull(poolLabel, "poolLabel");
        Objects.requireNonNull(window, "window");
        nodeSelector = Map.copyOf(nodeSelector);
        via = List.copyOf(via);
    }

    public UpgradePolicy withMaxUnavailable(MaxUnavailable value) {
        return new UpgradePolicy(value, poolLabel, perZone, window, skipSnapshot, nodeSelector, via);
    }

    public UpgradePolicy withPoolLabel(String label, boolean byZone) {
        return new UpgradePolicy(maxUnavailable, Optional.ofNullable(label), byZone, window, skipSnapshot, nodeSelector, via);
    }

    public UpgradePolicy withWindow(MaintenanceWindow value) {
        return new UpgradePolicy(maxUnavailable, poolLabel, perZone, Optional.ofNullable(value), skipSnapshot, nodeSelector, via);
    }

    public UpgradePolicy withSkipSnapshot(boolean value) {
        return new UpgradePolicy(maxUnavailable, poolLabel, perZone, window, value, nodeSelector, via);
    }

    public UpgradePolicy withNodeSelector(Map<String, String> value) {
        return new UpgradePolicy(maxUnavailable, poolLabel, perZone, window, skipSnapshot, value, via);
    }

    public UpgradePolicy withVia(List<KubeVersion> value) {
        return new UpgradePolicy(maxUnavailable, poolLabel, perZone, window, skipSnapshot, nodeSelector, value);
    }
}
