package io.jenkins.plugins.kubeops.engine.etcd;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;

/**
 * Where backups live: a directory (local disk, NFS) or an S3-compatible bucket. Names are relative paths with '/'
 * ({@code prod-eu/20261121T101500Z-a1b2.db.zst}). Writes are atomic: an object becomes visible under its name only when
 * {@link Upload#commit()} succeeds, so a partial upload never looks like a backup. Failures are {@link EtcdException}s
 * with {@link FailureCause#STORE_UNREACHABLE} or {@link FailureCause#STORE_FULL} and a sentence saying what to check.
 */
public interface BackupStore extends AutoCloseable {

    /** An object being written; nothing shows under its name until {@link #commit()}. */
    interface Upload {
        OutputStream stream();

        /** Makes the object visible under its name; call after closing {@link #stream()}. */
        void commit() throws IOException;

        /** Drops everything written; safe to call after a failure, and after commit (then it does nothing). */
        void abort();
    }

    /** An object as listed: its name, size and last modification. */
    record Entry(String name, long size, Instant modified) {
    }

    String describe();

    /** Fails with a clear message when the store cannot be written to (missing directory, bucket, credentials). */
    void check();

    Upload create(String name);

    /** Writes a small object (metadata) atomically. */
    void put(String name, byte[] content);

    /** Objects whose names start with {@code prefix}, in no particular order; unfinished uploads are not listed. */
    List<Entry> list(String prefix);

    InputStream open(String name);

    byte[] read(String name);

    void delete(String name);

    @Override
    void close();
}
