package io.jenkins.plugins.kubeops.jenkins.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
 * The Snippet Generator's checks, reached as the job's form reaches them: the engine's messages for those who may read
 * the job's configuration, nothing (and no cluster names) for others, and no answer to GET.
 */
@WithJenkins
class KubeDeployFormTest {

    private static final String DESCRIPTOR = "job/p/descriptorByName/" + KubeDeployStep.class.getName() + "/";

    private JenkinsRule r;

    @BeforeEach
    void secure(JenkinsRule r) throws Exception {
        this.r = r;
        DeployFixtures.configureClusters();
        WorkflowJob job = r.createProject(WorkflowJob.class, "p");
        r.jenkins.setSecurityRealm(r.createDummySecurityRealm());
        r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ, Item.READ).everywhere().to("developer", "reader")
                .grant(Item.CONFIGURE).onItems(job).to("developer"));
    }

    /** Messages are HTML-escaped (quotes too), so only their unquoted parts are looked for. */
    @Test
    void theEngineMessageIsShownToThoseWhoMayConfigureTheJob() throws Exception {
        assertTrue(post("developer", "checkRelease?value=Web_App").contains("is invalid: use lower-case letters"));
        assertTrue(post("developer", "checkTimeout?value=10x").contains("is not a duration"));
        assertTrue(post("developer", "checkFiles?value=k8s%0A../x").contains("leaves the workspace"));
        assertTrue(post("developer", "fillClusterItems?cluster=").contains("prod-eu"));
    }

    @Test
    void othersGetNeitherChecksNorClusterNames() throws Exception {
        assertFalse(post("reader", "checkRelease?value=Web_App").contains("is invalid"));
        String clusters = post("reader", "fillClusterItems?cluster=staging");
        assertFalse(clusters.contains("prod-eu"), clusters);
        assertTrue(clusters.contains("staging"), "the current value stays selectable");
    }

    @Test
    void getFindsNoEndpoint() throws Exception {
        JenkinsRule.WebClient wc = r.createWebClient().withThrowExceptionOnFailingStatusCode(false).login("developer");
        Page page = wc.getPage(new WebRequest(wc.createCrumbedUrl(DESCRIPTOR + "checkRelease?value=web"), HttpMethod.GET));
        assertNotEquals(200, page.getWebResponse().getStatusCode());
    }

    private String post(String user, String endpoint) throws Exception {
        JenkinsRule.WebClient wc = r.createWebClient().withThrowExceptionOnFailingStatusCode(false).login(user);
        Page page = wc.getPage(new WebRequest(wc.createCrumbedUrl(DESCRIPTOR + endpoint), HttpMethod.POST));
        assertEquals(200, page.getWebResponse().getStatusCode(), endpoint);
        return page.getWebResponse().getContentAsString();
    }
}
