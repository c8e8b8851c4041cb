package io.jenkins.plugins.kubeops.engine.upgrade;

import java.util.Objects;
import java.util.Optional;

/**
 * One running instance of a component and its version.
 *
 * @param instance a name for the instance in messages: the node for kubelet and kube-proxy, the pod (or "control plane" when
 *                 the control plane runs on no node) for the others
 * @param node     the node it runs on, when known; controllers on a node talk to the kube-apiserver on the same node
 *                 (kubeadm's layout), controllers on no known node to any kube-apiserver
 */
public record ComponentVersion(Component component, String instance, Optional<String> node, KubeVersion version) {

    public ComponentVersion {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(version, "version");
    }

    public ComponentVersion withVersion(KubeVersion newVersion) {
        return new ComponentVersion(component, instance, node, newVersion);
    }

    /** e.g. "kubelet on node w-1 (v1.35.4)" or "kube-apiserver kube-apiserver-cp-1 (v1.35.4)". */
    public String describe() {
        String where = component == Component.KUBELET || component == Component.KUBE_PROXY ? " on node " + instance
                : " " + instance;
        return component.label() + where + " (" + version + ")";
    }
}
