package io.jenkins.plugins.kubeops.engine.upgrade;

/**
 * The rules of Kubernetes' version-skew policy (kubernetes.io/releases/version-skew-policy), compared by minor version:
 * patch differences within a minor are always supported.
 */
public enum SkewRule {
    APISERVERS_WITHIN_ONE_MINOR("the newest and oldest kube-apiserver instances must be within one minor version"),
    CONTROL_PLANE_ONE_MINOR_AT_A_TIME("kube-apiserver must not skip a minor version when it is upgraded"),
    NO_DOWNGRADE("an upgrade never moves a component to an older version"),
    SAME_MAJOR("all components must share the major version"),
    KUBELET_NOT_NEWER_THAN_APISERVER("kubelet must not be newer than any kube-apiserver"),
    KUBELET_AT_MOST_THREE_MINORS_OLDER("kubelet may be at most three minor versions older than kube-apiserver "
            + "(two when the kubelet is older than 1.25)"),
    KUBE_PROXY_NOT_NEWER_THAN_APISERVER("kube-proxy must not be newer than any kube-apiserver"),
    KUBE_PROXY_AT_MOST_THREE_MINORS_OLDER("kube-proxy may be at most three minor versions older than kube-apiserver "
            + "(two when kube-proxy is older than 1.25)"),
    KUBE_PROXY_WITHIN_THREE_MINORS_OF_KUBELET("kube-proxy may be at most three minor versions older or newer than the "
            + "kubelet on its node (two when kube-proxy is older than 1.25)"),
    CONTROLLERS_NOT_NEWER_THAN_APISERVER("kube-controller-manager and kube-scheduler must not be newer than the "
            + "kube-apiserver instances they talk to"),
    CONTROLLERS_AT_MOST_ONE_MINOR_OLDER("kube-controller-manager and kube-scheduler may be at most one minor version older "
            + "than the kube-apiserver instances they talk to");

    private final String text;

    SkewRule(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }
}
