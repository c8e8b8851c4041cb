package io.jenkins.plugins.kubeops.engine.etcd;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Checks an etcd snapshot while it streams past: the file is the bbolt database followed by the SHA-256 of the database
 * (32 bytes). The last 32 bytes seen so far are held back from the digest, because only the end of the stream tells which
 * bytes are the trailer. Everything is passed on unchanged to {@code next}.
 *
 * <p>The database's meta page, at the start, says how long the database is; with it, a wrong length is explained exactly
 * (how many bytes are missing, or whether an intact snapshot has bytes appended) by {@link SnapshotProblems}.
 */
final class SnapshotTrailer implements SnapshotDownload.Sink {

    static final int TRAILER = 32;
    /** Enough of the start to find a meta page: the first, or the second behind a first page of up to 64 KiB. */
    private static final int HEAD = 65536 + BoltDatabase.META_BYTES;

    private final SnapshotDownload.Sink next;
    private final MessageDigest digest;
    private final byte[] tail = new byte[TRAILER];
    private int tailLength;
    private long total;
    private final byte[] head = new byte[HEAD];
    private int headLength;
    private BoltDatabase.Meta meta;
    private long digested;
    private byte[] digestAtDatabaseEnd;
    private final byte[] bytesAtDatabaseEnd = new byte[TRAILER];
    private int bytesAtDatabaseEndLength;

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
        if (headLength < HEAD) {
            captureHead(bytes, offset, length);
        }
        if (meta != null && bytesAtDatabaseEndLength < TRAILER) {
            captureDatabaseEnd(bytes, offset, length);
        }
        total += length;
        if (length >= TRAILER) {
            digest(tail, 0, tailLength);
            digest(bytes, offset, length - TRAILER);
            System.arraycopy(bytes, offset + length - TRAILER, tail, 0, TRAILER);
            tailLength = TRAILER;
            return;
        }
        int overflow = tailLength + length - TRAILER;
        if (overflow > 0) {
            digest(tail, 0, overflow);
            System.arraycopy(tail, overflow, tail, 0, tailLength - overflow);
            tailLength -= overflow;
        }
        System.arraycopy(bytes, offset, tail, tailLength, length);
        tailLength += length;
    }

    private void captureHead(byte[] bytes, int offset, int length) {
        int copied = Math.min(length, HEAD - headLength);
        System.arraycopy(bytes, offset, head, headLength, copied);
        headLength += copied;
        if (meta == null && headLength >= BoltDatabase.META_BYTES) {
            // the first meta page decides at once; a damaged one is passed over once the whole head is in
            meta = BoltDatabase.parseMeta(head, 0);
            if (meta == null && headLength == HEAD) {
                meta = BoltDatabase.newestMeta(head).orElse(null);
            }
        }
    }

    /** Keeps the 32 bytes right after the database the meta page announces: the trailer, where the length is right. */
    private void captureDatabaseEnd(byte[] bytes, int offset, int length) {
        long from = Math.max(total, meta.databaseBytes() + bytesAtDatabaseEndLength);
        long to = Math.min(total + length, meta.databaseBytes() + TRAILER);
        if (from < to) {
            System.arraycopy(bytes, offset + (int) (from - total), bytesAtDatabaseEnd, bytesAtDatabaseEndLength, (int) (to - from));
            bytesAtDatabaseEndLength += (int) (to - from);
        }
    }

    /** Digests in order, keeping the digest of exactly the announced database's bytes when they have passed. */
    private void digest(byte[] bytes, int offset, int length) {
        if (meta != null && digestAtDatabaseEnd == null && digested <= meta.databaseBytes()
                && digested + length >= meta.databaseBytes()) {
            int before = (int) (meta.databaseBytes() - digested);
            digest.update(bytes, offset, before);
            try {
                digestAtDatabaseEnd = ((MessageDigest) digest.clone()).digest();
            } catch (CloneNotSupportedException e) {
                digestAtDatabaseEnd = new byte[0]; // cannot tell; the length alone will be explained
            }
            digest.update(bytes, offset + before, length - before);
        } else {
            digest.update(bytes, offset, length);
        }
        digested += length;
    }

    long bytes() {
        return total;
    }

    /** The SHA-256 of the database part (everything but the trailer), hex; call once, at the end. */
    String finish() throws InvalidSnapshotException {
        if (meta == null) {
            meta = BoltDatabase.newestMeta(Arrays.copyOf(head, headLength)).orElse(null);
        }
        byte[] actual = digest.digest();
        boolean trailerMatches = tailLength == TRAILER && Arrays.equals(actual, tail);
        boolean intactAtDatabaseEnd = bytesAtDatabaseEndLength == TRAILER && digestAtDatabaseEnd != null
                && Arrays.equals(digestAtDatabaseEnd, bytesAtDatabaseEnd);
        SnapshotProblems.Observed seen = new SnapshotProblems.Observed(total,
                meta == null ? OptionalLong.empty() : OptionalLong.of(meta.databaseBytes()), meta == null ? 0 : meta.pageSize(),
                trailerMatches, intactAtDatabaseEnd, head, headLength);
        Optional<SnapshotProblems.Problem> problem = SnapshotProblems.check(seen);
        if (problem.isPresent()) {
            throw new InvalidSnapshotException(problem.get().message(),
                    problem.get().cause() == FailureCause.CHECKSUM_MISMATCH);
        }
        return Hex.of(actual);
    }
}
