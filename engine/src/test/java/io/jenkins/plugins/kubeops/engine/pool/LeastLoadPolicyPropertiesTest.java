package io.jenkins.plugins.kubeops.engine.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.kubeops.engine.cluster.ResourceAmounts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Properties of the policy over many random pools (seeded, so a failure is reproducible from its seed): it never ranks a
 * member that must not take the agent, accounts for every member, orders by priority, does not depend on the order members
 * are listed in, and a burst placed with placeEach never exceeds a member's caps.
 */
class LeastLoadPolicyPropertiesTest {

    private static final long GI = 1L << 30;
    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    private static final int CASES = 500;

    @Test
    void neverRanksAMemberThatMustNotTakeTheAgent() {
        for (int seed = 0; seed < CASES; seed++) {
            Random random = new Random(seed);
            List<MemberSnapshot> members = members(random);
            AgentRequest request = request(random);

            Placement placement = LeastLoadPolicy.rank(request, members, PlacementHistory.NONE, NOW);

            for (Placement.Candidate candidate : placement.candidates()) {
                MemberSnapshot snapshot = find(members, candidate.member().id());
                String why = "seed " + seed + ", member " + snapshot;
                assertThat(snapshot.member().state()).as(why).isEqualTo(MemberState.ACTIVE);
                assertThat(snapshot.load().reachable()).as(why).isTrue();
                assertThat(snapshot.load().unschedulableAgents()).as(why).isZero();
                MemberCaps caps = snapshot.member().caps();
                if (caps.maxAgents() > 0) {
                    assertThat(snapshot.load().agents() + 1).as(why).isLessThanOrEqualTo(caps.maxAgents());
                }
                if (caps.maxCpuMillis() > 0) {
                    assertThat(snapshot.load().agentRequests().cpuMillis() + request.resources().cpuMillis()).as(why)
                            .isLessThanOrEqualTo(caps.maxCpuMillis());
                }
                assertThat(snapshot.load().fitsOnANode(request.resources())).as(why).isTrue();
                assertThat(snapshot.load().quota().violation(request.resources())).as(why).isNull();
            }
        }
    }

    @Test
    void accountsForEveryMemberOnceAndOrdersByPriority() {
        for (int seed = 0; seed < CASES; seed++) {
            Random random = new Random(seed);
            List<MemberSnapshot> members = members(random);

            Placement placement = LeastLoadPolicy.rank(request(random), members, PlacementHistory.NONE, NOW);

            List<String> seen = new ArrayList<>();
            placement.candidates().forEach(c -> seen.add(c.member().id()));
            placement.rejections().forEach(r -> seen.add(r.member().id()));
            assertThat(seen).as("seed " + seed).containsExactlyInAnyOrderElementsOf(members.stream().map(m -> m.member().id()).toList());
            for (int i = 1; i < placement.candidates().size(); i++) {
                assertThat(placement.candidates().get(i).member().priority()).as("seed " + seed)
                        .isGreaterThanOrEqualTo(placement.candidates().get(i - 1).member().priority());
            }
        }
    }

    @Test
    void givesTheSameAnswerWhateverOrderTheMembersAreListedIn() {
        for (int seed = 0; seed < CASES; seed++) {
            Random random = new Random(seed);
            List<MemberSnapshot> members = members(random);
            AgentRequest request = request(random);
            List<MemberSnapshot> shuffled = new ArrayList<>(members);
            Collections.shuffle(shuffled, new Random(seed + 1_000_000));

            Placement a = LeastLoadPolicy.rank(request, members, PlacementHistory.NONE, NOW);
            Placement b = LeastLoadPolicy.rank(request, shuffled, PlacementHistory.NONE, NOW);

            assertThat(b.candidates()).as("seed " + seed).isEqualTo(a.candidates());
            assertThat(b.explanation()).as("seed " + seed).isEqualTo(a.explanation());
        }
    }

    @Test
    void aBurstNeverExceedsAMembersCaps() {
        for (int seed = 0; seed < CASES; seed++) {
            Random random = new Random(seed);
            List<MemberSnapshot> members = members(random);
            AgentRequest request = request(random);

            List<PoolMember> placed = LeastLoadPolicy.placeEach(request, members, PlacementHistory.NONE, NOW, 1 + random.nextInt(40));

            Map<String, Integer> added = new HashMap<>();
            placed.forEach(member -> added.merge(member.id(), 1, Integer::sum));
            for (Map.Entry<String, Integer> entry : added.entrySet()) {
                MemberSnapshot snapshot = find(members, entry.getKey());
                MemberCaps caps = snapshot.member().caps();
                String why = "seed " + seed + ", " + entry.getValue() + " agents on " + snapshot;
                if (caps.maxAgents() > 0) {
                    assertThat(snapshot.load().agents() + entry.getValue()).as(why).isLessThanOrEqualTo(caps.maxAgents());
                }
                if (caps.maxCpuMillis() > 0) {
                    assertThat(snapshot.load().agentRequests().cpuMillis() + entry.getValue() * request.resources().cpuMillis())
                            .as(why).isLessThanOrEqualTo(caps.maxCpuMillis());
                }
                assertThat(snapshot.member().state()).as(why).isEqualTo(MemberState.ACTIVE);
            }
        }
    }

    private static AgentRequest request(Random random) {
        return AgentRequest.of(250L * (1 + random.nextInt(16)), GI / 2 * (1 + random.nextInt(16)));
    }

    private static List<MemberSnapshot> members(Random random) {
        int count = 1 + random.nextInt(8);
        List<MemberSnapshot> members = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < count; i++) {
            String id = "m" + i;
            ids.add(id);
            MemberState state = random.nextInt(6) == 0 ? MemberState.values()[1 + random.nextInt(2)] : MemberState.ACTIVE;
            MemberCaps caps = new MemberCaps(random.nextBoolean() ? 0 : 1 + random.nextInt(10),
                    random.nextBoolean() ? 0 : 1000L * (1 + random.nextInt(20)), 0);
            PoolMember member = new PoolMember(id, "c" + random.nextInt(3), "ci", Map.of(), caps, random.nextInt(3),
                    0.5 + random.nextDouble(), state);
            members.add(new MemberSnapshot(member, load(id, random)));
        }
        return members;
    }

    private static MemberLoad load(String id, Random random) {
        if (random.nextInt(10) == 0) {
            return MemberLoad.unreachable(id);
        }
        int nodes = 1 + random.nextInt(6);
        List<ResourceAmounts> free = new ArrayList<>();
        ResourceAmounts allocatable = ResourceAmounts.ZERO;
        ResourceAmounts requested = ResourceAmounts.ZERO;
        for (int n = 0; n < nodes; n++) {
            ResourceAmounts size = new ResourceAmounts(1000L * (2 + random.nextInt(30)), GI * (4 + random.nextInt(60)));
            ResourceAmounts used = new ResourceAmounts((long) (size.cpuMillis() * random.nextDouble()),
                    (long) (size.memoryBytes() * random.nextDouble()));
            allocatable = allocatable.plus(size);
            requested = requested.plus(used);
            free.add(size.minus(used));
        }
        free.sort((a, b) -> Long.compare(b.cpuMillis(), a.cpuMillis()));
        int running = random.nextInt(8);
        int pending = random.nextInt(3);
        ResourceAmounts perAgent = new ResourceAmounts(500, GI);
        ResourceAmounts agentRequests = new ResourceAmounts(perAgent.cpuMillis() * (running + pending), perAgent.memoryBytes() * (running + pending));
        ResourceAmounts pendingRequests = new ResourceAmounts(perAgent.cpuMillis() * pending, perAgent.memoryBytes() * pending);
        QuotaHeadroom quota = random.nextInt(4) == 0
                ? new QuotaHeadroom(new ResourceAmounts(1000L * (1 + random.nextInt(20)), QuotaHeadroom.UNLIMITED),
                        new ResourceAmounts(1000L * random.nextInt(10), 0), QuotaHeadroom.UNLIMITED, running + pending)
                : QuotaHeadroom.NONE;
        return new MemberLoad(id, true, allocatable, requested, free, quota, running, pending, agentRequests, pendingRequests,
                random.nextInt(8) == 0 ? 1 : 0);
    }

    private static MemberSnapshot find(List<MemberSnapshot> members, String id) {
        return members.stream().filter(m -> m.member().id().equals(id)).findFirst().orElseThrow();
    }
}
