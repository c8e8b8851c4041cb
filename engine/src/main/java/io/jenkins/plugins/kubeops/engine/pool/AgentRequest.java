package io.jenkins.plugins.kubeops.engine.pool;

import io.fabric8.kubernetes.api.model.Quantity;
import io.jenkins.plugins.kubeops.engine.cluster.ResourceAmounts;
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

    /**
     * From Kubernetes quantities as users write them ("2", "500m", "4Gi"); an invalid one is an error naming it.
     */
    public static AgentRequest ofQuantities(String cpu, String memory) {
        PoolValidation.quantity("CPU", cpu).throwIfError();
        PoolValidation.quantity("Memory", memory).throwIfError();
        if (cpu == null || cpu.isBlank() || memory == null || memory.isBlank()) {
            throw new io.jenkins.plugins.kubeops.engine.common.KubeOpsException("agent CPU '" + cpu + "' and memory '" + memory
                    + "' are both required: use e.g. '2' and '4Gi'.");
        }
        return new AgentRequest(new ResourceAmounts(ResourceAmounts.millis(new Quantity(cpu.trim())),
                ResourceAmounts.bytes(new Quantity(memory.trim()))), Optional.empty());
    }

    public AgentRequest forJob(String job) {
        return new AgentRequest(resources, Optional.of(job));
    }
}
