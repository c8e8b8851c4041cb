package io.jenkins.plugins.kubeops.engine.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PoolDefinitionsTest {

    @Test
    void readsPoolsWithMembersCapsPrioritiesAndStates() {
        List<Pool> pools = PoolDefinitions.parse("test", """
                pools:
                - name: linux
                  labels: [maven, linux]
                  minIdleAgents: 2
                  members:
                  - cluster: prod-a
                    namespace: ci
                    nodeSelector: {pool: ci}
                    maxAgents: 50
                    maxCpu: "100"
                    maxMemory: 400Gi
                  - cluster: cloud
                    namespace: ci
                    priority: 1
                    weight: 0.5
                    state: paused
                - name: windows
                  labels: windows
                  members:
                  - namespace: win
                """);

        assertThat(pools).extracting(Pool::name).containsExactly("linux", "windows");
        Pool linux = pools.get(0);
        assertThat(linux.labels()).containsExactlyInAnyOrder("maven", "linux");
        assertThat(linux.minIdleAgents()).isEqualTo(2);
        PoolMember first = linux.members().get(0);
        assertThat(first.id()).isEqualTo("prod-a/ci/pool=ci");
        assertThat(first.nodeSelector()).isEqualTo(Map.of("pool", "ci"));
        assertThat(first.caps()).isEqualTo(new MemberCaps(50, 100_000, 400L << 30));
        PoolMember second = linux.members().get(1);
        assertThat(second.priority()).isEqualTo(1);
        assertThat(second.weight()).isEqualTo(0.5);
        assertThat(second.state()).isEqualTo(MemberState.PAUSED);
        assertThat(pools.get(1).members().get(0).cluster()).isEqualTo(PoolDefinitions.CURRENT_CONTEXT);
    }

    @Test
    void reportsEveryProblemWithItsPath() {
        assertThatThrownBy(() -> PoolDefinitions.parse("pools.yaml", """
                pools:
                - name: Linux_Pool
                  labels: [maven]
                  members:
                  - namespace: ci
                    maxCpu: lots
                    weight: 0
                    state: sleeping
                  - cluster: b
                - name: other
                  labels: [maven]
                  members: []
                """))
                .isInstanceOf(KubeOpsException.class)
                .hasMessageContaining("pools file pools.yaml has")
                .hasMessageContaining("pools[0].name: Pool name 'Linux_Pool' is invalid")
                .hasMessageContaining("pools[0].members[0].maxCpu: Max CPU 'lots' is not a Kubernetes quantity")
                .hasMessageContaining("pools[0].members[0].weight: Weight 0.0 must be a positive number")
                .hasMessageContaining("pools[0].members[0].state: State 'sleeping' is unknown: use active, draining or paused")
                .hasMessageContaining("pools[0].members[1].namespace: required")
                .hasMessageContaining("pools[1].members: at least one member is required");
    }

    @Test
    void refusesALabelServedByTwoPools() {
        assertThatThrownBy(() -> PoolDefinitions.parse("f", """
                pools:
                - {name: a, labels: [maven, x], members: [{namespace: ci}]}
                - {name: b, labels: [maven], members: [{namespace: ci}]}
                """)).hasMessageContaining("Labels served by more than one pool: 'maven' (a, b)");
    }

    @Test
    void explainsAFileWithoutPools() {
        assertThatThrownBy(() -> PoolDefinitions.parse("f", "clusters: []"))
                .hasMessageContaining("has no 'pools:' list");
        assertThatThrownBy(() -> PoolDefinitions.parse("f", "pools: [unclosed"))
                .hasMessageContaining("is not valid YAML");
    }
}
