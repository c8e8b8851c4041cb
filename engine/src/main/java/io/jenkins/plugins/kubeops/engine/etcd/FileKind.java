package io.jenkins.plugins.kubeops.engine.etcd;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * What a file holds, told by its first bytes (magic numbers), not by its name: a snapshot compressed with gzip or zstd, a
 * plain snapshot (a bbolt database), or something else that a person should be told about in words ("a ZIP archive",
 * "text starting with ...").
 */
enum FileKind {
    GZIP(Compression.GZIP, "gzip-compressed data"),
    ZSTD(Compression.ZSTD, "zstd-compressed data"),
    BBOLT(Compression.NONE, "a bbolt database"),
    KUBE_OPS_ENCRYPTED(null, "a backup object encrypted by Kube Ops"),
    XZ(null, "xz-compressed data"),
    BZIP2(null, "bzip2-compressed data"),
    LZ4(null, "lz4-compressed data"),
    ZIP(null, "a ZIP archive"),
    TAR(null, "a tar archive"),
    EMPTY(null, "an empty file"),
    TEXT(null, "text"),
    UNKNOWN(Compression.NONE, "data of an unknown kind");

    /** How many leading bytes {@link #detect} looks at (the tar magic is at 257). */
    static final int HEAD = 512;

    private final Compression compression;
    private final String description;

    FileKind(Compression compression, String description) {
        this.compression = compression;
        this.description = description;
    }

    /** How to read a snapshot out of it; empty when it cannot hold one (an archive, text, our encrypted objects). */
    Optional<Compression> compression() {
        return Optional.ofNullable(compression);
    }

    String description() {
        return description;
    }

    static FileKind detect(byte[] head, int length) {
        byte[] bytes = Arrays.copyOf(head, Math.max(0, Math.min(length, head.length)));
        if (bytes.length == 0) {
            return EMPTY;
        }
        if (startsWith(bytes, 0, 0x1f, 0x8b)) {
            return GZIP;
        }
        if (startsWith(bytes, 0, 0x28, 0xb5, 0x2f, 0xfd)) {
            return ZSTD;
        }
        if (startsWith(bytes, 16, 0xed, 0xda, 0x0c, 0xed)) { // BoltDatabase.MAGIC, little-endian, after the page header
            return BBOLT;
        }
        if (startsWith(bytes, 0, 'K', 'O', 'P', 'S', 'E', 'N', 'C')) {
            return KUBE_OPS_ENCRYPTED;
        }
        if (startsWith(bytes, 0, 0xfd, '7', 'z', 'X', 'Z', 0x00)) {
            return XZ;
        }
        if (startsWith(bytes, 0, 'B', 'Z', 'h')) {
            return BZIP2;
        }
        if (startsWith(bytes, 0, 0x04, 0x22, 0x4d, 0x18)) {
            return LZ4;
        }
        if (startsWith(bytes, 0, 'P', 'K', 0x03, 0x04)) {
            return ZIP;
        }
        if (startsWith(bytes, 257, 'u', 's', 't', 'a', 'r')) {
            return TAR;
        }
        return isText(bytes) ? TEXT : UNKNOWN;
    }

    /** "text starting with '{"kind":...'" or "data of an unknown kind (starts 00 13 ...)", for messages. */
    static String describe(byte[] head, int length) {
        FileKind kind = detect(head, length);
        int shown = Math.min(Math.min(length, head.length), 40);
        if (kind == TEXT) {
            String text = new String(head, 0, shown, StandardCharsets.UTF_8).replaceAll("\\s+", " ").trim();
            return "text starting with '" + text + "'";
        }
        if (kind == UNKNOWN) {
            return "data of an unknown kind (first bytes " + Hex.of(Arrays.copyOf(head, Math.min(shown, 8))) + ")";
        }
        return kind.description();
    }

    private static boolean isText(byte[] bytes) {
        int checked = Math.min(bytes.length, 64);
        for (int i = 0; i < checked; i++) {
            int b = bytes[i] & 0xff;
            if (b < 0x09 || (b > 0x0d && b < 0x20) || b == 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWith(byte[] bytes, int offset, int... expected) {
        if (bytes.length < offset + expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if ((bytes[offset + i] & 0xff) != expected[i]) {
                return false;
            }
        }
        return true;
    }
}
