package io.jenkins.plugins.kubeops.engine.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.Config;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import io.jenkins.plugins.kubeops.engine.common.Secret;
import io.jenkins.plugins.kubeops.engine.testing.TestCertificates;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubernetesClientFactoryTest {

    private final KubernetesClientFactory factory =
            new KubernetesClientFactory(new ClientTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(7), 1));

    @TempDir
    Path directory;

    @Test
    void appliesTheExplicitTimeoutsAndTheContextsNamespace() throws Exception {
        Path kubeconfig = Files.writeString(directory.resolve("config"), KubeconfigFileTest.TWO_CONTEXTS);

        Config config = factory.config(ClusterConnection.Kubeconfig.of(kubeconfig));

        assertThat(config.getMasterUrl()).startsWith("https://127.0.0.1:6443");
        assertThat(config.getNamespace()).isEqualTo("team-a");
        assertThat(config.getConnectionTimeout()).isEqualTo(3000);
        assertThat(config.getRequestTimeout()).isEqualTo(7000);
        assertThat(config.getRequestRetryBackoffLimit()).isEqualTo(1);
    }

    @Test
    void anExplicitNamespaceWinsAndAContextWithoutOneFallsBackToDefault() throws Exception {
        Path kubeconfig = Files.writeString(directory.resolve("config"), KubeconfigFileTest.TWO_CONTEXTS);

        assertThat(factory.config(new ClusterConnection.Kubeconfig(kubeconfig, Optional.of("staging"), Optional.of("team-b")))
                .getNamespace()).isEqualTo("team-b");
        Config prod = factory.config(new ClusterConnection.Kubeconfig(kubeconfig, Optional.of("prod"), Optional.empty()));
        assertThat(prod.getMasterUrl()).startsWith("https://10.1.2.3:6443");
        assertThat(prod.getNamespace()).isEqualTo("default");
    }

    @Test
    void buildsATokenConnectionWithItsCaAndNothingFromTheEnvironment() {
        String ca = TestCertificates.ca("cluster-ca").certificatePem();

        Config config = factory.config(new ClusterConnection.Token("https://10.0.0.1:6443", Secret.of("s3cr3t"),
                Optional.of(ca), Optional.empty()));

        assertThat(config.getMasterUrl()).startsWith("https://10.0.0.1:6443");
        assertThat(config.getOauthToken()).isEqualTo("s3cr3t");
        assertThat(new String(Base64.getDecoder().decode(config.getCaCertData()), StandardCharsets.US_ASCII)).isEqualTo(ca.trim());
        assertThat(config.getNamespace()).isEqualTo("default");
        assertThat(config.getUsername()).isNull();
    }

    @Test
    void readsAKubeconfigHeldInMemoryWithoutAFile() {
        Config config = factory.config(new ClusterConnection.KubeconfigText(Secret.of(KubeconfigFileTest.TWO_CONTEXTS),
                Optional.of("prod"), Optional.empty()));

        assertThat(config.getMasterUrl()).startsWith("https://10.1.2.3:6443");
        // fabric8 keeps kubeconfig tokens as the "auto" token (refreshable), separate from an explicitly set one.
        assertThat(config.getAutoOAuthToken()).isEqualTo("not-a-real-token");
    }

    @Test
    void namesTheContextsOfAKubeconfigCredentialWithoutQuotingItsContent() {
        assertThatThrownBy(() -> factory.config(new ClusterConnection.KubeconfigText(Secret.of(KubeconfigFileTest.TWO_CONTEXTS),
                Optional.of("dev"), Optional.empty())))
                .hasMessageContaining("context 'dev' is not in kubeconfig credential: use one of staging, prod")
                .hasMessageNotContaining("not-a-real-token");
        assertThatThrownBy(() -> factory.config(new ClusterConnection.KubeconfigText(Secret.of("token: sekret\n  - [broken"),
                Optional.empty(), Optional.empty())))
                .isInstanceOf(KubeOpsException.class).hasMessageNotContaining("sekret");
    }

    @Test
    void rejectsABadNamespaceBeforeConnecting() throws Exception {
        Path kubeconfig = Files.writeString(directory.resolve("config"), KubeconfigFileTest.TWO_CONTEXTS);
        assertThatThrownBy(() -> factory.config(new ClusterConnection.Kubeconfig(kubeconfig, Optional.empty(), Optional.of("Team_A"))))
                .isInstanceOf(KubeOpsException.class).hasMessageContaining("Namespace 'Team_A' is invalid");
    }

    @Test
    void rejectsTokenConnectionsWithABadUrlOrAnEmptyToken() {
        assertThatThrownBy(() -> factory.config(new ClusterConnection.Token("10.0.0.1:6443", Secret.of("t"), Optional.empty(),
                Optional.empty()))).hasMessageContaining("'10.0.0.1:6443'");
        assertThatThrownBy(() -> factory.config(new ClusterConnection.Token("https://10.0.0.1:6443", Secret.of(" "),
                Optional.empty(), Optional.empty()))).hasMessageContaining("token for https://10.0.0.1:6443 is empty");
    }

    @Test
    void neverShowsTheTokenInDescriptionsOrToString() {
        ClusterConnection.Token connection = new ClusterConnection.Token("https://10.0.0.1:6443", Secret.of("s3cr3t-value"),
                Optional.empty(), Optional.empty());
        assertThat(connection.toString()).doesNotContain("s3cr3t-value").contains("****");
        assertThat(connection.describe()).doesNotContain("s3cr3t-value");
    }
}
