package io.jenkins.plugins.kubeops.engine.pool;

import static io.jenkins.plugins.kubeops.engine.pool.Loads.GI;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.kubeops.engine.cluster.ResourceAmounts;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UnschedulableAgentsTest {

    private static final Instant NOW = Instant.parse("2026-12-08T09:00:00Z");
    private static final AgentRequest SIX_CPU = AgentRequest.of(6000, 12 * GI);
    private static final PoolMember A = PoolMember.of("a", "agents");
    private static final PoolMember B = PoolMember.of("b", "agents");

    /** a: its one node is full and the agent's pod is Unschedulable there; b: a node with room for the agent. */
    private static List<MemberSnapshot> stuckOnAWithRoomOnB() {
        ResourceAmounts six = SIX_CPU.resources();
        MemberLoad full = Loads.withAgents(Loads.load("a/agents", 16_000, 64 * GI, 14_000, 20 * GI), 0, 1, six, six, 1);
        MemberLoad room = Loads.load("b/agents", 16_000, 64 * GI, 4_000, 8 * GI);
        return List.of(new MemberSnapshot(A, full), new MemberSnapshot(B, room));
    }

    @Test
    void movesAnAgentUnschedulableLongerThanTheGraceWhenAnotherMemberHasRoom() {
        Instant since = NOW.minus(UnschedulableAgents.GRACE);

        assertThat(UnschedulableAgents.moveElsewhere(SIX_CPU, A, since, stuckOnAWithRoomOnB(), PlacementHistory.NONE, NOW))
                .isTrue();
    }

    @Test
    void keepsAnAgentWithinTheGraceSinceRoomOftenFreesUpOnItsOwnMember() {
        Instant since = NOW.minus(UnschedulableAgents.GRACE).plusSeconds(1);

        assertThat(UnschedulableAgents.moveElsewhere(SIX_CPU, A, since, stuckOnAWithRoomOnB(), PlacementHistory.NONE, NOW))
                .isFalse();
    }

    @Test
    void keepsAnAgentWhenNoOtherMemberCanTakeIt() {
        Instant since = NOW.minusSeconds(600);
        List<MemberSnapshot> members = stuckOnAWithRoomOnB();
        PlacementHistory bBackingOff = new PlacementHistory() {
            @Override
            public Optional<Backoff> backoff(String memberId, Instant now) {
                return memberId.equals("b/agents")
                        ? Optional.of(new Backoff(1, now.plusSeconds(30), "pod rejected"))
                        : Optional.empty();
            }

            @Override
            public Optional<String> lastMember(String affinityKey) {
                return Optional.empty();
            }
        };

        assertThat(UnschedulableAgents.moveElsewhere(SIX_CPU, A, since, members.subList(0, 1), PlacementHistory.NONE, NOW))
                .isFalse();
        assertThat(UnschedulableAgents.moveElsewhere(SIX_CPU, A, since, members, bBackingOff, NOW)).isFalse();
    }
}
