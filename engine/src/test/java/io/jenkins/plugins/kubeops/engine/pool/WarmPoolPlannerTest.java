package io.jenkins.plugins.kubeops.engine.pool;

import static io.jenkins.plugins.kubeops.engine.pool.Loads.GI;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WarmPoolPlannerTest {

    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    private static final AgentRequest AGENT = AgentRequest.of(2000, 4 * GI);
    private final PoolMember a = PoolMember.of("a", "ci");
    private final PoolMember b = PoolMember.of("b", "ci");

    @Test
    void startsTheMissingIdleAgentsSpreadByLoad() {
        Pool pool = new Pool("linux", Set.of("maven"), List.of(a, b), 4);
        List<MemberSnapshot> snapshots = List.of(new MemberSnapshot(a, Loads.idle("a/ci", 16_000, 64 * GI)),
                new MemberSnapshot(b, Loads.idle("b/ci", 16_000, 64 * GI)));

        WarmPoolPlanner.Plan plan = WarmPoolPlanner.plan(pool, Map.of("a/ci", 1), snapshots, AGENT, PlacementHistory.NONE, NOW);

        // 1 idle of 4: three to start; each start counts as demand, so they alternate instead of piling on one member.
        assertThat(plan.start()).extracting(PoolMember::id).containsExactly("a/ci", "b/ci", "a/ci");
        assertThat(plan.retire()).isEmpty();
        assertThat(plan.explanation()).isEqualTo("pool linux: 1 idle of 4 wanted; start 3 (a/ci, b/ci, a/ci)");
    }

    @Test
    void retiresIdleAgentsOnDrainingMembersAndReplacesThemElsewhere() {
        PoolMember draining = b.withState(MemberState.DRAINING);
        Pool pool = new Pool("linux", Set.of("maven"), List.of(a, draining), 2);
        List<MemberSnapshot> snapshots = List.of(new MemberSnapshot(a, Loads.idle("a/ci", 16_000, 64 * GI)),
                new MemberSnapshot(draining, Loads.idle("b/ci", 64_000, 256 * GI)));

        WarmPoolPlanner.Plan plan = WarmPoolPlanner.plan(pool, Map.of("b/ci", 2), snapshots, AGENT, PlacementHistory.NONE, NOW);

        assertThat(plan.retire()).extracting(PoolMember::id).containsExactly("b/ci", "b/ci");
        assertThat(plan.start()).extracting(PoolMember::id).containsExactly("a/ci", "a/ci");
    }

    @Test
    void startsNothingWhenEnoughAgentsAreIdleIncludingOnPausedMembers() {
        Pool pool = new Pool("linux", Set.of("maven"), List.of(a, b.withState(MemberState.PAUSED)), 2);

        WarmPoolPlanner.Plan plan = WarmPoolPlanner.plan(pool, Map.of("a/ci", 1, "b/ci", 1), List.of(), AGENT,
                PlacementHistory.NONE, NOW);

        assertThat(plan.start()).isEmpty();
        assertThat(plan.explanation()).isEqualTo("pool linux: 2 idle of 2 wanted");
    }

    @Test
    void saysWhyAgentsCannotBeStartedWhenNoMemberHasRoom() {
        Pool pool = new Pool("linux", Set.of("maven"), List.of(a), 3);
        List<MemberSnapshot> snapshots = List.of(new MemberSnapshot(a, Loads.idle("a/ci", 5_000, 64 * GI)));

        WarmPoolPlanner.Plan plan = WarmPoolPlanner.plan(pool, Map.of(), snapshots, AGENT, PlacementHistory.NONE, NOW);

        // 5 CPU: the first two fit (4 CPU of pending demand), the third would exceed the node.
        assertThat(plan.start()).hasSize(2);
        assertThat(plan.explanation()).contains("1 cannot be placed now: no member can take the agent");
    }
}
