package io.jenkins.plugins.kubeops.engine.etcd;

import io.jenkins.plugins.kubeops.engine.common.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * An S3-compatible bucket for backups.
 *
 * @param endpoint    the service URL for non-AWS servers (MinIO, Ceph, Swift s3api, s3proxy); empty for AWS
 * @param region      signing region ({@code us-east-1} for most non-AWS servers)
 * @param prefix      key prefix inside the bucket, e.g. {@code etcd-backups}; empty for the bucket's root
 * @param pathStyle   {@code https://host/bucket/key} instead of {@code https://bucket.host/key} (needed by most non-AWS servers)
 * @param caPem       CA certificate of a server with a private certificate
 * @param accessKeyId with {@code secretAccessKey}; empty means the SDK's default chain (environment, profile, instance role)
 */
public record S3Settings(Optional<URI> endpoint, String region, String bucket, String prefix, boolean pathStyle,
                         Optional<String> caPem, Optional<String> accessKeyId, Optional<Secret> secretAccessKey,
                         Duration connectTimeout, Duration requestTimeout) {

    public S3Settings {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(bucket, "bucket");
        prefix = prefix == null ? "" : prefix.replaceAll("^/+|/+$", "");
        Objects.requireNonNull(caPem, "caPem");
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
    }

    public String describe() {
        return "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix) + endpoint.map(e -> " at " + e).orElse("");
    }

    String key(String name) {
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    String name(String key) {
        return prefix.isEmpty() ? key : key.substring(prefix.length() + 1);
    }
}
