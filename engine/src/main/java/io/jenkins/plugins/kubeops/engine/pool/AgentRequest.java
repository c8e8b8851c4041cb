package io.jenkins.plugins.kubeops.engine.pool;

import io.fabric8.kubernetes.api.model.Quantity;
import io.jenkins.plugins.kubeops.engine.cluster.ResourceAmounts;
import java.util.Objects;
import java.util.Optional;

/**
 * An agent to place: what its pod requests, which job it is for (so the job can return to a warm cluster), and the larger
 * agent the same clusters also serve (so a small agent does not take the node such an agent needs).
 *
 * @param affinityKey e.g. the job's full name; empty when there is none
 * @param keepRoomFor the largest agent other labels send to the same clusters (e.g. another pool's template);
 *                    {@link ResourceAmounts#ZERO} when there is none. A smaller agent is placed first where the scheduler
 *                    will bind it to a node that could not hold such an agent anyway, or can still hold one afterwards.
 * @param largerAgentWaiting builds that need the {@code keepRoomFor} agent are waiting for room: then a member where this
 *                    agent would take that room is not offered at all, so the room goes to the build that has waited
 */
public record AgentRequest(ResourceAmounts resources, Optional<String> affinityKey, ResourceAmounts keepRoomFor,
                           boolean largerAgentWaiting) {

    public AgentRequest {
        Objects.requireNonNull(resources, "resources");
        Objects.requireNonNull(affinityKey, "affinityKey");
        Objects.requireNonNull(keepRoomFor, "keepRoomFor");
        if (resources.cpuMillis() < 0 || resources.memoryBytes() < 0) {
            throw new IllegalArgumentException("agent requests must not be negative: " + resources);
        }
        if (keepRoomFor.cpuMillis() < 0 || keepRoomFor.memoryBytes() < 0) {
            throw new IllegalArgumentException("the agent to keep room for must not request negative amounts: " + keepRoomFor);
        }
    }

    /** An agent with no larger agent to keep room for. */
    public AgentRequest(ResourceAmounts resources, Optional<String> affinityKey) {
        this(resources, affinityKey, ResourceAmounts.ZERO, false);
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
        return new AgentRequest(resources, Optional.of(job), keepRoomFor, largerAgentWaiting);
    }

    /** This agent, placed so that it leaves room for {@code larger} where it can (see {@link #keepRoomFor()}). */
    public AgentRequest keepingRoomFor(ResourceAmounts larger) {
        return keepingRoomFor(larger, false);
    }

    /** As {@link #keepingRoomFor(ResourceAmounts)}; when {@code waiting}, never where it would take that room. */
    public AgentRequest keepingRoomFor(ResourceAmounts larger, boolean waiting) {
        return new AgentRequest(resources, affinityKey, larger, waiting);
    }

    /** Whether {@link #keepRoomFor()} asks for more than this agent in CPU or memory, so placing it can take that room. */
    public boolean keepsRoomForALargerAgent() {
        return keepRoomFor.cpuMillis() > resources.cpuMillis() || keepRoomFor.memoryBytes() > resources.memoryBytes();
    }
}
