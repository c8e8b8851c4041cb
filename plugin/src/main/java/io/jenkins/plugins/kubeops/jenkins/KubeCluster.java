package io.jenkins.plugins.kubeops.jenkins;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.kubeops.engine.cluster.ClusterConnection;
import io.jenkins.plugins.kubeops.engine.cluster.ClusterSettingsValidation;
import io.jenkins.plugins.kubeops.engine.cluster.ClusterSummary;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * One Kubernetes cluster as configured in Manage Jenkins » System; pipelines select it by {@link #getName() name}.
 * Values are stored trimmed, with {@code null} for "not set"; getters never return {@code null}.
 */
public final class KubeCluster implements Describable<KubeCluster> {

    private final String name;
    private String serverUrl;
    private String credentialsId;
    private String caCertificate;
    private String defaultNamespace;

    @DataBoundConstructor
    public KubeCluster(String name) {
        this.name = Util.fixEmptyAndTrim(name);
    }

    public String getName() {
        return Util.fixNull(name);
    }

    public String getServerUrl() {
        return Util.fixNull(serverUrl);
    }

    @DataBoundSetter
    public void setServerUrl(String serverUrl) {
        this.serverUrl = Util.fixEmptyAndTrim(serverUrl);
    }

    /** Id of a Secret text (bearer token) or Secret file (kubeconfig) credential. */
    public String getCredentialsId() {
        return Util.fixNull(credentialsId);
    }

    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = Util.fixEmptyAndTrim(credentialsId);
    }

    /** PEM CA bundle for a token connection; empty means the JVM's trusted CAs. */
    public String getCaCertificate() {
        return Util.fixNull(caCertificate);
    }

    @DataBoundSetter
    public void setCaCertificate(String caCertificate) {
        this.caCertificate = Util.fixEmptyAndTrim(caCertificate);
    }

    public String getDefaultNamespace() {
        return Util.fixNull(defaultNamespace);
    }

    @DataBoundSetter
    public void setDefaultNamespace(String defaultNamespace) {
        this.defaultNamespace = Util.fixEmptyAndTrim(defaultNamespace);
    }

    @Extension
    @Symbol("cluster")
    public static final class DescriptorImpl extends Descriptor<KubeCluster> {

        private static final Logger LOGGER = Logger.getLogger(KubeCluster.class.getName());

        @NonNull
        @Override
        public String getDisplayName() {
            return "Kubernetes cluster";
        }

        // Every endpoint below is reachable by URL, so each one requires POST (CSRF) and Overall/Administer itself:
        // the global configuration page that normally calls them is not a guard. Non-administrators get HTTP 403.

        @POST
        public FormValidation doCheckName(@QueryParameter String value) {
            return FormValidations.forAdministrators(() -> ClusterSettingsValidation.clusterName(value));
        }

        @POST
        public FormValidation doCheckServerUrl(@QueryParameter String value) {
            return FormValidations.forAdministrators(() -> ClusterSettingsValidation.serverUrl(value));
        }

        @POST
        public FormValidation doCheckCredentialsId(@QueryParameter String value, @QueryParameter String serverUrl) {
            return FormValidations.forAdministrators(() -> ClusterSettingsValidation.credentialsId(value, serverUrl));
        }

        @POST
        public FormValidation doCheckCaCertificate(@QueryParameter String value) {
            return FormValidations.forAdministrators(() -> ClusterSettingsValidation.caCertificate(value, Instant.now()));
        }

        @POST
        public FormValidation doCheckDefaultNamespace(@QueryParameter String value) {
            return FormValidations.forAdministrators(() -> ClusterSettingsValidation.namespace(value));
        }

        /** Secret text (token) and Secret file (kubeconfig) credentials, plus the current value even if it is gone. */
        @POST
        public ListBoxModel doFillCredentialsIdItems(@QueryParameter String credentialsId) {
            return CredentialChoices.forAdministrators(credentialsId, StringCredentials.class, FileCredentials.class);
        }

        /** Connects with the values in the form (saved or not) and reports what the engine reads from the cluster. */
        @POST
        public FormValidation doTestConnection(@QueryParameter String name, @QueryParameter String serverUrl,
                                               @QueryParameter String credentialsId, @QueryParameter String caCertificate,
                                               @QueryParameter String defaultNamespace) {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER);
            KubeCluster cluster = new KubeCluster(name);
            cluster.setServerUrl(serverUrl);
            cluster.setCredentialsId(credentialsId);
            cluster.setCaCertificate(caCertificate);
            cluster.setDefaultNamespace(defaultNamespace);
            try {
                ClusterConnection connection = ClusterConnections.forConfiguration(cluster);
                ClusterSummary summary = ClusterConnections.summarize(connection);
                return FormValidation.ok("Connected to " + connection.describe() + ": Kubernetes " + summary.serverVersion()
                        + ", " + summary.readyNodes() + " of " + summary.nodes() + " nodes ready.");
            } catch (KubeOpsException e) {
                return FormValidation.error(e.getMessage());
            } catch (RuntimeException e) {
                // The engine wraps the failures it knows; anything else is a bug, so keep the details in the system log.
                LOGGER.log(Level.WARNING, "Kube Ops connection test failed unexpectedly", e);
                return FormValidation.error("Connection test failed unexpectedly (" + e.getClass().getName()
                        + "): see the Jenkins system log.");
            }
        }
    }
}
