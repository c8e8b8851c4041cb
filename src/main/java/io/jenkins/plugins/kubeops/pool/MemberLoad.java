package io.jenkins.plugins.kubeops.pool;

import io.jenkins.plugins.kubeops.cluster.ResourceAmounts;
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

    public int agents() {
        return runningAgents + pendingAgents;
    }

    /** Whether some usable node has room for {@code request}. */
    boolean fitsOnANode(ResourceAmounts request) {
        for (ResourceAmounts free : nodeFree) {
            if (free.cpuMillis() >= request.cpuMillis() && free.memoryBytes() >= request.memoryBytes()) {
                return true;
            }
        }
        return false;
    }
}
