package io.jenkins.plugins.kubeops.engine.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WaitingLabelsTest {

    private final WaitingLabels waiting = new WaitingLabels();

    @Test
    void namesOnlyTheWaitingLabelsWhosePoolUsesTheCluster() {
        waiting.waiting("maven", pool("east", "west"));
        waiting.waiting("gpu", pool("west"));
        waiting.waiting("arm", pool("north"));

        assertThat(waiting.helpedBy("west")).containsExactly("gpu", "maven");
        assertThat(waiting.helpedBy("east")).containsExactly("maven");
        assertThat(waiting.helpedBy("south")).isEmpty();
    }

    @Test
    void forgetsALabelOnceItsBuildsHaveAgents() {
        waiting.waiting("maven", pool("east"));
        waiting.satisfied("maven");

        assertThat(waiting.helpedBy("east")).isEmpty();
    }

    @Test
    void followsThePoolsCurrentMembers() {
        waiting.waiting("maven", pool("east"));
        waiting.waiting("maven", pool("west"));

        assertThat(waiting.helpedBy("east")).isEmpty();
        assertThat(waiting.helpedBy("west")).containsExactly("maven");
    }

    private static Pool pool(String... clusters) {
        List<PoolMember> members = java.util.Arrays.stream(clusters).map(cluster -> new PoolMember(cluster + "/agents", cluster,
                "agents", Map.of(), MemberCaps.NONE, 0, 1, MemberState.ACTIVE)).toList();
        return new Pool("pool", Set.of("maven"), members, 0);
    }
}
