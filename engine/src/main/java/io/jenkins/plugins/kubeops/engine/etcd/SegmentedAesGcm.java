package io.jenkins.plugins.kubeops.engine.etcd;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Streaming AES-256-GCM in 1 MiB segments, so that neither encryption nor decryption holds a whole backup in memory (the
 * JDK's GCM buffers all ciphertext until the end when decrypting). Each segment has its own nonce — a random 7-byte prefix,
 * a 4-byte segment counter and a last-segment flag — and the header as associated data, so segments cannot be reordered,
 * dropped, or the stream cut short without the tag check failing.
 *
 * <p>Layout: {@code "KOPSENC1"} (8 bytes), key id (16 ASCII hex digits), nonce prefix (7 bytes), then the segments, each
 * the ciphertext of up to {@link #SEGMENT} plaintext bytes plus a 16-byte tag.
 */
final class SegmentedAesGcm {

    static final int SEGMENT = 1 << 20;
    private static final byte[] MAGIC = "KOPSENC1".getBytes(StandardCharsets.US_ASCII);
    private static final int KEY_ID = 16;
    private static final int PREFIX = 7;
    private static final int HEADER = MAGIC.length + KEY_ID + PREFIX;
    private static final int TAG = 16;

    private SegmentedAesGcm() {
    }

    static OutputStream encrypt(OutputStream out, EncryptionKey key, SecureRandom random) throws IOException {
        byte[] prefix = new byte[PREFIX];
        random.nextBytes(prefix);
        byte[] header = ByteBuffer.allocate(HEADER).put(MAGIC).put(key.id().getBytes(StandardCharsets.US_ASCII)).put(prefix).array();
        out.write(header);
        return new Encrypting(out, key, header, prefix);
    }

    /** The key id in a stream's header, or empty when the stream is not encrypted by this class. */
    static Optional<String> keyId(byte[] header) {
        if (header.length < HEADER || !Arrays.equals(Arrays.copyOf(header, MAGIC.length), MAGIC)) {
            return Optional.empty();
        }
        return Optional.of(new String(header, MAGIC.length, KEY_ID, StandardCharsets.US_ASCII));
    }

    static InputStream decrypt(InputStream in, List<EncryptionKey> keys) throws IOException {
        byte[] header = in.readNBytes(HEADER);
        String id = keyId(header).orElseThrow(() -> new EncryptedDataException("the backup is not encrypted by Kube Ops "
                + "(no KOPSENC1 header): check the object name and that it was written with encryption"));
        EncryptionKey key = keys.stream().filter(k -> k.id().equals(id)).findFirst()
                .orElseThrow(() -> new EncryptedDataException("the backup was encrypted with key " + id + ", which is not "
                        + "among the keys given (" + keys.stream().map(EncryptionKey::id).toList() + "): add that key as a "
                        + "previous key"));
        return new Decrypting(in, key, header, Arrays.copyOfRange(header, MAGIC.length + KEY_ID, HEADER));
    }

    /** Decryption failed: wrong key, damaged or truncated data. */
    static final class EncryptedDataException extends IOException {
        private static final long serialVersionUID = 1L;

        EncryptedDataException(String message) {
            super(message);
        }
    }

    private static byte[] nonce(byte[] prefix, int counter, boolean last) {
        return ByteBuffer.allocate(12).put(prefix).putInt(counter).put((byte) (last ? 1 : 0)).array();
    }

    private static Cipher cipher(int mode, EncryptionKey key, byte[] prefix, int counter, boolean last, byte[] header) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, key.secretKey(), new GCMParameterSpec(TAG * 8, nonce(prefix, counter, last)));
            cipher.updateAAD(header);
            return cipher;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available: " + e.getMessage(), e);
        }
    }

    private static final class Encrypting extends FilterOutputStream {
        private final EncryptionKey key;
        private final byte[] header;
        private final byte[] prefix;
        private final byte[] segment = new byte[SEGMENT];
        private int filled;
        private int counter;
        private boolean closed;

        Encrypting(OutputStream out, EncryptionKey key, byte[] header, byte[] prefix) {
            super(out);
            this.key = key;
            this.header = header;
            this.prefix = prefix;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            while (length > 0) {
                if (filled == SEGMENT) {
                    seal(false); // a full segment is written only once more data shows it is not the last
                }
                int n = Math.min(length, SEGMENT - filled);
                System.arraycopy(bytes, offset, segment, filled, n);
                filled += n;
                offset += n;
                length -= n;
            }
        }

        private void seal(boolean last) throws IOException {
            try {
                out.write(cipher(Cipher.ENCRYPT_MODE, key, prefix, counter++, last, header).doFinal(segment, 0, filled));
            } catch (GeneralSecurityException e) {
                throw new IOException("encryption failed: " + e.getMessage(), e);
            }
            filled = 0;
        }

        @Override
        public void close() throws IOException {
            if (!closed) {
                closed = true;
                seal(true);
                out.close();
            }
        }
    }

    private static final class Decrypting extends InputStream {
        private final InputStream in;
        private final EncryptionKey key;
        private final byte[] header;
        private final byte[] prefix;
        private byte[] plain = new byte[0];
        private int position;
        private int counter;
        private boolean done;
        private int lookahead = -1;

        Decrypting(InputStream in, EncryptionKey key, byte[] header, byte[] prefix) {
            this.in = in;
            this.key = key;
            this.header = header;
            this.prefix = prefix;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            while (position == plain.length) {
                if (done) {
                    return -1;
                }
                nextSegment();
            }
            int n = Math.min(length, plain.length - position);
            System.arraycopy(plain, position, bytes, offset, n);
            position += n;
            return n;
        }

        private void nextSegment() throws IOException {
            ByteArrayOutputStream sealed = new ByteArrayOutputStream(SEGMENT + TAG);
            if (lookahead >= 0) {
                sealed.write(lookahead);
            }
            sealed.write(in.readNBytes(SEGMENT + TAG - sealed.size()));
            lookahead = in.read();
            boolean last = lookahead < 0;
            if (sealed.size() < TAG) {
                throw new EncryptedDataException("the encrypted backup is truncated");
            }
            try {
                plain = cipher(Cipher.DECRYPT_MODE, key, prefix, counter++, last, header).doFinal(sealed.toByteArray());
            } catch (GeneralSecurityException e) {
                throw new EncryptedDataException("the encrypted backup does not authenticate with key " + key.id()
                        + " (segment " + (counter - 1) + "): it was damaged, truncated, or the key is wrong");
            }
            position = 0;
            done = last;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
