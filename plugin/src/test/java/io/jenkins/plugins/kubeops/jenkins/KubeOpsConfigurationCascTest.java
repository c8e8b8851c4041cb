package io.jenkins.plugins.kubeops.jenkins;

import static io.jenkins.plugins.casc.misc.Util.getUnclassifiedRoot;
import static io.jenkins.plugins.casc.misc.Util.toStringFromYamlFile;
import static io.jenkins.plugins.casc.misc.Util.toYamlString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jenkins.plugins.casc.ConfigurationContext;
import io.jenkins.plugins.casc.ConfiguratorRegistry;
import io.jenkins.plugins.casc.misc.ConfiguredWithCode;
import io.jenkins.plugins.casc.misc.JenkinsConfiguredWithCodeRule;
import io.jenkins.plugins.casc.misc.junit.jupiter.WithJenkinsConfiguredWithCode;
import io.jenkins.plugins.casc.model.CNode;
import java.util.List;
import org.junit.jupiter.api.Test;

@WithJenkinsConfiguredWithCode
class KubeOpsConfigurationCascTest {

    @Test
    @ConfiguredWithCode("configuration-as-code.yml")
    void importsClustersAndExportsThemBack(JenkinsConfiguredWithCodeRule j) throws Exception {
        KubeCluster prod = new KubeCluster("prod-eu");
        prod.setServerUrl("https://prod.example.com:6443");
        prod.setCredentialsId("prod-token");
        prod.setDefaultNamespace("team-a");
        KubeCluster lab = new KubeCluster("lab");
        lab.setCredentialsId("lab-kubeconfig");
        j.assertEqualDataBoundBeans(List.of(prod, lab), KubeOpsConfiguration.get().getClusters());

        CNode exported = getUnclassifiedRoot(new ConfigurationContext(ConfiguratorRegistry.get())).get("kubeOps");
        assertEquals(toStringFromYamlFile(this, "configuration-as-code-expected.yml").trim(), toYamlString(exported).trim());
    }
}
