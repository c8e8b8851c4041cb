package io.jenkins.plugins.kubeops.engine.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The streaming checks on a snapshot, fed in chunks of every size: the trailer is found wherever the chunks end. */
class SnapshotStreamTest {

    static byte[] snapshot(int pages) throws Exception {
        byte[] database = new byte[pages * 4096];
        new Random(pages).nextBytes(database);
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

    @Test
    void rejectsABitFlipATruncationAndAMissingTrailer() throws Exception {
        byte[] data = snapshot(3);
        byte[] flipped = data.clone();
        flipped[5000] ^= 4;

        assertThatThrownBy(() -> feed(flipped, 1000)).isInstanceOfSatisfying(InvalidSnapshotException.class,
                e -> assertThat(e.failureCause()).isEqualTo(FailureCause.CHECKSUM_MISMATCH));
        assertThatThrownBy(() -> feed(java.util.Arrays.copyOf(data, data.length - 32), 1000))
                .isInstanceOfSatisfying(InvalidSnapshotException.class,
                        e -> assertThat(e.failureCause()).isEqualTo(FailureCause.INVALID_SNAPSHOT))
                .hasMessageContaining("size % 512 == 32");
        assertThatThrownBy(() -> feed(java.util.Arrays.copyOf(data, 100), 10)).hasMessageContaining("100 bytes long");
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
