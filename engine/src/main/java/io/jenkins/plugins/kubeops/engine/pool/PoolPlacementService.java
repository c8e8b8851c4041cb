package io.jenkins.plugins.kubeops.engine.pool;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Live placement over pools, and its coordination: member loads from {@link ClusterLoads} (caches, no API call), the agents
 * planned whose pods the caches do not show yet ({@link InFlightAgents}, counted as pending on their member), the
 * provisioning history shared by every decision (so failing members back off), the labels waiting for room
 * ({@link WaitingLabels}), and {@link LeastLoadPolicy} over them. A front end (the Jenkins plugin, the CLI) only adapts its
 * own types: it asks a member's cloud for agents through {@link MemberOffer} and reports planned, online and failed agents.
 */
public final class PoolPlacementService implements AutoCloseable {

    /**
     * Asks the cloud of a member for agents.
     */
    @FunctionalInterface
    public interface MemberOffer {
        /**
         * @return how many agents the member's cloud planned, 0 when it can take none now (no template, cap, paused)
         * @throws RuntimeException when the cloud failed: counted as a failed provision of the member (back-off)
         */
        int provide(PoolMember member, int agents);
    }

    /**
     * @param provided agents planned in all
     * @param offers   one entry per member offered work, e.g. {@code "prod-a/ci: 0 of 3"}, in order
     * @param unplaced why the rest could not be placed (the policy's explanation), or empty
     */
    public record Offers(int provided, List<String> offers, String unplaced) {
        public Offers {
            offers = List.copyOf(offers);
        }
    }

    private final ClusterLoads loads;
    private final ProvisionHistory history;
    private final Clock clock;
    private final InFlightAgents inFlight = new InFlightAgents(InFlightAgents.DEFAULT_LIMIT);
    private final WaitingLabels waitingLabels = new WaitingLabels();
    private volatile Consumer<String> roomFreed = cluster -> { };
    private volatile Consumer<String> labelReview = label -> { };

    private PoolPlacementService(ClusterLoads loads, ProvisionHistory history, Clock clock) {
        this.loads = loads;
        this.history = history;
        this.clock = clock;
        loads.onRoomFreed(this::roomFreedIn);
    }

    /**
     * A service that opens its clients and closes them in {@link #close()}.
     *
     * @param clients     opens a client for a member's cluster name
     * @param agentLabels labels that mark agent pods ({@link ClusterLoadState#DEFAULT_AGENT_LABELS} for kubernetes-plugin)
     */
    public PoolPlacementService(Function<String, KubernetesClient> clients, Map<String, String> agentLabels,
                                ProvisionHistory history, Clock clock) {
        this(WatchedClusterLoads.owning(clients, agentLabels), history, clock);
    }

    /**
     * A service that uses clients owned by someone else (e.g. Jenkins Kubernetes clouds): it never closes them.
     *
     * @param agentLabels the agent pod labels per cluster (each cloud may set its own)
     */
    public static PoolPlacementService borrowing(Function<String, KubernetesClient> clients,
                                                 Function<String, Map<String, String>> agentLabels, ProvisionHistory history,
                                                 Clock clock) {
        return over(WatchedClusterLoads.borrowing(clients, agentLabels), history, clock);
    }

    /** A service over the given loads (e.g. fixed loads in tests, or a front end's own wrapper of the watchers). */
    public static PoolPlacementService over(ClusterLoads loads, ProvisionHistory history, Clock clock) {
        return new PoolPlacementService(loads, history, clock);
    }

    /** The members that can take one agent, best first, with the one-line explanation; remembers the job's member. */
    public Placement place(Pool pool, AgentRequest request) {
        Placement placement = LeastLoadPolicy.rank(request, snapshots(pool), history, clock.instant());
        placement.best().ifPresent(best -> request.affinityKey()
                .ifPresent(job -> history.recordPlacement(job, best.member().id())));
        return placement;
    }

    /** The member for each of up to {@code agents} agents, placed one after the other so that a burst spreads. */
    public List<PoolMember> placeEach(Pool pool, AgentRequest request, int agents) {
        return LeastLoadPolicy.placeEach(request, snapshots(pool), history, clock.instant(), agents);
    }

    /**
     * Offers {@code agents} agents of the label's pool to its members in the policy's order. Each round places the remaining
     * agents one by one over the members not offered work yet; the first member gets its share, and what its cloud does not
     * provide — even nothing — goes to the next round instead of being dropped. A member's cluster is offered work once per
     * call. When not all are provided the label waits for room ({@link #onLabelReview}); otherwise it is satisfied.
     */
    public Offers offer(String label, Pool pool, AgentRequest request, int agents, MemberOffer offer) {
        int remaining = agents;
        Set<String> tried = new HashSet<>();
        List<String> offers = new ArrayList<>();
        String unplaced = "";
        while (remaining > 0) {
            Pool untried = without(pool, tried);
            if (untried.members().isEmpty()) {
                break;
            }
            List<PoolMember> perAgent = placeEach(untried, request, remaining);
            if (perAgent.isEmpty()) {
                unplaced = place(untried, request).explanation();
                break;
            }
            PoolMember member = perAgent.get(0);
            int share = (int) perAgent.stream().filter(each -> each.id().equals(member.id())).count();
            tried.add(member.cluster());
            int provided = provide(offer, member, share, offers);
            remaining -= provided;
        }
        int provided = agents - Math.max(remaining, 0);
        if (provided < agents) {
            waitingLabels.waiting(label, pool);
        } else {
            waitingLabels.satisfied(label);
        }
        return new Offers(provided, offers, unplaced);
    }

    private int provide(MemberOffer offer, PoolMember member, int share, List<String> offers) {
        try {
            int provided = Math.max(0, offer.provide(member, share));
            offers.add(member.id() + ": " + provided + " of " + share);
            return provided;
        } catch (RuntimeException e) {
            String reason = e.getClass().getSimpleName() + ": " + e.getMessage();
            history.recordFailure(member.id(), clock.instant(), reason);
            offers.add(member.id() + ": failed (" + reason + ")");
            return 0;
        }
    }

    private static Pool without(Pool pool, Set<String> clusters) {
        return new Pool(pool.name(), pool.labels(),
                pool.members().stream().filter(member -> !clusters.contains(member.cluster())).toList(), pool.minIdleAgents());
    }

    /** The request for an agent of {@code pool}, leaving room for the larger agents of the pools sharing its clusters. */
    public AgentRequest keepingRoom(AgentRequest request, Pool pool, java.util.Collection<RoomKeeping.PoolAgent> pools) {
        return RoomKeeping.apply(request, pool, pools, waitingLabels.labels());
    }

    /** Every build of the label has an agent, or the label is not a pool's: no review when room frees up. */
    public void satisfied(String label) {
        waitingLabels.satisfied(label);
    }

    /**
     * An agent planned on {@code member}: counts as a pending agent of the request's size there until its pod shows in the
     * member's namespace, it {@linkplain #settled settles}, or {@link InFlightAgents#DEFAULT_LIMIT} passes.
     */
    public void planned(PoolMember member, String agentName, String podName, AgentRequest request) {
        inFlight.planned(agentName, podName, member, request.resources(), clock.instant());
    }

    /** The agent came online, failed to launch or was removed: its pod, if any, counts in the cluster's load. */
    public void settled(String agentName) {
        inFlight.settled(agentName);
    }

    /** A pool agent came online: no longer in flight, and its member's failures are cleared. */
    public void agentOnline(String agentName, String memberId) {
        inFlight.settled(agentName);
        history.recordSuccess(memberId);
    }

    /** A pool agent failed to launch: no longer in flight, and a failed provision of its member (back-off). */
    public void agentFailed(String agentName, String memberId, String reason) {
        inFlight.settled(agentName);
        history.recordFailure(memberId, clock.instant(), reason);
    }

    /** Each member's load, with the agents planned there whose pods are not in the caches yet as pending agents. */
    public List<MemberSnapshot> snapshots(Pool pool) {
        // Pods are looked up before the loads are read: one that appears in between counts twice for a moment, never zero times.
        inFlight.forgetArrived(clock.instant(), loads::hasAgentPod);
        return inFlight.addTo(loads.snapshots(pool));
    }

    /**
     * Tells {@code listener} each waiting label (see {@link #offer}) whose pool uses a cluster where room freed up, so its
     * builds get a provisioning round now. Called on a watcher thread: the listener must return quickly.
     */
    public void onLabelReview(Consumer<String> listener) {
        this.labelReview = listener;
    }

    /** Tells {@code listener} the cluster's name whenever a change there may let a waiting agent in. Must return quickly. */
    public void onRoomFreed(Consumer<String> listener) {
        this.roomFreed = listener;
    }

    private void roomFreedIn(String cluster) {
        roomFreed.accept(cluster);
        waitingLabels.helpedBy(cluster).forEach(labelReview);
    }

    /**
     * Whether to remove the agent whose pod {@code podName} waits on {@code member}: Unschedulable for
     * {@link UnschedulableAgents#GRACE} while another member of the pool can take the agent now
     * ({@link UnschedulableAgents#moveElsewhere}). Its build is then provisioned again; no failure is recorded.
     */
    public boolean moveElsewhere(Pool pool, AgentRequest request, PoolMember member, String podName) {
        return loads.agentPodUnschedulableSince(member.cluster(), member.namespace(), podName)
                .map(since -> UnschedulableAgents.moveElsewhere(request, member, since, snapshots(pool), history, clock.instant()))
                .orElse(false);
    }

    /** Whether the cluster's cache shows that agent pod; false for a cluster not watched (yet). */
    public boolean hasAgentPod(String cluster, String namespace, String podName) {
        return loads.hasAgentPod(cluster, namespace, podName);
    }

    /** Starts watching the pool's clusters and waits (bounded) for their first listing; used by one-shot callers. */
    public void awaitSynced(Pool pool, Duration timeout) {
        loads.awaitSynced(pool, timeout);
    }

    /** Why clusters cannot be read, by cluster name. */
    public Map<String, String> problems() {
        return loads.problems();
    }

    public ProvisionHistory history() {
        return history;
    }

    public Instant now() {
        return clock.instant();
    }

    /** Stops watching a cluster (e.g. removed from the configuration); it is watched again on next use. */
    public void forget(String cluster) {
        loads.forget(cluster);
    }

    @Override
    public void close() {
        loads.close();
    }
}
