package io.jenkins.plugins.kubeops.engine.upgrade;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.jenkins.plugins.kubeops.engine.cluster.ClusterSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What is unhealthy in one look at the cluster, each problem one sentence. Pure: the gateway reads, this judges. */
public final class HealthJudgement {

    private HealthJudgement() {
    }

    /**
     * @param readyzFailure why {@code /readyz} did not answer "ok", if it did not
     * @param prometheusFailure what the Prometheus query returned, if it was not empty
     */
    public static List<String> problems(List<Node> nodes, List<Pod> systemPods, Optional<String> readyzFailure,
                                        List<PodDisruptionBudget> budgets, Optional<String> prometheusFailure) {
        List<String> problems = new ArrayList<>();
        readyzFailure.ifPresent(why -> problems.add("apiserver /readyz: " + why));
        List<String> notReady = nodes.stream().filter(n -> !ClusterSummary.isReady(n)).map(n -> n.getMetadata().getName()).toList();
        if (!notReady.isEmpty()) {
            problems.add("nodes not Ready: " + ShortLists.names(notReady));
        }
        List<String> pods = systemPods.stream().filter(HealthJudgement::shouldBeReady).filter(p -> !InventoryGateway.isReady(p))
                .map(p -> p.getMetadata().getName()).toList();
        if (!pods.isEmpty()) {
            problems.add("kube-system pods not Ready: " + ShortLists.names(pods));
        }
        List<String> unhealthy = budgets.stream().filter(HealthJudgement::belowDesired)
                .map(b -> b.getMetadata().getNamespace() + "/" + b.getMetadata().getName() + " ("
                        + b.getStatus().getCurrentHealthy() + " healthy, " + b.getStatus().getDesiredHealthy() + " desired)")
                .toList();
        if (!unhealthy.isEmpty()) {
            problems.add("PodDisruptionBudgets below their desired healthy pods: " + ShortLists.names(unhealthy));
        }
        prometheusFailure.ifPresent(why -> problems.add("Prometheus: " + why));
        return problems;
    }

    /** Finished pods (jobs) and pods being deleted are not expected to be Ready. */
    static boolean shouldBeReady(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return pod.getMetadata().getDeletionTimestamp() == null && !"Succeeded".equals(phase) && !"Failed".equals(phase);
    }

    static boolean belowDesired(PodDisruptionBudget budget) {
        if (budget.getStatus() == null || budget.getStatus().getCurrentHealthy() == null
                || budget.getStatus().getDesiredHealthy() == null) {
            return false; // not yet observed by the disruption controller
        }
        return budget.getStatus().getCurrentHealthy() < budget.getStatus().getDesiredHealthy();
    }
}
