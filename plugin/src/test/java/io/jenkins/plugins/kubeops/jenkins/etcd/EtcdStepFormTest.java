package io.jenkins.plugins.kubeops.jenkins.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.model.Item;
import jenkins.model.Jenkins;
import org.htmlunit.HttpMethod;
import org.htmlunit.Page;
import org.htmlunit.WebRequest;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The Snippet Generator's checks of the etcd steps' arguments: the engine's messages for those who may read the job's
 * configuration, no verdict for others.
 */
@WithJenkins
class EtcdStepFormTest {

    private JenkinsRule r;

    @BeforeEach
    void secure(JenkinsRule r) throws Exception {
        this.r = r;
        WorkflowJob job = r.createProject(WorkflowJob.class, "p");
        r.jenkins.setSecurityRealm(r.createDummySecurityRealm());
        r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ, Item.READ).everywhere().to("developer", "reader")
                .grant(Item.CONFIGURE).onItems(job).to("developer"));
    }

    /** Messages are HTML-escaped (quotes too), so only their unquoted parts are looked for. */
    @Test
    void theEngineMessagesAreShownToThoseWhoMayConfigureTheJob() throws Exception {
        assertTrue(post("developer", EtcdBackupStep.class, "checkMetricsTextfile?value=textfile")
                .contains("is not an absolute path: give node-exporter"));
        assertTrue(post("developer", EtcdImportStep.class, "checkCreatedAt?value=yesterday")
                .contains("is not a UTC time: write it as 2026-12-01T03:00:00Z"));
        assertTrue(post("developer", EtcdImportStep.class, "checkFile?value=../snap.db").contains("leaves the workspace"));
        assertTrue(post("developer", EtcdVerifyFileStep.class, "checkFile?value=/var/backups/snap.db").contains("is absolute"));
    }

    @Test
    void othersGetNoVerdict() throws Exception {
        assertFalse(post("reader", EtcdBackupStep.class, "checkMetricsTextfile?value=textfile").contains("absolute"));
        assertFalse(post("reader", EtcdVerifyFileStep.class, "checkFile?value=/var/backups/snap.db").contains("absolute"));
    }

    private String post(String user, Class<?> step, String endpoint) throws Exception {
        String url = "job/p/descriptorByName/" + step.getName() + "/" + endpoint;
        JenkinsRule.WebClient wc = r.createWebClient().withThrowExceptionOnFailingStatusCode(false).login(user);
        Page page = wc.getPage(new WebRequest(wc.createCrumbedUrl(url), HttpMethod.POST));
        assertEquals(200, page.getWebResponse().getStatusCode(), url);
        return page.getWebResponse().getContentAsString();
    }
}
