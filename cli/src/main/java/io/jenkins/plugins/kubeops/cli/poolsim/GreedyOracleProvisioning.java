package io.jenkins.plugins.kubeops.cli.poolsim;

import io.jenkins.plugins.kubeops.engine.cluster.ResourceAmounts;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The greedy oracle: perfect, instantaneous knowledge, used greedily. It reviews at every change (a build arrives, a pod
 * leaves, an outage starts or ends) with no throttle, no periodic tick and no planned-node delay, and puts each agent into
 * a cluster that is working and has a node with room for the pod right now (after the pods already on their way there),
 * the one with the most room left. It waits when no cluster has room. It keeps the container caps and the pods' own start-up time: those are
 * configuration and physics, not knowledge.
 *
 * <p>Which waiting build gets freed room first changes the waits as much as where agents go, so it comes in two orders —
 * label by label as Jenkins' per-label provisioners do, or oldest first across labels — and {@link Simulation} reports the
 * better one. It is not a bound: it serves each build as soon as some room fits it, wherever that chips a hole a larger
 * agent needed, so a policy that keeps room for large agents can wait less than it.
 */
final class GreedyOracleProvisioning implements Provisioning {

    enum Order { BY_LABEL, OLDEST_FIRST }

    private final JenkinsFarm farm;
    private final Order order;
    private boolean reviewScheduled;

    GreedyOracleProvisioning(JenkinsFarm farm, Order order) {
        this.farm = farm;
        this.order = order;
    }

    @Override
    public void start() {
        for (SimCluster cluster : farm.clusters) {
            for (ClusterSpec.Outage outage : cluster.spec.outages()) {
                farm.loop.at(outage.from().toMillis(), this::capacityChanged);
                farm.loop.at(outage.to().toMillis(), this::capacityChanged);
            }
        }
    }

    @Override
    public void jobEnteredBuildable(String label) {
        capacityChanged();
    }

    @Override
    public void capacityChanged() {
        if (!reviewScheduled) {
            reviewScheduled = true;
            farm.loop.at(farm.loop.now(), this::review);
        }
    }

    @Override
    public void launchFailed(Agent agent, String reason) {
        capacityChanged();
    }

    @Override
    public void agentOnline(Agent agent) {
    }

    private void review() {
        reviewScheduled = false;
        Map<String, Integer> covered = new HashMap<>();
        List<SimJob> waiting = new ArrayList<>();
        for (String label : farm.labels()) {
            JenkinsFarm.LabelSnapshot snapshot = farm.snapshot(label);
            covered.put(label, snapshot.available() + snapshot.connecting());
            waiting.addAll(farm.waiting(label));
        }
        if (order == Order.OLDEST_FIRST) {
            waiting.sort(Comparator.comparingLong(SimJob::arrivalMillis).thenComparingInt(SimJob::id));
        }
        for (SimJob job : waiting) {
            String label = job.template().label();
            int agentsOnTheirWay = covered.get(label);
            if (agentsOnTheirWay > 0) {
                covered.put(label, agentsOnTheirWay - 1); // the oldest builds of the label get the agents already coming
                continue;
            }
            SimCluster best = bestCluster(farm.requests(label));
            if (best != null) {
                farm.addNode(farm.plan(best, label, null));
            }
        }
    }

    private SimCluster bestCluster(ResourceAmounts request) {
        long now = farm.loop.now();
        SimCluster best = null;
        double bestRoom = Double.NEGATIVE_INFINITY;
        for (SimCluster cluster : farm.clusters) {
            if (cluster.spec.apiUnreachableAt(now) || cluster.spec.rejectsPodsAt(now)
                    || farm.registered(cluster) >= cluster.spec.containerCap()
                    || !cluster.wouldFit(request, farm.inFlightTo(cluster))) {
                continue;
            }
            double room = cluster.freeShareAfter(request);
            if (room > bestRoom) {
                best = cluster;
                bestRoom = room;
            }
        }
        return best;
    }
}
