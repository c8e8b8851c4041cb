package io.jenkins.plugins.kubeops.jenkins.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jenkins.plugins.casc.misc.ConfiguredWithCode;
import io.jenkins.plugins.casc.misc.JenkinsConfiguredWithCodeRule;
import io.jenkins.plugins.casc.misc.junit.jupiter.WithJenkinsConfiguredWithCode;
import java.util.List;
import org.junit.jupiter.api.Test;

@WithJenkinsConfiguredWithCode
class EtcdBackupConfigurationCascTest {

    @Test
    @ConfiguredWithCode("etcd-configuration-as-code.yml")
    void importsClustersAndStores(JenkinsConfiguredWithCodeRule j) throws Exception {
        j.assertEqualDataBoundBeans(List.of(EtcdBackupConfigurationTest.prod()), EtcdBackupConfiguration.get().getClusters());
        j.assertEqualDataBoundBeans(List.of(EtcdBackupConfigurationTest.s3()), EtcdBackupConfiguration.get().getStores());
        assertEquals(900, EtcdBackupConfiguration.get().findCluster("prod-eu").orElseThrow().getTimeoutSeconds());
    }
}
