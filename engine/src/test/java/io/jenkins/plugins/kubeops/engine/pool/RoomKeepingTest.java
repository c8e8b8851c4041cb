package io.jenkins.plugins.kubeops.engine.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.kubeops.engine.cluster.ResourceAmounts;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoomKeepingTest {

    private static final long GI = 1024L * 1024 * 1024;
    private static final ResourceAmounts SMALL = new ResourceAmounts(2000, 4 * GI);
    private static final ResourceAmounts LARGE = new ResourceAmounts(6000, 12 * GI);
    private static final ResourceAmounts HUGE = new ResourceAmounts(16000, 32 * GI);

    private static Pool pool(String name, String label, String... clusters) {
        return new Pool(name, Set.of(label), java.util.Arrays.stream(clusters).map(c -> PoolMember.of(c, "ci")).toList(), 0);
    }

    private static final Pool SMALL_POOL = pool("small", "small", "a", "b");
    private static final Pool LARGE_POOL = pool("large", "large", "b", "c");
    private static final Pool ELSEWHERE = pool("gpu", "gpu", "d");
    private static final List<RoomKeeping.PoolAgent> POOLS = List.of(new RoomKeeping.PoolAgent(SMALL_POOL, SMALL),
            new RoomKeeping.PoolAgent(LARGE_POOL, LARGE), new RoomKeeping.PoolAgent(ELSEWHERE, HUGE));

    @Test
    void aSmallAgentKeepsRoomForTheLargestAgentOfThePoolsSharingItsClustersOnly() {
        AgentRequest request = RoomKeeping.apply(new AgentRequest(SMALL, java.util.Optional.empty()), SMALL_POOL, POOLS,
                Set.of());
        assertThat(request.keepRoomFor()).as("the gpu pool shares no cluster").isEqualTo(LARGE);
        assertThat(request.largerAgentWaiting()).isFalse();
    }

    @Test
    void aWaitingLabelOfTheLargerPoolMakesTheRoomReserved() {
        AgentRequest request = RoomKeeping.apply(new AgentRequest(SMALL, java.util.Optional.of("job")), SMALL_POOL, POOLS,
                Set.of("large"));
        assertThat(request.keepRoomFor()).isEqualTo(LARGE);
        assertThat(request.largerAgentWaiting()).isTrue();
        assertThat(request.affinityKey()).hasValue("job");
    }

    @Test
    void theLargestAgentItselfAndPoolsAloneOnTheirClustersKeepNoRoom() {
        AgentRequest large = new AgentRequest(LARGE, java.util.Optional.empty());
        assertThat(RoomKeeping.apply(large, LARGE_POOL, POOLS, Set.of("small"))).isEqualTo(large);
        AgentRequest huge = new AgentRequest(HUGE, java.util.Optional.empty());
        assertThat(RoomKeeping.apply(huge, ELSEWHERE, POOLS, Set.of())).isEqualTo(huge);
    }
}
