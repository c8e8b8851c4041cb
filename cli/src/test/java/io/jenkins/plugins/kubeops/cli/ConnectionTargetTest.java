package io.jenkins.plugins.kubeops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.kubeops.engine.cluster.ClusterConnection;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ConnectionTargetTest {

    private static final Path HOME = Path.of("/home/ci");

    @Test
    void fallsBackToTheLocalClusterWhenNothingNamesACluster() {
        assertThat(resolve(Map.of(), Set.of())).isEqualTo(new ConnectionTarget.LocalCluster(Optional.empty()));
        assertThat(resolve(Map.of(), Set.of(), "-n", "team-a")).isEqualTo(new ConnectionTarget.LocalCluster(Optional.of("team-a")));
    }

    @Test
    void prefersTheOptionThenKubeconfigVariableThenTheHomeFile() {
        Path home = HOME.resolve(".kube/config");
        assertThat(kubeconfigOf(resolve(Map.of("KUBECONFIG", "/env/a"), Set.of(Path.of("/env/a"), home), "--kubeconfig", "/opt/k")))
                .isEqualTo(Path.of("/opt/k"));
        assertThat(kubeconfigOf(resolve(Map.of("KUBECONFIG", "/missing:/env/b"), Set.of(Path.of("/env/b"), home))))
                .isEqualTo(Path.of("/env/b"));
        assertThat(kubeconfigOf(resolve(Map.of(), Set.of(home)))).isEqualTo(home);
    }

    @Test
    void namesAKubeconfigVariableWhoseFilesAllAreMissing() {
        assertThatThrownBy(() -> resolve(Map.of("KUBECONFIG", "/x:/y"), Set.of()))
                .isInstanceOf(KubeOpsException.class).hasMessageContaining("KUBECONFIG is set to '/x:/y'");
    }

    @Test
    void refusesAContextWithoutAKubeconfig() {
        assertThatThrownBy(() -> resolve(Map.of(), Set.of(), "--context", "prod"))
                .hasMessageContaining("--context prod was given but no kubeconfig was found");
    }

    @Test
    void readsTheServerTokenFromAFileOrTheEnvironmentButNeverFromArguments() {
        ConnectionTarget fromFile = resolve(Map.of(), Set.of(), "--server", "https://h:6443", "--token-file", "/run/token");
        ClusterConnection.Token token = (ClusterConnection.Token) ((ConnectionTarget.Explicit) fromFile).connection();
        assertThat(token.token().reveal()).isEqualTo("content of /run/token");

        ConnectionTarget fromEnv = resolve(Map.of("KUBE_OPS_TOKEN", " abc \n"), Set.of(), "--server", "https://h:6443");
        assertThat(((ClusterConnection.Token) ((ConnectionTarget.Explicit) fromEnv).connection()).token().reveal()).isEqualTo("abc");

        assertThatThrownBy(() -> resolve(Map.of(), Set.of(), "--server", "https://h:6443"))
                .hasMessageContaining("--server https://h:6443 needs a token");
        assertThatThrownBy(() -> resolve(Map.of(), Set.of(), "--server", "https://h:6443", "--kubeconfig", "/k"))
                .hasMessageContaining("cannot be combined");
    }

    private static ConnectionTarget resolve(Map<String, String> environment, Set<Path> existing, String... args) {
        ConnectionOptions options = new ConnectionOptions();
        new CommandLine(options).parseArgs(args);
        return ConnectionTarget.resolve(options, environment, HOME, existing::contains, path -> "content of " + path);
    }

    private static Path kubeconfigOf(ConnectionTarget target) {
        return ((ClusterConnection.Kubeconfig) ((ConnectionTarget.Explicit) target).connection()).file();
    }
}
