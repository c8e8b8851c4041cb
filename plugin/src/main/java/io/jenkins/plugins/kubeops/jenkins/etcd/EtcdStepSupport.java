package io.jenkins.plugins.kubeops.jenkins.etcd;

import hudson.AbortException;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import io.jenkins.plugins.kubeops.engine.etcd.EtcdException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** What the etcd steps share: finding the configured cluster and store by name, and turning engine failures into build failures. */
final class EtcdStepSupport {

    private EtcdStepSupport() {
    }

    static EtcdClusterConfig cluster(String step, String name) throws AbortException {
        EtcdBackupConfiguration configuration = EtcdBackupConfiguration.get();
        return configuration.findCluster(name).orElseThrow(() -> new AbortException(unknown(step, "etcd cluster", name,
                configuration.getClusters().stream().map(EtcdClusterConfig::getName).toList())));
    }

    static EtcdStoreConfig store(String step, String name) throws AbortException {
        EtcdBackupConfiguration configuration = EtcdBackupConfiguration.get();
        return configuration.findStore(name).orElseThrow(() -> new AbortException(unknown(step, "backup store", name,
                configuration.getStores().stream().map(EtcdStoreConfig::getName).toList())));
    }

    /**
     * Runs engine work; a user-facing failure fails the build with its message, prefixed by its cause (e.g.
     * {@code [ETCD_TLS]}) so that notifications and log parsers can tell causes apart.
     */
    static <T> T run(String step, Callable<T> work) throws Exception {
        try {
            return work.call();
        } catch (EtcdException e) {
            throw new AbortException(step + ": [" + e.failureCause() + "] " + e.getMessage());
        } catch (KubeOpsException e) {
            throw new AbortException(step + ": " + e.getMessage());
        }
    }

    /** Spool and drill directories: the controller's temp directory (a snapshot needs room for one database). */
    static Path workDir() {
        return Path.of(System.getProperty("java.io.tmpdir"), "kube-ops-etcd");
    }

    static Path lockDir() {
        return Path.of(System.getProperty("java.io.tmpdir"), "kube-ops-etcd-locks");
    }

    private static String unknown(String step, String kind, String name, List<String> configured) {
        return configured.isEmpty()
                ? step + ": no " + kind + " named '" + name + "', and none is configured: add it in " + EtcdConnections.WHERE + "."
                : step + ": no " + kind + " named '" + name + "' (configured: " + String.join(", ", configured)
                        + "): use one of those names, or add it in " + EtcdConnections.WHERE + ".";
    }
}
