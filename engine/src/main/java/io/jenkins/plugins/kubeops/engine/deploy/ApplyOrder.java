package io.jenkins.plugins.kubeops.engine.deploy;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The order objects are applied in: what others depend on first (CRDs, namespaces, identities and configuration, storage,
 * services), then workloads, then what points at workloads (autoscalers, ingress), admission webhooks last so a broken
 * webhook cannot block the rest of the release. Pruning runs in the reverse order.
 */
public final class ApplyOrder {

    private static final List<String> KINDS = List.of(
            "CustomResourceDefinition", "Namespace", "PriorityClass", "StorageClass", "ResourceQuota", "LimitRange",
            "PodSecurityPolicy", "ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding", "Secret",
            "ConfigMap", "PersistentVolume", "PersistentVolumeClaim", "Service", "PodDisruptionBudget", "NetworkPolicy",
            "Pod", "ReplicaSet", "Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob", "HorizontalPodAutoscaler",
            "Ingress", "IngressClass", "Gateway", "HTTPRoute", "APIService", "MutatingWebhookConfiguration",
            "ValidatingWebhookConfiguration", "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding");
    private static final Map<String, Integer> RANK = rank();
    /** Custom resources and unknown kinds: after the built-in workloads, before routing and webhooks. */
    private static final int OTHER = KINDS.indexOf("HorizontalPodAutoscaler") * 2 - 1;

    public static final Comparator<Manifest> APPLY = Comparator.comparingInt(ApplyOrder::rank);

    private ApplyOrder() {
    }

    public static int rank(Manifest manifest) {
        return rank(manifest.kind());
    }

    public static int rank(String kind) {
        return RANK.getOrDefault(kind, OTHER);
    }

    private static Map<String, Integer> rank() {
        Map<String, Integer> rank = new java.util.HashMap<>();
        for (int i = 0; i < KINDS.size(); i++) {
            rank.put(KINDS.get(i), i * 2);
        }
        return Map.copyOf(rank);
    }
}
