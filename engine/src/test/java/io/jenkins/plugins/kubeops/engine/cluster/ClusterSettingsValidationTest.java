package io.jenkins.plugins.kubeops.engine.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.kubeops.engine.common.Validation;
import io.jenkins.plugins.kubeops.engine.common.Validation.Level;
import io.jenkins.plugins.kubeops.engine.testing.TestCertificates;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterSettingsValidationTest {

    private static final Instant NOW = Instant.now();

    @Test
    void requiresAClusterNameAndExplainsWhatItIsFor() {
        Validation validation = ClusterSettingsValidation.clusterName(" ");
        assertThat(validation.level()).isEqualTo(Level.ERROR);
        assertThat(validation.message()).contains("required").contains("pipelines select a cluster");
    }

    @Test
    void rejectsClusterNamesThatAreNotDnsLabelsAndNamesTheValue() {
        assertThat(ClusterSettingsValidation.clusterName("Prod_EU").message()).contains("'Prod_EU'").contains("lower-case");
        assertThat(ClusterSettingsValidation.clusterName("-prod").isError()).isTrue();
        assertThat(ClusterSettingsValidation.clusterName("a".repeat(64)).message()).contains("64 characters").contains("at most 63");
        assertThat(ClusterSettingsValidation.clusterName("prod-eu-1")).isEqualTo(Validation.ok());
    }

    @Test
    void reportsEachDuplicatedClusterNameOnce() {
        Validation validation = ClusterSettingsValidation.uniqueClusterNames(List.of("a", "b", "a", "c", "b", "a"));
        assertThat(validation.isError()).isTrue();
        assertThat(validation.message()).contains("[a, b]");
        assertThat(ClusterSettingsValidation.uniqueClusterNames(List.of("a", "b"))).isEqualTo(Validation.ok());
    }

    @Test
    void acceptsHttpsServerUrlsAndAnEmptyOneForKubeconfigCredentials() {
        assertThat(ClusterSettingsValidation.serverUrl("https://10.0.0.1:6443")).isEqualTo(Validation.ok());
        assertThat(ClusterSettingsValidation.serverUrl("https://api.example.com/k8s/clusters/c-1")).isEqualTo(Validation.ok());
        assertThat(ClusterSettingsValidation.serverUrl("")).isEqualTo(Validation.ok());
    }

    @Test
    void rejectsServerUrlsWithoutSchemeOrHostAndShowsTheExpectedForm() {
        Validation noScheme = ClusterSettingsValidation.serverUrl("10.0.0.1:6443");
        assertThat(noScheme.isError()).isTrue();
        assertThat(noScheme.message()).contains("'10.0.0.1:6443'").contains("https://HOST[:PORT]");
        assertThat(ClusterSettingsValidation.serverUrl("ftp://host").isError()).isTrue();
        assertThat(ClusterSettingsValidation.serverUrl("https://host:6443/?x=1").message()).contains("query");
        assertThat(ClusterSettingsValidation.serverUrl("https://bad host").isError()).isTrue();
    }

    @Test
    void warnsThatPlainHttpSendsTokensUnencrypted() {
        Validation validation = ClusterSettingsValidation.serverUrl("http://127.0.0.1:8080");
        assertThat(validation.level()).isEqualTo(Level.WARNING);
        assertThat(validation.message()).contains("unencrypted");
    }

    @Test
    void checksNamespacesAsDnsLabels() {
        assertThat(ClusterSettingsValidation.namespace("team-a")).isEqualTo(Validation.ok());
        assertThat(ClusterSettingsValidation.namespace(null)).isEqualTo(Validation.ok());
        assertThat(ClusterSettingsValidation.namespace("Team.A").message()).startsWith("Namespace 'Team.A' is invalid");
    }

    @Test
    void acceptsAValidCaBundle() {
        String bundle = TestCertificates.ca("one").certificatePem() + TestCertificates.ca("two").certificatePem();
        assertThat(ClusterSettingsValidation.caCertificate(bundle, NOW)).isEqualTo(Validation.ok());
    }

    @Test
    void rejectsSomethingThatIsNotAPemCertificate() {
        Validation base64 = ClusterSettingsValidation.caCertificate("LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t", NOW);
        assertThat(base64.isError()).isTrue();
        assertThat(base64.message()).contains("not PEM").contains("base64-decode");
        String truncated = TestCertificates.ca("ca").certificatePem().substring(0, 200) + "\n-----END CERTIFICATE-----\n";
        assertThat(ClusterSettingsValidation.caCertificate(truncated, NOW).message()).contains("could not be read");
    }

    @Test
    void warnsAboutAnExpiredCaCertificate() {
        String expired = TestCertificates.ca("old-ca", NOW.minus(Duration.ofDays(30)), NOW.minus(Duration.ofDays(1)))
                .certificatePem();
        Validation validation = ClusterSettingsValidation.caCertificate(expired, NOW);
        assertThat(validation.level()).isEqualTo(Level.WARNING);
        assertThat(validation.message()).contains("CN=old-ca").contains("expired");
    }

    @Test
    void requiresCredentialsAndSaysWhichKindsWork() {
        assertThat(ClusterSettingsValidation.credentialsId("", "").isError()).isTrue();
        assertThat(ClusterSettingsValidation.credentialsId("", "").message()).contains("(with an API server URL)")
                .contains("kubeconfig");
        assertThat(ClusterSettingsValidation.credentialsId(null, "https://h:6443").message()).contains("token for https://h:6443");
        assertThat(ClusterSettingsValidation.credentialsId("prod-token", "https://h:6443")).isEqualTo(Validation.ok());
    }
}
