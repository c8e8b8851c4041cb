package io.jenkins.plugins.kubeops.engine.etcd;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * At most one snapshot per cluster at a time: an in-process claim (builds of one Jenkins controller) plus an OS file lock
 * in a lock directory (several CLI processes on one machine). A second backup of the same cluster is refused at once
 * rather than queued, so schedules cannot pile up behind a slow one. Locks on different machines do not see each other.
 */
public final class SnapshotLocks {

    private static final ConcurrentMap<String, Path> HELD = new ConcurrentHashMap<>();

    private final Path directory;

    public SnapshotLocks(Path directory) {
        this.directory = directory;
    }

    /** A held lock; close it to release. */
    public interface Held extends AutoCloseable {
        @Override
        void close();
    }

    public Held acquire(String cluster) {
        Path file = directory.resolve(cluster + ".lock").toAbsolutePath();
        if (HELD.putIfAbsent(file.toString(), file) != null) {
            throw refused(cluster, "in this process");
        }
        try {
            Files.createDirectories(directory);
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                HELD.remove(file.toString());
                throw refused(cluster, "in another process (lock file " + file + ")");
            }
            channel.truncate(0);
            channel.write(java.nio.ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)));
            FileLock held = lock;
            return () -> {
                try {
                    held.release();
                    channel.close();
                } catch (IOException ignored) {
                    // closing the channel releases the lock in any case
                } finally {
                    HELD.remove(file.toString());
                }
            };
        } catch (IOException e) {
            HELD.remove(file.toString());
            throw new EtcdException(FailureCause.OTHER, "cannot create the backup lock " + file + " (" + e.getMessage()
                    + "): make the lock directory writable.", e);
        }
    }

    private static EtcdException refused(String cluster, String where) {
        return new EtcdException(FailureCause.BACKUP_IN_PROGRESS, "a backup of etcd cluster '" + cluster
                + "' is already running " + where + ": this one is refused; let the running one finish (or find out why it "
                + "hangs) and try again.");
    }
}
