package io.jenkins.plugins.kubeops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The upgrade commands' surface: help, and bad input refused before anything connects. */
class UpgradeCliTest {

    @TempDir
    Path home;

    @Test
    void upgradeHasPlanApplyStatusPauseResumeAbort() {
        CliRun run = CliRun.run(home, "upgrade", "--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("plan", "apply", "status", "pause", "resume", "abort");
        CliRun apply = CliRun.run(home, "upgrade", "apply", "--help");
        assertThat(apply.out()).contains("--to", "--max-unavailable", "--pool-label", "--per-zone", "--window", "--dry-run",
                "--node-command", "--control-plane-command", "--validate-count", "--etcd-endpoints", "--store-dir", "--skip-snapshot");
    }

    @Test
    void badTargetsAndPoliciesAreRefusedBeforeConnecting() {
        assertThat(CliRun.run(home, "upgrade", "plan", "--to", "latest").err())
                .contains("--to 'latest' is not a full Kubernetes version");
        assertThat(CliRun.run(home, "upgrade", "plan", "--to", "v1.36.2", "--max-unavailable", "0%").err())
                .contains("max unavailable '0%' is out of range");
        assertThat(CliRun.run(home, "upgrade", "plan", "--to", "v1.36.2", "--window", "Mon 9-17").err())
                .contains("maintenance window 'Mon 9-17' has a bad time '9'");
        assertThat(CliRun.run(home, "upgrade", "plan", "--to", "v1.36.2", "--node-selector", "pool").err())
                .contains("node selector 'pool' has a bad term 'pool'");
        CliRun apply = CliRun.run(home, "upgrade", "apply", "--to", "v1.36.2", "--validate-count", "0");
        assertThat(apply.exitCode()).isEqualTo(1);
        assertThat(apply.err()).contains("health-gate count 0 is too small");
    }

    @Test
    void etcdEndpointsWithoutAStoreAreRefused() {
        CliRun run = CliRun.run(home, "upgrade", "apply", "--to", "v1.36.2", "--etcd-endpoints", "http://127.0.0.1:2379");
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).contains("--etcd-endpoints needs a store");
    }
}
