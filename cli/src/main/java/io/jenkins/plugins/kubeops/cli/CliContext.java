package io.jenkins.plugins.kubeops.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.kubeops.engine.cluster.ClusterConnection;
import io.jenkins.plugins.kubeops.engine.cluster.KubernetesClientFactory;
import io.jenkins.plugins.kubeops.localcluster.LocalCluster;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the CLI takes from its surroundings, injectable for tests: environment, home directory, output streams and how the
 * embedded local cluster is started.
 *
 * @param localCluster starts (or reuses) the local cluster, reporting progress to the given writer; returns its kubeconfig
 */
public record CliContext(Map<String, String> environment, Path home, PrintWriter out, PrintWriter err,
                         Function<PrintWriter, Path> localCluster) {

    public static CliContext system() {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        return new CliContext(System.getenv(), Path.of(System.getProperty("user.home")), out, err,
                progress -> {
                    progress.println("No kubeconfig given or found: using the local test cluster '" + LocalCluster.DEMO_CLUSTER
                            + "' (the first start builds Kubernetes from source and takes several minutes).");
                    Path kubeconfig = LocalCluster.start(LocalCluster.DEMO_CLUSTER, 0, LocalCluster.START_TIMEOUT, progress::println);
                    try (KubernetesClient client = new KubernetesClientFactory().create(ClusterConnection.Kubeconfig.of(kubeconfig))) {
                        DemoCluster.seed(client);
                    }
                    return kubeconfig;
                });
    }

    /** The connection a command uses: from its options, or the local cluster when they name none. */
    ClusterConnection connect(ConnectionOptions options) {
        ConnectionTarget target = ConnectionTarget.resolve(options, environment, home, Files::isRegularFile, CliContext::read);
        if (target instanceof ConnectionTarget.Explicit explicit) {
            return explicit.connection();
        }
        Optional<String> namespace = ((ConnectionTarget.LocalCluster) target).namespace();
        return new ClusterConnection.Kubeconfig(localCluster.apply(err), Optional.empty(), namespace);
    }

    /**
     * Connections by kubeconfig context, for commands that span clusters (pools): the empty name means the options' own
     * context (or the current one). Contexts need a kubeconfig; a --server connection only serves the empty name.
     */
    Function<String, ClusterConnection> connectionsByContext(ConnectionOptions options) {
        ClusterConnection base = connect(options);
        return context -> {
            if (context.isEmpty()) {
                return base;
            }
            if (base instanceof ClusterConnection.Kubeconfig kubeconfig) {
                return new ClusterConnection.Kubeconfig(kubeconfig.file(), Optional.of(context), kubeconfig.namespace());
            }
            throw new KubeOpsException("cluster '" + context + "' needs a kubeconfig context, but the connection is "
                    + base.describe() + ": pass --kubeconfig with a file that has context '" + context + "'.");
        };
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new KubeOpsException("cannot read '" + file + "' (" + e.getMessage() + "): check the path and permissions.", e);
        }
    }
}
