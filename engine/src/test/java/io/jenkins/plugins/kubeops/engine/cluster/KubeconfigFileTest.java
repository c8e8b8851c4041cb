package io.jenkins.plugins.kubeops.engine.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeconfigFileTest {

    static final String TWO_CONTEXTS = """
            apiVersion: v1
            kind: Config
            current-context: staging
            clusters:
            - name: staging
              cluster: {server: "https://127.0.0.1:6443"}
            - name: prod
              cluster: {server: "https://10.1.2.3:6443"}
            users:
            - name: admin
              user: {token: not-a-real-token}
            contexts:
            - name: staging
              context: {cluster: staging, user: admin, namespace: team-a}
            - name: prod
              context: {cluster: prod, user: admin}
            """;

    @TempDir
    Path directory;

    @Test
    void usesTheCurrentContextWhenNoneIsRequested() throws Exception {
        KubeconfigFile file = KubeconfigFile.read(write(TWO_CONTEXTS));
        assertThat(file.contexts()).containsExactly("staging", "prod");
        assertThat(file.selectContext(Optional.empty())).isEqualTo("staging");
        assertThat(file.selectContext(Optional.of("prod"))).isEqualTo("prod");
    }

    @Test
    void listsTheAvailableContextsWhenTheRequestedOneIsUnknown() throws Exception {
        KubeconfigFile file = KubeconfigFile.read(write(TWO_CONTEXTS));
        assertThatThrownBy(() -> file.selectContext(Optional.of("produciton")))
                .isInstanceOf(KubeOpsException.class)
                .hasMessageContaining("context 'produciton' is not in kubeconfig")
                .hasMessageContaining("use one of staging, prod");
    }

    @Test
    void asksForAContextWhenTheFileHasNoCurrentOne() throws Exception {
        KubeconfigFile file = KubeconfigFile.read(write(TWO_CONTEXTS.replace("current-context: staging\n", "")));
        assertThatThrownBy(() -> file.selectContext(Optional.empty()))
                .hasMessageContaining("no valid current context").hasMessageContaining("--context");
    }

    @Test
    void namesAMissingFile() {
        Path missing = directory.resolve("nope.yaml");
        assertThatThrownBy(() -> KubeconfigFile.read(missing))
                .isInstanceOf(KubeOpsException.class).hasMessageContaining(missing.toString()).hasMessageContaining("does not exist");
    }

    @Test
    void namesAFileThatIsNotAKubeconfig() throws Exception {
        Path broken = write("clusters: [unclosed");
        assertThatThrownBy(() -> KubeconfigFile.read(broken))
                .isInstanceOf(KubeOpsException.class).hasMessageContaining(broken.toString()).hasMessageContaining("could not be read");
    }

    private Path write(String content) throws Exception {
        Path file = directory.resolve("kubeconfig-" + System.nanoTime());
        Files.writeString(file, content);
        return file;
    }
}
