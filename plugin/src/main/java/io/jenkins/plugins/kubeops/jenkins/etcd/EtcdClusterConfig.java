package io.jenkins.plugins.kubeops.jenkins.etcd;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.kubeops.engine.etcd.EtcdSettingsValidation;
import io.jenkins.plugins.kubeops.jenkins.CredentialChoices;
import io.jenkins.plugins.kubeops.jenkins.FormValidations;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * One etcd cluster to back up, as configured in Manage Jenkins » System » Kube Ops etcd backups. The client key is a
 * credential (Secret file or Secret text holding the PEM key); certificates are public and stored as text.
 */
public final class EtcdClusterConfig implements Describable<EtcdClusterConfig> {

    private final String name;
    private String endpoints;
    private String caCertificate;
    private String clientCertificate;
    private String clientKeyCredentialsId;
    private int connectTimeoutSeconds = 5;
    private int timeoutSeconds = 600;
    private boolean preferFollower;
    private String etcdBinDir;

    @DataBoundConstructor
    public EtcdClusterConfig(String name) {
        this.name = Util.fixEmptyAndTrim(name);
    }

    public String getName() {
        return Util.fixNull(name);
    }

    public String getEndpoints() {
        return Util.fixNull(endpoints);
    }

    @DataBoundSetter
    public void setEndpoints(String endpoints) {
        this.endpoints = Util.fixEmptyAndTrim(endpoints);
    }

    public String getCaCertificate() {
        return Util.fixNull(caCertificate);
    }

    @DataBoundSetter
    public void setCaCertificate(String caCertificate) {
        this.caCertificate = Util.fixEmptyAndTrim(caCertificate);
    }

    public String getClientCertificate() {
        return Util.fixNull(clientCertificate);
    }

    @DataBoundSetter
    public void setClientCertificate(String clientCertificate) {
        this.clientCertificate = Util.fixEmptyAndTrim(clientCertificate);
    }

    public String getClientKeyCredentialsId() {
        return Util.fixNull(clientKeyCredentialsId);
    }

    @DataBoundSetter
    public void setClientKeyCredentialsId(String clientKeyCredentialsId) {
        this.clientKeyCredentialsId = Util.fixEmptyAndTrim(clientKeyCredentialsId);
    }

    public int getConnectTimeoutSeconds() {
        return connectTimeoutSeconds;
    }

    @DataBoundSetter
    public void setConnectTimeoutSeconds(int connectTimeoutSeconds) {
        this.connectTimeoutSeconds = connectTimeoutSeconds;
    }

    public int getTimeoutSeconds() {
        return timeoutSeconds;
    }

    @DataBoundSetter
    public void setTimeoutSeconds(int timeoutSeconds) {
        this.timeoutSeconds = timeoutSeconds;
    }

    public boolean isPreferFollower() {
        return preferFollower;
    }

    @DataBoundSetter
    public void setPreferFollower(boolean preferFollower) {
        this.preferFollower = preferFollower;
    }

    /** Directory with etcd and etcdutl on the controller, for restore drills and deep checks; empty means the PATH. */
    public String getEtcdBinDir() {
        return Util.fixNull(etcdBinDir);
    }

    @DataBoundSetter
    public void setEtcdBinDir(String etcdBinDir) {
        this.etcdBinDir = Util.fixEmptyAndTrim(etcdBinDir);
    }

    @Extension
    @Symbol("etcdCluster")
    public static final class DescriptorImpl extends Descriptor<EtcdClusterConfig> {

        @NonNull
        @Override
        public String getDisplayName() {
            return "etcd cluster";
        }

        // Reachable by URL: each endpoint requires POST and Overall/Administer itself.

        @POST
        public FormValidation doCheckName(@QueryParameter String value) {
            return FormValidations.forAdministrators(() -> EtcdSettingsValidation.clusterName(value));
        }

        @POST
        public FormValidation doCheckEndpoints(@QueryParameter String value) {
            return FormValidations.forAdministrators(() -> EtcdSettingsValidation.endpoints(value));
        }

        @POST
        public FormValidation doCheckCaCertificate(@QueryParameter String value) {
            return FormValidations.forAdministrators(() -> EtcdSettingsValidation.certificate("etcd CA certificate", value));
        }

        @POST
        public FormValidation doCheckClientCertificate(@QueryParameter String value) {
            return FormValidations.forAdministrators(() -> EtcdSettingsValidation.certificate("etcd client certificate", value));
        }

        @POST
        public FormValidation doCheckConnectTimeoutSeconds(@QueryParameter int value) {
            return FormValidations.forAdministrators(() -> EtcdSettingsValidation.seconds("Connect timeout", value));
        }

        @POST
        public FormValidation doCheckTimeoutSeconds(@QueryParameter int value) {
            return FormValidations.forAdministrators(() -> EtcdSettingsValidation.seconds("Timeout", value));
        }

        /** Secret file or Secret text credentials holding the client's PEM key, plus the current value. */
        @POST
        public ListBoxModel doFillClientKeyCredentialsIdItems(@QueryParameter String clientKeyCredentialsId) {
            return CredentialChoices.forAdministrators(clientKeyCredentialsId, FileCredentials.class, StringCredentials.class);
        }
    }
}
