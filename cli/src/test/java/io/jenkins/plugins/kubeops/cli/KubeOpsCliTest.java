package io.jenkins.plugins.kubeops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeOpsCliTest {

    @TempDir
    Path home;

    @Test
    void printsAnErrorNamingTheMissingKubeconfigAndExitsWithOne() {
        Path missing = home.resolve("missing.yaml");

        CliRun run = CliRun.run(home, "cluster", "info", "--kubeconfig", missing.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("kube-ops: error: kubeconfig file '" + missing + "' does not exist");
        assertThat(run.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void rejectsAnUnknownOutputFormatAsAUsageError() {
        CliRun run = CliRun.run(home, "cluster", "info", "--output", "yaml");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--output").contains("yaml").contains("text, json");
    }

    @Test
    void reportsAnUnreachableServerWithoutHanging() throws Exception {
        Path token = Files.writeString(home.resolve("token"), "t0ken");
        // Port 9 on loopback: nothing listens there, so the connection is refused at once.
        CliRun run = CliRun.run(home, "cluster", "info", "--server", "https://127.0.0.1:9", "--token-file", token.toString(),
                "--connect-timeout", "2");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("API server https://127.0.0.1:9").contains("unreachable").doesNotContain("t0ken");
    }

    @Test
    void listsEveryCommandInItsHelp() {
        CliRun run = CliRun.run(home, "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("cluster", "pools", "etcd", "deploy", "history", "rollback", "drain", "uncordon",
                "upgrade", "canary");
    }

    @Test
    void anUnknownCommandIsAUsageErrorThatSuggestsTheNearestCommand() {
        CliRun run = CliRun.run(home, "etdc", "backup");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("'etdc'").contains("Did you mean: kube-ops etcd?");
    }
}
