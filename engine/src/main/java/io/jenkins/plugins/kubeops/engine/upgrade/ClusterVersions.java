package io.jenkins.plugins.kubeops.engine.upgrade;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The versions of a cluster's components at one moment, as the skew policy sees them; the planner derives each step's
 * state from the previous one. Components whose version is unknown are simply absent (the plan says so). Immutable.
 */
public record ClusterVersions(List<ComponentVersion> components) {

    public ClusterVersions {
        components = List.copyOf(components);
    }

    public List<ComponentVersion> of(Component component) {
        return components.stream().filter(c -> c.component() == component).toList();
    }

    public Optional<ComponentVersion> oldest(Component component) {
        return of(component).stream().min(Comparator.comparing(ComponentVersion::version));
    }

    public Optional<ComponentVersion> newest(Component component) {
        return of(component).stream().max(Comparator.comparing(ComponentVersion::version));
    }

    /** The kubelet and kube-proxy of {@code node} moved to {@code version}. */
    public ClusterVersions withNode(String node, KubeVersion version) {
        return replace(c -> (c.component() == Component.KUBELET || c.component() == Component.KUBE_PROXY)
                && c.instance().equals(node), version);
    }

    /**
     * The given control-plane components on {@code node} moved to {@code version}; with no node (a control plane running on
     * no node), every instance of them.
     */
    public ClusterVersions withControlPlane(Optional<String> node, Set<Component> which, KubeVersion version) {
        return replace(c -> which.contains(c.component()) && (node.isEmpty() || node.equals(c.node())), version);
    }

    private ClusterVersions replace(Predicate<ComponentVersion> selected, KubeVersion version) {
        List<ComponentVersion> next = new ArrayList<>(components.size());
        for (ComponentVersion component : components) {
            next.add(selected.test(component) ? component.withVersion(version) : component);
        }
        return new ClusterVersions(next);
    }
}
