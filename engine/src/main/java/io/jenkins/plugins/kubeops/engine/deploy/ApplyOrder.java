package io.jenkins.plugins.kubeops.engine.deploy;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The order objects are applied in: what others depend on first (CRDs, namespaces, classes and quotas, identities and
 * configuration, storage, services), then workloads, then what points at workloads (custom resources, autoscalers,
 * ingress), admission webhooks last so a broken webhook cannot block the rest of the release. Pruning runs in the reverse
 * order.
 *
 * <p>Objects are applied in {@link #wave waves}, a wave's objects in parallel. A wave holds the kinds that do not need
 * each other to exist first; a new wave starts where one does: a namespace before what lives in it, a class or quota
 * before what admission checks against it (a default IngressClass is only filled in when it exists), a ServiceAccount
 * before its token Secret (the token controller deletes a token whose account is missing), a Role before its binding (a
 * deployer who may not escalate can only bind a role that exists), configuration and Services before the pods that read
 * them, workloads before what routes or scales them.
 */
public final class ApplyOrder {

    private static final List<String> KINDS = List.of(
            "CustomResourceDefinition", "Namespace", "PriorityClass", "StorageClass", "IngressClass", "ResourceQuota",
            "LimitRange", "PodSecurityPolicy", "ServiceAccount", "ClusterRole", "Role", "ClusterRoleBinding", "RoleBinding",
            "Secret", "ConfigMap", "PersistentVolume", "PersistentVolumeClaim", "Service", "PodDisruptionBudget",
            "NetworkPolicy", "Pod", "ReplicaSet", "Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob",
            "HorizontalPodAutoscaler", "Ingress", "Gateway", "HTTPRoute", "APIService", "MutatingWebhookConfiguration",
            "ValidatingWebhookConfiguration", "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding");
    private static final Map<String, Integer> RANK = rank();
    /** Custom resources and unknown kinds: after the built-in workloads, before routing and webhooks. */
    private static final int OTHER = KINDS.indexOf("HorizontalPodAutoscaler") * 2 - 1;
    /** The rank each wave starts at (custom resources open the wave of the autoscalers); kinds up to the next belong to it. */
    private static final List<Integer> WAVE_STARTS = List.of(rank("CustomResourceDefinition"), rank("Namespace"),
            rank("PriorityClass"), rank("ClusterRoleBinding"), rank("Pod"), OTHER, rank("APIService"),
            rank("ValidatingAdmissionPolicyBinding"));

    public static final Comparator<Manifest> APPLY = Comparator.comparingInt(ApplyOrder::rank);

    private ApplyOrder() {
    }

    public static int rank(Manifest manifest) {
        return rank(manifest.kind());
    }

    public static int rank(String kind) {
        return RANK.getOrDefault(kind, OTHER);
    }

    /**
     * The wave an object of this kind is applied in (ascending; equal waves in parallel). Custom resources and unknown
     * kinds go with the autoscalers, after the built-in workloads.
     */
    public static int wave(String kind) {
        int rank = rank(kind);
        int wave = 0;
        for (int i = 1; i < WAVE_STARTS.size(); i++) {
            if (rank >= WAVE_STARTS.get(i)) {
                wave = i;
            }
        }
        return wave;
    }

    private static Map<String, Integer> rank() {
        Map<String, Integer> rank = new java.util.HashMap<>();
        for (int i = 0; i < KINDS.size(); i++) {
            rank.put(KINDS.get(i), i * 2);
        }
        return Map.copyOf(rank);
    }
}
