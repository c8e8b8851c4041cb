package io.jenkins.plugins.kubeops.jenkins.upgrade;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import hudson.util.Secret;
import io.jenkins.plugins.kubeops.jenkins.KubeCluster;
import io.jenkins.plugins.kubeops.jenkins.KubeOpsConfiguration;
import java.util.List;
import org.jenkinsci.plugins.structs.describable.DescribableModel;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jvnet.hudson.test.JenkinsRule;

/** Configured clusters for the upgrade and canary step tests; the steps under test fail before they connect. */
public final class UpgradeStepFixtures {

    private UpgradeStepFixtures() {
    }

    /** Clusters prod (token credential, an address nothing listens on) and staging. */
    public static void configureClusters() throws Exception {
        SystemCredentialsProvider.getInstance().getCredentials().add(
                new StringCredentialsImpl(CredentialsScope.GLOBAL, "prod-token", "test token", Secret.fromString("not-a-real-token")));
        SystemCredentialsProvider.getInstance().save();
        KubeCluster prod = new KubeCluster("prod");
        prod.setServerUrl("https://127.0.0.1:1");
        prod.setCredentialsId("prod-token");
        KubeOpsConfiguration.get().setClusters(List.of(prod, new KubeCluster("staging")));
    }

    /** A job "p" running {@code script}. */
    public static WorkflowJob job(JenkinsRule r, String script) throws Exception {
        WorkflowJob job = r.createProject(WorkflowJob.class, "p");
        job.setDefinition(new CpsFlowDefinition(script, true));
        return job;
    }

    /** The step as a pipeline (and the Snippet Generator) writes it, read back: what a generated snippet would run. */
    @SuppressWarnings("unchecked")
    public static <T> T roundTrip(T step) {
        DescribableModel<T> model = DescribableModel.of((Class<T>) step.getClass());
        return model.instantiate(model.uninstantiate2(step).toMap());
    }
}
