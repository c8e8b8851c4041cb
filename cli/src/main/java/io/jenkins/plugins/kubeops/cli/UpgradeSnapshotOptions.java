package io.jenkins.plugins.kubeops.cli;

import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import io.jenkins.plugins.kubeops.engine.common.Secret;
import io.jenkins.plugins.kubeops.engine.etcd.EtcdSettingsValidation;
import io.jenkins.plugins.kubeops.engine.etcd.EtcdTarget;
import io.jenkins.plugins.kubeops.engine.etcd.EtcdTls;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Option;

/** How the upgrade reaches etcd for its snapshot (the store comes from the etcd commands' store options). */
final class UpgradeSnapshotOptions {

    @Option(names = "--etcd-endpoints", required = true, paramLabel = "URLS",
            description = "etcd members' client URLs for the snapshot before the control plane, comma-separated.")
    String endpoints;

    @Option(names = "--etcd-cacert", paramLabel = "FILE", description = "CA of etcd's certificates (kubeadm: /etc/kubernetes/pki/etcd/ca.crt).")
    Path caFile;

    @Option(names = "--etcd-cert", paramLabel = "FILE", description = "etcd client certificate.")
    Path certFile;

    @Option(names = "--etcd-key", paramLabel = "FILE", description = "etcd client key (PEM).")
    Path keyFile;

    @Option(names = "--etcd-timeout", paramLabel = "SECONDS", defaultValue = "600",
            description = "Seconds for the whole snapshot (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    EtcdTarget target(String cluster) {
        EtcdSettingsValidation.seconds("--etcd-timeout", timeoutSeconds).throwIfError();
        Optional<EtcdTls> tls = Optional.empty();
        if (caFile != null) {
            if ((certFile == null) != (keyFile == null)) {
                throw new KubeOpsException("--etcd-cert and --etcd-key go together: give both or neither.");
            }
            tls = Optional.of(certFile == null ? new EtcdTls(EtcdConnectionOptions.read(caFile), Optional.empty(), Optional.empty())
                    : EtcdTls.withClientCertificate(EtcdConnectionOptions.read(caFile), EtcdConnectionOptions.read(certFile),
                    Secret.of(EtcdConnectionOptions.read(keyFile))));
        } else if (certFile != null || keyFile != null) {
            throw new KubeOpsException("--etcd-cert/--etcd-key need --etcd-cacert, the CA that signed etcd's certificate.");
        }
        return new EtcdTarget(cluster, EtcdSettingsValidation.parseEndpoints(endpoints), tls,
                EtcdTarget.DEFAULT_CONNECT_TIMEOUT, Duration.ofSeconds(timeoutSeconds), false);
    }
}
