package io.jenkins.plugins.kubeops.engine.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.kubeops.engine.testing.EtcdServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A real etcd driven over its backend quota: the NOSPACE alarm is named, and the backup (read-only) still works. */
class EtcdNoSpaceIT {

    @RegisterExtension
    static final EtcdServer ETCD = EtcdServer.plain().withQuota(4L * 1024 * 1024);

    @TempDir
    Path temp;

    @Test
    void aClusterInNoSpaceIsStillBackedUpAndTheAlarmIsRecordedAndExplained() throws Exception {
        EtcdTarget target = EtcdTestSupport.plainTarget("full", ETCD.endpoint());
        EtcdException refused = null;
        try (EtcdClient client = EtcdClient.connect(target, URI.create(ETCD.endpoint()))) {
            byte[] value = new byte[512 * 1024];
            for (int i = 0; i < 40 && refused == null; i++) {
                try {
                    client.put("/fill/" + i, value);
                } catch (EtcdException e) {
                    refused = e;
                }
            }
        }
        assertThat(refused).as("etcd refused writes over its 4 MiB quota").isNotNull();
        assertThat(refused.failureCause()).isEqualTo(FailureCause.ETCD_NOSPACE);
        assertThat(refused.getMessage()).contains("NOSPACE").contains("alarm disarm");

        EtcdTestSupport support = new EtcdTestSupport(temp.resolve("locks"));
        BackupMetadata backup = support.taker().backup(target, new FilesystemStore(Files.createDirectories(temp.resolve("store"))),
                BackupOptions.defaults(temp.resolve("work")));

        assertThat(backup.alarms()).singleElement().asString().startsWith("NOSPACE@");
        assertThat(support.log).anyMatch(line -> line.contains("NOSPACE") && line.contains("the backup goes on"));
        assertThatThrownBy(() -> {
            try (EtcdClient client = EtcdClient.connect(target, URI.create(ETCD.endpoint()))) {
                client.put("/after", new byte[10]);
            }
        }).isInstanceOfSatisfying(EtcdException.class, e -> assertThat(e.failureCause()).isEqualTo(FailureCause.ETCD_NOSPACE));
    }
}
