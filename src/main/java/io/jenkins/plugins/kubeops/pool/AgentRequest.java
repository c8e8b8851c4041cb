package io.jenkins.plugins.kubeops.pool;

import io.jenkins.plugins.kubeops.cluster.ResourceAmounts;
import java.util.Objects;
import java.util.Optional;

/**
 * An agent to place: what its pod requests, and which job it is for (so the job can return to a warm cluster).
 *
 * @param affinityKey e.g. the job's full name; empty when there is none
 */
public record AgentRequest(ResourceAmounts resources, Optional<String> affinityKey) {

    public AgentRequest {
        Objects.requireNonNull(resources, "resources");
        Objects.requireNonNull(affinityKey, "affinityKey");
        if (resources.cpuMillis() < 0 || resources.memoryBytes() < 0) {
            throw new IllegalArgumentException("agent requests must not be negative: " + resources);
        }
    }

    public static AgentRequest of(long cpuMillis, long memoryBytes) {
        return new AgentRequest(new ResourceAmounts(cpuMillis, memoryBytes), Optional.empty());
    }

    public AgentRequest forJob(String job) {
        return new AgentRequest(resources, Optional.of(job));
    }
}
