package io.jenkins.plugins.kubeops.engine.pool;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * When to give up an agent whose pod the scheduler cannot place. The policy only sends an agent where a node will have room
 * for it, but the room can go between the decision and the pod create (another tenant's pod takes the hole); the pod then
 * stays Pending — kubernetes-plugin waits up to its connect timeout (1000 s by default) — while its build counts as covered,
 * so no other member is asked, and the member counts as saturated. Once the pod has been Unschedulable for {@link #GRACE}
 * and another member can take the agent now, the agent is better removed (its pod deleted, no failure recorded: the member
 * works) so the build gets a new agent there. Within the grace, room often frees up on the same member. Pure.
 */
public final class UnschedulableAgents {

    /** How long a pod may stay Unschedulable before its agent is moved: the policy's first back-off after a failure. */
    public static final Duration GRACE = ProvisionHistory.FIRST_BACKOFF;

    private UnschedulableAgents() {
    }

    /**
     * Whether to remove an agent whose pod has been Unschedulable on {@code member} since {@code unschedulableSince}, so its
     * build is provisioned again elsewhere.
     *
     * @param request the agent's request
     * @param members the pool's members as the policy sees them now (their own rejections apply: a member that is backing
     *                off, full or over a cap does not count as one that can take the agent)
     */
    public static boolean moveElsewhere(AgentRequest request, PoolMember member, Instant unschedulableSince,
                                        List<MemberSnapshot> members, PlacementHistory history, Instant now) {
        Objects.requireNonNull(member, "member");
        if (Duration.between(unschedulableSince, now).compareTo(GRACE) < 0) {
            return false;
        }
        return LeastLoadPolicy.rank(request, members, history, now).candidates().stream()
                .anyMatch(candidate -> !candidate.member().id().equals(member.id()));
    }
}
