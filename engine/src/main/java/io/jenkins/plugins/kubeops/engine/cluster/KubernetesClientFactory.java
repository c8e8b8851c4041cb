package io.jenkins.plugins.kubeops.engine.cluster;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;

/**
 * Builds fabric8 clients from {@link ClusterConnection}s, always with explicit timeouts and never from ambient settings
 * (environment, system properties, ~/.kube) the connection did not name.
 */
public final class KubernetesClientFactory {

    private final ClientTimeouts timeouts;
    private final Clock clock;

    public KubernetesClientFactory(ClientTimeouts timeouts, Clock clock) {
        this.timeouts = timeouts;
        this.clock = clock;
    }

    public KubernetesClientFactory(ClientTimeouts timeouts) {
        this(timeouts, Clock.systemUTC());
    }

    public KubernetesClientFactory() {
        this(ClientTimeouts.DEFAULT);
    }

    public KubernetesClient create(ClusterConnection connection) {
        return new KubernetesClientBuilder().withConfig(config(connection)).build();
    }

    /** The fabric8 configuration for a connection; input errors name the field and the fix. */
    public Config config(ClusterConnection connection) {
        Config config;
        if (connection instanceof ClusterConnection.Kubeconfig kubeconfig) {
            config = fromKubeconfig(kubeconfig);
        } else if (connection instanceof ClusterConnection.KubeconfigText text) {
            config = fromKubeconfigText(text);
        } else {
            config = fromToken((ClusterConnection.Token) connection, clock.instant());
        }
        connection.namespace().ifPresent(namespace -> {
            ClusterSettingsValidation.namespace(namespace).throwIfError();
            config.setNamespace(namespace);
        });
        if (config.getNamespace() == null) {
            config.setNamespace("default");
        }
        config.setConnectionTimeout(Math.toIntExact(timeouts.connect().toMillis()));
        config.setRequestTimeout(Math.toIntExact(timeouts.request().toMillis()));
        config.setRequestRetryBackoffLimit(timeouts.retries());
        return config;
    }

    private static Config fromKubeconfig(ClusterConnection.Kubeconfig connection) {
        KubeconfigFile file = KubeconfigFile.read(connection.file());
        String context = file.selectContext(connection.context());
        try {
            return Config.fromKubeconfig(context, connection.file().toFile());
        } catch (RuntimeException e) {
            throw new KubeOpsException("kubeconfig '" + connection.file() + "' context '" + context + "' is unusable ("
                    + e.getMessage() + "): check its cluster and user entries with 'kubectl config view'.", e);
        }
    }

    private static Config fromKubeconfigText(ClusterConnection.KubeconfigText connection) {
        String yaml = connection.content().reveal();
        String context = KubeconfigFile.parse("credential", yaml).selectContext(connection.context());
        try {
            return Config.fromKubeconfig(context, yaml, null);
        } catch (RuntimeException e) {
            throw new KubeOpsException("kubeconfig credential context '" + context + "' is unusable ("
                    + e.getClass().getSimpleName() + "): check its cluster and user entries.", e);
        }
    }

    private static Config fromToken(ClusterConnection.Token connection, Instant now) {
        ClusterSettingsValidation.serverUrl(connection.serverUrl()).throwIfError();
        if (connection.serverUrl().isBlank()) {
            throw new KubeOpsException("API server URL is required for a token connection: set it to https://HOST[:PORT].");
        }
        if (connection.token().isBlank()) {
            throw new KubeOpsException("token for " + connection.serverUrl() + " is empty: supply a service-account token.");
        }
        ConfigBuilder builder = new ConfigBuilder(Config.empty())
                .withMasterUrl(connection.serverUrl().trim())
                .withOauthToken(connection.token().reveal());
        connection.caCertificatePem().filter(pem -> !pem.isBlank()).ifPresent(pem -> {
            ClusterSettingsValidation.caCertificate(pem, now).throwIfError();
            builder.withCaCertData(Base64.getEncoder().encodeToString(pem.trim().getBytes(StandardCharsets.US_ASCII)));
        });
        return builder.build();
    }
}
