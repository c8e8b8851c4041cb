package io.jenkins.plugins.kubeops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad drain input is refused with the engine's message before anything connects. */
class DrainCommandTest {

    @TempDir
    Path home;

    @Test
    void anUnknownOnTimeoutPolicyNamesTheChoices() {
        CliRun run = CliRun.run(home, "drain", "worker-1", "--on-timeout", "later");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("onTimeout 'later' is not one of fail, skip, force");
    }

    @Test
    void aZeroTimeoutIsRefusedBecauseADrainMustNotWaitForever() {
        CliRun run = CliRun.run(home, "drain", "worker-1", "--timeout", "0");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("drain timeout '0' is invalid: use a positive duration per node");
    }

    @Test
    void aNegativeGracePeriodOtherThanMinusOneIsRefused() {
        CliRun run = CliRun.run(home, "drain", "worker-1", "--grace-period", "-3");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("grace period '-3' is invalid");
    }

    @Test
    void drainNeedsAtLeastOneNode() {
        CliRun run = CliRun.run(home, "drain");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Missing required parameter: 'NODE'");
    }
}
