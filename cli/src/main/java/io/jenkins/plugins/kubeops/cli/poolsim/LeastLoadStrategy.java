package io.jenkins.plugins.kubeops.cli.poolsim;

import io.jenkins.plugins.kubeops.engine.pool.AgentRequest;
import io.jenkins.plugins.kubeops.engine.pool.LeastLoadPolicy;
import io.jenkins.plugins.kubeops.engine.pool.Placement;
import io.jenkins.plugins.kubeops.engine.pool.Pool;
import io.jenkins.plugins.kubeops.engine.pool.ProvisionHistory;
import io.jenkins.plugins.kubeops.engine.pool.RoomKeeping;
import io.jenkins.plugins.kubeops.engine.pool.UnschedulableAgents;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * kube-ops' strategy as the plugin runs it: ordered before kubernetes-plugin's, it owns the label's workload. For each build
 * not yet covered by idle, connecting or planned agents it ranks the members with {@link LeastLoadPolicy} over the probe's
 * snapshots and the {@link ProvisionHistory}, and asks the clouds in that order until one plans the agent (one that provisions
 * 0, at its cap, is skipped). Each request goes through the plugin's {@link RoomKeeping}: a smaller agent leaves room for the
 * largest agent of the other labels where it can, and must when builds of that agent are waiting. Failed launches go into the history, which backs the member off; a connected agent clears it.
 * An agent whose pod has been Unschedulable for {@link UnschedulableAgents#GRACE} while another member can take it now is
 * removed, and its build provisioned again.
 * Besides NodeProvisioner's own triggers, it asks for a review when a launch fails and when the probe sees room free up.
 */
final class LeastLoadStrategy implements NodeProvisionerModel.Strategy {

    /** Simulation time 0 as a wall-clock instant, for the history's back-off arithmetic. */
    static final Instant EPOCH = Instant.parse("2026-01-05T08:00:00Z");

    private final ProvisionHistory history = new ProvisionHistory();
    private final Map<Agent, Long> unschedulableSince = new HashMap<>();
    private MemberLoadProbe probe;

    @Override
    public boolean apply(NodeProvisionerModel.Round round) {
        JenkinsFarm farm = round.farm();
        if (probe == null) {
            probe = new MemberLoadProbe(farm);
        }
        int movedAway = moveUnschedulableAgents(farm, round.label);
        JenkinsFarm.LabelSnapshot snapshot = round.snapshot;
        int capacity = snapshot.available() + snapshot.connecting() - movedAway + round.plannedCapacitySnapshot
                + round.additionalPlannedCapacity;
        List<SimJob> waiting = farm.waiting(round.label);
        boolean provisioned = false;
        List<RoomKeeping.PoolAgent> pools = farm.labels().stream()
                .map(label -> new RoomKeeping.PoolAgent(poolOf(label), farm.requests(label))).toList();
        Set<String> waitingForRoom = farm.labels().stream().filter(label -> farm.uncovered(label) > 0)
                .collect(Collectors.toSet());
        for (int unit = capacity; unit < waiting.size(); unit++) {
            String job = waiting.get(unit).jobName();
            AgentRequest request = RoomKeeping.apply(new AgentRequest(farm.requests(round.label), Optional.of(job)),
                    poolOf(round.label), pools, waitingForRoom);
            Placement placement = LeastLoadPolicy.rank(request, probe.snapshots(), history, instant(farm));
            Agent planned = null;
            for (Placement.Candidate candidate : placement.candidates()) {
                planned = KubernetesCloudModel.provisionOne(farm, probe.clusterOf(candidate.member()), round.label, job);
                if (planned != null) {
                    history.recordPlacement(job, candidate.member().id());
                    break;
                }
            }
            if (planned == null) {
                break; // no member can take it now: the build waits for the next review
            }
            round.recordPendingLaunches(List.of(planned));
            provisioned = true;
        }
        if (provisioned) {
            round.provisioner.suggestReviewAfter(round.label, NoDelayStrategy.REVIEW_AFTER_PROVISIONING_MILLIS);
        }
        return true;
    }

    /**
     * Removes the label's agents whose pods have been Unschedulable for {@link UnschedulableAgents#GRACE} while another
     * member can take them now (no failure is recorded: the member works), so their builds are provisioned again in this
     * round. The plugin reads the pods' PodScheduled condition from the informer cache; here it is seen at each review.
     */
    private int moveUnschedulableAgents(JenkinsFarm farm, String label) {
        long now = farm.loop.now();
        int moved = 0;
        List<Agent> agents = farm.agents();
        unschedulableSince.keySet().retainAll(agents); // agents gone since (ended while stuck) are forgotten
        for (Agent agent : agents) {
            if (agent.pod == null || !agent.pod.unschedulable) {
                unschedulableSince.remove(agent);
                continue;
            }
            if (!agent.label.equals(label)) {
                continue;
            }
            long since = unschedulableSince.computeIfAbsent(agent, stuck -> now);
            AgentRequest request = new AgentRequest(agent.requests, Optional.empty());
            if (UnschedulableAgents.moveElsewhere(request, probe.memberOf(agent.cluster), EPOCH.plusMillis(since),
                    probe.snapshots(), history, instant(farm))) {
                unschedulableSince.remove(agent);
                farm.removeUnschedulable(agent);
                moved++;
            }
        }
        return moved;
    }

    @Override
    public void launchFailed(Agent agent, String reason, NodeProvisionerModel provisioner) {
        history.recordFailure(probe.memberId(agent.cluster), instant(provisioner.farm()), reason);
        provisioner.suggestReviewNow(agent.label);
    }

    /**
     * The load probe sees pods leave through its watches, so the plugin asks for a review (throttled to one per second by
     * NodeProvisioner) of each label with waiting builds instead of letting them wait for the next periodic one.
     */
    @Override
    public void roomFreed(NodeProvisionerModel provisioner) {
        for (String label : provisioner.labels()) {
            if (provisioner.hasWaitingBuilds(label)) {
                provisioner.suggestReviewNow(label);
            }
        }
    }

    @Override
    public void agentOnline(Agent agent) {
        history.recordSuccess(probe.memberId(agent.cluster));
    }

    /**
     * A label as the plugin configures it: one pool over every simulated cluster. Its builds waiting with no agent on its way
     * are what the plugin knows as the label waiting for room ({@code WaitingLabels}).
     */
    private Pool poolOf(String label) {
        return new Pool("pool-" + label, Set.of(label), probe.members(), 0);
    }

    private static Instant instant(JenkinsFarm farm) {
        return EPOCH.plusMillis(farm.loop.now());
    }
}
