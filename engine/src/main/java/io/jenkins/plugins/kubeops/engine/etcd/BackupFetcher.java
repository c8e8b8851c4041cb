package io.jenkins.plugins.kubeops.engine.etcd;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Fetches a stored backup and verifies it again, end to end: the stored object's checksum, decryption (authenticated, per
 * segment), decompression, the snapshot's SHA-256 trailer and size, and the database's revision and key count against the
 * metadata. The result is a snapshot file that {@code etcdutl snapshot restore} accepts.
 */
public final class BackupFetcher {

    /** What a verification found; {@code snapshot} is the restorable file when one was asked for. */
    public record Verified(BackupMetadata backup, long revision, long keyCount, Duration duration) {
        public java.util.Map<String, Object> toMap() {
            java.util.Map<String, Object> map = new java.util.LinkedHashMap<>();
            map.put("id", backup.id());
            map.put("cluster", backup.cluster());
            map.put("verified", true);
            map.put("revision", revision);
            map.put("keyCount", keyCount);
            map.put("storedSha256", backup.storedSha256());
            map.put("snapshotSha256", backup.snapshotSha256());
            map.put("durationMillis", duration.toMillis());
            return map;
        }
    }

    private final Clock clock;

    public BackupFetcher(Clock clock) {
        this.clock = clock;
    }

    /**
     * Downloads {@code backup} into {@code destination} (a snapshot file) and verifies it; the file is written under a
     * temporary name and renamed only when everything matched, so a failed check leaves no file behind.
     *
     * @param keys the current and previous encryption keys (needed for encrypted backups)
     */
    public Verified fetch(BackupStore store, BackupMetadata backup, List<EncryptionKey> keys, Path destination) {
        Instant started = clock.instant();
        Path absolute = destination.toAbsolutePath();
        Path partial = absolute.resolveSibling("." + absolute.getFileName() + ".partial");
        try {
            Files.createDirectories(absolute.getParent());
            MessageDigest storedDigest = SnapshotTaker.sha256();
            SnapshotTrailer trailer;
            try (InputStream raw = store.open(backup.object());
                 DigestInputStream digested = new DigestInputStream(raw, storedDigest);
                 InputStream plain = backup.encryptionKeyId().isPresent() ? SegmentedAesGcm.decrypt(digested, keys) : digested;
                 InputStream snapshot = DecompressedSnapshot.of(plain, backup.compression());
                 OutputStream out = Files.newOutputStream(partial)) {
                trailer = new SnapshotTrailer(out::write);
                byte[] buffer = new byte[1 << 16];
                int n;
                try {
                    while ((n = snapshot.read(buffer)) >= 0) {
                        trailer.write(buffer, 0, n);
                    }
                } catch (InvalidSnapshotException | SegmentedAesGcm.EncryptedDataException damaged) {
                    // What a person acts on first: whether the stored object changed after it was written.
                    digested.transferTo(OutputStream.nullOutputStream());
                    checkStoredSha(backup, Hex.of(storedDigest.digest()), damaged.getMessage());
                    throw damaged;
                }
                digested.transferTo(OutputStream.nullOutputStream()); // the checksum covers every stored byte
            }
            checkStoredSha(backup, Hex.of(storedDigest.digest()), "");
            String snapshotSha = trailer.finish();
            if (!snapshotSha.equals(backup.snapshotSha256())) {
                throw new EtcdException(FailureCause.CHECKSUM_MISMATCH, "backup " + backup.id() + " holds a snapshot with "
                        + "SHA-256 " + snapshotSha + " but its metadata says " + backup.snapshotSha256() + "; use another backup.");
            }
            SnapshotContents contents = SnapshotContents.read(partial, trailer.bytes() - SnapshotTrailer.TRAILER);
            if (contents.revision() != backup.revision() || contents.keyCount() != backup.keyCount()) {
                throw new EtcdException(FailureCause.INVALID_SNAPSHOT, "backup " + backup.id() + " holds revision "
                        + contents.revision() + " with " + contents.keyCount() + " keys, but its metadata says revision "
                        + backup.revision() + " with " + backup.keyCount() + " keys; use another backup.");
            }
            Files.move(partial, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new Verified(backup, contents.revision(), contents.keyCount(), Duration.between(started, clock.instant()));
        } catch (SegmentedAesGcm.EncryptedDataException e) {
            throw new EtcdException(FailureCause.CHECKSUM_MISMATCH, "backup " + backup.id() + " cannot be decrypted: "
                    + e.getMessage() + ".", e);
        } catch (InvalidSnapshotException e) {
            FailureCause cause = e.failureCause();
            throw new EtcdException(cause, "backup " + backup.id() + " is not a valid snapshot: " + e.getMessage() + ".", e);
        } catch (IOException e) {
            throw new EtcdException(FailureCause.STORE_UNREACHABLE, "cannot fetch backup " + backup.id() + " from " + store.describe() + ": "
                    + e.getMessage() + ".", e);
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // nothing useful to do
            }
        }
    }

    private static void checkStoredSha(BackupMetadata backup, String storedSha, String problem) {
        if (!storedSha.equals(backup.storedSha256())) {
            throw new EtcdException(FailureCause.CHECKSUM_MISMATCH, "backup " + backup.id() + " (" + backup.object()
                    + ") was changed after it was stored: its SHA-256 is " + storedSha + " but its metadata says "
                    + backup.storedSha256() + (problem.isEmpty() ? "" : " (" + problem + ")") + "; use another backup.");
        }
    }
}
