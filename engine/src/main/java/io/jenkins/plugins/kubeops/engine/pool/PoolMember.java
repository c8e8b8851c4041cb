package io.jenkins.plugins.kubeops.engine.pool;

import java.util.Map;
import java.util.Objects;

/**
 * One place a pool can start agents: a namespace of a cluster, optionally restricted to nodes matching a selector.
 *
 * @param id           unique within the pool; by default {@code cluster/namespace}
 * @param cluster      the cluster's name (a configured cluster, a kubeconfig context, or a Jenkins Kubernetes cloud)
 * @param priority     lower first: members of priority 0 are preferred, higher numbers are backups used when the lower ones
 *                     cannot take the agent
 * @param weight       scales the member's headroom when ranking members of the same priority (1 = neutral)
 */
public record PoolMember(String id, String cluster, String namespace, Map<String, String> nodeSelector, MemberCaps caps,
                         int priority, double weight, MemberState state) {

    public PoolMember {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(namespace, "namespace");
        nodeSelector = Map.copyOf(nodeSelector);
        Objects.requireNonNull(caps, "caps");
        Objects.requireNonNull(state, "state");
        if (!(weight > 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("weight of member " + id + " must be a positive number, got " + weight);
        }
    }

    /** An active member with no caps, priority 0 and weight 1. */
    public static PoolMember of(String cluster, String namespace) {
        return new PoolMember(cluster + "/" + namespace, cluster, namespace, Map.of(), MemberCaps.NONE, 0, 1, MemberState.ACTIVE);
    }

    public PoolMember withState(MemberState newState) {
        return new PoolMember(id, cluster, namespace, nodeSelector, caps, priority, weight, newState);
    }

    public PoolMember withCaps(MemberCaps newCaps) {
        return new PoolMember(id, cluster, namespace, nodeSelector, newCaps, priority, weight, state);
    }

    public PoolMember withPriority(int newPriority) {
        return new PoolMember(id, cluster, namespace, nodeSelector, caps, newPriority, weight, state);
    }

    public PoolMember withWeight(double newWeight) {
        return new PoolMember(id, cluster, namespace, nodeSelector, caps, priority, newWeight, state);
    }
}
