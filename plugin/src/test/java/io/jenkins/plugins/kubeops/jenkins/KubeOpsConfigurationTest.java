package io.jenkins.plugins.kubeops.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class KubeOpsConfigurationTest {

    @Test
    void clustersSurviveSubmittingTheSystemConfigurationPage(JenkinsRule r) throws Exception {
        KubeCluster prod = new KubeCluster("prod-eu");
        prod.setServerUrl("https://prod.example.com:6443");
        prod.setCredentialsId("prod-token"); // need not exist: the credentials list keeps the current value
        prod.setDefaultNamespace("team-a");
        KubeCluster local = new KubeCluster("local");
        KubeOpsConfiguration.get().setClusters(List.of(prod, local));

        r.configRoundtrip();

        r.assertEqualDataBoundBeans(List.of(prod, local), KubeOpsConfiguration.get().getClusters());
    }

    @Test
    void duplicateNamesAreRejectedWithTheEngineMessage(JenkinsRule r) {
        KubeOpsConfiguration configuration = KubeOpsConfiguration.get();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> configuration.setClusters(List.of(new KubeCluster("prod-eu"), new KubeCluster(" prod-eu "))));
        assertTrue(e.getMessage().contains("[prod-eu]"), e.getMessage());
        assertEquals(List.of(), configuration.getClusters());
    }

    @Test
    void findsClustersByTrimmedName(JenkinsRule r) {
        KubeOpsConfiguration.get().setClusters(List.of(new KubeCluster("prod-eu"), new KubeCluster("staging")));

        assertEquals("staging", KubeOpsConfiguration.get().findCluster(" staging ").orElseThrow().getName());
        assertTrue(KubeOpsConfiguration.get().findCluster("missing").isEmpty());
    }
}
