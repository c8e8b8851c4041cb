package io.jenkins.plugins.kubeops.jenkins.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class EtcdBackupConfigurationTest {

    static EtcdClusterConfig prod() {
        EtcdClusterConfig prod = new EtcdClusterConfig("prod-eu");
        prod.setEndpoints("https://10.0.0.1:2379,https://10.0.0.2:2379");
        prod.setClientKeyCredentialsId("etcd-backup-key"); // need not exist: the list keeps the current value
        prod.setTimeoutSeconds(900);
        prod.setPreferFollower(true);
        return prod;
    }

    static EtcdStoreConfig s3() {
        EtcdStoreConfig s3 = new EtcdStoreConfig("nightly-s3");
        s3.setBucket("etcd-backups");
        s3.setS3Endpoint("https://minio.example.com:9000");
        s3.setPathStyle(true);
        s3.setPrefix("etcd");
        s3.setS3CredentialsId("minio-keys");
        return s3;
    }

    @Test
    void clustersAndStoresSurviveSubmittingTheSystemConfigurationPage(JenkinsRule r) throws Exception {
        EtcdStoreConfig nfs = new EtcdStoreConfig("nfs");
        nfs.setDirectory("/mnt/backups/etcd");
        EtcdBackupConfiguration.get().setClusters(List.of(prod()));
        EtcdBackupConfiguration.get().setStores(List.of(s3(), nfs));

        r.configRoundtrip();

        r.assertEqualDataBoundBeans(List.of(prod()), EtcdBackupConfiguration.get().getClusters());
        r.assertEqualDataBoundBeans(List.of(s3(), nfs), EtcdBackupConfiguration.get().getStores());
    }

    @Test
    void duplicateNamesAreRejectedWithTheEngineMessage(JenkinsRule r) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EtcdBackupConfiguration.get().setStores(List.of(s3(), s3())));
        assertTrue(e.getMessage().contains("[nightly-s3]"), e.getMessage());
        assertEquals(List.of(), EtcdBackupConfiguration.get().getStores());
    }

    @Test
    void findsByTrimmedName(JenkinsRule r) {
        EtcdBackupConfiguration.get().setClusters(List.of(prod()));
        assertEquals("prod-eu", EtcdBackupConfiguration.get().findCluster(" prod-eu ").orElseThrow().getName());
        assertTrue(EtcdBackupConfiguration.get().findStore("missing").isEmpty());
    }
}
