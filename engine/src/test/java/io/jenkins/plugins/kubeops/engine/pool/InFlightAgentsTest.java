package io.jenkins.plugins.kubeops.engine.pool;

import static io.jenkins.plugins.kubeops.engine.pool.Loads.GI;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.kubeops.engine.cluster.ResourceAmounts;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Agents planned before their pods exist count on their member, so a burst cannot overshoot a cap or a node's room. */
class InFlightAgentsTest {

    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    private static final AgentRequest TWO_CPU = AgentRequest.of(2000, 4 * GI);

    private final PoolMember capped = new PoolMember("a/agents", "a", "agents", Map.of(), new MemberCaps(2, 0, 0), 0, 1,
            MemberState.ACTIVE);
    private final PoolMember spare = PoolMember.of("b", "agents");
    private final List<MemberSnapshot> bothIdle = List.of(new MemberSnapshot(capped, Loads.idle("a/agents", 64_000, 256 * GI)),
            new MemberSnapshot(spare, Loads.idle("b/agents", 16_000, 64 * GI)));
    private final InFlightAgents inFlight = new InFlightAgents(Duration.ofMinutes(2));
    private final Set<String> pods = new HashSet<>();
    private final InFlightAgents.PodLookup lookup = (cluster, namespace, pod) -> pods.contains(cluster + "/" + namespace + "/" + pod);

    @Test
    void aSecondBurstPlacedBeforeTheFirstOnesPodsExistRespectsTheCap() {
        List<PoolMember> first = LeastLoadPolicy.placeEach(TWO_CPU, bothIdle, PlacementHistory.NONE, NOW, 2);
        assertThat(first).containsExactly(capped, capped); // the big member looks best for both
        plan("maven-1", capped);
        plan("maven-2", capped);

        List<PoolMember> second = LeastLoadPolicy.placeEach(TWO_CPU, inFlight.addTo(bothIdle), PlacementHistory.NONE, NOW, 2);
        List<PoolMember> withoutInFlight = LeastLoadPolicy.placeEach(TWO_CPU, bothIdle, PlacementHistory.NONE, NOW, 2);

        assertThat(second).containsExactly(spare, spare);
        assertThat(withoutInFlight).containsExactly(capped, capped); // what the live strategy did before: 4 agents on a cap of 2
    }

    @Test
    void countsEachAgentAsPendingDemandOfItsSizeOnItsMember() {
        inFlight.planned("maven-1", "maven-1", capped, new ResourceAmounts(2000, 4 * GI), NOW);
        inFlight.planned("maven-2", "maven-2", capped, new ResourceAmounts(500, GI), NOW);

        List<MemberSnapshot> adjusted = inFlight.addTo(bothIdle);

        assertThat(adjusted.get(0).load().pendingAgents()).isEqualTo(2);
        assertThat(adjusted.get(0).load().pendingRequests()).isEqualTo(new ResourceAmounts(2500, 5 * GI));
        assertThat(adjusted.get(0).load().agentRequests()).isEqualTo(new ResourceAmounts(2500, 5 * GI));
        assertThat(adjusted.get(1)).isEqualTo(bothIdle.get(1));
    }

    @Test
    void stopsCountingAnAgentOnceItsPodShowsInTheMembersNamespace() {
        plan("maven-1", capped);
        plan("maven-2", capped);
        pods.add("a/other-namespace/maven-1"); // not where the member's agents run
        pods.add("b/agents/maven-2"); // not the member's cluster
        inFlight.forgetArrived(NOW, lookup);
        assertThat(inFlight.addTo(bothIdle).get(0).load().pendingAgents()).isEqualTo(2);

        pods.add("a/agents/maven-1");
        inFlight.forgetArrived(NOW, lookup);

        assertThat(inFlight.addTo(bothIdle).get(0).load().pendingAgents()).isEqualTo(1);
    }

    @Test
    void stopsCountingAnAgentThatSettledOrOutlivedTheLimit() {
        plan("maven-1", capped);
        inFlight.planned("maven-2", "maven-2", capped, TWO_CPU.resources(), NOW.plusSeconds(60));

        inFlight.settled("maven-2");
        assertThat(inFlight.addTo(bothIdle).get(0).load().pendingAgents()).isEqualTo(1);

        inFlight.forgetArrived(NOW.plus(Duration.ofMinutes(2)), lookup);
        assertThat(inFlight.addTo(bothIdle).get(0).load().pendingAgents()).isEqualTo(1);
        inFlight.forgetArrived(NOW.plus(Duration.ofMinutes(2)).plusMillis(1), lookup);
        assertThat(inFlight.addTo(bothIdle)).isEqualTo(bothIdle);
    }

    @Test
    void refusesALimitThatWouldNeverCountAnything() {
        assertThatThrownBy(() -> new InFlightAgents(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PT0S");
    }

    private void plan(String agent, PoolMember member) {
        inFlight.planned(agent, agent, member, TWO_CPU.resources(), NOW);
    }
}
