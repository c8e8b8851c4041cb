package io.jenkins.plugins.kubeops.engine.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged compressed snapshots and files that are no snapshots, read by the real decompressors: what a person is told,
 * never the decompressor's own words.
 */
class DamagedFilesTest {

    private static final String[] DECOMPRESSOR_WORDS = {"Unknown frame descriptor", "Restored data doesn't match checksum",
        "ZLIB", "Corrupt GZIP trailer", "Not in GZIP format", "frame", "Zstd"};

    @TempDir
    Path temp;

    private static byte[] compress(Compression compression, byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = compression.compress(bytes)) {
            out.write(data);
        }
        return bytes.toByteArray();
    }

    /** The problem reading {@code stored} reports, with its cause; "read" when it reads to the end. */
    private static String readProblem(Compression compression, byte[] stored) {
        try (InputStream in = DecompressedSnapshot.of(new ByteArrayInputStream(stored), compression)) {
            in.transferTo(OutputStream.nullOutputStream());
            return "read";
        } catch (InvalidSnapshotException e) {
            return e.failureCause() + ": " + e.getMessage();
        } catch (IOException e) {
            throw new AssertionError("not translated: " + e, e);
        }
    }

    private static void assertNoDecompressorWords(String message) {
        for (String words : DECOMPRESSOR_WORDS) {
            assertThat(message).doesNotContain(words);
        }
    }

    @Test
    void aTruncatedCompressedFileIsCalledTruncated() throws Exception {
        byte[] snapshot = SnapshotStreamTest.snapshot(40);
        for (Compression compression : new Compression[] {Compression.ZSTD, Compression.GZIP}) {
            byte[] stored = compress(compression, snapshot);

            String problem = readProblem(compression, Arrays.copyOf(stored, stored.length / 2));

            assertThat(problem).as(compression.label()).startsWith("INVALID_SNAPSHOT: the " + compression.label()
                    + " data stops in the middle").endsWith("the compressed file is truncated (copy cut short?)");
            assertNoDecompressorWords(problem);
        }
    }

    @Test
    void aFlippedBitInCompressedDataIsCalledAChangeAfterWriting() throws Exception {
        byte[] snapshot = SnapshotStreamTest.snapshot(40);
        for (Compression compression : new Compression[] {Compression.ZSTD, Compression.GZIP}) {
            byte[] stored = compress(compression, snapshot);
            stored[stored.length / 2] ^= 0x10;

            String problem = readProblem(compression, stored);

            assertThat(problem).as(compression.label()).startsWith("CHECKSUM_MISMATCH: the " + compression.label())
                    .contains("changed after it was written");
            assertNoDecompressorWords(problem);
        }
    }

    @Test
    void bytesAppendedToAZstdFileAreNamedAsSuch() throws Exception {
        byte[] stored = compress(Compression.ZSTD, SnapshotStreamTest.snapshot(10));
        byte[] appended = Arrays.copyOf(stored, stored.length + 100);
        Arrays.fill(appended, stored.length, appended.length, (byte) 'x');

        String problem = readProblem(Compression.ZSTD, appended);

        assertThat(problem).startsWith("INVALID_SNAPSHOT: the zstd data is followed by bytes that are not zstd (after 40992 "
                + "bytes of snapshot)").contains("appended");
        assertNoDecompressorWords(problem);
    }

    @Test
    void failuresOfTheSourceItselfPassUnchanged() {
        IOException network = new IOException("connection reset by the store");
        InputStream failing = new InputStream() {
            @Override
            public int read() throws IOException {
                throw network;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                throw network;
            }
        };

        assertThatThrownBy(() -> DecompressedSnapshot.of(failing, Compression.ZSTD).read(new byte[10])).isSameAs(network);
        assertThatThrownBy(() -> DecompressedSnapshot.of(failing, Compression.GZIP).read(new byte[10])).isSameAs(network);
    }

    @Test
    void theKindOfAFileIsToldByItsFirstBytesNotItsName() throws Exception {
        byte[] snapshot = SnapshotStreamTest.snapshot(3);
        Path zstdNamedGz = temp.resolve("snapshot.db.gz");
        Files.write(zstdNamedGz, compress(Compression.ZSTD, snapshot));
        Path gzipNamedDb = temp.resolve("snapshot.db");
        Files.write(gzipNamedDb, compress(Compression.GZIP, snapshot));
        Path plainNamedZst = temp.resolve("snapshot.zst");
        Files.write(plainNamedZst, snapshot);

        assertThat(SnapshotFile.compressionOf(zstdNamedGz)).isEqualTo(Compression.ZSTD);
        assertThat(SnapshotFile.compressionOf(gzipNamedDb)).isEqualTo(Compression.GZIP);
        assertThat(SnapshotFile.compressionOf(plainNamedZst)).isEqualTo(Compression.NONE);
    }

    @Test
    void filesThatCannotHoldASnapshotAreNamedWithAHint() throws Exception {
        assertThat(notASnapshot("PK\u0003\u0004k3s-snapshot".getBytes(StandardCharsets.ISO_8859_1)))
                .isEqualTo("not an etcd snapshot: it is a ZIP archive: k3s and RKE2 compress snapshots as ZIP archives; "
                        + "unzip it and give the file inside");
        assertThat(notASnapshot("apiVersion: v1\nkind: Secret\n".getBytes(StandardCharsets.UTF_8)))
                .startsWith("not an etcd snapshot: it is text starting with 'apiVersion: v1 kind: Secret'");
        assertThat(notASnapshot("KOPSENC1a1b2c3d4e5f60718".getBytes(StandardCharsets.US_ASCII)))
                .contains("stored Kube Ops backup").contains("kube-ops etcd verify");
        assertThat(notASnapshot(new byte[] {(byte) 0xfd, '7', 'z', 'X', 'Z', 0, 1})).contains("xz-compressed data")
                .contains("decompress it first");
        assertThat(notASnapshot(new byte[0])).isEqualTo("not an etcd snapshot: it is an empty file, where a snapshot "
                + "starts with a bbolt database page");
    }

    private String notASnapshot(byte[] content) throws IOException {
        Path file = Files.write(temp.resolve("file-" + content.length), content);
        try {
            SnapshotFile.compressionOf(file);
            return "accepted";
        } catch (InvalidSnapshotException e) {
            return e.getMessage();
        }
    }

    @Test
    void aFileCompressedTwiceIsNamedAsSuch() throws Exception {
        byte[] twice = compress(Compression.GZIP, compress(Compression.ZSTD, SnapshotStreamTest.snapshot(3)));
        Path file = Files.write(temp.resolve("snapshot.db.zst.gz"), twice);

        assertThatThrownBy(() -> SnapshotFile.verify(file, temp.resolve("work")))
                .hasMessageEndingWith("not an etcd snapshot yet: it holds zstd-compressed data again, compressed twice? "
                        + "Decompress it once and verify the result.");
    }

    @Test
    void verifyingAFileNamesTheFileAndTheProblem() throws Exception {
        byte[] snapshot = SnapshotStreamTest.snapshot(3);
        Path truncated = Files.write(temp.resolve("etcd-snapshot.db.zst"), compress(Compression.ZSTD,
                Arrays.copyOf(snapshot, snapshot.length - 100)));

        assertThatThrownBy(() -> SnapshotFile.verify(truncated, temp.resolve("work")))
                .isInstanceOfSatisfying(EtcdException.class, e -> assertThat(e.failureCause()).isEqualTo(FailureCause.INVALID_SNAPSHOT))
                .hasMessage("snapshot file " + truncated + " is not valid: the data ends 100 bytes early (a snapshot of this "
                        + "database is 12320 bytes (3 pages of 4096 bytes and the 32-byte SHA-256 trailer), there are 12220): "
                        + "truncated copy?.");
        assertThat(temp.resolve("work")).isEmptyDirectory();
        assertThatThrownBy(() -> SnapshotFile.verify(temp.resolve("missing.db"))).hasMessageContaining("does not exist");
    }
}
