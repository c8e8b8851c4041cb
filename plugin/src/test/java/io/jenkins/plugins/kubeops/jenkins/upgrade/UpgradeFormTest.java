package io.jenkins.plugins.kubeops.jenkins.upgrade;

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
 * The upgrade steps' form checks as the job's Snippet Generator reaches them: the engine's messages for those who may
 * read the job's configuration, nothing for others, and no answer to GET.
 */
@WithJenkins
class UpgradeFormTest {

    private static final String UPGRADE = "job/p/descriptorByName/" + KubeUpgradeStep.class.getName() + "/";
    private static final String DRAIN = "job/p/descriptorByName/" + KubeDrainStep.class.getName() + "/";

    private JenkinsRule r;

    @BeforeEach
    void secure(JenkinsRule r) throws Exception {
        this.r = r;
        UpgradeStepFixtures.configureClusters();
        WorkflowJob job = r.createProject(WorkflowJob.class, "p");
        r.jenkins.setSecurityRealm(r.createDummySecurityRealm());
        r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ, Item.READ).everywhere().to("developer", "reader")
                .grant(Item.CONFIGURE).onItems(job).to("developer"));
    }

    /** Messages are HTML-escaped (quotes too), so only their unquoted parts are looked for. */
    @Test
    void theEngineMessageIsShownToThoseWhoMayConfigureTheJob() throws Exception {
        assertTrue(post("developer", UPGRADE + "checkTo?value=1.36").contains("is not a full Kubernetes version"));
        assertTrue(post("developer", UPGRADE + "checkMaxUnavailable?value=many").contains("is not a count or a percentage"));
        assertTrue(post("developer", DRAIN + "checkOnTimeout?value=wait").contains("is not one of fail, skip, force"));
        assertTrue(post("developer", DRAIN + "checkTimeout?value=0").contains("is invalid: use a positive duration"));
        assertTrue(post("developer", UPGRADE + "fillClusterItems?cluster=").contains("prod"));
    }

    @Test
    void othersGetNeitherChecksNorClusterNames() throws Exception {
        assertFalse(post("reader", UPGRADE + "checkTo?value=1.36").contains("is not a full"));
        String clusters = post("reader", DRAIN + "fillClusterItems?cluster=staging");
        assertFalse(clusters.contains("prod"), clusters);
        assertTrue(clusters.contains("staging"), "the current value stays selectable");
    }

    @Test
    void getFindsNoEndpoint() throws Exception {
        JenkinsRule.WebClient wc = r.createWebClient().withThrowExceptionOnFailingStatusCode(false).login("developer");
        Page page = wc.getPage(new WebRequest(wc.createCrumbedUrl(UPGRADE + "checkTo?value=v1.36.4"), HttpMethod.GET));
        assertNotEquals(200, page.getWebResponse().getStatusCode());
    }

    private String post(String user, String endpoint) throws Exception {
        JenkinsRule.WebClient wc = r.createWebClient().withThrowExceptionOnFailingStatusCode(false).login(user);
        Page page = wc.getPage(new WebRequest(wc.createCrumbedUrl(endpoint), HttpMethod.POST));
        assertEquals(200, page.getWebResponse().getStatusCode(), endpoint);
        return page.getWebResponse().getContentAsString();
    }
}
