package io.jenkins.plugins.kubeops.engine.etcd;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * Checks an etcd snapshot while it streams past: the file is the bbolt database followed by the SHA-256 of the database
 * (32 bytes). The last 32 bytes seen so far are held back from the digest, because only the end of the stream tells which
 * bytes are the trailer. Everything is passed on unchanged to {@code next}.
 */
final class SnapshotTrailer implements SnapshotDownload.Sink {

    static final int TRAILER = 32;

    private final SnapshotDownload.Sink next;
    private final MessageDigest digest;
    private final byte[] tail = new byte[TRAILER];
    private int tailLength;
    private long total;

    SnapshotTrailer(SnapshotDownload.Sink next) {
        this.next = next;
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM lacks SHA-256", e);
        }
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        next.write(bytes, offset, length);
        total += length;
        if (length >= TRAILER) {
            digest.update(tail, 0, tailLength);
            digest.update(bytes, offset, length - TRAILER);
            System.arraycopy(bytes, offset + length - TRAILER, tail, 0, TRAILER);
            tailLength = TRAILER;
            return;
        }
        int overflow = tailLength + length - TRAILER;
        if (overflow > 0) {
            digest.update(tail, 0, overflow);
            System.arraycopy(tail, overflow, tail, 0, tailLength - overflow);
            tailLength -= overflow;
        }
        System.arraycopy(bytes, offset, tail, tailLength, length);
        tailLength += length;
    }

    long bytes() {
        return total;
    }

    /** The SHA-256 of the database part (everything but the trailer), hex; call once, at the end. */
    String finish() throws InvalidSnapshotException {
        if (total < TRAILER + 512 || (total % 512) != TRAILER) {
            throw new InvalidSnapshotException("the snapshot is " + total + " bytes long; an etcd snapshot is a database of "
                    + "whole pages plus a 32-byte SHA-256 trailer (size % 512 == 32): it is truncated or has no trailer");
        }
        byte[] actual = digest.digest();
        if (!Arrays.equals(actual, tail)) {
            throw new InvalidSnapshotException("the snapshot's SHA-256 trailer does not match its contents (computed "
                    + Hex.of(actual) + ", trailer says " + Hex.of(tail) + "): the data was damaged in transit or at rest", true);
        }
        return Hex.of(actual);
    }
}
