package io.jenkins.plugins.kubeops.engine.upgrade;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the cluster runs, read once by {@link InventoryGateway}: the version the API server reports ({@code /version}), the
 * control-plane pods visible in kube-system, and every node. Pure derivations for the planner and the status output.
 *
 * @param server the API server's URL, for messages
 */
public record ClusterInventory(String server, KubeVersion apiserver, List<ControlPlanePod> controlPlanePods,
                               List<InventoryNode> nodes) {

    /** The instance name used for the control plane when its components are not visible as pods. */
    public static final String WHOLE_CONTROL_PLANE = "control plane";

    public ClusterInventory {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(apiserver, "apiserver");
        controlPlanePods = List.copyOf(controlPlanePods);
        nodes = nodes.stream().sorted(Comparator.comparing(InventoryNode::name)).toList();
    }

    public Optional<InventoryNode> node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
    }

    /**
     * Control-plane nodes: labelled as such, or running a kube-apiserver pod. Empty for clusters whose control plane runs
     * outside the nodes (managed services, the local kwok cluster).
     */
    public List<String> controlPlaneNodes() {
        Set<String> names = new TreeSet<>();
        nodes.stream().filter(InventoryNode::controlPlane).map(InventoryNode::name).forEach(names::add);
        controlPlanePods.stream().filter(p -> p.component() == Component.KUBE_APISERVER).flatMap(p -> p.node().stream())
                .filter(n -> node(n).isPresent()).forEach(names::add);
        return List.copyOf(names);
    }

    /** Where control-plane upgrades happen, one at a time: each control-plane node, or the whole control plane (empty). */
    public List<Optional<String>> controlPlaneTargets() {
        List<String> cpNodes = controlPlaneNodes();
        return cpNodes.isEmpty() ? List.of(Optional.empty()) : cpNodes.stream().map(Optional::of).toList();
    }

    /** The versions the skew policy judges; components whose version cannot be read are left out (see {@link #unknown}). */
    public ClusterVersions versions() {
        List<ComponentVersion> components = new ArrayList<>();
        List<ControlPlanePod> apiPods = controlPlanePods.stream()
                .filter(p -> p.component() == Component.KUBE_APISERVER && p.version().isPresent()).toList();
        if (apiPods.isEmpty()) {
            components.add(new ComponentVersion(Component.KUBE_APISERVER, WHOLE_CONTROL_PLANE, Optional.empty(), apiserver));
        }
        for (ControlPlanePod pod : controlPlanePods) {
            pod.version().ifPresent(v -> components.add(new ComponentVersion(pod.component(), pod.pod(), pod.node(), v)));
        }
        for (InventoryNode node : nodes) {
            node.kubelet().ifPresent(v -> components.add(
                    new ComponentVersion(Component.KUBELET, node.name(), Optional.of(node.name()), v)));
            node.kubeProxy().ifPresent(v -> components.add(
                    new ComponentVersion(Component.KUBE_PROXY, node.name(), Optional.of(node.name()), v)));
        }
        return new ClusterVersions(components);
    }

    /** The oldest kube-apiserver: where the control plane stands. */
    public KubeVersion controlPlaneVersion() {
        return versions().oldest(Component.KUBE_APISERVER).map(ComponentVersion::version).orElse(apiserver);
    }

    /** Sentences about versions that could not be read, so the plan can say what it did not check. */
    public List<String> unknown() {
        List<String> notes = new ArrayList<>();
        List<String> noKubelet = nodes.stream().filter(n -> n.kubelet().isEmpty())
                .map(n -> n.name() + (n.kubeletVersion().isEmpty() ? "" : " ('" + n.kubeletVersion() + "')")).toList();
        if (!noKubelet.isEmpty()) {
            notes.add("kubelet version unknown on " + ShortLists.names(noKubelet) + ": those nodes are upgraded but not "
                    + "skew-checked");
        }
        boolean controllersVisible = controlPlanePods.stream().anyMatch(p -> p.component().isController() && p.version().isPresent());
        if (!controllersVisible) {
            notes.add("kube-controller-manager and kube-scheduler are not visible as pods in kube-system: they are assumed to "
                    + "move with the kube-apiserver in each control-plane step and are not skew-checked");
        }
        return notes;
    }
}
