package io.jenkins.plugins.kubeops.cli.poolsim;

import java.util.List;

/**
 * Core's {@code NodeProvisioner.StandardStrategyImpl}: provisions only once the label's executors are all busy (idle, as
 * the larger of the snapshot and its moving average, below MARGIN = 0.1), for the excess workload as the smaller of the
 * queue length and its moving average, minus planned and connecting capacity; asks the clouds in configured order for
 * {@code floor(excess + m)} agents each until the excess is covered. m falls from MARGIN0 = 0.5 towards MARGIN as the label's
 * online executors grow. The moving averages make it slow on purpose: it waits for sustained demand.
 */
final class StandardStrategy implements NodeProvisionerModel.Strategy {

    static final float MARGIN = 0.1f;
    static final float MARGIN0 = 0.5f;
    static final float MARGIN_DECAY = 0.5f;

    @Override
    public boolean apply(NodeProvisionerModel.Round round) {
        JenkinsFarm.LabelSnapshot snapshot = round.snapshot;
        NodeProvisionerModel.LabelState averages = round.state;
        boolean needSomeWhenNoneAtAll = snapshot.available() + snapshot.connecting() == 0
                && snapshot.online() + round.plannedCapacitySnapshot + round.additionalPlannedCapacity == 0
                && snapshot.queueLength() > 0;
        float available = Math.max(snapshot.available(), averages.availableExecutors.latest);
        if (available >= MARGIN && !needSomeWhenNoneAtAll) {
            return false;
        }
        float queueLength = Math.min(averages.queueLength.latest, snapshot.queueLength());
        float connecting = Math.min(averages.connectingExecutors.latest, snapshot.connecting());
        float planned = Math.max(averages.plannedCapacities.latest, round.plannedCapacitySnapshot)
                + round.additionalPlannedCapacity;
        float excessWorkload = queueLength - planned - connecting;
        if (needSomeWhenNoneAtAll && excessWorkload < 1) {
            excessWorkload = 1;
        }
        float m = thresholdMargin(snapshot.online());
        if (excessWorkload <= 1 - m) {
            return false;
        }
        for (SimCluster cloud : round.farm().clusters) {
            if (excessWorkload < 0) {
                break;
            }
            int workloadToProvision = (int) Math.round(Math.floor(excessWorkload + m));
            List<Agent> plannedNow = KubernetesCloudModel.provision(round.farm(), cloud, round.label, workloadToProvision);
            excessWorkload -= plannedNow.size();
            round.recordPendingLaunches(plannedNow);
        }
        return excessWorkload <= 1 - m;
    }

    static float thresholdMargin(int onlineExecutors) {
        float f = (float) (MARGIN + (MARGIN0 - MARGIN) * Math.pow(MARGIN_DECAY, onlineExecutors));
        return Math.min(1, Math.max(0, f));
    }
}
