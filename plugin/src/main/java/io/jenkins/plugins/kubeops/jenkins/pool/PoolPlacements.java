package io.jenkins.plugins.kubeops.jenkins.pool;

import hudson.Extension;
import hudson.ExtensionList;
import hudson.init.Terminator;
import hudson.model.Label;
import hudson.model.Node;
import hudson.slaves.NodeProvisioner.PlannedNode;
import io.jenkins.plugins.kubeops.engine.pool.AgentRequest;
import io.jenkins.plugins.kubeops.engine.pool.MemberSnapshot;
import io.jenkins.plugins.kubeops.engine.pool.Placement;
import io.jenkins.plugins.kubeops.engine.pool.Pool;
import io.jenkins.plugins.kubeops.engine.pool.PoolMember;
import io.jenkins.plugins.kubeops.engine.pool.PoolPlacementService;
import io.jenkins.plugins.kubeops.engine.pool.ProvisionHistory;
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
 * The controller's one {@link PoolPlacementService}, which owns the placement coordination (member loads over the clouds'
 * own clients, in-flight agents, waiting labels, the provisioning history, offers member by member). This class only adapts
 * Jenkins types to it: planned nodes to agent and pod names, and the engine's label reviews to
 * {@code Label.nodeProvisioner.suggestReviewNow()}.
 */
@Extension
public final class PoolPlacements {

    private final ProvisionHistory history = new ProvisionHistory();
    private final Clock clock = Clock.systemUTC();
    private PoolLoads loads;
    private PoolPlacementService service;

    public static PoolPlacements get() {
        return ExtensionList.lookupSingleton(PoolPlacements.class);
    }

    /** The engine service, over the clouds' clusters (watched on first use). */
    synchronized PoolPlacementService service() {
        if (service == null) {
            use(new LivePoolLoads());
        }
        return service;
    }

    /** For tests: decide over the given loads instead of live clusters. */
    synchronized void useLoads(PoolLoads replacement) {
        if (loads != null) {
            loads.close();
        }
        use(replacement);
    }

    private void use(PoolLoads replacement) {
        loads = replacement;
        service = PoolPlacementService.over(replacement, history, clock);
        service.onLabelReview(PoolPlacements::review);
    }

    /**
     * Room freed up in a cloud's cluster and builds of this label wait for it: a provisioning round now instead of at the
     * next periodic one. Jenkins runs at most one suggested review per second and label, on its own threads, so this returns
     * at once (it runs on an informer thread).
     */
    private static void review(String labelName) {
        Jenkins jenkins = Jenkins.getInstanceOrNull();
        Label label = jenkins == null ? null : jenkins.getLabel(labelName);
        if (label != null) {
            label.nodeProvisioner.suggestReviewNow();
        }
    }

    public Placement place(Pool pool, AgentRequest request) {
        return service().place(pool, request);
    }

    /** Whether the agent whose pod waits Unschedulable on {@code member} should make way for one elsewhere. */
    boolean moveElsewhere(Pool pool, AgentRequest request, PoolMember member, String podName) {
        return service().moveElsewhere(pool, request, member, podName);
    }

    List<MemberSnapshot> snapshots(Pool pool) {
        return service().snapshots(pool);
    }

    /** The planned nodes count on {@code member} until their pods show, they settle, or the engine's in-flight limit. */
    void planned(PoolMember member, AgentRequest request, Collection<PlannedNode> nodes) {
        PoolPlacementService placements = service();
        for (PlannedNode node : nodes) {
            agentNames(node).ifPresent(names -> placements.planned(member, names.agent(), names.pod(), request));
        }
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

    Map<String, String> problems() {
        return service().problems();
    }

    void awaitSynced(Pool pool, Duration timeout) {
        service().awaitSynced(pool, timeout);
    }

    ProvisionHistory history() {
        return history;
    }

    Instant now() {
        return clock.instant();
    }

    /** Stops watching clouds no pool uses any more. */
    synchronized void poolsChanged(Set<String> cloudsBefore, Set<String> cloudsAfter) {
        if (service != null) {
            cloudsBefore.stream().filter(cloud -> !cloudsAfter.contains(cloud)).forEach(service::forget);
        }
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
            if (placements.service != null) {
                placements.service.close();
                placements.service = null;
                placements.loads = null;
            }
        }
    }
}
