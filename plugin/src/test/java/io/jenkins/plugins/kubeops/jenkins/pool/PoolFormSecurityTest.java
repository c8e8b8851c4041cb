package io.jenkins.plugins.kubeops.jenkins.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.htmlunit.HttpMethod;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import io.jenkins.plugins.kubeops.jenkins.FormSecurity;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** Form endpoints and the load page can be reached by URL, so each checks the permission itself. */
@WithJenkins
class PoolFormSecurityTest {

    private static final String POOL = "descriptorByName/" + AgentPool.class.getName() + "/";
    private static final String MEMBER = "descriptorByName/" + CloudMember.class.getName() + "/";
    private static final List<String> ENDPOINTS = List.of(
            POOL + "checkName?value=linux",
            POOL + "checkLabels?value=maven",
            POOL + "checkMinIdleAgents?value=1",
            POOL + "checkAgentCpu?value=1",
            POOL + "checkAgentMemory?value=2Gi",
            MEMBER + "fillCloudItems?cloud=",
            MEMBER + "checkCloud?value=prod",
            MEMBER + "checkNamespace?value=ci",
            MEMBER + "checkNodeSelector?value=pool%3Dci",
            MEMBER + "checkMaxAgents?value=3",
            MEMBER + "checkMaxCpu?value=8",
            MEMBER + "checkMaxMemory?value=8Gi",
            MEMBER + "checkPriority?value=0",
            MEMBER + "checkWeight?value=1",
            MEMBER + "fillStateItems");

    private JenkinsRule r;

    @BeforeEach
    void secure(JenkinsRule r) {
        this.r = r;
        FormSecurity.adminAndReader(r);
        PoolPlacements.get().useLoads(new FakePoolLoads());
    }

    @Test
    void nonAdministratorsGetForbidden() throws Exception {
        for (String endpoint : ENDPOINTS) {
            assertEquals(403, request("reader", endpoint, HttpMethod.POST), endpoint);
        }
    }

    @Test
    void administratorsGetAnswers() throws Exception {
        for (String endpoint : ENDPOINTS) {
            assertEquals(200, request("admin", endpoint, HttpMethod.POST), endpoint);
        }
    }

    @Test
    void theLoadPageNeedsSystemRead() throws Exception {
        KubePoolsConfiguration.get().setPools(List.of(PoolModelsTest.pool("linux", "maven", new CloudMember("prod-a"))));

        assertEquals(403, request("reader", "kube-ops-pools/", HttpMethod.GET));
        JenkinsRule.WebClient wc = r.createWebClient().login("admin");
        String page = wc.goTo("kube-ops-pools/").getWebResponse().getContentAsString();
        assertTrue(page.contains("prod-a/default") && page.contains("unreachable"), "member row with its reason");
    }

    private int request(String user, String path, HttpMethod method) throws Exception {
        return FormSecurity.status(r, user, path, method);
    }
}
