package io.jenkins.plugins.kubeops.cli.poolsim;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A count-based balancer: each agent goes to the cloud with the fewest agents (planned, launching or online) that is below its
 * container cap — what a user-written strategy that "spreads" agents would do. It sees counts, not room or failures. It runs
 * where kube-ops' strategy runs (before kubernetes-plugin's, same review triggers) and, like it, owns the label's workload.
 */
final class FewestAgentsStrategy implements NodeProvisionerModel.Strategy {

    @Override
    public boolean apply(NodeProvisionerModel.Round round) {
        JenkinsFarm farm = round.farm();
        JenkinsFarm.LabelSnapshot snapshot = round.snapshot;
        int capacity = snapshot.available() + snapshot.connecting() + round.plannedCapacitySnapshot
                + round.additionalPlannedCapacity;
        boolean provisioned = false;
        for (int unit = capacity; unit < snapshot.queueLength(); unit++) {
            List<SimCluster> clouds = new ArrayList<>(farm.clusters);
            clouds.sort(Comparator.comparingInt(farm::registered)); // stable: ties keep the configured order
            Agent planned = null;
            for (SimCluster cloud : clouds) {
                planned = KubernetesCloudModel.provisionOne(farm, cloud, round.label, null);
                if (planned != null) {
                    break;
                }
            }
            if (planned == null) {
                break;
            }
            round.recordPendingLaunches(List.of(planned));
            provisioned = true;
        }
        if (provisioned) {
            round.provisioner.suggestReviewAfter(round.label, NoDelayStrategy.REVIEW_AFTER_PROVISIONING_MILLIS);
        }
        return true;
    }
}
