package io.jenkins.plugins.kubeops.jenkins.pool;

import hudson.model.Label;
import hudson.slaves.Cloud;
import hudson.slaves.NodeProvisioner.PlannedNode;
import io.jenkins.plugins.kubeops.engine.pool.AgentRequest;
import io.jenkins.plugins.kubeops.engine.pool.Pool;
import io.jenkins.plugins.kubeops.engine.pool.PoolMember;
import io.jenkins.plugins.kubeops.engine.pool.PoolPlacementService;
import java.util.Collection;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Offers a pool's excess workload to its members' clouds. The order, the share per member, moving on to the next member
 * when a cloud provides less, and the label's waiting for room are the engine's ({@link PoolPlacementService#offer}); this
 * class only turns one member's share into a Jenkins cloud's {@code provision} call and records the planned nodes.
 */
final class CloudOffers {

    private static final Logger LOGGER = Logger.getLogger(CloudOffers.class.getName());

    private CloudOffers() {
    }

    /**
     * @param additionalPlanned capacity planned so far in this provisioning round (grows as nodes are recorded)
     * @param record            where planned nodes go (the NodeProvisioner's pending launches)
     * @param clouds            cloud by name; null for a cloud that no longer exists
     */
    static PoolPlacementService.Offers offer(Pool pool, AgentRequest request, Label label, int excess,
                                             IntSupplier additionalPlanned, Consumer<Collection<PlannedNode>> record,
                                             PoolPlacements placements, Function<String, Cloud> clouds) {
        return placements.service().offer(label.getName(), pool, request, excess, (member, agents) ->
                provision(clouds.apply(member.cluster()), member, request, label, agents, additionalPlanned, record, placements));
    }

    /** Executors the cloud planned; 0 when it cannot take the label's agents now. Throws when the cloud failed. */
    private static int provision(Cloud cloud, PoolMember member, AgentRequest request, Label label, int agents,
                                 IntSupplier additionalPlanned, Consumer<Collection<PlannedNode>> record,
                                 PoolPlacements placements) {
        if (cloud == null) {
            return 0;
        }
        Cloud.CloudState state = new Cloud.CloudState(label, additionalPlanned.getAsInt());
        if (!cloud.canProvision(state) || ProvisioningEvents.blocked(cloud, state, agents) != null) {
            return 0;
        }
        Collection<PlannedNode> nodes;
        try {
            nodes = cloud.provision(state, KubernetesClouds.workloadFor(cloud, label, agents));
        } catch (RuntimeException e) {
            LOGGER.log(Level.WARNING, "Kube Ops: cloud " + cloud.name + " failed to provision " + agents + " agents for " + label, e);
            throw e; // the engine counts it against the member
        }
        ProvisioningEvents.started(cloud, label, nodes);
        placements.planned(member, request, nodes);
        record.accept(nodes);
        return nodes.stream().mapToInt(node -> node.numExecutors).sum();
    }
}
