package io.jenkins.plugins.kubeops.engine.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store is checked while the snapshot already streams: its failure stops the snapshot and nothing is stored. */
class SnapshotStorerTest {

    private static final int CHUNK = 32 * 1024;

    @TempDir
    Path temp;

    private final EtcdException storeDown = new EtcdException(FailureCause.STORE_UNREACHABLE,
            "the S3 server at http://127.0.0.1:1 is unreachable");

    @Test
    void aStoreCheckThatFailsWhileTheSnapshotStreamsStopsItAtTheNextChunk() throws Exception {
        byte[] snapshot = SnapshotStreamTest.snapshot(64);
        CompletableFuture<Void> storeReady = new CompletableFuture<>();
        AtomicInteger chunksTaken = new AtomicInteger();
        Path store = Files.createDirectories(temp.resolve("store"));

        assertThatThrownBy(() -> SnapshotStorer.store(sink -> {
            for (int offset = 0; offset < snapshot.length; offset += CHUNK) {
                if (chunksTaken.incrementAndGet() == 3) {
                    storeReady.completeExceptionally(storeDown);
                }
                sink.write(snapshot, offset, Math.min(CHUNK, snapshot.length - offset));
            }
            return "";
        }, "the snapshot from http://127.0.0.1:2379", new FilesystemStore(store), storeReady, "prod/1.db.zst", options(),
                Instant.now().plusSeconds(60), new SecureRandom())).isSameAs(storeDown);

        assertThat(chunksTaken).hasValue(3);
        assertNothingLeft(store);
    }

    @Test
    void aStoreCheckThatFailsAfterTheLastChunkStillKeepsTheSnapshotOutOfTheStore() throws Exception {
        byte[] snapshot = SnapshotStreamTest.snapshot(4);
        CompletableFuture<Void> storeReady = new CompletableFuture<>();
        Path store = Files.createDirectories(temp.resolve("store"));

        assertThatThrownBy(() -> SnapshotStorer.store(sink -> {
            sink.write(snapshot, 0, snapshot.length);
            storeReady.completeExceptionally(storeDown);
            return "";
        }, "the snapshot from http://127.0.0.1:2379", new FilesystemStore(store), storeReady, "prod/1.db.zst", options(),
                Instant.now().plusSeconds(60), new SecureRandom())).isSameAs(storeDown);

        assertNothingLeft(store);
    }

    private BackupOptions options() {
        return BackupOptions.defaults(temp.resolve("work"));
    }

    private void assertNothingLeft(Path store) throws Exception {
        try (Stream<Path> files = Files.walk(store)) {
            assertThat(files.filter(Files::isRegularFile).toList()).as("objects and partial files in the store").isEmpty();
        }
        assertThat(temp.resolve("work")).isEmptyDirectory();
    }
}
