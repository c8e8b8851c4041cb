package io.jenkins.plugins.kubeops.cli.poolsim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * kubernetes-plugin's {@code NoDelayProvisionerStrategy} (ordinal 100, before core's): when the snapshot's available,
 * connecting and planned capacity is below the queue length, it shuffles the clouds, asks the first one that can provision
 * the label for the whole shortfall, and stops there — even when that cloud planned nothing (at its container cap). It asks
 * for another review a second later when it planned something, and passes on to the remaining strategies (core's standard
 * one) when the demand is still not covered.
 */
final class NoDelayStrategy implements NodeProvisionerModel.Strategy {

    static final long REVIEW_AFTER_PROVISIONING_MILLIS = 1_000;

    private final Random random;

    NoDelayStrategy(Random random) {
        this.random = random;
    }

    @Override
    public boolean apply(NodeProvisionerModel.Round round) {
        JenkinsFarm.LabelSnapshot snapshot = round.snapshot;
        int availableCapacity = snapshot.available() + snapshot.connecting() + round.plannedCapacitySnapshot
                + round.additionalPlannedCapacity;
        int previousCapacity = availableCapacity;
        int currentDemand = snapshot.queueLength();
        if (availableCapacity < currentDemand) {
            List<SimCluster> clouds = new ArrayList<>(round.farm().clusters);
            Collections.shuffle(clouds, random);
            SimCluster first = clouds.get(0); // every simulated cloud has a template for every label
            List<Agent> planned = KubernetesCloudModel.provision(round.farm(), first, round.label,
                    currentDemand - availableCapacity);
            round.recordPendingLaunches(planned);
            availableCapacity += planned.size();
        }
        if (availableCapacity > previousCapacity) {
            round.provisioner.suggestReviewAfter(round.label, REVIEW_AFTER_PROVISIONING_MILLIS);
        }
        return availableCapacity >= currentDemand;
    }
}
