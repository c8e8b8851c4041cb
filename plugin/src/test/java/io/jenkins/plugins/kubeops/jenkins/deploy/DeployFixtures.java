package io.jenkins.plugins.kubeops.jenkins.deploy;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import hudson.FilePath;
import hudson.util.Secret;
import io.jenkins.plugins.kubeops.jenkins.KubeCluster;
import io.jenkins.plugins.kubeops.jenkins.KubeOpsConfiguration;
import java.util.List;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jvnet.hudson.test.JenkinsRule;

/** A configured cluster with a token credential, and a job whose workspace holds a small release. */
final class DeployFixtures {

    static final String MANIFEST = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\ndata:\n  greeting: hello\n";
    static final String VALUES = "replicas: 3\n";

    private DeployFixtures() {
    }

    /** Clusters prod-eu (with a token credential; the fake engine never calls it) and staging. */
    static void configureClusters() throws Exception {
        SystemCredentialsProvider.getInstance().getCredentials().add(
                new StringCredentialsImpl(CredentialsScope.GLOBAL, "prod-token", "test token", Secret.fromString("not-a-real-token")));
        SystemCredentialsProvider.getInstance().save();
        KubeCluster prod = new KubeCluster("prod-eu");
        prod.setServerUrl("https://prod.example.com:6443");
        prod.setCredentialsId("prod-token");
        KubeOpsConfiguration.get().setClusters(List.of(prod, new KubeCluster("staging")));
    }

    /** A job "p" running {@code script} inside node, with k8s/app.yaml, k8s/README.md and values/prod.yaml in its workspace. */
    static WorkflowJob job(JenkinsRule r, String script) throws Exception {
        WorkflowJob job = r.createProject(WorkflowJob.class, "p");
        FilePath workspace = r.jenkins.getWorkspaceFor(job);
        workspace.child("k8s/app.yaml").write(MANIFEST, "UTF-8");
        workspace.child("k8s/README.md").write("not a manifest", "UTF-8");
        workspace.child("values/prod.yaml").write(VALUES, "UTF-8");
        job.setDefinition(new CpsFlowDefinition("node {\n" + script + "\n}", true));
        return job;
    }
}
