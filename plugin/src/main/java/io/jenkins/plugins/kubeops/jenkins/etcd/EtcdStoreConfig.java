package io.jenkins.plugins.kubeops.jenkins.etcd;

import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.kubeops.engine.etcd.Compression;
import io.jenkins.plugins.kubeops.engine.etcd.EtcdSettingsValidation;
import io.jenkins.plugins.kubeops.engine.common.Validation;
import io.jenkins.plugins.kubeops.jenkins.CredentialChoices;
import io.jenkins.plugins.kubeops.jenkins.FormValidations;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * Where backups go: a directory on the controller (local disk or NFS) or an S3-compatible bucket. S3 keys are a
 * Username with password credential (access key id / secret key); the encryption key a Secret text credential holding
 * 32 base64 bytes. Previous keys (comma-separated credential ids) keep older backups readable after a rotation.
 */
public final class EtcdStoreConfig implements Describable<EtcdStoreConfig> {

    private final String name;
    private String directory;
    private String bucket;
    private String s3Endpoint;
    private String region = "us-east-1";
    private String prefix;
    private boolean pathStyle;
    private String s3CaCertificate;
    private String s3CredentialsId;
    private String compression = "zstd";
    private String encryptionKeyCredentialsId;
    private String previousKeyCredentialsIds;

    @DataBoundConstructor
    public EtcdStoreConfig(String name) {
        this.name = Util.fixEmptyAndTrim(name);
    }

    public String getName() {
        return Util.fixNull(name);
    }

    public String getDirectory() {
        return Util.fixNull(directory);
    }

    @DataBoundSetter
    public void setDirectory(String directory) {
        this.directory = Util.fixEmptyAndTrim(directory);
    }

    public String getBucket() {
        return Util.fixNull(bucket);
    }

    @DataBoundSetter
    public void setBucket(String bucket) {
        this.bucket = Util.fixEmptyAndTrim(bucket);
    }

    public String getS3Endpoint() {
        return Util.fixNull(s3Endpoint);
    }

    @DataBoundSetter
    public void setS3Endpoint(String s3Endpoint) {
        this.s3Endpoint = Util.fixEmptyAndTrim(s3Endpoint);
    }

    public String getRegion() {
        return Util.fixNull(region);
    }

    @DataBoundSetter
    public void setRegion(String region) {
        this.region = Util.fixEmptyAndTrim(region);
    }

    public String getPrefix() {
        return Util.fixNull(prefix);
    }

    @DataBoundSetter
    public void setPrefix(String prefix) {
        this.prefix = Util.fixEmptyAndTrim(prefix);
    }

    public boolean isPathStyle() {
        return pathStyle;
    }

    @DataBoundSetter
    public void setPathStyle(boolean pathStyle) {
        this.pathStyle = pathStyle;
    }

    public String getS3CaCertificate() {
        return Util.fixNull(s3CaCertificate);
    }

    @DataBoundSetter
    public void setS3CaCertificate(String s3CaCertificate) {
        this.s3CaCertificate = Util.fixEmptyAndTrim(s3CaCertificate);
    }

    public String getS3CredentialsId() {
        return Util.fixNull(s3CredentialsId);
    }

    @DataBoundSetter
    public void setS3CredentialsId(String s3CredentialsId) {
        this.s3CredentialsId = Util.fixEmptyAndTrim(s3CredentialsId);
    }

    public String getCompression() {
        return Util.fixNull(compression);
    }

    @DataBoundSetter
    public void setCompression(String compression) {
        this.compression = Util.fixEmptyAndTrim(compression);
    }

    public String getEncryptionKeyCredentialsId() {
        return Util.fixNull(encryptionKeyCredentialsId);
    }

    @DataBoundSetter
    public void setEncryptionKeyCredentialsId(String encryptionKeyCredentialsId) {
        this.encryptionKeyCredentialsId = Util.fixEmptyAndTrim(encryptionKeyCredentialsId);
    }

    public String getPreviousKeyCredentialsIds() {
        return Util.fixNull(previousKeyCredentialsIds);
    }

    @DataBoundSetter
    public void setPreviousKeyCredentialsIds(String previousKeyCredentialsIds) {
        this.previousKeyCredentialsIds = Util.fixEmptyAndTrim(previousKeyCredentialsIds);
    }

    /** Exactly one of directory and bucket. */
    static Validation kind(String directory, String bucket) {
        boolean hasDirectory = directory != null && !directory.isBlank();
        boolean hasBucket = bucket != null && !bucket.isBlank();
        return hasDirectory == hasBucket ? Validation.error("Give either a directory or an S3 bucket for this store, not "
                + (hasDirectory ? "both" : "neither") + ".") : Validation.ok();
    }

    @Extension
    @Symbol("etcdStore")
    public static final class DescriptorImpl extends Descriptor<EtcdStoreConfig> {

        @NonNull
        @Override
        public String getDisplayName() {
            return "etcd backup store";
        }

        @POST
        public FormValidation doCheckName(@QueryParameter String value) {
            return FormValidations.forAdministrators(() -> EtcdSettingsValidation.storeName(value));
        }

        @POST
        public FormValidation doCheckBucket(@QueryParameter String value, @QueryParameter String directory) {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER);
            Validation kind = kind(directory, value);
            if (kind.isError() || value == null || value.isBlank()) {
                return FormValidations.of(kind);
            }
            return FormValidations.of(EtcdSettingsValidation.bucket(value));
        }

        @POST
        public FormValidation doCheckS3Endpoint(@QueryParameter String value) {
            return FormValidations.forAdministrators(() -> EtcdSettingsValidation.s3Endpoint(value));
        }

        @POST
        public FormValidation doCheckPrefix(@QueryParameter String value) {
            return FormValidations.forAdministrators(() -> EtcdSettingsValidation.prefix(value));
        }

        @POST
        public FormValidation doCheckS3CaCertificate(@QueryParameter String value) {
            return FormValidations.forAdministrators(() -> EtcdSettingsValidation.certificate("S3 CA certificate", value));
        }

        @POST
        public FormValidation doCheckCompression(@QueryParameter String value) {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER);
            try {
                Compression.parse(value);
                return FormValidation.ok();
            } catch (RuntimeException e) {
                return FormValidation.error(e.getMessage());
            }
        }

        @POST
        public ListBoxModel doFillS3CredentialsIdItems(@QueryParameter String s3CredentialsId) {
            return CredentialChoices.forAdministrators(s3CredentialsId, StandardUsernamePasswordCredentials.class);
        }

        @POST
        public ListBoxModel doFillEncryptionKeyCredentialsIdItems(@QueryParameter String encryptionKeyCredentialsId) {
            return CredentialChoices.forAdministrators(encryptionKeyCredentialsId, StringCredentials.class);
        }
    }
}
