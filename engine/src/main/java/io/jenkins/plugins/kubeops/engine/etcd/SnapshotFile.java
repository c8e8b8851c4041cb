package io.jenkins.plugins.kubeops.engine.etcd;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A snapshot file someone brings (from {@code etcdctl snapshot save}, RKE2/k3s, kubeadm, another tool), plain or compressed
 * with gzip or zstd — told by its first bytes, not its name. Verifying it checks what {@code etcdctl snapshot status} does
 * not: the size rule and the SHA-256 trailer; then the database inside (meta pages, page tree), returning its revision and
 * key count. Every failure says what is wrong with the file ({@link SnapshotProblems}).
 */
public final class SnapshotFile {

    /** A verified file: the database's SHA-256 (as in its trailer) and what it holds. */
    public record Verified(Path file, String sha256, long bytes, long revision, long keyCount, long dbSizeBytes,
                           String storageVersion, Compression compression, long fileBytes, Instant fileModifiedAt) {

        /** One line for a person: what the file holds and that it is valid (the CLI's output, the step's log). */
        public String describe() {
            String holding = compression == Compression.NONE ? bytes + " bytes"
                    : compression.label() + ", " + fileBytes + " bytes holding a snapshot of " + bytes + " bytes";
            return "Snapshot file " + file + " is valid (" + holding + "): revision " + revision + ", " + keyCount
                    + " keys, database " + dbSizeBytes + " bytes, SHA-256 " + sha256
                    + (storageVersion.isEmpty() ? "" : ", storage version " + storageVersion);
        }

        public Map<String, Object> toMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("file", file.toString());
            map.put("verified", true);
            map.put("compression", compression.label());
            map.put("fileBytes", fileBytes);
            map.put("fileModifiedAt", fileModifiedAt.toString());
            map.put("snapshotBytes", bytes);
            map.put("snapshotSha256", sha256);
            map.put("dbSizeBytes", dbSizeBytes);
            map.put("revision", revision);
            map.put("keyCount", keyCount);
            map.put("storageVersion", storageVersion);
            return map;
        }
    }

    private SnapshotFile() {
    }

    /** Verifies a file; a compressed one is decompressed into a temporary file in the system's temporary directory. */
    public static Verified verify(Path file) {
        return verify(file, Path.of(System.getProperty("java.io.tmpdir")));
    }

    /**
     * Verifies a file; a compressed one is decompressed into a temporary file in {@code workDir} (the database is read with
     * random access) which is removed afterwards.
     *
     * @throws EtcdException with {@link FailureCause#INVALID_SNAPSHOT} or {@link FailureCause#CHECKSUM_MISMATCH} and a
     *                       sentence about the file, or {@link FailureCause#OTHER} when it cannot be read at all
     */
    public static Verified verify(Path file, Path workDir) {
        Path spool = null;
        try {
            Compression compression = compressionOf(file);
            Path database = file;
            SnapshotTrailer trailer;
            if (compression == Compression.NONE) {
                trailer = new SnapshotTrailer((bytes, offset, length) -> { });
                pump(file, compression, trailer);
            } else {
                Files.createDirectories(workDir);
                spool = Files.createTempFile(workDir, "kube-ops-etcd-verify-", ".db");
                try (OutputStream out = Files.newOutputStream(spool)) {
                    trailer = new SnapshotTrailer(out::write);
                    pump(file, compression, trailer);
                }
                database = spool;
            }
            String sha = trailer.finish();
            SnapshotContents contents = SnapshotContents.read(database, trailer.bytes() - SnapshotTrailer.TRAILER);
            return new Verified(file, sha, trailer.bytes(), contents.revision(), contents.keyCount(), contents.dbSizeBytes(),
                    contents.storageVersion(), compression, Files.size(file), Files.getLastModifiedTime(file).toInstant());
        } catch (InvalidSnapshotException e) {
            throw new EtcdException(e.failureCause(), "snapshot file " + file + " is not valid: " + e.getMessage() + ".", e);
        } catch (NoSuchFileException e) {
            throw new EtcdException(FailureCause.OTHER, "snapshot file " + file + " does not exist: check the path.", e);
        } catch (IOException e) {
            throw new EtcdException(FailureCause.OTHER, "cannot read snapshot file " + file + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(spool);
        }
    }

    /**
     * How the file is compressed, from its first bytes.
     *
     * @throws InvalidSnapshotException naming what the file is when it cannot hold a snapshot (text, an archive, ...)
     */
    static Compression compressionOf(Path file) throws IOException {
        byte[] head = new byte[FileKind.HEAD];
        int length;
        try (InputStream in = Files.newInputStream(file)) {
            length = in.readNBytes(head, 0, head.length);
        }
        FileKind kind = FileKind.detect(head, length);
        if (kind.compression().isPresent()) {
            return kind.compression().get();
        }
        String hint = switch (kind) {
            case KUBE_OPS_ENCRYPTED -> ": it is a stored Kube Ops backup, which 'kube-ops etcd verify' checks with its "
                    + "metadata and key";
            case ZIP -> ": k3s and RKE2 compress snapshots as ZIP archives; unzip it and give the file inside";
            case XZ, BZIP2, LZ4 -> ": decompress it first (gzip and zstd are read directly)";
            default -> ", where a snapshot starts with a bbolt database page";
        };
        throw new InvalidSnapshotException("not an etcd snapshot: it is " + FileKind.describe(head, length) + hint);
    }

    /** Streams the snapshot inside the file (decompressed) into {@code sink}. */
    static void pump(Path file, Compression compression, SnapshotDownload.Sink sink) throws IOException {
        try (InputStream in = DecompressedSnapshot.of(new BufferedInputStream(Files.newInputStream(file), 1 << 16), compression)) {
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                sink.write(buffer, 0, n);
            }
        }
    }

    private static void deleteQuietly(Path path) {
        if (path != null) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // a leftover temporary file is harmless
            }
        }
    }
}
