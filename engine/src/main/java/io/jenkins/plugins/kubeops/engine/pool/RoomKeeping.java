package io.jenkins.plugins.kubeops.engine.pool;

import io.jenkins.plugins.kubeops.engine.cluster.ResourceAmounts;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which larger agent a pool's agent must leave room for: the largest agent of the pools that share a cluster with it, and
 * whether a label of such a pool is waiting for room (then the smaller agent is not offered where it would take that room
 * at all). Without this a stream of small agents chips every node's last large gap and the large builds starve (the pool
 * simulator's balanced and failing scenarios, seed 3). Pure.
 */
public final class RoomKeeping {

    /** A pool and the agent it starts. */
    public record PoolAgent(Pool pool, ResourceAmounts agent) {
        public PoolAgent {
            Objects.requireNonNull(pool, "pool");
            Objects.requireNonNull(agent, "agent");
        }
    }

    private RoomKeeping() {
    }

    /**
     * @param pools         every configured pool with its agent (the pool itself may be among them)
     * @param waitingLabels the labels whose builds wait for room now
     */
    public static AgentRequest apply(AgentRequest request, Pool pool, Collection<PoolAgent> pools, Set<String> waitingLabels) {
        Set<String> clusters = clusters(pool);
        List<PoolAgent> sharing = pools.stream().filter(other -> !other.pool().name().equals(pool.name()))
                .filter(other -> clusters(other.pool()).stream().anyMatch(clusters::contains)).toList();
        ResourceAmounts largest = ResourceAmounts.ZERO;
        for (PoolAgent other : sharing) {
            if (larger(other.agent(), largest)) {
                largest = other.agent();
            }
        }
        AgentRequest keeping = request.keepingRoomFor(largest);
        if (!keeping.keepsRoomForALargerAgent()) {
            return request;
        }
        ResourceAmounts size = largest;
        boolean waiting = sharing.stream().filter(other -> other.agent().equals(size))
                .anyMatch(other -> other.pool().labels().stream().anyMatch(waitingLabels::contains));
        return request.keepingRoomFor(largest, waiting);
    }

    private static Set<String> clusters(Pool pool) {
        return pool.members().stream().map(PoolMember::cluster).collect(Collectors.toSet());
    }

    /** By CPU, then memory: the order the simulator's greedy oracle and the policy's node prediction use. */
    private static boolean larger(ResourceAmounts a, ResourceAmounts b) {
        return a.cpuMillis() > b.cpuMillis() || a.cpuMillis() == b.cpuMillis() && a.memoryBytes() > b.memoryBytes();
    }
}
