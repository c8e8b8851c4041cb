package io.jenkins.plugins.kubeops.jenkins.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.htmlunit.HttpMethod;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import io.jenkins.plugins.kubeops.jenkins.FormSecurity;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** The etcd form endpoints can be called by URL: they must refuse anyone without Overall/Administer. */
@WithJenkins
class EtcdFormSecurityTest {

    private static final List<String> ENDPOINTS = List.of(
            "descriptorByName/" + EtcdClusterConfig.class.getName() + "/checkEndpoints?value=https://10.0.0.1:2379",
            "descriptorByName/" + EtcdClusterConfig.class.getName() + "/fillClientKeyCredentialsIdItems?clientKeyCredentialsId=",
            "descriptorByName/" + EtcdStoreConfig.class.getName() + "/checkBucket?value=etcd-backups&directory=",
            "descriptorByName/" + EtcdStoreConfig.class.getName() + "/fillS3CredentialsIdItems?s3CredentialsId=");

    private JenkinsRule r;

    @BeforeEach
    void secure(JenkinsRule r) {
        this.r = r;
        FormSecurity.adminAndReader(r);
    }

    @Test
    void onlyAdministratorsGetAnswers() throws Exception {
        for (String endpoint : ENDPOINTS) {
            assertEquals(403, post("reader", endpoint), endpoint);
            assertEquals(200, post("admin", endpoint), endpoint);
        }
    }

    private int post(String user, String endpoint) throws Exception {
        return FormSecurity.status(r, user, endpoint, HttpMethod.POST);
    }
}
