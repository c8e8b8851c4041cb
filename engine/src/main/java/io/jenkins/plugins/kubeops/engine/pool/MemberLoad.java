package io.jenkins.plugins.kubeops.engine.pool;

import io.jenkins.plugins.kubeops.engine.cluster.ResourceAmounts;
import java.util.List;
import java.util.Objects;

/**
 * A snapshot of one member's load, read from informer caches (not a list call per decision).
 *
 * @param reachable          the API server answers and the caches are in sync
 * @param allocatable        allocatable CPU/memory of the Ready, schedulable nodes the member's agents may use
 * @param requested          what non-terminal pods bound to those nodes request
 * @param nodeFree           per usable node, allocatable minus requested, largest first (an agent pod must fit on one node)
 * @param quota              the namespace's quota headroom
 * @param runningAgents      agent pods bound to a node
 * @param pendingAgents      agent pods not yet bound (demand the member has not absorbed)
 * @param agentRequests      what all agent pods of the member request (for the member's caps)
 * @param pendingRequests    what the pending agent pods request
 * @param unschedulableAgents pending agent pods the scheduler marked Unschedulable: the member is saturated
 */
public record MemberLoad(String memberId, boolean reachable, ResourceAmounts allocatable, ResourceAmounts requested,
                         List<ResourceAmounts> nodeFree, QuotaHeadroom quota, int runningAgents, int pendingAgents,
                         ResourceAmounts agentRequests, ResourceAmounts pendingRequests, int unschedulableAgents) {

    public MemberLoad {
        Objects.requireNonNull(memberId, "memberId");
        nodeFree = List.copyOf(nodeFree);
        Objects.requireNonNull(quota, "quota");
    }

    /** A member whose API server cannot be read: never chosen. */
    public static MemberLoad unreachable(String memberId) {
        return new MemberLoad(memberId, false, ResourceAmounts.ZERO, ResourceAmounts.ZERO, List.of(), QuotaHeadroom.NONE, 0, 0,
                ResourceAmounts.ZERO, ResourceAmounts.ZERO, 0);
    }

    /** This load with one more agent pod of {@code request} pending: what the next decision should see after a launch. */
    public MemberLoad withPendingAgent(ResourceAmounts request) {
        return new MemberLoad(memberId, reachable, allocatable, requested, nodeFree, quota, runningAgents, pendingAgents + 1,
                agentRequests.plus(request), pendingRequests.plus(request), unschedulableAgents);
    }

    public int agents() {
        return runningAgents + pendingAgents;
    }

    /** Whether some usable node has room for {@code request}. */
    boolean fitsOnANode(ResourceAmounts request) {
        for (ResourceAmounts free : nodeFree) {
            if (fits(free, request)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether some usable node still has room for {@code request} once the pending agent pods are bound. The scheduler puts
     * each pod on the node with the most room, so pending pods take the biggest holes first; only their sum is known, so each
     * is taken at the average size when they are all of this agent's size. When they may be of mixed sizes (a 6 CPU and a 2
     * CPU agent average 4, which misjudges both), the agent must fit on more nodes than there are pending pods. Without
     * this, several agents placed before the first is bound all count the same free node, and all but one go Pending.
     */
    boolean fitsAfterPending(ResourceAmounts request) {
        int pending = pendingAgents - unschedulableAgents;
        if (pending <= 0 || nodeFree.isEmpty()) {
            return fitsOnANode(request);
        }
        int fitting = 0;
        for (ResourceAmounts free : nodeFree) {
            if (fits(free, request) && ++fitting > pending) {
                return true; // the pending pods touch at most `pending` nodes: one that fits stays untouched
            }
        }
        if (fitting == 0 || !pendingLike(request)) {
            return false; // of mixed sizes, the pending pods could take every node that fits: only their sum is known
        }
        NodeRoom room = roomAfterPending();
        return room.roomiestFitting(request.cpuMillis(), request.memoryBytes()) >= 0;
    }

    /**
     * Whether the node the scheduler would bind {@code request} to — the one with the most room once the pending agent pods
     * are bound — could then hold {@code larger} but no longer once {@code request} is on it: placing the agent here takes
     * room a larger agent needs. False when no node can hold {@code larger} anyway.
     */
    boolean takesRoomFor(ResourceAmounts request, ResourceAmounts larger) {
        if (!fitsOnANode(larger)) {
            return false; // pending pods only take room, so no node will hold the larger agent either
        }
        NodeRoom room = roomAfterPending();
        int node = room.roomiestFitting(request.cpuMillis(), request.memoryBytes());
        return node >= 0 && room.cpu[node] >= larger.cpuMillis() && room.memory[node] >= larger.memoryBytes()
                && (room.cpu[node] - request.cpuMillis() < larger.cpuMillis()
                || room.memory[node] - request.memoryBytes() < larger.memoryBytes());
    }

    /** Per node, the room left once the pending agent pods are bound (at their average size, each to the roomiest node). */
    private NodeRoom roomAfterPending() {
        long[] cpu = new long[nodeFree.size()];
        long[] memory = new long[nodeFree.size()];
        for (int n = 0; n < cpu.length; n++) {
            cpu[n] = nodeFree.get(n).cpuMillis();
            memory[n] = nodeFree.get(n).memoryBytes();
        }
        NodeRoom room = new NodeRoom(cpu, memory);
        int pending = pendingAgents - unschedulableAgents;
        if (pending <= 0) {
            return room;
        }
        long eachCpu = ceilDiv(pendingRequests.cpuMillis(), pendingAgents);
        long eachMemory = ceilDiv(pendingRequests.memoryBytes(), pendingAgents);
        for (int i = 0; i < pending; i++) {
            int roomiest = room.roomiestFitting(eachCpu, eachMemory);
            if (roomiest < 0) {
                break; // the rest cannot be bound either, so they take no room
            }
            cpu[roomiest] -= eachCpu;
            memory[roomiest] -= eachMemory;
        }
        return room;
    }

    private record NodeRoom(long[] cpu, long[] memory) {
        /** The node with the most CPU (then memory) left that fits the amounts, as the scheduler spreads; -1 when none. */
        int roomiestFitting(long needCpu, long needMemory) {
            int roomiest = -1;
            for (int n = 0; n < cpu.length; n++) {
                if (cpu[n] >= needCpu && memory[n] >= needMemory
                        && (roomiest < 0 || cpu[n] > cpu[roomiest] || cpu[n] == cpu[roomiest] && memory[n] > memory[roomiest])) {
                    roomiest = n;
                }
            }
            return roomiest;
        }
    }

    /** Whether every pending pod can be taken to be of {@code request}'s size: their sum is that many times it. */
    private boolean pendingLike(ResourceAmounts request) {
        return pendingRequests.cpuMillis() == request.cpuMillis() * pendingAgents
                && pendingRequests.memoryBytes() == request.memoryBytes() * pendingAgents;
    }

    private static boolean fits(ResourceAmounts free, ResourceAmounts request) {
        return free.cpuMillis() >= request.cpuMillis() && free.memoryBytes() >= request.memoryBytes();
    }

    private static long ceilDiv(long amount, int parts) {
        return (amount + parts - 1) / parts;
    }
}
