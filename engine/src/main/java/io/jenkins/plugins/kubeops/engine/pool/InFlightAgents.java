package io.jenkins.plugins.kubeops.engine.pool;

import io.jenkins.plugins.kubeops.engine.cluster.ResourceAmounts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Agents placed on a member whose pods the cluster does not show yet. Between a cloud planning an agent and its pod appearing
 * in the informer cache there are seconds in which the member's load does not show it; without counting it, a burst placed
 * in that window all sees the same free room, and caps are overshot. Each agent counts as one pending agent of its size on
 * its member ({@link MemberLoad#withPendingAgent}) until its pod shows, it is {@link #settled settled} (online, failed to
 * launch, removed), or {@link #limit} has passed. Thread-safe.
 */
public final class InFlightAgents {

    /** Planned agents normally have their pod within seconds; one that never launches stops counting after this. */
    public static final Duration DEFAULT_LIMIT = Duration.ofMinutes(2);

    /** Whether a cluster's cache shows an agent pod. */
    @FunctionalInterface
    public interface PodLookup {
        boolean exists(String cluster, String namespace, String podName);
    }

    private record Agent(String podName, PoolMember member, ResourceAmounts request, Instant plannedAt) {
    }

    private final Duration limit;
    private final Map<String, Agent> agents = new LinkedHashMap<>();

    public InFlightAgents(Duration limit) {
        if (limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("the in-flight limit must be positive: " + limit);
        }
        this.limit = limit;
    }

    /**
     * Records an agent placed on {@code member}.
     *
     * @param agentName the agent's node name (how Jenkins reports it online or failed)
     * @param podName   the name of the pod it will run in, in the member's namespace
     */
    public synchronized void planned(String agentName, String podName, PoolMember member, ResourceAmounts request, Instant at) {
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(at, "at");
        agents.put(Objects.requireNonNull(agentName, "agentName"), new Agent(Objects.requireNonNull(podName, "podName"), member,
                request, at));
    }

    /** The agent came online, failed to launch or was removed: its pod, if any, is counted by the cluster from now on. */
    public synchronized void settled(String agentName) {
        agents.remove(agentName);
    }

    /** Forgets the agents whose pod the caches show, and those planned longer than the limit ago. */
    public synchronized void forgetArrived(Instant now, PodLookup pods) {
        Instant oldest = now.minus(limit);
        for (Iterator<Agent> it = agents.values().iterator(); it.hasNext(); ) {
            Agent agent = it.next();
            if (agent.plannedAt().isBefore(oldest)
                    || pods.exists(agent.member().cluster(), agent.member().namespace(), agent.podName())) {
                it.remove();
            }
        }
    }

    /** The snapshots with each in-flight agent added as a pending agent of its size to its member. */
    public synchronized List<MemberSnapshot> addTo(List<MemberSnapshot> snapshots) {
        if (agents.isEmpty()) {
            return snapshots;
        }
        Map<String, List<ResourceAmounts>> byMember = new HashMap<>();
        for (Agent agent : agents.values()) {
            byMember.computeIfAbsent(agent.member().id(), id -> new ArrayList<>()).add(agent.request());
        }
        List<MemberSnapshot> adjusted = new ArrayList<>(snapshots.size());
        for (MemberSnapshot snapshot : snapshots) {
            MemberLoad load = snapshot.load();
            for (ResourceAmounts request : byMember.getOrDefault(snapshot.member().id(), List.of())) {
                load = load.withPendingAgent(request);
            }
            adjusted.add(load == snapshot.load() ? snapshot : new MemberSnapshot(snapshot.member(), load));
        }
        return adjusted;
    }
}
