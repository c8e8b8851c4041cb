package io.jenkins.plugins.kubeops.jenkins.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.kubeops.engine.pool.MemberCaps;
import io.jenkins.plugins.kubeops.engine.pool.MemberState;
import io.jenkins.plugins.kubeops.engine.pool.Pool;
import io.jenkins.plugins.kubeops.engine.pool.PoolMember;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PoolModelsTest {

    @Test
    void membersBecomeEngineMembersWithCapsStateAndDefaultedNamespace() {
        CloudMember prod = new CloudMember("prod-a");
        prod.setNodeSelector("pool=ci, arch=amd64");
        prod.setMaxAgents(20);
        prod.setMaxCpu("40");
        prod.setMaxMemory("80Gi");
        prod.setPriority(1);
        prod.setWeight(2);
        prod.setState("Draining");
        AgentPool pool = pool("linux", "maven  linux", prod);

        Pool engine = PoolModels.toEngine(pool, cloud -> cloud.equals("prod-a") ? "ci-agents" : "other");

        assertEquals(Set.of("maven", "linux"), engine.labels());
        PoolMember member = engine.members().get(0);
        assertEquals("prod-a/ci-agents/arch=amd64,pool=ci", member.id());
        assertEquals("ci-agents", member.namespace());
        assertEquals(Map.of("pool", "ci", "arch", "amd64"), member.nodeSelector());
        assertEquals(new MemberCaps(20, 40_000, 80L * 1024 * 1024 * 1024), member.caps());
        assertEquals(1, member.priority());
        assertEquals(2.0, member.weight());
        assertEquals(MemberState.DRAINING, member.state());
    }

    @Test
    void anAgentBelongsToThePoolMemberOfItsCloudAndNamespace() {
        CloudMember teamA = new CloudMember("prod");
        teamA.setNamespace("team-a");
        CloudMember teamB = new CloudMember("prod");
        teamB.setNamespace("team-b");
        CloudMember lab = new CloudMember("lab");
        Pool pool = PoolModels.toEngine(pool("linux", "maven", teamA, teamB, lab), cloud -> "default");

        assertEquals(Optional.of("prod/team-b"),
                PoolModels.memberFor(pool, "prod", Set.of("maven", "jdk21"), Optional.of("team-b")).map(PoolMember::id));
        assertEquals(Optional.of("lab/default"),
                PoolModels.memberFor(pool, "lab", Set.of("maven"), Optional.empty()).map(PoolMember::id));
        assertTrue(PoolModels.memberFor(pool, "lab", Set.of("gradle"), Optional.of("default")).isEmpty(),
                "an agent whose labels the pool does not serve belongs to no member");
        assertTrue(PoolModels.memberFor(pool, "prod", Set.of("maven"), Optional.empty()).isEmpty(),
                "two members of the cloud and no namespace: ambiguous, so none");
    }

    @Test
    void theFirstLabelListedStartsWarmAgents() {
        assertEquals(Optional.of("maven"), pool("linux", " maven linux jdk21 ").warmLabel());
    }

    static AgentPool pool(String name, String labels, CloudMember... members) {
        AgentPool pool = new AgentPool(name);
        pool.setLabels(labels);
        pool.setMembers(List.of(members));
        return pool;
    }
}
