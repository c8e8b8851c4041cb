package io.jenkins.plugins.kubeops.engine.upgrade;

import java.util.Objects;
import java.util.Optional;

/**
 * A control-plane component running as a pod in kube-system (kubeadm's static pods, labelled {@code component=...}).
 *
 * @param node  the node it runs on, if the pod says
 * @param image the container image, whose tag is the component's version (e.g. registry.k8s.io/kube-apiserver:v1.35.4)
 */
public record ControlPlanePod(Component component, String pod, Optional<String> node, String image, boolean ready) {

    public ControlPlanePod {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(pod, "pod");
        Objects.requireNonNull(node, "node");
        image = image == null ? "" : image;
    }

    /** The version in the image tag; empty for an image without a version tag (e.g. pinned by digest only). */
    public Optional<KubeVersion> version() {
        return KubeVersion.ofImageTag(image);
    }
}
