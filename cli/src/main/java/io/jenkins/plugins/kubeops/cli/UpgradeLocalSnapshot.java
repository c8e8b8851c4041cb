package io.jenkins.plugins.kubeops.cli;

import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import io.jenkins.plugins.kubeops.engine.etcd.BackupOptions;
import io.jenkins.plugins.kubeops.engine.etcd.EtcdTarget;
import io.jenkins.plugins.kubeops.engine.etcd.FilesystemStore;
import io.jenkins.plugins.kubeops.engine.etcd.SnapshotLocks;
import io.jenkins.plugins.kubeops.engine.upgrade.EtcdSnapshotPhase;
import io.jenkins.plugins.kubeops.engine.upgrade.SnapshotPhase;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The embedded local cluster's snapshot before its control plane is upgraded: its etcd (the port kwokctl recorded next to
 * the kubeconfig, on 127.0.0.1) into {@code ~/.kube-ops/upgrade-snapshots}, verified like any etcd backup.
 */
final class UpgradeLocalSnapshot {

    private static final Pattern ETCD_PORT = Pattern.compile("(?m)^\\s*etcdPort:\\s*(\\d+)\\s*$");

    private UpgradeLocalSnapshot() {
    }

    static SnapshotPhase of(Path kubeconfig, Path home, Clock clock) {
        return progress -> {
            Path config = kubeconfig.resolveSibling("kwok.yaml");
            String cluster = kubeconfig.getParent().getFileName().toString();
            int port = etcdPort(config).orElseThrow(() -> new KubeOpsException("cannot find the local cluster's etcd port in "
                    + config + ": pass --etcd-endpoints with a store, or --skip-snapshot."));
            Path store = home.resolve(".kube-ops").resolve("upgrade-snapshots");
            try {
                Files.createDirectories(store);
            } catch (IOException e) {
                throw new KubeOpsException("cannot create the snapshot directory " + store + " (" + e.getMessage() + ").", e);
            }
            EtcdTarget target = new EtcdTarget(cluster, List.of(URI.create("http://127.0.0.1:" + port)), Optional.empty(),
                    EtcdTarget.DEFAULT_CONNECT_TIMEOUT, EtcdTarget.DEFAULT_TIMEOUT, false);
            return new EtcdSnapshotPhase(target, () -> new FilesystemStore(store),
                    BackupOptions.defaults(Path.of(System.getProperty("java.io.tmpdir"))),
                    new SnapshotLocks(EtcdBackupCommand.defaultLockDir()), clock).takeVerified(progress);
        };
    }

    static Optional<Integer> etcdPort(Path kwokConfig) {
        try {
            Matcher matcher = ETCD_PORT.matcher(Files.readString(kwokConfig));
            return matcher.find() ? Optional.of(Integer.parseInt(matcher.group(1))) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
