package io.jenkins.plugins.kubeops.engine.etcd;

import java.io.EOFException;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What is wrong with a snapshot, in words a person acts on ("the data ends 100 bytes early: truncated copy?"), decided from
 * what was observed while it streamed past — never a decompressor's own words. Pure: every message about damaged snapshot
 * data is written here, whatever read it (a backup from etcd, a stored backup, a file someone brings).
 */
final class SnapshotProblems {

    /** A problem: its cause (for alerts and exit codes) and one sentence without a trailing period. */
    record Problem(FailureCause cause, String message) {
    }

    /**
     * What a reader saw of a snapshot: its length, the database length its meta page announces (a snapshot is exactly that
     * plus the 32-byte trailer), whether its last 32 bytes are the SHA-256 of the rest, whether the 32 bytes right after the
     * announced database are its SHA-256 (so that extra bytes behind an intact snapshot are told apart), and its first bytes.
     */
    record Observed(long totalBytes, OptionalLong databaseBytes, int pageSize, boolean trailerMatches,
                    boolean intactAtDatabaseEnd, byte[] head, int headLength) {
    }

    private SnapshotProblems() {
    }

    static Optional<Problem> check(Observed seen) {
        if (seen.databaseBytes().isPresent()) {
            return checkAgainstDatabase(seen, seen.databaseBytes().getAsLong());
        }
        FileKind kind = FileKind.detect(seen.head(), seen.headLength());
        boolean unknownAndBroken = kind == FileKind.UNKNOWN && !seen.trailerMatches();
        if (kind.compression().filter(c -> c != Compression.NONE).isPresent()) {
            return Optional.of(new Problem(FailureCause.INVALID_SNAPSHOT, "not an etcd snapshot yet: it holds "
                    + kind.description() + " again, compressed twice? Decompress it once and verify the result"));
        }
        if (kind != FileKind.BBOLT && kind != FileKind.UNKNOWN || unknownAndBroken) {
            return Optional.of(new Problem(FailureCause.INVALID_SNAPSHOT, "not an etcd snapshot: it is "
                    + FileKind.describe(seen.head(), seen.headLength()) + ", where a snapshot starts with a bbolt database "
                    + "page" + (unknownAndBroken ? " (or the file is damaged at its start)" : "")));
        }
        if (!sizeFits(seen.totalBytes())) {
            return Optional.of(new Problem(FailureCause.INVALID_SNAPSHOT, "the data is " + seen.totalBytes() + " bytes long; "
                    + "an etcd snapshot is a database of whole pages plus a 32-byte SHA-256 trailer (size % 512 == 32), and "
                    + "neither of its meta pages can be read to say how long it should be: truncated copy, or no trailer?"));
        }
        if (!seen.trailerMatches()) {
            return Optional.of(trailerMismatch());
        }
        return Optional.empty(); // the trailer holds; the database check will say what is wrong with the pages, if anything
    }

    private static Optional<Problem> checkAgainstDatabase(Observed seen, long database) {
        long expected = database + SnapshotTrailer.TRAILER;
        long total = seen.totalBytes();
        String shape = "a snapshot of this database is " + expected + " bytes (" + database / seen.pageSize() + " pages of "
                + seen.pageSize() + " bytes and the 32-byte SHA-256 trailer)";
        if (total == expected) {
            return seen.trailerMatches() ? Optional.empty() : Optional.of(trailerMismatch());
        }
        if (total > expected && seen.intactAtDatabaseEnd()) {
            return Optional.of(new Problem(FailureCause.INVALID_SNAPSHOT, "the snapshot is intact but followed by "
                    + (total - expected) + " more bytes: something was appended to it (" + shape + "; cut the file to "
                    + expected + " bytes, or find the original)"));
        }
        if (total >= database && (total - database) % seen.pageSize() == 0) {
            return Optional.of(new Problem(FailureCause.INVALID_SNAPSHOT, "the data is a bare bbolt database without the "
                    + "32-byte SHA-256 trailer that 'etcdctl snapshot save' writes: a copy of a member's data file "
                    + "(member/snap/db)? Its integrity cannot be checked; take a snapshot with 'etcdctl snapshot save' or "
                    + "'kube-ops etcd backup' instead"));
        }
        if (total < expected) {
            return Optional.of(new Problem(FailureCause.INVALID_SNAPSHOT, "the data ends " + (expected - total)
                    + " bytes early (" + shape + ", there are " + total + "): truncated copy?"));
        }
        return Optional.of(new Problem(FailureCause.INVALID_SNAPSHOT, "the data is " + (total - expected) + " bytes longer "
                + "than a snapshot should be (" + shape + ") and no SHA-256 trailer follows the database: damaged at the "
                + "end, or not one snapshot"));
    }

    private static Problem trailerMismatch() {
        return new Problem(FailureCause.CHECKSUM_MISMATCH, "the SHA-256 trailer does not match: the data was changed after "
                + "it was written (a flipped bit on disk or in transit?)");
    }

    /** The size rule of a snapshot that cannot say its own length: whole 512-byte blocks plus the trailer. */
    static boolean sizeFits(long totalBytes) {
        return totalBytes >= SnapshotTrailer.TRAILER + 512 && totalBytes % 512 == SnapshotTrailer.TRAILER;
    }

    /**
     * A decompressor's failure in words: which part of the compressed file is wrong and what that means. The decompressor's
     * own message ("Unknown frame descriptor", "Restored data doesn't match checksum") only picks the sentence.
     *
     * @param compressedOffset how many compressed bytes had been read when it failed
     * @param output           how many bytes it had produced
     */
    static Problem damagedCompression(Compression compression, IOException failure, long compressedOffset, long output) {
        String format = compression.label();
        String text = String.valueOf(failure.getMessage()).toLowerCase(Locale.ROOT);
        if (failure instanceof EOFException || text.contains("truncated") || text.contains("unexpected end")
                || text.contains("premature")) {
            return new Problem(FailureCause.INVALID_SNAPSHOT, "the " + format + " data stops in the middle"
                    + ": the compressed file is truncated (copy cut short?)");
        }
        if (text.contains("checksum") || text.contains("crc") || text.contains("corrupt gzip trailer")) {
            return new Problem(FailureCause.CHECKSUM_MISMATCH, "the " + format + " data does not match its own checksum: "
                    + "it was changed after it was written (a flipped bit on disk or in transit?)");
        }
        if (text.contains("unknown frame") || text.contains("not in gzip format") || text.contains("prefix unknown")) {
            return new Problem(FailureCause.INVALID_SNAPSHOT, output > 0
                    ? "the " + format + " data is followed by bytes that are not " + format + " (after " + output
                    + " bytes of snapshot): something was appended to the file, or it is damaged there"
                    : "the data is not " + format + " although it starts like it: damaged at the start?");
        }
        return new Problem(FailureCause.CHECKSUM_MISMATCH, "the " + format + " data is damaged (" + compressedOffset
                + " compressed bytes read): it was changed after it was written");
    }
}
