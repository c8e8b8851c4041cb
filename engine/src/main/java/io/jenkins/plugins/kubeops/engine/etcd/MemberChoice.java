package io.jenkins.plugins.kubeops.engine.etcd;

import java.util.List;
import java.util.Optional;

/**
 * Which member to snapshot: a healthy voting member (it has a leader; learners are skipped; raised alarms do not stop a snapshot), a
 * follower first when asked (a snapshot reads the whole database, which the leader is better spared), else the first
 * healthy one in the order given.
 */
public final class MemberChoice {

    private MemberChoice() {
    }

    public static Optional<MemberStatus> choose(List<MemberStatus> statuses, boolean preferFollower) {
        List<MemberStatus> healthy = statuses.stream().filter(MemberStatus::healthy).filter(s -> !s.learner()).toList();
        if (preferFollower) {
            Optional<MemberStatus> follower = healthy.stream().filter(s -> !s.isLeader()).findFirst();
            if (follower.isPresent()) {
                return follower;
            }
        }
        return healthy.stream().findFirst();
    }
}
