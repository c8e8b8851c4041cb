package io.jenkins.plugins.kubeops.engine.upgrade;

import io.jenkins.plugins.kubeops.engine.upgrade.DrainOptions.Permission;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What draining one node means for each of its pods, as {@link DrainRules} decided it.
 *
 * @param evict   pods to evict through the Eviction API (disruption budgets apply)
 * @param delete  finished pods, deleted directly: they disrupt nothing
 * @param waitFor pods already terminating: waited for, never evicted a second time
 * @param skipped pods that stay (mirror pods, ignored DaemonSet pods) or are not waited for (deletion overdue)
 * @param blocked pods that need a permission the options do not give, with every permission each one needs
 */
public record DrainPlan(String node, List<DrainPod> evict, List<DrainPod> delete, List<DrainPod> waitFor, List<DrainPod> skipped,
                        Map<Permission, List<DrainPod>> blocked) {

    public DrainPlan {
        evict = List.copyOf(evict);
        delete = List.copyOf(delete);
        waitFor = List.copyOf(waitFor);
        skipped = List.copyOf(skipped);
        Map<Permission, List<DrainPod>> copy = new EnumMap<>(Permission.class);
        blocked.forEach((permission, pods) -> copy.put(permission, List.copyOf(pods)));
        blocked = java.util.Collections.unmodifiableMap(copy);
    }

    public boolean isBlocked() {
        return !blocked.isEmpty();
    }

    /** The pods that must be gone before the node counts as drained. */
    public List<DrainPod> mustGo() {
        List<DrainPod> pods = new ArrayList<>(evict);
        pods.addAll(delete);
        pods.addAll(waitFor);
        return pods;
    }

    /**
     * Why the node cannot be drained with these options: each permission that is missing, once, with every pod that needs
     * it, e.g. "node n1: DaemonSet-managed pods kube-system/agent-x need ignoreDaemonSets (--ignore-daemonsets)".
     */
    public Optional<String> refusal() {
        if (blocked.isEmpty()) {
            return Optional.empty();
        }
        List<String> parts = new ArrayList<>();
        blocked.forEach((permission, pods) -> parts.add(describe(permission, pods) + " need " + permission.describe()));
        return Optional.of("node " + node + ": " + String.join("; ", parts));
    }

    /** What the options allowed that kubectl warns about, e.g. "evicting pods with emptyDir data (lost): ns/a". */
    public List<String> warnings() {
        List<String> warnings = new ArrayList<>();
        addWarning(warnings, "evicting pods with emptyDir data (the data is lost)", DrainPod.Reason.EMPTY_DIR, evict);
        addWarning(warnings, "evicting pods no controller will re-create", DrainPod.Reason.UNMANAGED, evict);
        addWarning(warnings, "evicting DaemonSet pods whose DaemonSet is gone", DrainPod.Reason.ORPHANED_DAEMON_SET, evict);
        addWarning(warnings, "leaving DaemonSet-managed pods", DrainPod.Reason.DAEMON_SET, skipped);
        addWarning(warnings, "not waiting for pods terminating longer than skipWaitForDeleteTimeout",
                DrainPod.Reason.DELETION_OVERDUE, skipped);
        return warnings;
    }

    private static void addWarning(List<String> warnings, String what, DrainPod.Reason reason, List<DrainPod> pods) {
        String refs = pods.stream().filter(pod -> pod.reason() == reason).map(DrainPod::ref).collect(Collectors.joining(", "));
        if (!refs.isEmpty()) {
            warnings.add(what + ": " + refs);
        }
    }

    private static String describe(Permission permission, List<DrainPod> pods) {
        String what = switch (permission) {
            case IGNORE_DAEMON_SETS -> "DaemonSet-managed pods";
            case DELETE_EMPTY_DIR_DATA -> "pods with emptyDir data (lost on eviction)";
            case FORCE -> "pods no controller manages (or whose DaemonSet is gone)";
        };
        return what + " " + pods.stream().map(DrainPod::ref).collect(Collectors.joining(", "));
    }
}
