package io.jenkins.plugins.kubeops.cli;

import io.jenkins.plugins.kubeops.engine.cluster.ClientTimeouts;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * How a command reaches its cluster. Tokens are read from a file or the environment, never from the command line, where
 * any local user could read them in the process list.
 */
public final class ConnectionOptions {

    @Option(names = "--kubeconfig", paramLabel = "FILE",
            description = "Kubeconfig file. Default: $KUBECONFIG, then ~/.kube/config, else the embedded local test cluster.")
    Path kubeconfig;

    @Option(names = "--context", paramLabel = "NAME", description = "Kubeconfig context. Default: the file's current context.")
    String context;

    @Option(names = "--server", paramLabel = "URL",
            description = "API server URL, for token authentication instead of a kubeconfig.")
    String server;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "File holding the bearer token for --server. Default: $KUBE_OPS_TOKEN.")
    Path tokenFile;

    @Option(names = "--ca-file", paramLabel = "FILE", description = "PEM CA certificate of the --server.")
    Path caFile;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NAME", description = "Namespace. Default: the context's, else 'default'.")
    String namespace;

    @Option(names = "--connect-timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "Seconds to wait for a connection to the API server (default: ${DEFAULT-VALUE}).")
    int connectTimeoutSeconds;

    @Option(names = "--request-timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "Seconds to wait for one API response (default: ${DEFAULT-VALUE}).")
    int requestTimeoutSeconds;

    Optional<Path> kubeconfig() {
        return Optional.ofNullable(kubeconfig);
    }

    Optional<String> context() {
        return Optional.ofNullable(context).filter(c -> !c.isBlank());
    }

    Optional<String> server() {
        return Optional.ofNullable(server).filter(s -> !s.isBlank());
    }

    Optional<Path> tokenFile() {
        return Optional.ofNullable(tokenFile);
    }

    Optional<Path> caFile() {
        return Optional.ofNullable(caFile);
    }

    Optional<String> namespace() {
        return Optional.ofNullable(namespace).filter(n -> !n.isBlank());
    }

    ClientTimeouts timeouts() {
        if (connectTimeoutSeconds <= 0 || requestTimeoutSeconds <= 0) {
            throw new KubeOpsException("--connect-timeout " + connectTimeoutSeconds + " / --request-timeout "
                    + requestTimeoutSeconds + ": both must be positive numbers of seconds, e.g. 10 and 30.");
        }
        return new ClientTimeouts(Duration.ofSeconds(connectTimeoutSeconds), Duration.ofSeconds(requestTimeoutSeconds),
                ClientTimeouts.DEFAULT.retries());
    }
}
