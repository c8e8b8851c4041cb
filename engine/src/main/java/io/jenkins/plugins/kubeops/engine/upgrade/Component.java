package io.jenkins.plugins.kubeops.engine.upgrade;

/** The Kubernetes components whose versions the skew policy relates, named as Kubernetes names them. */
public enum Component {
    KUBE_APISERVER("kube-apiserver"),
    KUBE_CONTROLLER_MANAGER("kube-controller-manager"),
    KUBE_SCHEDULER("kube-scheduler"),
    KUBELET("kubelet"),
    KUBE_PROXY("kube-proxy");

    private final String label;

    Component(String label) {
        this.label = label;
    }

    /** The component's name, also the value of the {@code component} label on kubeadm's static pods. */
    public String label() {
        return label;
    }

    public boolean isController() {
        return this == KUBE_CONTROLLER_MANAGER || this == KUBE_SCHEDULER;
    }

    public static java.util.Optional<Component> byLabel(String label) {
        for (Component component : values()) {
            if (component.label.equals(label)) {
                return java.util.Optional.of(component);
            }
        }
        return java.util.Optional.empty();
    }

    @Override
    public String toString() {
        return label;
    }
}
