package io.jenkins.plugins.kubeops.engine.pool;

import io.jenkins.plugins.kubeops.engine.cluster.ResourceAmounts;

/**
 * Limits on what agents may take in one member, whatever the cluster has free. Zero means "no limit". The caps hold across
 * all labels and clouds that share the member, because they are checked against the agents counted in the cluster itself.
 *
 * @param maxAgents      agent pods (running and pending)
 * @param maxCpuMillis   CPU requested by agent pods
 * @param maxMemoryBytes memory requested by agent pods
 */
public record MemberCaps(int maxAgents, long maxCpuMillis, long maxMemoryBytes) {

    public static final MemberCaps NONE = new MemberCaps(0, 0, 0);

    public MemberCaps {
        if (maxAgents < 0 || maxCpuMillis < 0 || maxMemoryBytes < 0) {
            throw new IllegalArgumentException("caps must not be negative: " + maxAgents + ", " + maxCpuMillis + ", " + maxMemoryBytes);
        }
    }

    /** Why one more agent of {@code request} would break a cap, or null when it fits. */
    String violation(int agents, ResourceAmounts agentRequests, ResourceAmounts request) {
        if (maxAgents > 0 && agents + 1 > maxAgents) {
            return "at its cap of " + maxAgents + " agents";
        }
        if (maxCpuMillis > 0 && agentRequests.cpuMillis() + request.cpuMillis() > maxCpuMillis) {
            return "agents would request " + Quantities.cpu(agentRequests.cpuMillis() + request.cpuMillis())
                    + " CPU, over its cap of " + Quantities.cpu(maxCpuMillis);
        }
        if (maxMemoryBytes > 0 && agentRequests.memoryBytes() + request.memoryBytes() > maxMemoryBytes) {
            return "agents would request " + Quantities.memory(agentRequests.memoryBytes() + request.memoryBytes())
                    + " memory, over its cap of " + Quantities.memory(maxMemoryBytes);
        }
        return null;
    }
}
