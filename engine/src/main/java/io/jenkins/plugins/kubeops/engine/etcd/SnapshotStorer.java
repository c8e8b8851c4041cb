package io.jenkins.plugins.kubeops.engine.etcd;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Stores one snapshot, whatever it comes from (a member's snapshot stream, a file someone brings): it streams through the
 * trailer check into a local spool (for reading the database afterwards) and, at the same time, through compression,
 * encryption and a checksum into the store. Only when the trailer matches and the database opens is the object committed;
 * a failed snapshot never becomes visible.
 */
final class SnapshotStorer {

    /** Where the snapshot bytes come from; returns the storage version the source reports, or "" when it reports none. */
    @FunctionalInterface
    interface Source {
        String pump(SnapshotDownload.Sink sink) throws IOException;
    }

    /** What was stored: sizes and checksums of the snapshot and of the stored object, and what the database holds. */
    record Stored(long snapshotBytes, String snapshotSha256, long storedBytes, String storedSha256, SnapshotContents contents,
                  String storageVersion, boolean deepChecked) {
    }

    private SnapshotStorer() {
    }

    /**
     * @param origin     where the snapshot comes from, for messages ("the snapshot from http://10.0.0.1:2379")
     * @param storeReady the store's check, which may still run while the snapshot streams: its failure stops the snapshot
     *                   as soon as it is known, and nothing is verified or committed before it passed
     */
    static Stored store(Source source, String origin, BackupStore store, CompletableFuture<Void> storeReady, String object,
                        BackupOptions options, Instant deadline, SecureRandom nonces) {
        Path spool = null;
        BackupStore.Upload upload = null;
        try {
            Files.createDirectories(options.workDir());
            spool = Files.createTempFile(options.workDir(), "kube-ops-etcd-", ".db");
            upload = store.create(object);
            MessageDigest storedDigest = SnapshotTaker.sha256();
            CountingStream counted = new CountingStream(new DigestOutputStream(upload.stream(), storedDigest));
            OutputStream sealed = options.encryption().isPresent()
                    ? SegmentedAesGcm.encrypt(counted, options.encryption().get(), nonces) : counted;
            OutputStream compressed = options.compression().compress(sealed);
            String reportedVersion;
            SnapshotTrailer trailer;
            try (FileChannel spoolFile = FileChannel.open(spool, StandardOpenOption.WRITE)) {
                trailer = new SnapshotTrailer((bytes, offset, length) -> {
                    if (storeReady.isCompletedExceptionally()) {
                        awaitStore(storeReady);
                    }
                    ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
                    while (buffer.hasRemaining()) {
                        spoolFile.write(buffer);
                    }
                    compressed.write(bytes, offset, length);
                });
                reportedVersion = source.pump(trailer);
                compressed.close();
            }
            awaitStore(storeReady);
            String snapshotSha = trailer.finish();
            SnapshotContents contents = SnapshotContents.read(spool, trailer.bytes() - SnapshotTrailer.TRAILER);
            boolean deepChecked = false;
            if (options.deepCheck().isPresent()) {
                DeepCheck.run(spool, contents, options.deepCheck().get(), options.workDir(), deadline);
                deepChecked = true;
            }
            upload.commit();
            String storageVersion = reportedVersion.isEmpty() ? contents.storageVersion() : reportedVersion;
            return new Stored(trailer.bytes(), snapshotSha, counted.count, Hex.of(storedDigest.digest()), contents,
                    storageVersion, deepChecked);
        } catch (StoreWriteException e) {
            abort(upload);
            throw e.explained();
        } catch (InvalidSnapshotException e) {
            abort(upload);
            FailureCause cause = e.failureCause();
            throw new EtcdException(cause, origin + " failed verification and was not stored: " + e.getMessage() + ".", e);
        } catch (IOException e) {
            abort(upload);
            throw new EtcdException(FailureCause.OTHER, "the backup failed and was not stored: " + e.getMessage()
                    + " (work directory " + options.workDir() + ")", e);
        } catch (RuntimeException e) {
            abort(upload);
            throw e;
        } finally {
            if (spool != null) {
                try {
                    Files.deleteIfExists(spool);
                } catch (IOException ignored) {
                    // a leftover temp file in the work directory is harmless
                }
            }
        }
    }

    /** Returns once the store passed its check; throws its failure when it did not. */
    static void awaitStore(CompletableFuture<Void> storeReady) {
        try {
            storeReady.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw e;
        }
    }

    private static void abort(BackupStore.Upload upload) {
        if (upload != null) {
            upload.abort();
        }
    }

    private static final class CountingStream extends java.io.FilterOutputStream {
        private long count;

        CountingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
            count += length;
        }
    }
}
