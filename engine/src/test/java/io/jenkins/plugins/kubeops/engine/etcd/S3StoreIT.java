package io.jenkins.plugins.kubeops.engine.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.kubeops.engine.common.Secret;
import io.jenkins.plugins.kubeops.engine.testing.EtcdServer;
import io.jenkins.plugins.kubeops.engine.testing.S3ProxyServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Backups of a real etcd into a real S3-compatible server (s3proxy with SigV4): round trip, multipart, failures. */
class S3StoreIT {

    @RegisterExtension
    static final EtcdServer ETCD = EtcdServer.plain();

    @RegisterExtension
    static final S3ProxyServer S3 = new S3ProxyServer("backups");

    @TempDir
    Path temp;

    private static S3Settings settings(String endpoint, String secret) {
        return new S3Settings(Optional.of(URI.create(endpoint)), "us-east-1", "backups", "etcd/test", true, Optional.empty(),
                Optional.of(S3ProxyServer.ACCESS_KEY), Optional.of(Secret.of(secret)), Duration.ofSeconds(2), Duration.ofSeconds(20));
    }

    @Test
    void backupListVerifyPruneAndDrillThroughS3() throws Exception {
        EtcdTestSupport.fill(ETCD, "/registry/secrets/kube-system/s-", 200, 1_000);
        long[] expected = EtcdTestSupport.etcdctlCountAndRevision(ETCD, List.of());
        try (S3Store store = new S3Store(settings(S3.endpoint(), S3ProxyServer.SECRET_KEY))) {
            SnapshotTaker taker = new EtcdTestSupport(temp.resolve("locks")).taker();
            BackupMetadata first = taker.backup(EtcdTestSupport.plainTarget("prod", ETCD.endpoint()), store,
                    BackupOptions.defaults(temp.resolve("work")));
            EtcdTestSupport.fill(ETCD, "/registry/secrets/kube-system/t-", 5, 100);
            BackupMetadata second = taker.backup(EtcdTestSupport.plainTarget("prod", ETCD.endpoint()), store,
                    BackupOptions.defaults(temp.resolve("work")));

            assertThat(first.keyCount()).isEqualTo(expected[0]);
            assertThat(first.revision()).isEqualTo(expected[1]);
            assertThat(Files.exists(S3.bucketDirectory("backups").resolve("etcd/test/" + first.object()))).isTrue();
            assertThat(BackupCatalog.list(store, "prod").backups()).containsExactly(second, first);
            assertThat(new BackupFetcher(Clock.systemUTC()).fetch(store, first, List.of(), temp.resolve("first.db")).keyCount())
                    .isEqualTo(expected[0]);

            RestoreDrill.Report drill = new RestoreDrill(Clock.systemUTC(), line -> { }).run(store, second, List.of(),
                    EtcdBinaries.find(Optional.of(ETCD.binaries()), Map.of()), temp.resolve("drill"), Duration.ofSeconds(60));
            assertThat(drill.passed()).as(drill.problem()).isTrue();
            assertThat(drill.actualKeys()).isEqualTo(expected[0] + 5);

            RetentionPlan plan = new Pruner(Clock.systemUTC(), line -> { }).prune(store, "prod",
                    new RetentionPolicy(1, Optional.empty(), 0, 0, 0, RetentionPolicy.DEFAULT_ORPHAN_GRACE), false);
            assertThat(plan.delete()).extracting(d -> d.backup().id()).containsExactly(first.id());
            assertThat(BackupCatalog.list(store, "prod").backups()).containsExactly(second);
            assertThat(store.list("prod/")).extracting(BackupStore.Entry::name)
                    .containsExactlyInAnyOrder(second.object(), second.metadataName());
        }
    }

    @Test
    void largeObjectsGoUpInPartsAndAnAbortedUploadLeavesNothing() throws Exception {
        byte[] data = new byte[S3MultipartUpload.PART_SIZE * 2 + 12_345];
        new Random(1).nextBytes(data);
        try (S3Store store = new S3Store(settings(S3.endpoint(), S3ProxyServer.SECRET_KEY))) {
            BackupStore.Upload upload = store.create("big/object.bin");
            try (OutputStream out = upload.stream()) {
                out.write(data);
            }
            upload.commit();
            try (InputStream in = store.open("big/object.bin")) {
                assertThat(in.readAllBytes()).isEqualTo(data);
            }

            BackupStore.Upload aborted = store.create("big/aborted.bin");
            aborted.stream().write(data);
            aborted.abort();
            assertThat(store.list("big/")).extracting(BackupStore.Entry::name).containsExactly("big/object.bin");
        }
    }

    @Test
    void wrongCredentialsAreRejectedWithAClearMessage() {
        try (S3Store store = new S3Store(settings(S3.endpoint(), "wrong-secret"))) {
            assertThatThrownBy(store::check)
                    .isInstanceOfSatisfying(EtcdException.class, e -> assertThat(e.failureCause()).isEqualTo(FailureCause.STORE_UNREACHABLE))
                    .hasMessageContaining("access denied").hasMessageContaining("secret key").hasMessageNotContaining("wrong-secret");
        }
    }

    @Test
    void aStoreThatIsDownFailsTheBackupWithTheStoresReason() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (S3Store store = new S3Store(settings("http://127.0.0.1:" + closedPort, S3ProxyServer.SECRET_KEY))) {
            Instant started = Instant.now();
            assertThatThrownBy(() -> new EtcdTestSupport(temp.resolve("locks")).taker().backup(
                    EtcdTestSupport.plainTarget("prod", ETCD.endpoint()), store, BackupOptions.defaults(temp.resolve("work"))))
                    .isInstanceOfSatisfying(EtcdException.class, e -> assertThat(e.failureCause()).isEqualTo(FailureCause.STORE_UNREACHABLE))
                    .hasMessageContaining("unreachable").hasMessageContaining("127.0.0.1:" + closedPort);
            assertThat(Duration.between(started, Instant.now())).isLessThan(Duration.ofSeconds(30));
        }
    }
}
