package io.jenkins.plugins.kubeops.engine.pool;

import static io.jenkins.plugins.kubeops.engine.pool.Loads.GI;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.kubeops.engine.testing.FixedClusterLoads;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The coordination around the policy: offering agents member by member, in-flight agents, waiting labels. */
class PoolPlacementServiceTest {

    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
    private static final AgentRequest ONE_CPU = AgentRequest.of(1000, GI);

    private final FixedClusterLoads loads = new FixedClusterLoads();
    private final PoolPlacementService service = PoolPlacementService.over(loads, new ProvisionHistory(),
            Clock.fixed(NOW, ZoneOffset.UTC));

    /** Clouds that plan up to their capacity and name agents {@code cluster-N}; records what each was asked for. */
    private final class Clouds implements PoolPlacementService.MemberOffer {
        final Map<String, Integer> capacity = new HashMap<>();
        final Map<String, List<Integer>> asked = new HashMap<>();
        private int next;

        Clouds capacity(String cluster, int agents) {
            capacity.put(cluster, agents);
            return this;
        }

        @Override
        public int provide(PoolMember member, int agents) {
            asked.computeIfAbsent(member.cluster(), c -> new ArrayList<>()).add(agents);
            int provided = Math.min(agents, capacity.getOrDefault(member.cluster(), 0));
            capacity.merge(member.cluster(), -provided, Integer::sum);
            for (int i = 0; i < provided; i++) {
                String name = member.cluster() + "-" + next++;
                service.planned(member, name, name, ONE_CPU);
            }
            return provided;
        }
    }

    @Test
    void movesOnToTheNextMemberWhenTheBestOneProvidesNothing() {
        loads.load(Loads.idle("full/ci", 64_000, 256 * GI)).load(Loads.load("spare/ci", 16_000, 64 * GI, 8_000, 32 * GI));
        Clouds clouds = new Clouds().capacity("full", 0).capacity("spare", 5);

        PoolPlacementService.Offers offers = service.offer("maven", pool(member("full"), member("spare")), ONE_CPU, 3, clouds);

        assertThat(offers.provided()).isEqualTo(3);
        assertThat(offers.offers()).containsExactly("full/ci: 0 of 3", "spare/ci: 3 of 3");
        assertThat(clouds.asked).containsEntry("full", List.of(3)).containsEntry("spare", List.of(3));
    }

    @Test
    void spreadsABurstOverTheMembersAgentByAgent() {
        loads.load(Loads.idle("east/ci", 4_000, 16 * GI)).load(Loads.idle("west/ci", 4_000, 16 * GI));
        Clouds clouds = new Clouds().capacity("east", 10).capacity("west", 10);

        PoolPlacementService.Offers offers = service.offer("maven", pool(member("east"), member("west")), ONE_CPU, 4, clouds);

        assertThat(offers.provided()).isEqualTo(4);
        assertThat(clouds.asked.values()).containsExactlyInAnyOrder(List.of(2), List.of(2));
    }

    @Test
    void agentsPlannedBeforeTheirPodsExistCountAgainstTheMembersCap() {
        loads.load(Loads.idle("capped/ci", 64_000, 256 * GI)).load(Loads.idle("spare/ci", 16_000, 64 * GI));
        Pool pool = pool(member("capped").withCaps(new MemberCaps(2, 0, 0)), member("spare"));
        Clouds clouds = new Clouds().capacity("capped", 10).capacity("spare", 10);

        service.offer("maven", pool, ONE_CPU, 2, clouds);
        service.offer("maven", pool, ONE_CPU, 2, clouds); // the next round, before any pod exists

        assertThat(clouds.asked).containsEntry("capped", List.of(2)).containsEntry("spare", List.of(2));
        assertThat(service.snapshots(pool).get(0).load().pendingAgents()).isEqualTo(2);

        // The cache shows both pods now (without their load in this fixed view): they stop counting as in flight.
        loads.agentPod("capped", "ci", "capped-0").agentPod("capped", "ci", "capped-1");
        service.offer("maven", pool, ONE_CPU, 1, clouds);

        assertThat(clouds.asked.get("capped")).containsExactly(2, 1);
    }

    @Test
    void aCloudThatFailsBacksItsMemberOffAndTheAgentsGoToTheNextMember() {
        loads.load(Loads.idle("broken/ci", 64_000, 256 * GI)).load(Loads.idle("spare/ci", 16_000, 64 * GI));
        Clouds spare = new Clouds().capacity("spare", 5);
        PoolPlacementService.MemberOffer clouds = (member, agents) -> {
            if (member.cluster().equals("broken")) {
                throw new IllegalStateException("API server unreachable");
            }
            return spare.provide(member, agents);
        };

        PoolPlacementService.Offers offers = service.offer("maven", pool(member("broken"), member("spare")), ONE_CPU, 2, clouds);

        assertThat(offers.offers()).containsExactly("broken/ci: failed (IllegalStateException: API server unreachable)",
                "spare/ci: 2 of 2");
        assertThat(service.history().backoff("broken/ci", NOW)).isPresent();
    }

    @Test
    void explainsWhyAgentsNoMemberCanTakeStayUnplaced() {
        PoolPlacementService.Offers offers = service.offer("maven", pool(member("gone")), ONE_CPU, 2, new Clouds());

        assertThat(offers.provided()).isZero();
        assertThat(offers.offers()).isEmpty();
        assertThat(offers.unplaced()).contains("gone/ci");
    }

    @Test
    void aLabelLeftWaitingIsReviewedWhenRoomFreesUpInOneOfItsPoolsClusters() {
        loads.load(Loads.idle("east/ci", 4_000, 16 * GI));
        List<String> reviewed = new ArrayList<>();
        service.onLabelReview(reviewed::add);
        service.offer("maven", pool(member("east"), member("west")), ONE_CPU, 2, new Clouds()); // nobody provides

        loads.freeRoomIn("north");
        assertThat(reviewed).isEmpty();

        loads.freeRoomIn("west");
        assertThat(reviewed).containsExactly("maven");
    }

    @Test
    void aLabelWhoseAgentsAreAllPlannedIsNotReviewedAgain() {
        loads.load(Loads.idle("east/ci", 4_000, 16 * GI));
        List<String> reviewed = new ArrayList<>();
        service.onLabelReview(reviewed::add);
        Pool pool = pool(member("east"));
        service.offer("maven", pool, ONE_CPU, 1, new Clouds()); // waits
        service.offer("maven", pool, ONE_CPU, 1, new Clouds().capacity("east", 1)); // placed

        loads.freeRoomIn("east");

        assertThat(reviewed).isEmpty();
    }

    @Test
    void anAgentThatFailsToLaunchStopsCountingAndBacksItsMemberOff() {
        loads.load(Loads.idle("east/ci", 4_000, 16 * GI));
        Pool pool = pool(member("east"));
        service.planned(pool.members().get(0), "maven-abc", "maven-abc", ONE_CPU);
        assertThat(service.snapshots(pool).get(0).load().pendingAgents()).isEqualTo(1);

        service.agentFailed("maven-abc", "east/ci", "agent maven-abc failed to launch");

        assertThat(service.snapshots(pool).get(0).load().pendingAgents()).isZero();
        assertThat(service.history().backoff("east/ci", NOW)).isPresent();

        service.agentOnline("maven-def", "east/ci");
        assertThat(service.history().backoff("east/ci", NOW)).isEmpty();
    }

    @Test
    void anAgentWhosePodStaysUnschedulableMakesWayWhenAnotherMemberHasRoom() {
        loads.load(Loads.withAgents(Loads.load("east/ci", 4_000, 16 * GI, 4_000, 8 * GI), 0, 1, ONE_CPU.resources(),
                ONE_CPU.resources(), 1));
        loads.unschedulableAgentPod("east", "ci", "maven-abc", NOW.minus(UnschedulableAgents.GRACE));
        loads.agentPod("east", "ci", "maven-new");
        Pool alone = pool(member("east"));
        Pool withWest = pool(member("east"), member("west"));

        assertThat(service.moveElsewhere(withWest, ONE_CPU, member("east"), "maven-new")).as("not Unschedulable").isFalse();
        assertThat(service.moveElsewhere(withWest, ONE_CPU, member("east"), "maven-abc")).as("west is unreachable").isFalse();
        assertThat(service.moveElsewhere(alone, ONE_CPU, member("east"), "maven-abc")).isFalse();

        loads.load(Loads.idle("west/ci", 4_000, 16 * GI));

        assertThat(service.moveElsewhere(withWest, ONE_CPU, member("east"), "maven-abc")).isTrue();
        assertThat(service.history().backoff("east/ci", NOW)).isEmpty();
    }

    private static PoolMember member(String cluster) {
        return PoolMember.of(cluster, "ci");
    }

    private static Pool pool(PoolMember... members) {
        return new Pool("linux", Set.of("maven"), List.of(members), 0);
    }
}
