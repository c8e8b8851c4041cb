package io.jenkins.plugins.kubeops.jenkins;

import jenkins.model.Jenkins;
import org.htmlunit.HttpMethod;
import org.htmlunit.WebRequest;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;

/** Users "admin" (Overall/Administer) and "reader" (Overall/Read), and the status they get from a URL, for form tests. */
public final class FormSecurity {

    private FormSecurity() {
    }

    public static void adminAndReader(JenkinsRule r) {
        r.jenkins.setSecurityRealm(r.createDummySecurityRealm());
        r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.ADMINISTER).everywhere().to("admin")
                .grant(Jenkins.READ).everywhere().to("reader"));
    }

    /** The HTTP status {@code user} gets for {@code path} (relative to Jenkins' root), with a crumb. */
    public static int status(JenkinsRule r, String user, String path, HttpMethod method) throws Exception {
        JenkinsRule.WebClient wc = r.createWebClient().withThrowExceptionOnFailingStatusCode(false).login(user);
        return wc.getPage(new WebRequest(wc.createCrumbedUrl(path), method)).getWebResponse().getStatusCode();
    }
}
