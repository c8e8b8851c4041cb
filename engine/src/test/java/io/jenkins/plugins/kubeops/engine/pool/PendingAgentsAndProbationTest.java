package io.jenkins.plugins.kubeops.engine.pool;

import static io.jenkins.plugins.kubeops.engine.pool.Loads.GI;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.kubeops.engine.cluster.ResourceAmounts;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The two rules the simulator showed the policy needed: pending agents take node room, and failing members get a trial agent. */
class PendingAgentsAndProbationTest {

    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    private static final AgentRequest TWO_CPU = AgentRequest.of(2000, 4 * GI);

    private static MemberSnapshot member(String cluster, MemberLoad load) {
        return new MemberSnapshot(PoolMember.of(cluster, "agents"), load);
    }

    /** Two nodes with 2 CPU free each, and {@code pending} agents of 2 CPU not bound yet. */
    private static MemberLoad twoSmallHoles(int pending) {
        MemberLoad base = Loads.withNodeFree(Loads.load("x", 16_000, 64 * GI, 12_000, 16 * GI),
                List.of(new ResourceAmounts(2_000, 16 * GI), new ResourceAmounts(2_000, 16 * GI)));
        ResourceAmounts pendingRequests = new ResourceAmounts(2_000L * pending, 4 * GI * pending);
        return Loads.withAgents(base, 0, pending, pendingRequests, pendingRequests, 0);
    }

    @Test
    void rejectsAMemberWhoseLastHolesThePendingAgentsWillTake() {
        Placement onePending = LeastLoadPolicy.rank(TWO_CPU, List.of(member("a", twoSmallHoles(1))), PlacementHistory.NONE, NOW);
        Placement twoPending = LeastLoadPolicy.rank(TWO_CPU, List.of(member("a", twoSmallHoles(2))), PlacementHistory.NONE, NOW);

        assertThat(onePending.candidates()).hasSize(1);
        assertThat(twoPending.candidates()).isEmpty();
        assertThat(twoPending.rejections().get(0).reason())
                .isEqualTo("no node will have 2 CPU and 4Gi free once its 2 pending agents are bound");
    }

    @Test
    void pendingAgentsOfAnotherSizeMayTakeTheLastHoleSinceOnlyTheirSumIsKnown() {
        // One node with 3 CPU free and two pending agents of 8 CPU in all: two 4 CPU agents would fit nowhere and take no
        // room, but a 6 CPU and a 2 CPU one would, and the load cannot tell them apart.
        MemberLoad base = Loads.withNodeFree(Loads.load("x", 16_000, 64 * GI, 13_000, 0),
                List.of(new ResourceAmounts(3_000, 32 * GI)));
        ResourceAmounts pending = new ResourceAmounts(8_000, 8 * GI);
        MemberLoad load = Loads.withAgents(base, 0, 2, pending, pending, 0);

        assertThat(load.fitsAfterPending(new ResourceAmounts(2_000, GI))).isFalse();
    }

    @Test
    void pendingAgentsOfThisAgentsSizeAreBoundInTurnToTheRoomiestNode() {
        // One node with 4 CPU free and one pending agent of 2 CPU: it takes half, the other half still fits this agent.
        MemberLoad base = Loads.withNodeFree(Loads.load("x", 16_000, 64 * GI, 12_000, 0),
                List.of(new ResourceAmounts(4_000, 32 * GI)));
        ResourceAmounts pending = new ResourceAmounts(2_000, GI);
        MemberLoad load = Loads.withAgents(base, 0, 1, pending, pending, 0);

        assertThat(load.fitsAfterPending(new ResourceAmounts(2_000, GI))).isTrue();
        assertThat(load.fitsAfterPending(new ResourceAmounts(3_000, GI))).as("after 2 of its 4 CPU are taken").isFalse();
    }

    @Test
    void triesAFailingMemberWithOneAgentAtATimeAfterItsBackOff() {
        ProvisionHistory history = new ProvisionHistory();
        history.recordFailure("flaky/agents", NOW, "pod rejected: admission webhook failed");
        Instant afterBackOff = NOW.plusSeconds(31);
        MemberSnapshot idle = member("flaky", Loads.idle("x", 64_000, 256 * GI));
        MemberSnapshot withTrialPending = member("flaky", Loads.withAgents(Loads.idle("x", 64_000, 256 * GI), 0, 1,
                new ResourceAmounts(2_000, 4 * GI), new ResourceAmounts(2_000, 4 * GI), 0));

        assertThat(LeastLoadPolicy.rank(TWO_CPU, List.of(idle), history, afterBackOff).candidates()).hasSize(1);
        Placement duringTrial = LeastLoadPolicy.rank(TWO_CPU, List.of(withTrialPending), history, afterBackOff);
        assertThat(duringTrial.candidates()).isEmpty();
        assertThat(duringTrial.rejections().get(0).reason())
                .isEqualTo("on probation after 1 failed provisions: waiting for its trial agent to connect");
        assertThat(history.probation("flaky/agents", NOW.plusSeconds(29))).isEmpty(); // still backing off

        history.recordSuccess("flaky/agents");

        assertThat(LeastLoadPolicy.rank(TWO_CPU, List.of(withTrialPending), history, afterBackOff).candidates()).hasSize(1);
    }
}
