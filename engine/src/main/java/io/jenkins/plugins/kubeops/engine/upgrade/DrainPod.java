package io.jenkins.plugins.kubeops.engine.upgrade;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.Objects;

/**
 * One pod of a node being drained and why it gets what it gets.
 *
 * @param uid the pod's identity: a new pod with the same name (a StatefulSet's replacement) is another pod
 */
public record DrainPod(String namespace, String name, String uid, Reason reason) {

    /** Why a pod is evicted, deleted, waited for, left alone or blocks the drain. */
    public enum Reason {
        CONTROLLED("managed by a controller"),
        FINISHED("finished (Succeeded or Failed)"),
        TERMINATING("already terminating"),
        MIRROR("mirror of a static pod"),
        DAEMON_SET("managed by a DaemonSet"),
        ORPHANED_DAEMON_SET("managed by a DaemonSet that no longer exists"),
        EMPTY_DIR("has emptyDir data"),
        UNMANAGED("managed by no controller"),
        DELETION_OVERDUE("terminating longer than skipWaitForDeleteTimeout");

        private final String text;

        Reason(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    public DrainPod {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(uid, "uid");
        Objects.requireNonNull(reason, "reason");
    }

    public static DrainPod of(Pod pod, Reason reason) {
        String uid = pod.getMetadata().getUid();
        return new DrainPod(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), uid == null ? "" : uid, reason);
    }

    /** "namespace/name", as kubectl prints pods. */
    public String ref() {
        return namespace + "/" + name;
    }
}
