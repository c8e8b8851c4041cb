package io.jenkins.plugins.kubeops.jenkins.deploy;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.FilePath;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import io.jenkins.plugins.kubeops.engine.common.Validation;
import io.jenkins.plugins.kubeops.engine.deploy.DeployValidation;
import io.jenkins.plugins.kubeops.jenkins.FormValidations;
import io.jenkins.plugins.kubeops.jenkins.KubeOpsConfiguration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code def r = kubeDeploy(cluster: 'prod-eu', release: 'web', namespace: 'team-a', templates: 'deploy/web')}: renders the
 * release from workspace files, applies it, prunes, waits for the rollout and records a revision, through the engine's
 * {@code DeployService}. Returns the engine's result map plus {@code cluster}. Data only; the work is in
 * {@link KubeDeployExecution}. Unset optional values are kept as null, so that generated snippets leave them out.
 */
public final class KubeDeployStep extends Step {

    static final String DEFAULT_TIMEOUT = "10m";
    static final String DEFAULT_LOCK_WAIT = "5m";
    static final int DEFAULT_HISTORY_LIMIT = 10;

    private final String cluster;
    private final String release;
    private final String namespace;
    private String templates;
    private List<String> files;
    private String chart;
    private List<String> values;
    private List<String> set;
    private boolean dryRun;
    private boolean atomic;
    private boolean force;
    private boolean wait = true;
    private String timeout;
    private String lockWait;
    private List<String> allowPrune;
    private boolean allowEmpty;
    private int historyLimit = DEFAULT_HISTORY_LIMIT;
    private boolean failOnError = true;

    @DataBoundConstructor
    public KubeDeployStep(String cluster, String release, String namespace) {
        this.cluster = trimmed(cluster);
        this.release = trimmed(release);
        this.namespace = trimmed(namespace);
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        try {
            return new KubeDeployExecution(context, DeployRequest.of(this));
        } catch (KubeOpsException e) {
            throw new AbortException("kubeDeploy: " + e.getMessage());
        }
    }

    public String getCluster() {
        return cluster;
    }

    public String getRelease() {
        return release;
    }

    public String getNamespace() {
        return namespace;
    }

    public @CheckForNull String getTemplates() {
        return templates;
    }

    @DataBoundSetter
    public void setTemplates(String templates) {
        this.templates = emptyToNull(trimmed(templates));
    }

    public @CheckForNull List<String> getFiles() {
        return files;
    }

    /** From the form, one textarea: one entry per line. */
    @DataBoundSetter
    public void setFiles(List<String> files) {
        this.files = lines(files, true);
    }

    public @CheckForNull String getChart() {
        return chart;
    }

    @DataBoundSetter
    public void setChart(String chart) {
        this.chart = emptyToNull(trimmed(chart));
    }

    public @CheckForNull List<String> getValues() {
        return values;
    }

    @DataBoundSetter
    public void setValues(List<String> values) {
        this.values = lines(values, true);
    }

    public @CheckForNull List<String> getSet() {
        return set;
    }

    /** Assignments are passed as written (not trimmed); a value with a line break belongs in a values file. */
    @DataBoundSetter
    public void setSet(List<String> set) {
        this.set = lines(set, false);
    }

    public boolean isDryRun() {
        return dryRun;
    }

    @DataBoundSetter
    public void setDryRun(boolean dryRun) {
        this.dryRun = dryRun;
    }

    public boolean isAtomic() {
        return atomic;
    }

    @DataBoundSetter
    public void setAtomic(boolean atomic) {
        this.atomic = atomic;
    }

    public boolean isForce() {
        return force;
    }

    @DataBoundSetter
    public void setForce(boolean force) {
        this.force = force;
    }

    public boolean isWait() {
        return wait;
    }

    @DataBoundSetter
    public void setWait(boolean wait) {
        this.wait = wait;
    }

    public String getTimeout() {
        return timeout == null ? DEFAULT_TIMEOUT : timeout;
    }

    @DataBoundSetter
    public void setTimeout(String timeout) {
        this.timeout = emptyToNull(trimmed(timeout));
    }

    public String getLockWait() {
        return lockWait == null ? DEFAULT_LOCK_WAIT : lockWait;
    }

    @DataBoundSetter
    public void setLockWait(String lockWait) {
        this.lockWait = emptyToNull(trimmed(lockWait));
    }

    public @CheckForNull List<String> getAllowPrune() {
        return allowPrune;
    }

    @DataBoundSetter
    public void setAllowPrune(List<String> allowPrune) {
        this.allowPrune = lines(allowPrune, true);
    }

    public boolean isAllowEmpty() {
        return allowEmpty;
    }

    @DataBoundSetter
    public void setAllowEmpty(boolean allowEmpty) {
        this.allowEmpty = allowEmpty;
    }

    public int getHistoryLimit() {
        return historyLimit;
    }

    @DataBoundSetter
    public void setHistoryLimit(int historyLimit) {
        this.historyLimit = historyLimit;
    }

    public boolean isFailOnError() {
        return failOnError;
    }

    @DataBoundSetter
    public void setFailOnError(boolean failOnError) {
        this.failOnError = failOnError;
    }

    /** The list fields as the form's textareas show them, one entry per line. */
    public String getFilesText() {
        return text(files);
    }

    public String getValuesText() {
        return text(values);
    }

    public String getSetText() {
        return text(set);
    }

    public String getAllowPruneText() {
        return text(allowPrune);
    }

    private static String trimmed(String value) {
        return value == null ? "" : value.trim();
    }

    private static String emptyToNull(String value) {
        return value.isEmpty() ? null : value;
    }

    /** Splits form text into lines (a pipeline's list passes through), drops blank ones; null when nothing is left. */
    private static List<String> lines(List<String> given, boolean trim) {
        List<String> result = new ArrayList<>();
        for (String entry : given == null ? List.<String>of() : given) {
            for (String line : entry == null ? new String[0] : entry.split("\\r?\\n")) {
                if (!line.isBlank()) {
                    result.add(trim ? line.trim() : line);
                }
            }
        }
        return result.isEmpty() ? null : result;
    }

    private static String text(List<String> list) {
        return list == null ? "" : String.join("\n", list);
    }

    @Extension
    public static final class DescriptorImpl extends StepDescriptor {

        @Override
        public String getFunctionName() {
            return "kubeDeploy";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Kube Ops: deploy a release (render, server-side apply, prune, rollout wait, history)";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class, FilePath.class, FlowNode.class);
        }

        /** Shown in the flow graph: "web → prod-eu". */
        @Override
        public String argumentsToString(@NonNull Map<String, Object> namedArgs) {
            Object release = namedArgs.get("release");
            Object cluster = namedArgs.get("cluster");
            return release instanceof String && cluster instanceof String ? release + " → " + cluster : null;
        }

        // Reached from the Snippet Generator of a job or of Jenkins (and by URL): POST only, and answered only for those
        // who may read the job's configuration (Overall/Administer outside a job), as credentials lists are. Others get
        // no check and no cluster names instead of an error in the middle of the form.

        @POST
        public ListBoxModel doFillClusterItems(@AncestorInPath Item item, @QueryParameter String cluster) {
            ListBoxModel names = new ListBoxModel();
            if (mayRead(item)) {
                KubeOpsConfiguration.get().getClusterNames().forEach(names::add);
            }
            if (cluster != null && !cluster.isBlank() && names.stream().noneMatch(option -> option.value.equals(cluster))) {
                names.add(cluster);
            }
            return names;
        }

        @POST
        public FormValidation doCheckRelease(@AncestorInPath Item item, @QueryParameter String value) {
            return check(item, () -> DeployValidation.releaseName(trimmed(value)));
        }

        @POST
        public FormValidation doCheckNamespace(@AncestorInPath Item item, @QueryParameter String value) {
            return check(item, () -> DeployValidation.namespace(trimmed(value)));
        }

        @POST
        public FormValidation doCheckTemplates(@AncestorInPath Item item, @QueryParameter String value) {
            return check(item, () -> WorkspacePaths.check("templates", List.of(trimmed(value))));
        }

        @POST
        public FormValidation doCheckFiles(@AncestorInPath Item item, @QueryParameter String value) {
            return check(item, () -> WorkspacePaths.check("files entry", List.of(trimmed(value).split("\\r?\\n"))));
        }

        @POST
        public FormValidation doCheckChart(@AncestorInPath Item item, @QueryParameter String value) {
            return check(item, () -> WorkspacePaths.check("chart", List.of(trimmed(value))));
        }

        @POST
        public FormValidation doCheckValues(@AncestorInPath Item item, @QueryParameter String value) {
            return check(item, () -> WorkspacePaths.check("values entry", List.of(trimmed(value).split("\\r?\\n"))));
        }

        @POST
        public FormValidation doCheckTimeout(@AncestorInPath Item item, @QueryParameter String value) {
            return check(item, () -> DeployValidation.timeout("timeout", value));
        }

        @POST
        public FormValidation doCheckLockWait(@AncestorInPath Item item, @QueryParameter String value) {
            return check(item, () -> DeployValidation.duration("lockWait", value));
        }

        @POST
        public FormValidation doCheckAllowPrune(@AncestorInPath Item item, @QueryParameter String value) {
            List<String> kinds = lines(List.of(trimmed(value)), true);
            return check(item, () -> DeployValidation.allowedPrunes(kinds == null ? List.of() : kinds));
        }

        @POST
        public FormValidation doCheckHistoryLimit(@AncestorInPath Item item, @QueryParameter String value) {
            return check(item, () -> DeployValidation.historyLimit("historyLimit", value));
        }

        private static FormValidation check(@CheckForNull Item item, java.util.function.Supplier<Validation> validation) {
            return mayRead(item) ? FormValidations.of(validation.get()) : FormValidation.ok();
        }

        private static boolean mayRead(@CheckForNull Item item) {
            return item == null ? Jenkins.get().hasPermission(Jenkins.ADMINISTER) : item.hasPermission(Item.EXTENDED_READ);
        }
    }
}
