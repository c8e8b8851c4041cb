package io.jenkins.plugins.kubeops.engine.pool;

import java.util.List;
import java.util.Optional;

/**
 * The policy's answer for one agent: the members that can take it, best first, the ones that cannot with why, and one line
 * that explains the choice.
 */
public record Placement(List<Candidate> candidates, List<Rejection> rejections, String explanation) {

    /**
     * A member that can take the agent.
     *
     * @param freeShare       share of the binding resource left free after the agent is added (0..1)
     * @param bindingResource the resource that binds first: "CPU", "memory" or "quota"
     * @param score           {@code freeShare} times the member's weight
     * @param takesRoomForLarger the node the agent would be bound to is the room a larger agent of the same clusters
     *                        needs ({@link AgentRequest#keepRoomFor()}); such members come after those where it is not
     */
    public record Candidate(PoolMember member, double freeShare, String bindingResource, double score,
                            boolean takesRoomForLarger) {
    }

    public record Rejection(PoolMember member, String reason) {
    }

    public Placement {
        candidates = List.copyOf(candidates);
        rejections = List.copyOf(rejections);
    }

    public Optional<Candidate> best() {
        return candidates.isEmpty() ? Optional.empty() : Optional.of(candidates.get(0));
    }
}
