package io.jenkins.plugins.kubeops.jenkins.pool;

import static io.jenkins.plugins.kubeops.jenkins.pool.PoolModelsTest.pool;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class KubePoolsConfigurationTest {

    @Test
    void poolsSurviveSubmittingTheSystemConfigurationPage(JenkinsRule r) throws Exception {
        CloudMember prod = new CloudMember("prod-a"); // need not exist: the cloud list keeps the current value
        prod.setNamespace("ci-agents");
        prod.setNodeSelector("pool=ci");
        prod.setMaxAgents(20);
        prod.setMaxCpu("40");
        prod.setMaxMemory("80Gi");
        prod.setPriority(1);
        prod.setWeight(1.5);
        prod.setState("paused");
        AgentPool linux = pool("linux", "maven linux", prod, new CloudMember("lab"));
        linux.setMinIdleAgents(2);
        linux.setAgentCpu("500m");
        linux.setAgentMemory("1Gi");
        KubePoolsConfiguration configuration = KubePoolsConfiguration.get();
        configuration.setPools(List.of(linux, pool("windows", "win")));
        configuration.setLeastLoadStaticAgents(false);

        r.configRoundtrip();

        r.assertEqualDataBoundBeans(List.of(linux, pool("windows", "win")), KubePoolsConfiguration.get().getPools());
        assertFalse(KubePoolsConfiguration.get().isLeastLoadStaticAgents());
    }

    @Test
    void aLabelServedByTwoPoolsIsRefusedWholeWithTheEngineMessage(JenkinsRule r) {
        KubePoolsConfiguration configuration = KubePoolsConfiguration.get();
        configuration.setPools(List.of(pool("linux", "maven")));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> configuration.setPools(List.of(pool("linux", "maven linux"), pool("gradle", "gradle linux"))));

        assertTrue(e.getMessage().contains("'linux' (linux, gradle)"), e.getMessage());
        assertEquals(List.of("linux"), configuration.getPools().stream().map(AgentPool::getName).toList(),
                "the previous pools stay as they were");
    }

    @Test
    void aBadMemberFieldIsRefusedNamingPoolAndCloud(JenkinsRule r) {
        CloudMember member = new CloudMember("prod-a");
        member.setMaxCpu("lots");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KubePoolsConfiguration.get().setPools(List.of(pool("linux", "maven", member))));

        assertTrue(e.getMessage().startsWith("Pool 'linux': member 'prod-a': Max CPU 'lots'"), e.getMessage());
    }

    @Test
    void findsThePoolServingALabel(JenkinsRule r) {
        KubePoolsConfiguration.get().setPools(List.of(pool("linux", "maven linux"), pool("windows", "win")));

        assertEquals("windows", KubePoolsConfiguration.get().poolServing(" win ").orElseThrow().getName());
        assertTrue(KubePoolsConfiguration.get().poolServing("maven && linux").isEmpty(), "expressions are not served");
        assertEquals(List.of("linux", "maven", "win"), List.copyOf(KubePoolsConfiguration.get().getServedLabels()));
    }
}
