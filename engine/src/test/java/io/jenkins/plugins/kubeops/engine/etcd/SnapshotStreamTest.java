package io.jenkins.plugins.kubeops.engine.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The streaming checks on a snapshot, fed in chunks of every size: the trailer is found wherever the chunks end. */
class SnapshotStreamTest {

    /** Random pages behind a valid bbolt meta page that announces {@code pages} pages of 4096 bytes, and the trailer. */
    static byte[] snapshot(int pages) throws Exception {
        byte[] database = new byte[pages * 4096];
        new Random(pages).nextBytes(database);
        java.nio.ByteBuffer meta = java.nio.ByteBuffer.wrap(database, 0, 80).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        meta.putLong(0, 0).putShort(8, (short) 0x04).putShort(10, (short) 0).putInt(12, 0);
        meta.putInt(16, BoltDatabase.MAGIC).putInt(20, 2).putInt(24, 4096).putInt(28, 0).putLong(32, 3).putLong(40, 0)
                .putLong(48, 2).putLong(56, pages).putLong(64, 1);
        meta.putLong(72, BoltDatabase.fnv1a64(database, 16, 56));
        byte[] sha = MessageDigest.getInstance("SHA-256").digest(database);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(database);
        out.write(sha);
        return out.toByteArray();
    }

    static String feed(byte[] data, int chunk) throws Exception {
        ByteArrayOutputStream passed = new ByteArrayOutputStream();
        SnapshotTrailer trailer = new SnapshotTrailer(passed::write);
        for (int i = 0; i < data.length; i += chunk) {
            trailer.write(data, i, Math.min(chunk, data.length - i));
        }
        String sha = trailer.finish();
        assertThat(passed.toByteArray()).isEqualTo(data);
        return sha;
    }

    @Test
    void acceptsAnIntactSnapshotWhateverTheChunkSize() throws Exception {
        byte[] data = snapshot(3);
        String expected = java.util.HexFormat.of().formatHex(java.util.Arrays.copyOfRange(data, data.length - 32, data.length));
        for (int chunk : new int[] {1, 7, 31, 32, 33, 4096, 32 * 1024, data.length}) {
            assertThat(feed(data, chunk)).as("chunk " + chunk).isEqualTo(expected);
        }
    }

    private static String problem(byte[] data) {
        try {
            feed(data, 1000);
            return "no problem";
        } catch (InvalidSnapshotException e) {
            return e.failureCause() + ": " + e.getMessage();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void saysHowManyBytesATruncatedSnapshotLacks() throws Exception {
        byte[] data = snapshot(3);

        assertThat(problem(java.util.Arrays.copyOf(data, data.length - 100)))
                .startsWith("INVALID_SNAPSHOT: the data ends 100 bytes early").endsWith("truncated copy?");
        // cut by whole pages the size rule still holds: the meta page's page count tells
        assertThat(problem(java.util.Arrays.copyOf(data, data.length - 4096))).contains("ends 4096 bytes early");
    }

    @Test
    void tellsAnIntactSnapshotWithBytesAppendedFromADamagedOne() throws Exception {
        byte[] data = snapshot(3);
        byte[] appended = java.util.Arrays.copyOf(data, data.length + 700);
        byte[] damagedAndAppended = appended.clone();
        damagedAndAppended[5000] ^= 1;

        assertThat(problem(appended)).startsWith("INVALID_SNAPSHOT: the snapshot is intact but followed by 700 more bytes")
                .contains("cut the file to " + data.length + " bytes");
        assertThat(problem(damagedAndAppended)).contains("700 bytes longer than a snapshot should be");
    }

    @Test
    void namesABitFlipAsAChangeAfterWritingAndABareDatabaseAsOne() throws Exception {
        byte[] data = snapshot(3);
        byte[] flipped = data.clone();
        flipped[5000] ^= 4;

        assertThat(problem(flipped)).isEqualTo("CHECKSUM_MISMATCH: the SHA-256 trailer does not match: the data was changed "
                + "after it was written (a flipped bit on disk or in transit?)");
        assertThat(problem(java.util.Arrays.copyOf(data, data.length - 32))).startsWith("INVALID_SNAPSHOT: the data is a "
                + "bare bbolt database without the 32-byte SHA-256 trailer");
    }

    @Test
    void withoutAReadableMetaPageFallsBackToTheSizeRuleAndSaysWhatTheDataIs() throws Exception {
        byte[] data = snapshot(3);
        byte[] brokenMeta = data.clone();
        brokenMeta[40] ^= 1; // checksum of the only meta page fails; the trailer no longer matches either
        byte[] text = "{\"kind\": \"Secret\"}\n".repeat(400).getBytes(java.nio.charset.StandardCharsets.UTF_8);

        assertThat(problem(java.util.Arrays.copyOf(brokenMeta, brokenMeta.length - 1))).contains("size % 512 == 32")
                .contains("neither of its meta pages");
        assertThat(problem(brokenMeta)).startsWith("CHECKSUM_MISMATCH: the SHA-256 trailer does not match");
        assertThat(problem(text)).startsWith("INVALID_SNAPSHOT: not an etcd snapshot: it is text starting with '{\"kind\": \"Secret\"}");
        assertThat(problem(java.util.Arrays.copyOf(data, 100))).contains("ends " + (data.length - 100) + " bytes early");
    }

    @Test
    void readsSnapshotResponsesFromTheirWireBytes() {
        // header{member_id=5, revision=300 (varint ac 02)}, remaining_bytes=2, blob="abc", version="3.6.0"
        byte[] message = {0x0a, 0x05, 0x10, 0x05, 0x18, (byte) 0xac, 0x02, 0x10, 0x02, 0x1a, 0x03, 'a', 'b', 'c',
                0x22, 0x05, '3', '.', '6', '.', '0'};

        SnapshotChunk chunk = SnapshotChunk.parse(message);

        assertThat(new String(message, chunk.blobOffset(), chunk.blobLength())).isEqualTo("abc");
        assertThat(chunk.remainingBytes()).isEqualTo(2);
        assertThat(chunk.headerRevision()).isEqualTo(300);
        assertThat(chunk.headerMemberId()).isEqualTo(5);
        assertThat(chunk.version()).isEqualTo("3.6.0");
    }
}
