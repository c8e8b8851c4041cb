package io.jenkins.plugins.kubeops.engine.cluster;

import io.jenkins.plugins.kubeops.engine.common.Secret;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach one Kubernetes cluster: a kubeconfig file and context, or an API server URL with a bearer token and CA.
 * Values only; {@link KubernetesClientFactory} turns one into a client. Generated {@code toString}s never show the token.
 */
public sealed interface ClusterConnection {

    /** Namespace used when a command names none; empty means the kubeconfig context's namespace, or {@code default}. */
    Optional<String> namespace();

    /** A one-line description for messages and logs (no secrets). */
    String describe();

    /**
     * A kubeconfig file and an optional context (empty: the file's current context).
     */
    record Kubeconfig(Path file, Optional<String> context, Optional<String> namespace) implements ClusterConnection {
        public Kubeconfig {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(context, "context");
            Objects.requireNonNull(namespace, "namespace");
        }

        public static Kubeconfig of(Path file) {
            return new Kubeconfig(file, Optional.empty(), Optional.empty());
        }

        @Override
        public String describe() {
            return "kubeconfig " + file + context.map(c -> " (context " + c + ")").orElse(" (current context)");
        }
    }

    /**
     * Kubeconfig content held in memory (e.g. from a Jenkins file credential), so the secret is never written to disk.
     */
    record KubeconfigText(Secret content, Optional<String> context, Optional<String> namespace) implements ClusterConnection {
        public KubeconfigText {
            Objects.requireNonNull(content, "content");
            Objects.requireNonNull(context, "context");
            Objects.requireNonNull(namespace, "namespace");
        }

        @Override
        public String describe() {
            return "kubeconfig credential" + context.map(c -> " (context " + c + ")").orElse(" (current context)");
        }
    }

    /**
     * An API server URL with a bearer token; {@code caCertificatePem} empty means the JVM's trusted CAs.
     */
    record Token(String serverUrl, Secret token, Optional<String> caCertificatePem, Optional<String> namespace)
            implements ClusterConnection {
        public Token {
            Objects.requireNonNull(serverUrl, "serverUrl");
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(caCertificatePem, "caCertificatePem");
            Objects.requireNonNull(namespace, "namespace");
        }

        @Override
        public String describe() {
            return "API server " + serverUrl;
        }
    }
}
