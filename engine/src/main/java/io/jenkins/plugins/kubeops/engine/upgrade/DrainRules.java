package io.jenkins.plugins.kubeops.engine.upgrade;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.jenkins.plugins.kubeops.engine.upgrade.DrainOptions.Permission;
import io.jenkins.plugins.kubeops.engine.upgrade.DrainPod.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * kubectl drain's rules for the pods of one node (k8s.io/kubectl/pkg/drain, filters.go), decided without the cluster.
 *
 * <p>kubectl applies its filters in a fixed order and stops at the first that keeps a pod: overdue deletion, DaemonSet,
 * mirror pod, emptyDir, unmanaged. The outcome here is the same for every pod; two things differ on purpose: a blocked pod
 * lists every permission it lacks (kubectl names only the first, so a second run would hit the next), and a pod that is
 * already terminating is waited for instead of being evicted again (an eviction of a terminating pod deletes it directly
 * and could shorten the grace period its deleter chose).
 */
public final class DrainRules {

    /** The annotation the kubelet puts on the API mirror of a static pod. */
    public static final String MIRROR_ANNOTATION = "kubernetes.io/config.mirror";

    private DrainRules() {
    }

    /**
     * @param pods               every pod bound to the node (field selector spec.nodeName)
     * @param existingDaemonSets "namespace/name" of the DaemonSets that exist among those the pods name as controller
     * @param now                for the overdue-deletion rule
     */
    public static DrainPlan plan(String node, List<Pod> pods, Set<String> existingDaemonSets, DrainOptions options,
                                 Instant now) {
        List<DrainPod> evict = new ArrayList<>();
        List<DrainPod> delete = new ArrayList<>();
        List<DrainPod> waitFor = new ArrayList<>();
        List<DrainPod> skipped = new ArrayList<>();
        Map<Permission, List<DrainPod>> blocked = new EnumMap<>(Permission.class);
        for (Pod pod : pods) {
            Verdict verdict = judge(pod, existingDaemonSets, options, now);
            DrainPod drainPod = DrainPod.of(pod, verdict.reason());
            switch (verdict.action()) {
                case EVICT -> evict.add(drainPod);
                case DELETE -> delete.add(drainPod);
                case WAIT -> waitFor.add(drainPod);
                case SKIP -> skipped.add(drainPod);
                case BLOCK -> verdict.missing().forEach(permission ->
                        blocked.computeIfAbsent(permission, p -> new ArrayList<>()).add(drainPod));
            }
        }
        return new DrainPlan(node, evict, delete, waitFor, skipped, blocked);
    }

    enum Action { EVICT, DELETE, WAIT, SKIP, BLOCK }

    record Verdict(Action action, Reason reason, Set<Permission> missing) {
        static Verdict of(Action action, Reason reason) {
            return new Verdict(action, reason, Set.of());
        }
    }

    /** One pod, in kubectl's filter order. */
    static Verdict judge(Pod pod, Set<String> existingDaemonSets, DrainOptions options, Instant now) {
        if (deletionOverdue(pod, options.skipWaitForDeleteTimeout(), now)) {
            return Verdict.of(Action.SKIP, Reason.DELETION_OVERDUE);
        }
        boolean finished = isFinished(pod);
        Optional<OwnerReference> controller = controllerOf(pod);
        Set<Permission> missing = EnumSet.noneOf(Permission.class);
        Reason reason = Reason.CONTROLLED;
        boolean daemonSetPod = controller.filter(ref -> "DaemonSet".equals(ref.getKind())).isPresent() && !finished;
        if (daemonSetPod) {
            String daemonSet = pod.getMetadata().getNamespace() + "/" + controller.get().getName();
            if (!existingDaemonSets.contains(daemonSet)) {
                reason = Reason.ORPHANED_DAEMON_SET;
                if (!options.force()) {
                    missing.add(Permission.FORCE);
                }
            } else if (options.ignoreDaemonSets()) {
                return Verdict.of(Action.SKIP, Reason.DAEMON_SET);
            } else {
                return new Verdict(Action.BLOCK, Reason.DAEMON_SET, Set.of(Permission.IGNORE_DAEMON_SETS));
            }
        }
        if (isMirror(pod)) {
            // kubectl stops at its DaemonSet filter first; a mirror pod's controller is its Node, so it never gets there.
            return missing.isEmpty() ? Verdict.of(Action.SKIP, Reason.MIRROR) : new Verdict(Action.BLOCK, reason, missing);
        }
        if (!finished && hasEmptyDir(pod)) {
            reason = reason == Reason.CONTROLLED ? Reason.EMPTY_DIR : reason;
            if (!options.deleteEmptyDirData()) {
                missing.add(Permission.DELETE_EMPTY_DIR_DATA);
            }
        }
        if (!finished && controller.isEmpty()) {
            reason = Reason.UNMANAGED;
            if (!options.force()) {
                missing.add(Permission.FORCE);
            }
        }
        if (!missing.isEmpty()) {
            return new Verdict(Action.BLOCK, reason, missing);
        }
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            return Verdict.of(Action.WAIT, Reason.TERMINATING);
        }
        if (finished) {
            return Verdict.of(Action.DELETE, Reason.FINISHED);
        }
        return Verdict.of(Action.EVICT, reason);
    }

    /**
     * kubectl's --skip-wait-for-delete-timeout: the deletion timestamp is when the grace period ends, so a pod is overdue
     * when that moment lies more than the given whole seconds in the past. Zero turns the rule off.
     */
    public static boolean deletionOverdue(Pod pod, Duration skipWaitForDeleteTimeout, Instant now) {
        String deletion = pod.getMetadata().getDeletionTimestamp();
        if (skipWaitForDeleteTimeout.isZero() || deletion == null) {
            return false;
        }
        long secondsPast = Duration.between(Instant.parse(deletion), now).toSeconds();
        return secondsPast > skipWaitForDeleteTimeout.toSeconds();
    }

    public static boolean isFinished(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    public static boolean isMirror(Pod pod) {
        return pod.getMetadata().getAnnotations() != null && pod.getMetadata().getAnnotations().containsKey(MIRROR_ANNOTATION);
    }

    static boolean hasEmptyDir(Pod pod) {
        return pod.getSpec() != null && pod.getSpec().getVolumes() != null
                && pod.getSpec().getVolumes().stream().anyMatch(volume -> volume.getEmptyDir() != null);
    }

    /** The owner reference marked controller, as metav1.GetControllerOf finds it. */
    static Optional<OwnerReference> controllerOf(Pod pod) {
        List<OwnerReference> owners = pod.getMetadata().getOwnerReferences();
        return owners == null ? Optional.empty()
                : owners.stream().filter(owner -> Boolean.TRUE.equals(owner.getController())).findFirst();
    }

    /** The DaemonSets ("namespace/name") the pods name as their controller, for the gateway to look up. */
    public static Set<String> daemonSetsReferenced(List<Pod> pods) {
        Set<String> names = new java.util.TreeSet<>();
        for (Pod pod : pods) {
            controllerOf(pod).filter(ref -> "DaemonSet".equals(ref.getKind()))
                    .ifPresent(ref -> names.add(pod.getMetadata().getNamespace() + "/" + ref.getName()));
        }
        return names;
    }
}
