package io.jenkins.plugins.kubeops.jenkins;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.AbortException;
import hudson.model.Run;
import hudson.security.ACL;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.kubeops.engine.cluster.ClientTimeouts;
import io.jenkins.plugins.kubeops.engine.cluster.ClusterConnection;
import io.jenkins.plugins.kubeops.engine.cluster.ClusterInfoGateway;
import io.jenkins.plugins.kubeops.engine.cluster.ClusterSummary;
import io.jenkins.plugins.kubeops.engine.cluster.KubernetesClientFactory;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import io.jenkins.plugins.kubeops.engine.common.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/**
 * Turns a {@link KubeCluster} and its Jenkins credential into an engine {@link ClusterConnection}. A Secret text
 * credential is a bearer token for the cluster's API server URL; a Secret file credential is a kubeconfig, read into
 * memory and never written to disk.
 */
public final class ClusterConnections {

    private static final String WHERE = "Manage Jenkins » System » Kube Ops";

    private ClusterConnections() {
    }

    /** For the configuration form: credentials visible to the whole controller. */
    static ClusterConnection forConfiguration(KubeCluster cluster) {
        String id = requireCredentialsId(cluster);
        return toConnection(cluster, CredentialsProvider.findCredentialByIdInItemGroup(
                id, StandardCredentials.class, Jenkins.get(), ACL.SYSTEM2, List.of()));
    }

    /** For a build: the credential as the build may use it (its job's folders, its authentication, parameters). */
    public static ClusterConnection forRun(KubeCluster cluster, Run<?, ?> run) {
        String id = requireCredentialsId(cluster);
        return toConnection(cluster, CredentialsProvider.findCredentialById(id, StandardCredentials.class, run));
    }

    /**
     * For a step: the configured cluster of that name, connected as the build may use its credential. An unknown name or a
     * cluster that cannot be used fails the build with the message (the configured names, or the fix).
     */
    public static ClusterConnection forStep(String step, String name, Run<?, ?> run) throws AbortException {
        KubeOpsConfiguration configuration = KubeOpsConfiguration.get();
        KubeCluster configured = configuration.findCluster(name).orElseThrow(() -> new AbortException(
                configuration.getClusterNames().isEmpty()
                        ? step + ": no Kube Ops cluster named '" + name + "', and none is configured: add it in " + WHERE + "."
                        : step + ": no Kube Ops cluster named '" + name + "' (configured: "
                                + String.join(", ", configuration.getClusterNames()) + "): use one of those names, or add it in "
                                + WHERE + "."));
        try {
            return forRun(configured, run);
        } catch (KubeOpsException e) {
            throw new AbortException(step + ": " + e.getMessage());
        }
    }

    /** Connects, reads the cluster summary through the engine and closes the client. */
    static ClusterSummary summarize(ClusterConnection connection) {
        try (KubernetesClient client = new KubernetesClientFactory(ClientTimeouts.DEFAULT).create(connection)) {
            return new ClusterInfoGateway(client, connection.describe()).summary();
        }
    }

    private static String requireCredentialsId(KubeCluster cluster) {
        if (cluster.getCredentialsId().isEmpty()) {
            // The engine has no in-cluster connection yet, so a cluster without credentials cannot be reached.
            throw new KubeOpsException("cluster '" + cluster.getName() + "' has no credentials: select a Secret text "
                    + "(service-account token) or Secret file (kubeconfig) credential for it in " + WHERE + ".");
        }
        return cluster.getCredentialsId();
    }

    private static ClusterConnection toConnection(KubeCluster cluster, @CheckForNull StandardCredentials credential) {
        String id = cluster.getCredentialsId();
        Optional<String> namespace = optional(cluster.getDefaultNamespace());
        if (credential == null) {
            throw new KubeOpsException("credential '" + id + "' of cluster '" + cluster.getName() + "' was not found, or "
                    + "this context may not use it: create it in Manage Jenkins » Credentials, or select another in " + WHERE + ".");
        }
        if (credential instanceof StringCredentials token) {
            return new ClusterConnection.Token(cluster.getServerUrl(), Secret.of(token.getSecret().getPlainText()),
                    optional(cluster.getCaCertificate()), namespace);
        }
        if (credential instanceof FileCredentials kubeconfig) {
            return new ClusterConnection.KubeconfigText(Secret.of(read(kubeconfig, cluster)), Optional.empty(), namespace);
        }
        throw new KubeOpsException("credential '" + id + "' of cluster '" + cluster.getName() + "' is a '"
                + credential.getDescriptor().getDisplayName() + "' credential, but Kube Ops needs Secret text (a service-account"
                + " token) or Secret file (a kubeconfig): select one of those in " + WHERE + ".");
    }

    private static String read(FileCredentials kubeconfig, KubeCluster cluster) {
        try (InputStream content = kubeconfig.getContent()) {
            return new String(content.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new KubeOpsException("kubeconfig credential '" + cluster.getCredentialsId() + "' of cluster '"
                    + cluster.getName() + "' could not be read (" + e.getClass().getSimpleName()
                    + "): upload the kubeconfig file again in Manage Jenkins » Credentials.", e);
        }
    }

    private static Optional<String> optional(String value) {
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }
}
