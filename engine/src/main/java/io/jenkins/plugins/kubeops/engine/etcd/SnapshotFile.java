package io.jenkins.plugins.kubeops.engine.etcd;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Verifies a snapshot file on disk (as {@code etcdctl snapshot save} writes it): size % 512 == 32, the SHA-256 trailer,
 * and the database inside (meta pages, page tree), returning its revision and key count. {@code etcdctl snapshot status}
 * checks none of the first two: a bit-flipped file passes it.
 */
public final class SnapshotFile {

    /** A verified file: the database's SHA-256 (as in its trailer) and what it holds. */
    public record Verified(String sha256, long bytes, long revision, long keyCount, long dbSizeBytes, String storageVersion) {
    }

    private SnapshotFile() {
    }

    public static Verified verify(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            SnapshotTrailer trailer = new SnapshotTrailer((bytes, offset, length) -> { });
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                trailer.write(buffer, 0, n);
            }
            String sha = trailer.finish();
            SnapshotContents contents = SnapshotContents.read(file, trailer.bytes() - SnapshotTrailer.TRAILER);
            return new Verified(sha, trailer.bytes(), contents.revision(), contents.keyCount(), contents.dbSizeBytes(),
                    contents.storageVersion());
        } catch (InvalidSnapshotException e) {
            FailureCause cause = e.failureCause();
            throw new EtcdException(cause, "snapshot file " + file + " is not valid: " + e.getMessage() + ".", e);
        } catch (IOException e) {
            throw new EtcdException(FailureCause.OTHER, "cannot read snapshot file " + file + ": " + e.getMessage(), e);
        }
    }
}
