package io.jenkins.plugins.kubeops.engine.pool;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A named group of members serving a set of agent labels.
 *
 * @param minIdleAgents warm pool: idle agents kept ready (0 = none)
 */
public record Pool(String name, Set<String> labels, List<PoolMember> members, int minIdleAgents) {

    public Pool {
        Objects.requireNonNull(name, "name");
        labels = Set.copyOf(labels);
        members = List.copyOf(members);
        if (minIdleAgents < 0) {
            throw new IllegalArgumentException("minIdleAgents of pool " + name + " must not be negative: " + minIdleAgents);
        }
        Set<String> ids = new HashSet<>();
        for (PoolMember member : members) {
            if (!ids.add(member.id())) {
                throw new IllegalArgumentException("pool " + name + " lists member " + member.id() + " twice");
            }
        }
    }

    public boolean serves(String label) {
        return labels.contains(label);
    }
}
