package io.jenkins.plugins.kubeops.jenkins.etcd;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.model.Run;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import io.jenkins.plugins.kubeops.engine.common.Secret;
import io.jenkins.plugins.kubeops.engine.etcd.BackupStore;
import io.jenkins.plugins.kubeops.engine.etcd.EncryptionKey;
import io.jenkins.plugins.kubeops.engine.etcd.EtcdBinaries;
import io.jenkins.plugins.kubeops.engine.etcd.EtcdSettingsValidation;
import io.jenkins.plugins.kubeops.engine.etcd.EtcdTarget;
import io.jenkins.plugins.kubeops.engine.etcd.EtcdTls;
import io.jenkins.plugins.kubeops.engine.etcd.FilesystemStore;
import io.jenkins.plugins.kubeops.engine.etcd.S3Settings;
import io.jenkins.plugins.kubeops.engine.etcd.S3Store;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/**
 * Turns the configured cluster and store, with their Jenkins credentials looked up as the build may use them, into the
 * engine's {@link EtcdTarget}, {@link BackupStore} and keys. Secrets go from the credential into {@link Secret} and never
 * to disk or the log.
 */
final class EtcdConnections {

    static final String WHERE = "Manage Jenkins » System » Kube Ops etcd backups";

    private EtcdConnections() {
    }

    static EtcdTarget target(EtcdClusterConfig cluster, Run<?, ?> run) {
        Optional<EtcdTls> tls = Optional.empty();
        if (!cluster.getCaCertificate().isEmpty()) {
            if (cluster.getClientCertificate().isEmpty() != cluster.getClientKeyCredentialsId().isEmpty()) {
                throw new KubeOpsException("etcd cluster '" + cluster.getName() + "' has a client certificate without its key "
                        + "credential, or the other way round: set both in " + WHERE + ".");
            }
            tls = Optional.of(cluster.getClientCertificate().isEmpty()
                    ? new EtcdTls(cluster.getCaCertificate(), Optional.empty(), Optional.empty())
                    : EtcdTls.withClientCertificate(cluster.getCaCertificate(), cluster.getClientCertificate(),
                    secret(cluster.getClientKeyCredentialsId(), "client key of etcd cluster '" + cluster.getName() + "'", run)));
        }
        EtcdSettingsValidation.seconds("Connect timeout of etcd cluster '" + cluster.getName() + "'",
                cluster.getConnectTimeoutSeconds()).throwIfError();
        EtcdSettingsValidation.seconds("Timeout of etcd cluster '" + cluster.getName() + "'", cluster.getTimeoutSeconds()).throwIfError();
        return new EtcdTarget(cluster.getName(), EtcdSettingsValidation.parseEndpoints(cluster.getEndpoints()), tls,
                Duration.ofSeconds(cluster.getConnectTimeoutSeconds()), Duration.ofSeconds(cluster.getTimeoutSeconds()),
                cluster.isPreferFollower());
    }

    static BackupStore store(EtcdStoreConfig store, Run<?, ?> run) {
        EtcdStoreConfig.kind(store.getDirectory(), store.getBucket()).throwIfError();
        if (!store.getDirectory().isEmpty()) {
            return new FilesystemStore(Path.of(store.getDirectory()));
        }
        EtcdSettingsValidation.bucket(store.getBucket()).throwIfError();
        Optional<String> accessKey = Optional.empty();
        Optional<Secret> secretKey = Optional.empty();
        if (!store.getS3CredentialsId().isEmpty()) {
            StandardUsernamePasswordCredentials keys = lookup(store.getS3CredentialsId(), StandardUsernamePasswordCredentials.class,
                    "S3 credentials of store '" + store.getName() + "'", run);
            accessKey = Optional.of(keys.getUsername());
            secretKey = Optional.of(Secret.of(keys.getPassword().getPlainText()));
        }
        return new S3Store(new S3Settings(optional(store.getS3Endpoint()).map(URI::create), store.getRegion().isEmpty()
                ? "us-east-1" : store.getRegion(), store.getBucket(), store.getPrefix(), store.isPathStyle(),
                optional(store.getS3CaCertificate()), accessKey, secretKey, Duration.ofSeconds(10), Duration.ofSeconds(60)));
    }

    static Optional<EncryptionKey> encryptionKey(EtcdStoreConfig store, Run<?, ?> run) {
        if (store.getEncryptionKeyCredentialsId().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(EncryptionKey.of(secret(store.getEncryptionKeyCredentialsId(),
                "encryption key of store '" + store.getName() + "'", run)));
    }

    /** The current key and every previous one, for reading backups made before a rotation. */
    static List<EncryptionKey> decryptionKeys(EtcdStoreConfig store, Run<?, ?> run) {
        List<EncryptionKey> keys = new ArrayList<>();
        encryptionKey(store, run).ifPresent(keys::add);
        for (String id : store.getPreviousKeyCredentialsIds().split("[,\\s]+")) {
            if (!id.isBlank()) {
                keys.add(EncryptionKey.of(secret(id.trim(), "previous encryption key of store '" + store.getName() + "'", run)));
            }
        }
        return keys;
    }

    static EtcdBinaries binaries(EtcdClusterConfig cluster) {
        return EtcdBinaries.find(optional(cluster.getEtcdBinDir()).map(Path::of), System.getenv());
    }

    /** A PEM key or a base64 AES key from a Secret text or Secret file credential. */
    private static Secret secret(String id, String what, Run<?, ?> run) {
        StandardCredentials credential = lookup(id, StandardCredentials.class, what, run);
        if (credential instanceof StringCredentials text) {
            return Secret.of(text.getSecret().getPlainText());
        }
        if (credential instanceof FileCredentials file) {
            try (InputStream content = file.getContent()) {
                return Secret.of(new String(content.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new KubeOpsException("the " + what + " (credential '" + id + "') could not be read ("
                        + e.getClass().getSimpleName() + "): upload it again in Manage Jenkins » Credentials.", e);
            }
        }
        throw new KubeOpsException("the " + what + " (credential '" + id + "') must be a Secret text or Secret file "
                + "credential: select one of those in " + WHERE + ".");
    }

    private static <C extends StandardCredentials> C lookup(String id, Class<C> type, String what, Run<?, ?> run) {
        C credential = CredentialsProvider.findCredentialById(id, type, run); // null when absent or not usable
        if (credential == null) {
            throw new KubeOpsException("the " + what + " (credential '" + id + "') was not found, is of another kind, or this "
                    + "build may not use it: create it in Manage Jenkins » Credentials, or select another in " + WHERE + ".");
        }
        return credential;
    }

    private static Optional<String> optional(String value) {
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
    }
}
