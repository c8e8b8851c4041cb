package io.jenkins.plugins.kubeops.jenkins.pool;

import static io.jenkins.plugins.casc.misc.Util.getUnclassifiedRoot;
import static io.jenkins.plugins.casc.misc.Util.toStringFromYamlFile;
import static io.jenkins.plugins.casc.misc.Util.toYamlString;
import static io.jenkins.plugins.kubeops.jenkins.pool.PoolModelsTest.pool;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.jenkins.plugins.casc.ConfigurationContext;
import io.jenkins.plugins.casc.ConfiguratorRegistry;
import io.jenkins.plugins.casc.misc.ConfiguredWithCode;
import io.jenkins.plugins.casc.misc.JenkinsConfiguredWithCodeRule;
import io.jenkins.plugins.casc.misc.junit.jupiter.WithJenkinsConfiguredWithCode;
import io.jenkins.plugins.casc.model.CNode;
import java.util.List;
import org.junit.jupiter.api.Test;

@WithJenkinsConfiguredWithCode
class KubePoolsConfigurationCascTest {

    @Test
    @ConfiguredWithCode("pools-as-code.yml")
    void importsPoolsAndExportsThemBack(JenkinsConfiguredWithCodeRule j) throws Exception {
        CloudMember prod = new CloudMember("prod-a");
        prod.setNamespace("ci-agents");
        prod.setMaxAgents(20);
        prod.setMaxMemory("80Gi");
        prod.setWeight(2);
        CloudMember lab = new CloudMember("lab");
        lab.setPriority(1);
        lab.setState("draining");
        AgentPool linux = pool("linux", "maven linux", prod, lab);
        linux.setMinIdleAgents(2);
        linux.setAgentCpu("2");
        j.assertEqualDataBoundBeans(List.of(linux), KubePoolsConfiguration.get().getPools());
        assertFalse(KubePoolsConfiguration.get().isLeastLoadStaticAgents());

        CNode exported = getUnclassifiedRoot(new ConfigurationContext(ConfiguratorRegistry.get())).get("kubePools");
        assertEquals(toStringFromYamlFile(this, "pools-as-code-expected.yml").trim(), toYamlString(exported).trim());
    }
}
