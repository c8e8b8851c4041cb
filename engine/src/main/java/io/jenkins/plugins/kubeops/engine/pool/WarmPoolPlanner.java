package io.jenkins.plugins.kubeops.engine.pool;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Keeps a pool's warm agents: how many idle agents to start, on which members, and which idle agents to retire. Pure.
 *
 * <p>Idle agents on active and paused members count towards {@link Pool#minIdleAgents()} (a paused member keeps what it
 * has); idle agents on draining members are retired and do not count. New agents are placed one by one with
 * {@link LeastLoadPolicy}, each placement adding its pod to the member's pending demand before the next, so a burst of
 * replenishment spreads over members instead of landing on the one that looked emptiest.
 */
public final class WarmPoolPlanner {

    /**
     * @param start  one entry per agent to start, on that member
     * @param retire one entry per idle agent to remove, on that member
     */
    public record Plan(List<PoolMember> start, List<PoolMember> retire, String explanation) {
        public Plan {
            start = List.copyOf(start);
            retire = List.copyOf(retire);
        }
    }

    private WarmPoolPlanner() {
    }

    public static Plan plan(Pool pool, Map<String, Integer> idleAgentsByMember, List<MemberSnapshot> snapshots,
                            AgentRequest agent, PlacementHistory history, Instant now) {
        List<PoolMember> retire = new ArrayList<>();
        int idle = 0;
        for (PoolMember member : pool.members()) {
            int idleHere = idleAgentsByMember.getOrDefault(member.id(), 0);
            if (member.state() == MemberState.DRAINING) {
                for (int i = 0; i < idleHere; i++) {
                    retire.add(member);
                }
            } else {
                idle += idleHere;
            }
        }
        int missing = Math.max(0, pool.minIdleAgents() - idle);
        List<PoolMember> start = LeastLoadPolicy.placeEach(agent, snapshots, history, now, missing);
        String lastExplanation = "";
        if (start.size() < missing) {
            List<MemberSnapshot> after = snapshots;
            for (PoolMember member : start) {
                after = LeastLoadPolicy.withPending(after, member, agent);
            }
            lastExplanation = LeastLoadPolicy.rank(agent, after, history, now).explanation();
        }
        return new Plan(start, retire, explain(pool, idle, missing, start, retire, lastExplanation));
    }

    private static String explain(Pool pool, int idle, int missing, List<PoolMember> start, List<PoolMember> retire,
                                  String lastPlacement) {
        StringBuilder line = new StringBuilder("pool ").append(pool.name()).append(": ").append(idle).append(" idle of ")
                .append(pool.minIdleAgents()).append(" wanted");
        if (!start.isEmpty()) {
            line.append("; start ").append(start.size()).append(" (")
                    .append(String.join(", ", start.stream().map(PoolMember::id).toList())).append(')');
        }
        if (start.size() < missing) {
            line.append("; ").append(missing - start.size()).append(" cannot be placed now: ").append(lastPlacement);
        }
        if (!retire.isEmpty()) {
            line.append("; retire ").append(retire.size()).append(" idle on draining members");
        }
        return line.toString();
    }
}
