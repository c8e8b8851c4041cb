package io.jenkins.plugins.kubeops.engine.upgrade;

import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import io.jenkins.plugins.kubeops.engine.common.Progress;
import io.jenkins.plugins.kubeops.engine.etcd.BackupFetcher;
import io.jenkins.plugins.kubeops.engine.etcd.BackupMetadata;
import io.jenkins.plugins.kubeops.engine.etcd.BackupOptions;
import io.jenkins.plugins.kubeops.engine.etcd.BackupStore;
import io.jenkins.plugins.kubeops.engine.etcd.EtcdException;
import io.jenkins.plugins.kubeops.engine.etcd.EtcdTarget;
import io.jenkins.plugins.kubeops.engine.etcd.SnapshotLocks;
import io.jenkins.plugins.kubeops.engine.etcd.SnapshotTaker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

/**
 * The snapshot phase through the etcd package, as {@code kube-ops etcd backup} takes one: streamed from a healthy member
 * and verified while it streams (trailer, size, database), stored, then read back from the store and verified again end to
 * end. Any failure stops the upgrade before the control plane is touched.
 */
public final class EtcdSnapshotPhase implements SnapshotPhase {

    private final EtcdTarget target;
    private final Supplier<BackupStore> stores;
    private final BackupOptions options;
    private final SnapshotLocks locks;
    private final Clock clock;

    /** @param stores opens the backup store (closed after the phase) */
    public EtcdSnapshotPhase(EtcdTarget target, Supplier<BackupStore> stores, BackupOptions options, SnapshotLocks locks,
                             Clock clock) {
        this.target = target;
        this.stores = stores;
        this.options = options;
        this.locks = locks;
        this.clock = clock;
    }

    @Override
    public String takeVerified(Progress progress) {
        try (BackupStore store = stores.get()) {
            SnapshotTaker taker = new SnapshotTaker(clock, new SecureRandom(), new SecureRandom(), locks, progress::say);
            BackupMetadata backup = taker.backup(target, store, options);
            Path copy = Files.createTempFile(options.workDir(), "kube-ops-upgrade-snapshot", ".db");
            try {
                BackupFetcher.Verified verified = new BackupFetcher(clock).fetch(store, backup,
                        options.encryption().map(List::of).orElse(List.of()), copy);
                progress.say("etcd snapshot " + backup.id() + " read back from " + store.describe() + " and verified again ("
                        + "revision " + verified.revision() + ", " + verified.keyCount() + " keys)");
            } finally {
                Files.deleteIfExists(copy);
            }
            return "backup " + backup.id() + " of " + target.describe() + " in " + store.describe() + " (revision "
                    + backup.revision() + ", " + backup.keyCount() + " keys), verified twice";
        } catch (EtcdException e) {
            throw new KubeOpsException("the etcd snapshot before the control plane failed [" + e.failureCause() + "]: "
                    + e.getMessage() + " The control plane was not touched; fix the snapshot, then resume.", e);
        } catch (IOException e) {
            throw new KubeOpsException("the etcd snapshot could not be read back for verification (" + e.getMessage()
                    + " in " + options.workDir() + "): the control plane was not touched; fix it, then resume.", e);
        }
    }
}
