package io.jenkins.plugins.kubeops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deploy flags are checked by the engine's DeployValidation before any cluster is contacted. */
class DeployCommandTest {

    @TempDir
    Path home;

    @Test
    void refusesAHistoryLimitBelowOneWithTheEnginesMessage() {
        CliRun run = CliRun.run(home, "deploy", "web", "-f", "web.yaml", "-n", "team-a", "--history-limit", "0");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("kube-ops: error: --history-limit 0 keeps no revision: use 1 or more (default 10)."
                + System.lineSeparator());
    }

    @Test
    void refusesATimeoutOfZeroWithTheEnginesMessage() {
        CliRun run = CliRun.run(home, "deploy", "web", "-f", "web.yaml", "-n", "team-a", "--timeout", "0s");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("--timeout '0s' leaves no time to deploy: use e.g. 10m (the default).");
    }
}
