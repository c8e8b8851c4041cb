package io.jenkins.plugins.kubeops.engine.pool;

import io.jenkins.plugins.kubeops.engine.cluster.ResourceAmounts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Least-load placement, a pure function of (agent request, member loads, history, time).
 *
 * <p>Members that cannot take the agent are rejected with a reason: not active, unreachable, backing off after failures
 * (or on probation with a trial agent still pending), saturated (agent pods already unschedulable there), over a cap,
 * refused by the namespace quota, or with no node that fits the pod — now, or once the pending agent pods are bound.
 * The rest are ranked by priority (preferred before backup members), then — when the request names a larger agent the same
 * clusters serve ({@link AgentRequest#keepRoomFor()}) — members where the agent does not take the room such an agent
 * needs before those where it does (while such an agent is waiting for room, those are rejected), then by headroom: the
 * free share of the resource that binds first once the agent and the member's pending agents are added (dominant share —
 * CPU, memory or quota), times the member's weight. A job goes back to the member its last agent used when that member
 * is within {@link #AFFINITY_MARGIN} of the best and ranks with it otherwise, so caches there are reused. Ties break on
 * the member id, so the order is deterministic.
 *
 * <p>Why keep room: the scheduler binds each pod to the node with the most room, so a small agent chips the biggest hole
 * of whichever member it is sent to. When every member has a node that could hold a large agent, spreading small agents
 * by headroom alone chips all of them, and large agents then wait for room that is free in total but split across nodes;
 * under contention, small agents that keep taking each hole as it forms starve the large ones that have waited longest.
 */
public final class LeastLoadPolicy {

    /** How much less headroom (absolute share) a job's previous member may have and still be preferred. */
    public static final double AFFINITY_MARGIN = 0.10;

    /**
     * Priority, then members that keep room for a larger agent, then score (highest first), then id. Written out: a
     * composed comparator is several times slower here.
     */
    private static final Comparator<Placement.Candidate> ORDER = (a, b) -> {
        int byPriority = Integer.compare(a.member().priority(), b.member().priority());
        if (byPriority != 0) {
            return byPriority;
        }
        int byRoom = Boolean.compare(a.takesRoomForLarger(), b.takesRoomForLarger());
        if (byRoom != 0) {
            return byRoom;
        }
        int byScore = Double.compare(b.score(), a.score());
        return byScore != 0 ? byScore : a.member().id().compareTo(b.member().id());
    };

    private static final Comparator<Placement.Rejection> REJECTION_ORDER = (a, b) -> {
        int byPriority = Integer.compare(a.member().priority(), b.member().priority());
        return byPriority != 0 ? byPriority : a.member().id().compareTo(b.member().id());
    };

    private LeastLoadPolicy() {
    }

    public static Placement rank(AgentRequest request, List<MemberSnapshot> members, PlacementHistory history, Instant now) {
        List<Placement.Candidate> candidates = new ArrayList<>(members.size());
        List<Placement.Rejection> rejections = new ArrayList<>();
        for (MemberSnapshot snapshot : members) {
            String reason = rejection(request.resources(), snapshot, history, now);
            Placement.Candidate candidate = reason == null ? candidate(request, snapshot) : null;
            if (candidate != null && candidate.takesRoomForLarger() && request.largerAgentWaiting()) {
                reason = "keeps its room for a waiting " + agent(request.keepRoomFor()) + " agent";
            }
            if (reason != null) {
                rejections.add(new Placement.Rejection(snapshot.member(), reason));
            } else {
                candidates.add(candidate);
            }
        }
        candidates.sort(ORDER);
        // Rejections too are ordered by priority and id, so the explanation never depends on how members were listed.
        rejections.sort(REJECTION_ORDER);
        boolean affine = preferPreviousMember(request, candidates, history);
        return new Placement(candidates, rejections, explain(candidates, rejections, affine, request.keepRoomFor()));
    }

    private static String rejection(ResourceAmounts request, MemberSnapshot snapshot, PlacementHistory history, Instant now) {
        PoolMember member = snapshot.member();
        MemberLoad load = snapshot.load();
        if (!member.state().takesNewAgents()) {
            return member.state().name().toLowerCase(Locale.ROOT);
        }
        if (!load.reachable()) {
            return "unreachable";
        }
        Optional<PlacementHistory.Backoff> backoff = history.backoff(member.id(), now);
        if (backoff.isPresent()) {
            return "backing off after " + backoff.get().consecutiveFailures() + " failed provisions until "
                    + backoff.get().until() + " (" + backoff.get().lastError() + ")";
        }
        Optional<PlacementHistory.Backoff> probation = history.probation(member.id(), now);
        if (probation.isPresent() && load.pendingAgents() > 0) {
            return "on probation after " + probation.get().consecutiveFailures() + " failed provisions: waiting for its "
                    + "trial agent to connect";
        }
        if (load.unschedulableAgents() > 0) {
            return "saturated: " + load.unschedulableAgents() + " agent pods are unschedulable";
        }
        String cap = member.caps().violation(load.agents(), load.agentRequests(), request);
        if (cap != null) {
            return cap;
        }
        String quota = load.quota().violation(request);
        if (quota != null) {
            return quota;
        }
        if (load.allocatable().cpuMillis() == 0 || load.allocatable().memoryBytes() == 0) {
            return "no Ready, schedulable node matches its node selector";
        }
        if (!load.fitsOnANode(request)) {
            return "no node has " + Quantities.cpu(request.cpuMillis()) + " CPU and " + Quantities.memory(request.memoryBytes())
                    + " free";
        }
        if (!load.fitsAfterPending(request)) {
            return "no node will have " + Quantities.cpu(request.cpuMillis()) + " CPU and "
                    + Quantities.memory(request.memoryBytes()) + " free once its " + load.pendingAgents()
                    + " pending agents are bound";
        }
        return null;
    }

    private static Placement.Candidate candidate(AgentRequest agent, MemberSnapshot snapshot) {
        MemberLoad load = snapshot.load();
        ResourceAmounts request = agent.resources();
        ResourceAmounts demand = load.requested().plus(load.pendingRequests()).plus(request);
        double cpu = (double) demand.cpuMillis() / load.allocatable().cpuMillis();
        double memory = (double) demand.memoryBytes() / load.allocatable().memoryBytes();
        double quota = load.quota().shareAfter(request);
        String binding = "CPU";
        double dominant = cpu;
        if (memory > dominant) {
            binding = "memory";
            dominant = memory;
        }
        if (quota > dominant) {
            binding = "quota";
            dominant = quota;
        }
        double free = Math.max(0, 1 - dominant);
        boolean takesRoom = agent.keepsRoomForALargerAgent() && load.takesRoomFor(request, agent.keepRoomFor());
        return new Placement.Candidate(snapshot.member(), free, binding, free * snapshot.member().weight(), takesRoom);
    }

    /** Moves the job's previous member to the front when it is close enough to the best; says whether it did. */
    private static boolean preferPreviousMember(AgentRequest request, List<Placement.Candidate> candidates,
                                                PlacementHistory history) {
        if (candidates.size() < 2 || request.affinityKey().isEmpty()) {
            return false;
        }
        Optional<String> previous = history.lastMember(request.affinityKey().get());
        if (previous.isEmpty()) {
            return false;
        }
        Placement.Candidate best = candidates.get(0);
        for (int i = 1; i < candidates.size(); i++) {
            Placement.Candidate candidate = candidates.get(i);
            if (candidate.member().id().equals(previous.get())) {
                if (candidate.member().priority() == best.member().priority()
                        && candidate.takesRoomForLarger() == best.takesRoomForLarger()
                        && candidate.score() >= best.score() - AFFINITY_MARGIN) {
                    candidates.remove(i);
                    candidates.add(0, candidate);
                    return true;
                }
                return false;
            }
        }
        return false;
    }

    private static String explain(List<Placement.Candidate> candidates, List<Placement.Rejection> rejections, boolean affine,
                                  ResourceAmounts keepRoomFor) {
        if (candidates.isEmpty()) {
            StringBuilder line = new StringBuilder("no member can take the agent");
            for (Placement.Rejection rejection : rejections) {
                line.append(rejections.indexOf(rejection) == 0 ? ": " : "; ")
                        .append(rejection.member().id()).append(' ').append(rejection.reason());
            }
            return line.toString();
        }
        Placement.Candidate chosen = candidates.get(0);
        StringBuilder line = new StringBuilder("chose ").append(chosen.member().id());
        if (affine) {
            line.append(" (this job's last member)");
        }
        line.append(": ").append(percent(chosen.freeShare())).append(' ').append(chosen.bindingResource()).append(" free");
        if (candidates.size() > 1) {
            Placement.Candidate next = candidates.get(1);
            line.append(" vs ").append(percent(next.freeShare())).append(' ').append(next.bindingResource()).append(" on ")
                    .append(next.member().id());
            if (next.member().priority() != chosen.member().priority()) {
                line.append(" (priority ").append(next.member().priority()).append(')');
            } else if (next.takesRoomForLarger() && !chosen.takesRoomForLarger()) {
                line.append(", where it would take the room a ").append(agent(keepRoomFor)).append(" agent needs");
            }
        } else if (!rejections.isEmpty()) {
            line.append(" (only candidate; ").append(rejections.get(0).member().id()).append(' ')
                    .append(rejections.get(0).reason()).append(rejections.size() > 1 ? ", ..." : "").append(')');
        }
        return line.toString();
    }

    private static String agent(ResourceAmounts size) {
        return Quantities.cpu(size.cpuMillis()) + " CPU, " + Quantities.memory(size.memoryBytes());
    }

    private static String percent(double share) {
        return Math.round(share * 100) + "%";
    }

    /**
     * Places {@code agents} agents one by one, each counted as pending demand on its member before the next is placed, so a
     * burst spreads over members and respects caps and node room; stops early when no member can take the next one.
     */
    public static List<PoolMember> placeEach(AgentRequest request, List<MemberSnapshot> members, PlacementHistory history,
                                             Instant now, int agents) {
        List<PoolMember> placed = new ArrayList<>();
        List<MemberSnapshot> current = new ArrayList<>(members);
        for (int i = 0; i < agents; i++) {
            Optional<Placement.Candidate> best = rank(request, current, history, now).best();
            if (best.isEmpty()) {
                break;
            }
            PoolMember chosen = best.get().member();
            placed.add(chosen);
            current = withPending(current, chosen, request);
        }
        return placed;
    }

    /** The snapshots with one more pending agent of {@code request} on {@code member}. */
    static List<MemberSnapshot> withPending(List<MemberSnapshot> snapshots, PoolMember member, AgentRequest request) {
        List<MemberSnapshot> updated = new ArrayList<>(snapshots);
        for (int j = 0; j < updated.size(); j++) {
            if (updated.get(j).member().id().equals(member.id())) {
                updated.set(j, new MemberSnapshot(member, updated.get(j).load().withPendingAgent(request.resources())));
            }
        }
        return updated;
    }
}
