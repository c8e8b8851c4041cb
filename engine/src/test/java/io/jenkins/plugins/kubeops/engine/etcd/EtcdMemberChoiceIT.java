package io.jenkins.plugins.kubeops.engine.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.kubeops.engine.testing.EtcdCluster;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A real three-member cluster: the snapshot comes from a follower when asked, and from a live member when one is down. */
class EtcdMemberChoiceIT {

    @RegisterExtension
    static final EtcdCluster ETCD = new EtcdCluster(3);

    @TempDir
    Path temp;

    private BackupMetadata backup(List<String> endpoints, boolean preferFollower) throws Exception {
        EtcdTarget target = new EtcdTarget("three", endpoints.stream().map(URI::create).toList(), Optional.empty(),
                Duration.ofSeconds(2), Duration.ofSeconds(30), preferFollower);
        return new EtcdTestSupport(temp.resolve("locks")).taker().backup(target,
                new FilesystemStore(Files.createDirectories(temp.resolve("store"))), BackupOptions.defaults(temp.resolve("work")));
    }

    private String leaderEndpoint() {
        EtcdTarget target = EtcdTestSupport.plainTarget("three", ETCD.endpoints().get(0));
        for (String endpoint : ETCD.endpoints()) {
            try (EtcdClient client = EtcdClient.connect(target, URI.create(endpoint))) {
                if (client.status().isLeader()) {
                    return endpoint;
                }
            }
        }
        throw new AssertionError("no leader");
    }

    @Test
    void takesTheSnapshotFromAFollowerWhenAskedAndFromTheFirstMemberOtherwise() throws Exception {
        ETCD.etcdctl("put", "/a", "1");
        String leader = leaderEndpoint();
        List<String> leaderFirst = new ArrayList<>(ETCD.endpoints());
        leaderFirst.remove(leader);
        leaderFirst.add(0, leader);

        BackupMetadata fromFollower = backup(leaderFirst, true);
        BackupMetadata fromFirst = backup(leaderFirst, false);

        assertThat(fromFollower.endpoint()).isNotEqualTo(leader);
        assertThat(fromFirst.endpoint()).isEqualTo(leader);
        assertThat(fromFollower.keyCount()).isEqualTo(fromFirst.keyCount()).isEqualTo(1);
        assertThat(fromFollower.memberName()).startsWith("m");
    }

    @Test
    void aStoppedMemberIsSkipped() throws Exception {
        ETCD.stop(2);

        BackupMetadata backup = backup(List.of(ETCD.endpoints().get(2), ETCD.endpoints().get(0), ETCD.endpoints().get(1)), false);

        assertThat(backup.endpoint()).isEqualTo(ETCD.endpoints().get(0));
    }
}
