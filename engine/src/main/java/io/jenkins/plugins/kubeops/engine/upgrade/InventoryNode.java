package io.jenkins.plugins.kubeops.engine.upgrade;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One node as the upgrade sees it.
 *
 * @param kubeletVersion   {@code status.nodeInfo.kubeletVersion} as reported (may be empty or not a version, e.g. kwok's)
 * @param kubeProxyVersion {@code status.nodeInfo.kubeProxyVersion} as reported (deprecated field, often empty)
 * @param cordonedByUpgrade the node carries the annotation the upgrade puts on the nodes it cordons
 */
public record InventoryNode(String name, Map<String, String> labels, boolean controlPlane, boolean ready,
                            boolean unschedulable, boolean cordonedByUpgrade, String kubeletVersion, String kubeProxyVersion) {

    public static final String CONTROL_PLANE_LABEL = "node-role.kubernetes.io/control-plane";
    public static final String LEGACY_MASTER_LABEL = "node-role.kubernetes.io/master";
    public static final String ZONE_LABEL = "topology.kubernetes.io/zone";

    public InventoryNode {
        Objects.requireNonNull(name, "name");
        labels = Map.copyOf(labels);
        kubeletVersion = kubeletVersion == null ? "" : kubeletVersion;
        kubeProxyVersion = kubeProxyVersion == null ? "" : kubeProxyVersion;
    }

    public Optional<KubeVersion> kubelet() {
        return KubeVersion.tryParse(kubeletVersion);
    }

    public Optional<KubeVersion> kubeProxy() {
        return KubeVersion.tryParse(kubeProxyVersion);
    }

    public Optional<String> zone() {
        return Optional.ofNullable(labels.get(ZONE_LABEL)).filter(z -> !z.isBlank());
    }

    /** The value of the user's pool label, when the node has it. */
    public Optional<String> pool(String poolLabel) {
        return Optional.ofNullable(labels.get(poolLabel)).filter(p -> !p.isBlank());
    }

    public boolean matches(Map<String, String> selector) {
        return selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }
}
