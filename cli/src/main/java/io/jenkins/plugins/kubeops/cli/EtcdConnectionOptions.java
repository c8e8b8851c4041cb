package io.jenkins.plugins.kubeops.cli;

import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import io.jenkins.plugins.kubeops.engine.common.Secret;
import io.jenkins.plugins.kubeops.engine.etcd.EtcdSettingsValidation;
import io.jenkins.plugins.kubeops.engine.etcd.EtcdTarget;
import io.jenkins.plugins.kubeops.engine.etcd.EtcdTls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Option;

/** How {@code kube-ops etcd backup} reaches etcd; certificates and keys are read from files, never from the command line. */
final class EtcdConnectionOptions {

    @Option(names = "--endpoints", required = true, paramLabel = "URLS",
            description = "Members' client URLs, comma-separated, e.g. https://10.0.0.1:2379,https://10.0.0.2:2379.")
    String endpoints;

    @Option(names = "--cacert", paramLabel = "FILE", description = "CA of etcd's certificates (kubeadm: /etc/kubernetes/pki/etcd/ca.crt).")
    Path caFile;

    @Option(names = "--cert", paramLabel = "FILE", description = "Client certificate (kubeadm: /etc/kubernetes/pki/etcd/healthcheck-client.crt).")
    Path certFile;

    @Option(names = "--key", paramLabel = "FILE", description = "Client key: PKCS#1, SEC1 (EC) or PKCS#8 PEM.")
    Path keyFile;

    @Option(names = "--connect-timeout", paramLabel = "SECONDS", defaultValue = "5",
            description = "Seconds to connect to one member (default: ${DEFAULT-VALUE}).")
    long connectTimeoutSeconds;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "600",
            description = "Seconds for the whole snapshot (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Option(names = "--prefer-follower", description = "Snapshot a healthy follower rather than the leader.")
    boolean preferFollower;

    EtcdTarget target(String cluster) {
        EtcdSettingsValidation.seconds("--connect-timeout", connectTimeoutSeconds).throwIfError();
        EtcdSettingsValidation.seconds("--timeout", timeoutSeconds).throwIfError();
        Optional<EtcdTls> tls = Optional.empty();
        if (caFile != null) {
            if ((certFile == null) != (keyFile == null)) {
                throw new KubeOpsException("--cert and --key go together: give both (the client certificate and its key) or neither.");
            }
            tls = Optional.of(certFile == null ? new EtcdTls(read(caFile), Optional.empty(), Optional.empty())
                    : EtcdTls.withClientCertificate(read(caFile), read(certFile), Secret.of(read(keyFile))));
        } else if (certFile != null || keyFile != null) {
            throw new KubeOpsException("--cert/--key need --cacert, the CA that signed etcd's server certificate.");
        }
        return new EtcdTarget(cluster, EtcdSettingsValidation.parseEndpoints(endpoints), tls,
                Duration.ofSeconds(connectTimeoutSeconds), Duration.ofSeconds(timeoutSeconds), preferFollower);
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new KubeOpsException("cannot read '" + file + "' (" + e.getMessage() + "): check the path and permissions.", e);
        }
    }
}
