package io.jenkins.plugins.kubeops.jenkins.pool;

import hudson.model.Label;
import hudson.slaves.Cloud;
import hudson.slaves.NodeProvisioner.PlannedNode;
import io.jenkins.plugins.kubeops.engine.pool.AgentRequest;
import io.jenkins.plugins.kubeops.engine.pool.Pool;
import io.jenkins.plugins.kubeops.engine.pool.PoolMember;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Offers a pool's excess workload to its members' clouds in the engine's order. Each round the engine places the remaining
 * agents one by one over the members not tried yet; the first member gets its share, and when its cloud provides less —
 * even nothing (no template, container cap, API error) — the rest goes to the next round instead of being dropped: the
 * kubernetes plugin's own strategy stops after the first eligible cloud. A cloud is offered work once per call. Planned
 * agents count on their member until their pods show ({@link PoolPlacements#planned}), so the next round sees them.
 */
final class CloudOffers {

    private static final Logger LOGGER = Logger.getLogger(CloudOffers.class.getName());

    /**
     * @param provided executors planned in all
     * @param offers   one entry per cloud offered work, e.g. {@code "prod-a/ci: 0 of 3"}, in order
     * @param unplaced why the rest could not be placed (the engine's explanation), or empty
     */
    record Outcome(int provided, List<String> offers, String unplaced) {
        Outcome {
            offers = List.copyOf(offers);
        }
    }

    private CloudOffers() {
    }

    /**
     * @param additionalPlanned capacity planned so far in this provisioning round (grows as nodes are recorded)
     * @param record            where planned nodes go (the NodeProvisioner's pending launches)
     * @param clouds            cloud by name; null for a cloud that no longer exists
     */
    static Outcome offer(Pool pool, AgentRequest request, Label label, int excess, IntSupplier additionalPlanned,
                         Consumer<Collection<PlannedNode>> record, PoolPlacements placements, Function<String, Cloud> clouds) {
        int remaining = excess;
        Set<String> tried = new HashSet<>();
        List<String> offers = new ArrayList<>();
        String unplaced = "";
        while (remaining > 0) {
            Pool untried = without(pool, tried);
            if (untried.members().isEmpty()) {
                break;
            }
            List<PoolMember> perAgent = placements.placeEach(untried, request, remaining);
            if (perAgent.isEmpty()) {
                unplaced = placements.place(untried, request).explanation();
                break;
            }
            PoolMember member = perAgent.get(0);
            int share = (int) perAgent.stream().filter(each -> each.id().equals(member.id())).count();
            tried.add(member.cluster());
            int provided = offerTo(clouds.apply(member.cluster()), member, request, label, share, additionalPlanned, record,
                    placements);
            offers.add(member.id() + ": " + provided + " of " + share);
            remaining -= provided;
        }
        return new Outcome(excess - Math.max(remaining, 0), offers, unplaced);
    }

    private static int offerTo(Cloud cloud, PoolMember member, AgentRequest request, Label label, int agents,
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
            placements.history().recordFailure(member.id(), placements.now(), e.getClass().getSimpleName() + ": " + e.getMessage());
            LOGGER.log(Level.WARNING, "Kube Ops: cloud " + cloud.name + " failed to provision " + agents + " agents for " + label, e);
            return 0;
        }
        ProvisioningEvents.started(cloud, label, nodes);
        placements.planned(member, request, nodes);
        record.accept(nodes);
        return nodes.stream().mapToInt(node -> node.numExecutors).sum();
    }

    private static Pool without(Pool pool, Set<String> clouds) {
        return new Pool(pool.name(), pool.labels(),
                pool.members().stream().filter(member -> !clouds.contains(member.cluster())).toList(), pool.minIdleAgents());
    }
}
