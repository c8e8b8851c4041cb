package io.jenkins.plugins.kubeops.jenkins.pool;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.Label;
import hudson.model.LoadStatistics;
import hudson.slaves.NodeProvisioner;
import io.jenkins.plugins.kubeops.engine.pool.AgentRequest;
import io.jenkins.plugins.kubeops.engine.pool.Pool;
import io.jenkins.plugins.kubeops.engine.pool.PoolPlacementService;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;
import jenkins.util.Timer;

/**
 * Provisioning for labels a pool serves: the excess workload goes to the pool's clouds in the engine's least-load order
 * ({@link CloudOffers}). Ordered before the kubernetes plugin's {@code NoDelayProvisionerStrategy} (ordinal 100; core
 * consults strategies highest ordinal first) and, like it, provisions without waiting for load averages.
 *
 * <p>For a pool label it always answers {@code PROVISIONING_COMPLETED}: what the members cannot take now stays queued and
 * is offered again on the next round, instead of another strategy putting it into a full or paused cluster. Labels no pool
 * serves, label expressions and pools without members are left to the remaining strategies; so is a label after an
 * unexpected failure here, so that a bug never leaves builds waiting forever.
 */
@Extension(ordinal = 200)
public final class PoolProvisioningStrategy extends NodeProvisioner.Strategy {

    private static final Logger LOGGER = Logger.getLogger(PoolProvisioningStrategy.class.getName());

    /** Last reason logged per label, so a waiting queue does not repeat the same line every round. */
    private final Map<String, String> lastWaitReason = new ConcurrentHashMap<>();

    @NonNull
    @Override
    public NodeProvisioner.StrategyDecision apply(@NonNull NodeProvisioner.StrategyState state) {
        Label label = state.getLabel();
        if (label == null || !label.isAtom()) {
            return NodeProvisioner.StrategyDecision.CONSULT_REMAINING_STRATEGIES;
        }
        Optional<AgentPool> pool = KubePoolsConfiguration.get().poolServing(label.getName());
        PoolPlacements placements = PoolPlacements.get();
        if (pool.isEmpty() || pool.get().getMembers().isEmpty()) { // a pool being set up has no say yet
            placements.service().satisfied(label.getName()); // nor waits for room in its clusters
            return NodeProvisioner.StrategyDecision.CONSULT_REMAINING_STRATEGIES;
        }
        try {
            Pool enginePool = PoolModels.toEngine(pool.get());
            // Agents whose pods stay Unschedulable while another member has room make way: their builds wait again.
            int excess = excessWorkload(state)
                    + UnschedulableAgentMoves.move(enginePool, label, pool.get().agentRequest(), placements);
            if (excess <= 0) {
                placements.service().satisfied(label.getName());
                return NodeProvisioner.StrategyDecision.PROVISIONING_COMPLETED;
            }
            // What is not provided leaves the label waiting in the engine: reviewed again as soon as room frees up.
            // A smaller agent leaves the room a larger pool's agent needs on shared clusters (reserved while it waits).
            AgentRequest request = placements.service().keepingRoom(pool.get().agentRequest(), enginePool,
                    PoolModels.poolAgents(KubePoolsConfiguration.get().getPools()));
            PoolPlacementService.Offers outcome = CloudOffers.offer(enginePool, request, label, excess,
                    state::getAdditionalPlannedCapacity,
                    state::recordPendingLaunches, placements, Jenkins.get()::getCloud);
            report(pool.get(), label, excess, outcome);
            if (outcome.provided() > 0) {
                // As the kubernetes plugin does: look again soon, when the planned agents are being launched.
                Timer.get().schedule(label.nodeProvisioner::suggestReviewNow, 1, TimeUnit.SECONDS);
            }
            return NodeProvisioner.StrategyDecision.PROVISIONING_COMPLETED;
        } catch (RuntimeException e) {
            LOGGER.log(Level.WARNING, "Kube Ops: provisioning for label " + label + " failed; leaving it to other strategies", e);
            return NodeProvisioner.StrategyDecision.CONSULT_REMAINING_STRATEGIES;
        }
    }

    /** Queued items minus every executor that is free, connecting or planned (the kubernetes plugin's no-delay count). */
    static int excessWorkload(NodeProvisioner.StrategyState state) {
        LoadStatistics.LoadStatisticsSnapshot snapshot = state.getSnapshot();
        int capacity = snapshot.getAvailableExecutors() + snapshot.getConnectingExecutors()
                + state.getPlannedCapacitySnapshot() + state.getAdditionalPlannedCapacity();
        return snapshot.getQueueLength() - capacity;
    }

    private void report(AgentPool pool, Label label, int excess, PoolPlacementService.Offers outcome) {
        String line = "pool " + pool.getName() + ", label " + label + ": " + outcome.provided() + " of " + excess + " agents planned"
                + (outcome.offers().isEmpty() ? "" : " (" + String.join("; ", outcome.offers()) + ")")
                + (outcome.unplaced().isEmpty() ? "" : "; the rest waits: " + outcome.unplaced());
        if (outcome.provided() > 0) {
            lastWaitReason.remove(label.getName());
            LOGGER.log(Level.INFO, "Kube Ops: {0}", line);
        } else if (!line.equals(lastWaitReason.put(label.getName(), line))) {
            LOGGER.log(Level.INFO, "Kube Ops: {0}", line);
        }
    }
}
