package io.jenkins.plugins.kubeops.engine.pool;

import static io.jenkins.plugins.kubeops.engine.pool.Loads.GI;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.kubeops.engine.cluster.ResourceAmounts;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeastLoadPolicyTest {

    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    private static final AgentRequest TWO_CPU = AgentRequest.of(2000, 4 * GI);

    private static MemberSnapshot member(String cluster, MemberLoad load) {
        return new MemberSnapshot(PoolMember.of(cluster, "agents"), load);
    }

    @Test
    void choosesTheMemberWithTheMostHeadroomAndSaysWhyInOneLine() {
        MemberSnapshot busy = member("a", Loads.load("a/agents", 32_000, 128 * GI, 24_000, 32 * GI));
        MemberSnapshot quiet = member("b", Loads.load("b/agents", 16_000, 64 * GI, 4_000, 8 * GI));

        Placement placement = LeastLoadPolicy.rank(TWO_CPU, List.of(busy, quiet), PlacementHistory.NONE, NOW);

        assertThat(placement.candidates()).extracting(c -> c.member().id()).containsExactly("b/agents", "a/agents");
        // b: (4+2)/16 CPU = 37.5% used -> 63% free; a: (24+2)/32 = 81% used -> 19% free.
        assertThat(placement.explanation()).isEqualTo("chose b/agents: 63% CPU free vs 19% CPU on a/agents");
    }

    @Test
    void judgesByTheResourceThatBindsFirst() {
        MemberSnapshot cpuRich = member("a", Loads.load("a/agents", 64_000, 16 * GI, 0, 12 * GI));
        MemberSnapshot balanced = member("b", Loads.load("b/agents", 16_000, 64 * GI, 8_000, 16 * GI));

        Placement placement = LeastLoadPolicy.rank(TWO_CPU, List.of(cpuRich, balanced), PlacementHistory.NONE, NOW);

        // a has 97% of its CPU free but its memory would be (12+4)/16 = 100% used.
        assertThat(placement.best().orElseThrow().member().id()).isEqualTo("b/agents");
        assertThat(placement.candidates().get(1).bindingResource()).isEqualTo("memory");
        assertThat(placement.candidates().get(1).freeShare()).isZero();
    }

    @Test
    void countsPendingAgentsAsDemandTheMemberHasNotAbsorbed() {
        MemberLoad emptyLooking = Loads.withAgents(Loads.idle("a/agents", 16_000, 64 * GI), 0, 6, new ResourceAmounts(12_000, 24 * GI),
                new ResourceAmounts(12_000, 24 * GI), 0);
        MemberSnapshot a = member("a", emptyLooking);
        MemberSnapshot b = member("b", Loads.load("b/agents", 16_000, 64 * GI, 6_000, 8 * GI));

        Placement placement = LeastLoadPolicy.rank(TWO_CPU, List.of(a, b), PlacementHistory.NONE, NOW);

        assertThat(placement.best().orElseThrow().member().id()).isEqualTo("b/agents");
    }

    @Test
    void rejectsEachMemberThatCannotTakeTheAgentWithItsReason() {
        PoolMember paused = PoolMember.of("paused", "agents").withState(MemberState.PAUSED);
        PoolMember draining = PoolMember.of("draining", "agents").withState(MemberState.DRAINING);
        PoolMember capped = PoolMember.of("capped", "agents").withCaps(new MemberCaps(3, 0, 0));
        PoolMember cpuCapped = PoolMember.of("cpu-capped", "agents").withCaps(new MemberCaps(0, 5_000, 0));
        MemberLoad threeAgents = Loads.withAgents(Loads.idle("x", 64_000, 256 * GI), 3, 0, new ResourceAmounts(4_000, 8 * GI),
                ResourceAmounts.ZERO, 0);
        MemberLoad saturated = Loads.withAgents(Loads.idle("x", 64_000, 256 * GI), 0, 2, new ResourceAmounts(4_000, 8 * GI),
                new ResourceAmounts(4_000, 8 * GI), 2);
        MemberLoad quota = Loads.withQuota(Loads.idle("x", 64_000, 256 * GI),
                new QuotaHeadroom(new ResourceAmounts(10_000, QuotaHeadroom.UNLIMITED), new ResourceAmounts(9_000, 0),
                        QuotaHeadroom.UNLIMITED, 4));
        MemberLoad fragmented = Loads.withNodeFree(Loads.load("x", 8_000, 32 * GI, 4_000, 0),
                List.of(new ResourceAmounts(1_500, 16 * GI), new ResourceAmounts(2_500, 2 * GI)));

        Placement placement = LeastLoadPolicy.rank(TWO_CPU, List.of(
                new MemberSnapshot(paused, Loads.idle("paused", 64_000, 256 * GI)),
                new MemberSnapshot(draining, Loads.idle("draining", 64_000, 256 * GI)),
                member("down", MemberLoad.unreachable("down/agents")),
                new MemberSnapshot(capped, threeAgents),
                new MemberSnapshot(cpuCapped, threeAgents),
                member("saturated", saturated),
                member("quota", quota),
                member("fragmented", fragmented),
                member("empty", Loads.idle("empty", 0, 0))), PlacementHistory.NONE, NOW);

        assertThat(placement.candidates()).isEmpty();
        assertThat(placement.rejections()).extracting(r -> r.member().id() + " " + r.reason()).containsExactly(
                "capped/agents at its cap of 3 agents",
                "cpu-capped/agents agents would request 6 CPU, over its cap of 5",
                "down/agents unreachable",
                "draining/agents draining",
                "empty/agents no Ready, schedulable node matches its node selector",
                "fragmented/agents no node has 2 CPU and 4Gi free",
                "paused/agents paused",
                "quota/agents namespace quota has 1 CPU left, the agent needs 2",
                "saturated/agents saturated: 2 agent pods are unschedulable");
        assertThat(placement.explanation()).startsWith("no member can take the agent: capped/agents at its cap of 3 agents; "
                + "cpu-capped/agents agents would request 6 CPU");
    }

    @Test
    void triesPreferredMembersBeforeBackupsEvenWhenBackupsHaveMoreHeadroom() {
        MemberSnapshot preferred = new MemberSnapshot(PoolMember.of("on-prem", "agents"),
                Loads.load("x", 16_000, 64 * GI, 12_000, 8 * GI));
        MemberSnapshot backup = new MemberSnapshot(PoolMember.of("cloud", "agents").withPriority(1), Loads.idle("y", 64_000, 256 * GI));

        Placement placement = LeastLoadPolicy.rank(TWO_CPU, List.of(backup, preferred), PlacementHistory.NONE, NOW);

        assertThat(placement.candidates()).extracting(c -> c.member().id()).containsExactly("on-prem/agents", "cloud/agents");
        assertThat(placement.explanation()).endsWith("on cloud/agents (priority 1)");
    }

    @Test
    void weightsScaleHeadroomWithinAPriority() {
        MemberSnapshot light = new MemberSnapshot(PoolMember.of("a", "agents").withWeight(0.5), Loads.idle("x", 16_000, 64 * GI));
        MemberSnapshot heavy = new MemberSnapshot(PoolMember.of("b", "agents"), Loads.load("y", 16_000, 64 * GI, 6_000, 0));

        Placement placement = LeastLoadPolicy.rank(TWO_CPU, List.of(light, heavy), PlacementHistory.NONE, NOW);

        // a: 87.5% free * 0.5 = 0.44; b: 50% free * 1 = 0.5.
        assertThat(placement.best().orElseThrow().member().id()).isEqualTo("b/agents");
    }

    @Test
    void sendsAJobBackToItsWarmMemberWhenLoadsAreClose() {
        MemberSnapshot a = member("a", Loads.load("x", 16_000, 64 * GI, 4_000, 0));
        MemberSnapshot b = member("b", Loads.load("y", 16_000, 64 * GI, 5_000, 0));
        ProvisionHistory history = new ProvisionHistory();
        history.recordPlacement("team/app/main", "b/agents");

        Placement placement = LeastLoadPolicy.rank(TWO_CPU.forJob("team/app/main"), List.of(a, b), history, NOW);

        assertThat(placement.best().orElseThrow().member().id()).isEqualTo("b/agents");
        assertThat(placement.explanation()).isEqualTo("chose b/agents (this job's last member): 56% CPU free vs 63% CPU on a/agents");
    }

    @Test
    void leavesAWarmMemberThatIsMuchBusierThanTheBest() {
        MemberSnapshot a = member("a", Loads.load("x", 16_000, 64 * GI, 2_000, 0));
        MemberSnapshot b = member("b", Loads.load("y", 16_000, 64 * GI, 10_000, 0));
        ProvisionHistory history = new ProvisionHistory();
        history.recordPlacement("job", "b/agents");

        Placement placement = LeastLoadPolicy.rank(TWO_CPU.forJob("job"), List.of(a, b), history, NOW);

        assertThat(placement.best().orElseThrow().member().id()).isEqualTo("a/agents");
    }

    @Test
    void backsOffAFailingMemberAndTriesItAgainLater() {
        MemberSnapshot flaky = member("flaky", Loads.idle("x", 64_000, 256 * GI));
        MemberSnapshot other = member("other", Loads.load("y", 16_000, 64 * GI, 8_000, 0));
        ProvisionHistory history = new ProvisionHistory();
        history.recordFailure("flaky/agents", NOW, "pod failed: ImagePullBackOff");
        history.recordFailure("flaky/agents", NOW, "pod failed: ImagePullBackOff");

        Placement during = LeastLoadPolicy.rank(TWO_CPU, List.of(flaky, other), history, NOW.plusSeconds(59));
        Placement after = LeastLoadPolicy.rank(TWO_CPU, List.of(flaky, other), history, NOW.plusSeconds(60));

        assertThat(during.best().orElseThrow().member().id()).isEqualTo("other/agents");
        assertThat(during.rejections().get(0).reason())
                .isEqualTo("backing off after 2 failed provisions until 2026-11-21T12:01:00Z (pod failed: ImagePullBackOff)");
        assertThat(after.best().orElseThrow().member().id()).isEqualTo("flaky/agents");
        history.recordSuccess("flaky/agents");
        assertThat(history.backoff("flaky/agents", NOW)).isEmpty();
    }

    @Test
    void backOffDoublesUpToTenMinutes() {
        assertThat(ProvisionHistory.backoffAfter(1)).hasSeconds(30);
        assertThat(ProvisionHistory.backoffAfter(2)).hasSeconds(60);
        assertThat(ProvisionHistory.backoffAfter(5)).hasSeconds(480);
        assertThat(ProvisionHistory.backoffAfter(6)).hasMinutes(10);
        assertThat(ProvisionHistory.backoffAfter(60)).hasMinutes(10);
    }

    @Test
    void namesTheOnlyCandidateAndWhyTheOthersCannot() {
        Placement placement = LeastLoadPolicy.rank(TWO_CPU, List.of(member("a", Loads.idle("x", 16_000, 64 * GI)),
                new MemberSnapshot(PoolMember.of("b", "agents").withState(MemberState.PAUSED), Loads.idle("y", 1, 1))),
                PlacementHistory.NONE, NOW);

        assertThat(placement.explanation()).isEqualTo("chose a/agents: 88% CPU free (only candidate; b/agents paused)");
    }

    private static final ResourceAmounts LARGE_AGENT = new ResourceAmounts(6_000, 12 * GI);

    @Test
    void keepsTheNodeALargerAgentNeedsWhenAnotherMemberCanTakeTheSmallOne() {
        // a has more headroom, but the scheduler would bind the agent to its 7-CPU node, the only one a 6 CPU agent fits.
        MemberSnapshot a = member("a", Loads.withNodeFree(Loads.load("x", 32_000, 128 * GI, 20_000, 40 * GI),
                List.of(new ResourceAmounts(7_000, 30 * GI), new ResourceAmounts(5_000, 30 * GI))));
        // b is busier, but its roomiest node keeps 6 CPU free after the agent.
        MemberSnapshot b = member("b", Loads.withNodeFree(Loads.load("y", 32_000, 128 * GI, 22_000, 40 * GI),
                List.of(new ResourceAmounts(8_000, 30 * GI), new ResourceAmounts(2_000, 30 * GI))));

        Placement placement = LeastLoadPolicy.rank(TWO_CPU.keepingRoomFor(LARGE_AGENT), List.of(a, b), PlacementHistory.NONE, NOW);

        assertThat(placement.candidates()).extracting(c -> c.member().id()).containsExactly("b/agents", "a/agents");
        assertThat(placement.candidates()).extracting(Placement.Candidate::takesRoomForLarger).containsExactly(false, true);
        assertThat(placement.explanation()).isEqualTo("chose b/agents: 25% CPU free vs 31% CPU on a/agents, where it would "
                + "take the room a 6 CPU, 12Gi agent needs");
    }

    @Test
    void ranksByHeadroomAloneWhenNoRequestNamesALargerAgent() {
        MemberSnapshot a = member("a", Loads.withNodeFree(Loads.load("x", 32_000, 128 * GI, 20_000, 40 * GI),
                List.of(new ResourceAmounts(7_000, 30 * GI), new ResourceAmounts(5_000, 30 * GI))));
        MemberSnapshot b = member("b", Loads.withNodeFree(Loads.load("y", 32_000, 128 * GI, 22_000, 40 * GI),
                List.of(new ResourceAmounts(8_000, 30 * GI), new ResourceAmounts(2_000, 30 * GI))));

        assertThat(LeastLoadPolicy.rank(TWO_CPU, List.of(a, b), PlacementHistory.NONE, NOW).best().orElseThrow().member().id())
                .isEqualTo("a/agents");
        // The largest agent itself has nothing larger to keep room for.
        assertThat(LeastLoadPolicy.rank(new AgentRequest(LARGE_AGENT, java.util.Optional.empty()).keepingRoomFor(LARGE_AGENT, true),
                List.of(member("a", Loads.idle("x", 16_000, 64 * GI))), PlacementHistory.NONE, NOW).candidates().get(0)
                .takesRoomForLarger()).isFalse();
    }

    @Test
    void countsPendingAgentsWhenJudgingWhichNodeTheAgentWouldTake() {
        // The 12-CPU node would keep room for a 6 CPU agent, but a pending 6 CPU agent will be bound there first.
        MemberLoad withPending = Loads.withAgents(Loads.withNodeFree(Loads.load("x", 32_000, 128 * GI, 14_000, 40 * GI),
                List.of(new ResourceAmounts(12_000, 40 * GI), new ResourceAmounts(6_000, 40 * GI))), 0, 1,
                LARGE_AGENT, LARGE_AGENT, 0);
        MemberSnapshot a = member("a", withPending);
        MemberSnapshot b = member("b", Loads.withNodeFree(Loads.load("y", 32_000, 128 * GI, 28_000, 40 * GI),
                List.of(new ResourceAmounts(4_000, 40 * GI))));

        Placement placement = LeastLoadPolicy.rank(TWO_CPU.keepingRoomFor(LARGE_AGENT), List.of(a, b), PlacementHistory.NONE, NOW);

        // After the pending agent both of a's nodes have 6 CPU: the small agent would take one of the two large slots.
        assertThat(placement.candidates()).extracting(c -> c.member().id()).containsExactly("b/agents", "a/agents");
    }

    @Test
    void sendsAJobBackToItsWarmMemberOnlyWhenThatKeepsRoomForTheLargerAgentToo() {
        MemberSnapshot warm = member("a", Loads.withNodeFree(Loads.load("x", 32_000, 128 * GI, 20_000, 40 * GI),
                List.of(new ResourceAmounts(7_000, 30 * GI), new ResourceAmounts(5_000, 30 * GI))));
        MemberSnapshot other = member("b", Loads.withNodeFree(Loads.load("y", 32_000, 128 * GI, 22_000, 40 * GI),
                List.of(new ResourceAmounts(8_000, 30 * GI), new ResourceAmounts(2_000, 30 * GI))));
        ProvisionHistory history = new ProvisionHistory();
        history.recordPlacement("job", "a/agents");

        Placement placement = LeastLoadPolicy.rank(TWO_CPU.forJob("job").keepingRoomFor(LARGE_AGENT), List.of(warm, other),
                history, NOW);

        assertThat(placement.best().orElseThrow().member().id()).isEqualTo("b/agents");
    }

    @Test
    void leavesTheRoomToALargerAgentThatIsWaitingEvenWhenNoOtherMemberHasRoom() {
        MemberSnapshot a = member("a", Loads.withNodeFree(Loads.load("x", 32_000, 128 * GI, 20_000, 40 * GI),
                List.of(new ResourceAmounts(7_000, 30 * GI), new ResourceAmounts(5_000, 30 * GI))));

        Placement waiting = LeastLoadPolicy.rank(TWO_CPU.keepingRoomFor(LARGE_AGENT, true), List.of(a), PlacementHistory.NONE,
                NOW);
        Placement notWaiting = LeastLoadPolicy.rank(TWO_CPU.keepingRoomFor(LARGE_AGENT, false), List.of(a),
                PlacementHistory.NONE, NOW);

        assertThat(waiting.candidates()).isEmpty();
        assertThat(waiting.explanation()).isEqualTo("no member can take the agent: a/agents keeps its room for a waiting 6 CPU, "
                + "12Gi agent");
        assertThat(notWaiting.best().orElseThrow().member().id()).isEqualTo("a/agents");
    }

    @Test
    void doesNotTrustTheAverageOfPendingAgentsOfMixedSizes() {
        // Pending: a 6 CPU and a 2 CPU agent (8 CPU in all). At their 4 CPU average one would go to the 7 CPU node and the
        // other nowhere, leaving 3 CPU there; really the 6 CPU one takes the 7 CPU node and the 2 CPU one the 3 CPU node.
        MemberLoad mixed = Loads.withAgents(Loads.withNodeFree(Loads.load("x", 64_000, 256 * GI, 54_000, 100 * GI),
                List.of(new ResourceAmounts(3_000, 70 * GI), new ResourceAmounts(7_000, 78 * GI))), 0, 2,
                new ResourceAmounts(8_000, 16 * GI), new ResourceAmounts(8_000, 16 * GI), 0);
        MemberLoad alike = Loads.withAgents(Loads.withNodeFree(Loads.load("x", 64_000, 256 * GI, 54_000, 100 * GI),
                List.of(new ResourceAmounts(3_000, 70 * GI), new ResourceAmounts(7_000, 78 * GI))), 0, 2,
                new ResourceAmounts(4_000, 8 * GI), new ResourceAmounts(4_000, 8 * GI), 0);

        assertThat(LeastLoadPolicy.rank(TWO_CPU, List.of(member("a", mixed)), PlacementHistory.NONE, NOW).rejections())
                .extracting(Placement.Rejection::reason)
                .containsExactly("no node will have 2 CPU and 4Gi free once its 2 pending agents are bound");
        // Two pending agents of this size go to the roomiest node in turn (7 -> 5 -> 3): both nodes keep 3 CPU.
        assertThat(LeastLoadPolicy.rank(TWO_CPU, List.of(member("a", alike)), PlacementHistory.NONE, NOW).candidates())
                .hasSize(1);
    }
}
