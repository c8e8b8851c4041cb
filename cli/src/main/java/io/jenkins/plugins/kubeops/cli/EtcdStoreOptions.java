package io.jenkins.plugins.kubeops.cli;

import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import io.jenkins.plugins.kubeops.engine.common.Secret;
import io.jenkins.plugins.kubeops.engine.etcd.BackupStore;
import io.jenkins.plugins.kubeops.engine.etcd.EncryptionKey;
import io.jenkins.plugins.kubeops.engine.etcd.EtcdSettingsValidation;
import io.jenkins.plugins.kubeops.engine.etcd.FilesystemStore;
import io.jenkins.plugins.kubeops.engine.etcd.S3Settings;
import io.jenkins.plugins.kubeops.engine.etcd.S3Store;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The cluster name and where its backups live: a directory or an S3 bucket. S3 credentials come from the environment
 * ({@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}, or the SDK's default chain); encryption keys from files or
 * {@code KUBE_OPS_ETCD_KEY} — never from the command line, where other users could read them.
 */
final class EtcdStoreOptions {

    static final String KEY_VARIABLE = "KUBE_OPS_ETCD_KEY";

    @Option(names = "--cluster", required = true, paramLabel = "NAME",
            description = "Name of the etcd cluster, e.g. prod-eu ('list -o prometheus' and '--textfile' take it repeatedly).")
    List<String> clusters = new ArrayList<>();

    @Option(names = "--store-dir", paramLabel = "DIR", description = "Backup directory (local disk or NFS).")
    Path storeDir;

    @Option(names = "--s3-bucket", paramLabel = "BUCKET", description = "S3 bucket, instead of --store-dir.")
    String bucket;

    @Option(names = "--s3-endpoint", paramLabel = "URL", description = "S3 service URL for non-AWS servers (MinIO, Ceph, Swift).")
    String s3Endpoint;

    @Option(names = "--s3-region", paramLabel = "REGION", defaultValue = "us-east-1", description = "Region (default: ${DEFAULT-VALUE}).")
    String region;

    @Option(names = "--s3-prefix", paramLabel = "PREFIX", defaultValue = "", description = "Key prefix inside the bucket.")
    String prefix;

    @Option(names = "--s3-path-style", description = "Path-style URLs (most non-AWS servers need them).")
    boolean pathStyle;

    @Option(names = "--s3-ca-file", paramLabel = "FILE", description = "CA certificate of an S3 server with a private certificate.")
    Path s3CaFile;

    @Option(names = "--encryption-key-file", paramLabel = "FILE",
            description = "AES-256 key (base64 of 32 bytes) to encrypt with and decrypt. Default: $" + KEY_VARIABLE + ".")
    Path keyFile;

    @Option(names = "--previous-key-file", paramLabel = "FILE",
            description = "An older key, to read backups made before a key rotation (repeatable).")
    List<Path> previousKeyFiles = new ArrayList<>();

    /** The one cluster a command works on. */
    String cluster() {
        if (clusters.size() != 1) {
            throw new KubeOpsException("give one --cluster (got " + String.join(", ", clusters) + "): only 'kube-ops etcd list' "
                    + "with -o prometheus or --textfile reports on several clusters at once.");
        }
        return clusters().get(0);
    }

    /** Every cluster given, validated, in the order given and without repeats. */
    List<String> clusters() {
        clusters.forEach(name -> EtcdSettingsValidation.clusterName(name).throwIfError());
        return clusters.stream().map(String::trim).distinct().toList();
    }

    BackupStore open(Map<String, String> environment) {
        if ((storeDir == null) == (bucket == null)) {
            throw new KubeOpsException("give exactly one store: --store-dir DIR or --s3-bucket BUCKET.");
        }
        if (storeDir != null) {
            return new FilesystemStore(storeDir);
        }
        EtcdSettingsValidation.bucket(bucket).throwIfError();
        EtcdSettingsValidation.s3Endpoint(s3Endpoint).throwIfError();
        EtcdSettingsValidation.prefix(prefix).throwIfError();
        Optional<String> accessKey = Optional.ofNullable(environment.get("AWS_ACCESS_KEY_ID")).filter(s -> !s.isBlank());
        Optional<Secret> secretKey = Optional.ofNullable(environment.get("AWS_SECRET_ACCESS_KEY")).filter(s -> !s.isBlank())
                .map(Secret::of);
        if (accessKey.isPresent() != secretKey.isPresent()) {
            throw new KubeOpsException("set both AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or neither (then the AWS SDK's "
                    + "default credential chain is used).");
        }
        return new S3Store(new S3Settings(Optional.ofNullable(s3Endpoint).filter(s -> !s.isBlank()).map(String::trim).map(URI::create),
                region, bucket.trim(), prefix, pathStyle, Optional.ofNullable(s3CaFile).map(EtcdConnectionOptions::read),
                accessKey, secretKey, Duration.ofSeconds(10), Duration.ofSeconds(60)));
    }

    /** The key to encrypt with, if any. */
    Optional<EncryptionKey> encryptionKey(Map<String, String> environment) {
        if (keyFile != null) {
            return Optional.of(EncryptionKey.of(Secret.of(EtcdConnectionOptions.read(keyFile))));
        }
        return Optional.ofNullable(environment.get(KEY_VARIABLE)).filter(s -> !s.isBlank())
                .map(s -> EncryptionKey.of(Secret.of(s)));
    }

    /** Every key that may decrypt: the current one and the previous ones. */
    List<EncryptionKey> decryptionKeys(Map<String, String> environment) {
        List<EncryptionKey> keys = new ArrayList<>();
        encryptionKey(environment).ifPresent(keys::add);
        previousKeyFiles.forEach(file -> keys.add(EncryptionKey.of(Secret.of(EtcdConnectionOptions.read(file)))));
        return keys;
    }
}
