package io.jenkins.plugins.kubeops.engine.pool;

import java.util.Objects;

/** A member with its current load: the policy's input per member. */
public record MemberSnapshot(PoolMember member, MemberLoad load) {

    public MemberSnapshot {
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(load, "load");
    }
}
