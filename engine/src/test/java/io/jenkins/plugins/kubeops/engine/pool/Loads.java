package io.jenkins.plugins.kubeops.engine.pool;

import io.jenkins.plugins.kubeops.engine.cluster.ResourceAmounts;
import java.util.List;

/** Builders for member loads in policy tests. */
final class Loads {

    static final long GI = 1024L * 1024 * 1024;

    private Loads() {
    }

    /** A reachable member with one node of the given size and the given requested amounts, no quota, no agents. */
    static MemberLoad idle(String id, long cpuMillis, long memoryBytes) {
        return load(id, cpuMillis, memoryBytes, 0, 0);
    }

    static MemberLoad load(String id, long cpuMillis, long memoryBytes, long requestedCpu, long requestedMemory) {
        ResourceAmounts allocatable = new ResourceAmounts(cpuMillis, memoryBytes);
        ResourceAmounts requested = new ResourceAmounts(requestedCpu, requestedMemory);
        return new MemberLoad(id, true, allocatable, requested, List.of(allocatable.minus(requested)), QuotaHeadroom.NONE, 0, 0,
                ResourceAmounts.ZERO, ResourceAmounts.ZERO, 0);
    }

    static MemberLoad withAgents(MemberLoad load, int running, int pending, ResourceAmounts agentRequests,
                                 ResourceAmounts pendingRequests, int unschedulable) {
        return new MemberLoad(load.memberId(), load.reachable(), load.allocatable(), load.requested(), load.nodeFree(),
                load.quota(), running, pending, agentRequests, pendingRequests, unschedulable);
    }

    static MemberLoad withQuota(MemberLoad load, QuotaHeadroom quota) {
        return new MemberLoad(load.memberId(), load.reachable(), load.allocatable(), load.requested(), load.nodeFree(), quota,
                load.runningAgents(), load.pendingAgents(), load.agentRequests(), load.pendingRequests(),
                load.unschedulableAgents());
    }

    static MemberLoad withNodeFree(MemberLoad load, List<ResourceAmounts> nodeFree) {
        return new MemberLoad(load.memberId(), load.reachable(), load.allocatable(), load.requested(), nodeFree, load.quota(),
                load.runningAgents(), load.pendingAgents(), load.agentRequests(), load.pendingRequests(),
                load.unschedulableAgents());
    }
}
