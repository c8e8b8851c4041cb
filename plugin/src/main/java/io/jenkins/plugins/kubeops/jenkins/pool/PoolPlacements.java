package io.jenkins.plugins.kubeops.jenkins.pool;

import hudson.Extension;
import hudson.ExtensionList;
import hudson.init.Terminator;
import hudson.model.Node;
import hudson.model.Label;
import hudson.slaves.NodeProvisioner.PlannedNode;
import io.jenkins.plugins.kubeops.engine.pool.AgentRequest;
import io.jenkins.plugins.kubeops.engine.pool.InFlightAgents;
import io.jenkins.plugins.kubeops.engine.pool.LeastLoadPolicy;
import io.jenkins.plugins.kubeops.engine.pool.MemberSnapshot;
import io.jenkins.plugins.kubeops.engine.pool.Placement;
import io.jenkins.plugins.kubeops.engine.pool.Pool;
import io.jenkins.plugins.kubeops.engine.pool.PoolMember;
import io.jenkins.plugins.kubeops.engine.pool.ProvisionHistory;
import io.jenkins.plugins.kubeops.engine.pool.WaitingLabels;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import jenkins.model.Jenkins;
import org.csanchez.jenkins.plugins.kubernetes.KubernetesSlave;

/**
 * The controller's one placement service: member loads (live informers, started on first use), the agents planned whose
 * pods the caches do not show yet (counted as pending on their member), the provisioning history shared by every decision
 * (so failing members back off), and the engine's policy over them. Decisions read caches only.
 */
@Extension
public final class PoolPlacements {

    private final ProvisionHistory history = new ProvisionHistory();
    private final InFlightAgents inFlight = new InFlightAgents(InFlightAgents.DEFAULT_LIMIT);
    private final WaitingLabels waitingLabels = new WaitingLabels();
    private final Clock clock = Clock.systemUTC();
    private PoolLoads loads;

    public static PoolPlacements get() {
        return ExtensionList.lookupSingleton(PoolPlacements.class);
    }

    private synchronized PoolLoads loads() {
        if (loads == null) {
            loads = new LivePoolLoads(history, clock, this::roomFreed);
        }
        return loads;
    }

    /** For tests: decide over the given loads instead of live clusters. */
    synchronized void useLoads(PoolLoads replacement) {
        if (loads != null) {
            loads.close();
        }
        loads = replacement;
    }

    /** The members that can take one agent, best first, with the one-line explanation; remembers the job's member. */
    public Placement place(Pool pool, AgentRequest request) {
        Placement placement = LeastLoadPolicy.rank(request, snapshots(pool), history, clock.instant());
        placement.best().ifPresent(best -> request.affinityKey()
                .ifPresent(job -> history.recordPlacement(job, best.member().id())));
        return placement;
    }

    /** The member for each of up to {@code agents} agents, placed one after the other so that a burst spreads. */
    List<PoolMember> placeEach(Pool pool, AgentRequest request, int agents) {
        return LeastLoadPolicy.placeEach(request, snapshots(pool), history, clock.instant(), agents);
    }

    /** Each member's load, with the agents planned there whose pods are not in the caches yet as pending agents. */
    List<MemberSnapshot> snapshots(Pool pool) {
        PoolLoads current = loads();
        // Pods are looked up before the loads are read: one that appears in between counts twice for a moment, never zero times.
        inFlight.forgetArrived(clock.instant(), current::hasAgentPod);
        return inFlight.addTo(current.snapshots(pool));
    }

    /** Counts planned agents on {@code member} until their pods show, they settle, or {@link InFlightAgents#DEFAULT_LIMIT}. */
    void planned(PoolMember member, AgentRequest request, Collection<PlannedNode> nodes) {
        for (PlannedNode node : nodes) {
            agentNames(node).ifPresent(names -> inFlight.planned(names.agent(), names.pod(), member, request.resources(),
                    clock.instant()));
        }
    }

    /** The agent came online, failed to launch or was removed: its pod, if any, counts in the cluster's load. */
    void settled(String agentName) {
        inFlight.settled(agentName);
    }

    private record AgentNames(String agent, String pod) {
    }

    /**
     * The kubernetes plugin's planned nodes are complete at once, with the agent whose pod name is known; other planned
     * nodes go by their display name.
     */
    private static Optional<AgentNames> agentNames(PlannedNode planned) {
        if (planned.future.isDone() && !planned.future.isCancelled()) {
            try {
                Node node = planned.future.get();
                if (node instanceof KubernetesSlave agent) {
                    return Optional.of(new AgentNames(agent.getNodeName(), agent.getPodName()));
                }
                return node == null ? Optional.empty() : Optional.of(new AgentNames(node.getNodeName(), node.getNodeName()));
            } catch (ExecutionException e) {
                return Optional.empty(); // nothing will be launched
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        return planned.displayName == null || planned.displayName.isBlank() ? Optional.empty()
                : Optional.of(new AgentNames(planned.displayName, planned.displayName));
    }

    /** Builds of the label wait because no member of its pool could take an agent in the last round. */
    void waiting(String label, Pool pool) {
        waitingLabels.waiting(label, pool);
    }

    /** Every build of the label has an agent, or the label is not a pool's. */
    void satisfied(String label) {
        waitingLabels.satisfied(label);
    }

    /**
     * Room freed up in a cloud's cluster (an agent finished, a node came back, a quota grew): the labels waiting for it get a
     * provisioning round now instead of at the next periodic one. Jenkins runs at most one suggested review per second and
     * label, on its own threads, so this returns at once (it runs on an informer thread).
     */
    private void roomFreed(String cloud) {
        Jenkins jenkins = Jenkins.getInstanceOrNull();
        if (jenkins == null) {
            return;
        }
        for (String label : waitingLabels.helpedBy(cloud)) {
            Label waiting = jenkins.getLabel(label);
            if (waiting != null) {
                waiting.nodeProvisioner.suggestReviewNow();
            }
        }
    }

    Map<String, String> problems() {
        return loads().problems();
    }

    void awaitSynced(Pool pool, Duration timeout) {
        loads().awaitSynced(pool, timeout);
    }

    ProvisionHistory history() {
        return history;
    }

    Instant now() {
        return clock.instant();
    }

    /** Stops watching clouds no pool uses any more. */
    synchronized void poolsChanged(Set<String> cloudsBefore, Set<String> cloudsAfter) {
        if (loads == null) {
            return;
        }
        cloudsBefore.stream().filter(cloud -> !cloudsAfter.contains(cloud)).forEach(loads::forget);
    }

    synchronized void refresh() {
        if (loads != null) {
            loads.refresh();
        }
    }

    @Terminator
    public static void shutDown() {
        PoolPlacements placements = get();
        synchronized (placements) {
            if (placements.loads != null) {
                placements.loads.close();
                placements.loads = null;
            }
        }
    }
}
