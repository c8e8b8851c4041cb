package io.jenkins.plugins.kubeops.cli;

import io.jenkins.plugins.kubeops.engine.cluster.ClusterConnection;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import io.jenkins.plugins.kubeops.engine.common.Secret;
import java.io.File;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Where a CLI command connects: an explicit connection, or the embedded local test cluster when nothing names a cluster.
 */
sealed interface ConnectionTarget {

    record Explicit(ClusterConnection connection) implements ConnectionTarget {
    }

    record LocalCluster(Optional<String> namespace) implements ConnectionTarget {
    }

    String TOKEN_VARIABLE = "KUBE_OPS_TOKEN";

    /**
     * Resolves options the way kubectl users expect: {@code --server} with a token, else {@code --kubeconfig}, else
     * {@code $KUBECONFIG} (its first existing file), else {@code ~/.kube/config}, else the local cluster.
     *
     * @param exists   tells whether a file exists (injected for tests)
     * @param readFile reads a small text file (token, CA)
     */
    static ConnectionTarget resolve(ConnectionOptions options, Map<String, String> environment, Path home,
                                    Predicate<Path> exists, Function<Path, String> readFile) {
        if (options.server().isPresent()) {
            if (options.kubeconfig().isPresent() || options.context().isPresent()) {
                throw new KubeOpsException("--server cannot be combined with --kubeconfig or --context: use one way to connect.");
            }
            String token = options.tokenFile().map(file -> readFile.apply(file).trim())
                    .or(() -> Optional.ofNullable(environment.get(TOKEN_VARIABLE)).map(String::trim))
                    .filter(t -> !t.isEmpty())
                    .orElseThrow(() -> new KubeOpsException("--server " + options.server().get()
                            + " needs a token: pass --token-file FILE or set " + TOKEN_VARIABLE + "."));
            Optional<String> ca = options.caFile().map(readFile);
            return new Explicit(new ClusterConnection.Token(options.server().get(), Secret.of(token), ca, options.namespace()));
        }
        Optional<Path> kubeconfig = options.kubeconfig()
                .or(() -> fromEnvironment(environment.get("KUBECONFIG"), exists))
                .or(() -> Optional.of(home.resolve(".kube").resolve("config")).filter(exists));
        if (kubeconfig.isPresent()) {
            return new Explicit(new ClusterConnection.Kubeconfig(kubeconfig.get(), options.context(), options.namespace()));
        }
        if (options.context().isPresent()) {
            throw new KubeOpsException("--context " + options.context().get() + " was given but no kubeconfig was found: pass "
                    + "--kubeconfig FILE or set KUBECONFIG.");
        }
        return new LocalCluster(options.namespace());
    }

    private static Optional<Path> fromEnvironment(String variable, Predicate<Path> exists) {
        if (variable == null || variable.isBlank()) {
            return Optional.empty();
        }
        for (String entry : variable.split(File.pathSeparator)) {
            if (!entry.isBlank() && exists.test(Path.of(entry))) {
                return Optional.of(Path.of(entry));
            }
        }
        throw new KubeOpsException("KUBECONFIG is set to '" + variable + "' but none of its files exists: fix or unset it.");
    }
}
