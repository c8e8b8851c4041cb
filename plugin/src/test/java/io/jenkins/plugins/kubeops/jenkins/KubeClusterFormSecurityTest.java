package io.jenkins.plugins.kubeops.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import org.htmlunit.HttpMethod;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** The form endpoints can be called by URL, so they must refuse GET and anyone without Overall/Administer. */
@WithJenkins
class KubeClusterFormSecurityTest {

    private static final String DESCRIPTOR = "descriptorByName/" + KubeCluster.class.getName() + "/";
    private static final List<String> ENDPOINTS = List.of(
            "checkName?value=prod-eu",
            "checkServerUrl?value=https://prod.example.com",
            "checkCredentialsId?value=prod-token&serverUrl=https://prod.example.com",
            "checkCaCertificate?value=",
            "checkDefaultNamespace?value=team-a",
            "fillCredentialsIdItems?credentialsId=",
            "testConnection?name=prod-eu&serverUrl=https://prod.example.com&credentialsId=prod-token");

    private JenkinsRule r;

    @BeforeEach
    void secure(JenkinsRule r) {
        this.r = r;
        FormSecurity.adminAndReader(r);
    }

    @Test
    void nonAdministratorsGetForbidden() throws Exception {
        for (String endpoint : ENDPOINTS) {
            assertEquals(403, post("reader", endpoint), endpoint);
        }
    }

    @Test
    void administratorsGetAnswers() throws Exception {
        assertEquals(200, post("admin", "checkName?value=prod-eu"));
        assertEquals(200, post("admin", "fillCredentialsIdItems?credentialsId="));
    }

    @Test
    void getFindsNoEndpoint() throws Exception {
        // @POST does not answer 405: it skips the route for other verbs, so a GET falls through to "not found".
        assertNotEquals(200, FormSecurity.status(r, "admin", DESCRIPTOR + "checkName?value=prod-eu", HttpMethod.GET));
    }

    private int post(String user, String endpoint) throws Exception {
        return FormSecurity.status(r, user, DESCRIPTOR + endpoint, HttpMethod.POST);
    }
}
