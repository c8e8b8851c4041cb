package io.jenkins.plugins.kubeops.engine.upgrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import io.jenkins.plugins.kubeops.engine.upgrade.DrainOptions.OnTimeout;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DrainOptionsTest {

    @Test
    void defaultsAreKubectlsFlagsWithATimeoutThatFails() {
        DrainOptions options = DrainOptions.defaults();

        assertThat(options.ignoreDaemonSets() || options.deleteEmptyDirData() || options.force()).isFalse();
        assertThat(options.gracePeriod()).isEmpty();
        assertThat(options.timeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(options.onTimeout()).isEqualTo(OnTimeout.FAIL);
        assertThat(options.skipWaitForDeleteTimeout()).isZero();
    }

    @Test
    void gracePeriodTakesSecondsAndMinusOneOrNothingForThePodsOwn() {
        assertThat(DrainOptions.parseGracePeriod("30")).contains(Duration.ofSeconds(30));
        assertThat(DrainOptions.parseGracePeriod("0")).contains(Duration.ZERO);
        assertThat(DrainOptions.parseGracePeriod("-1")).isEmpty();
        assertThat(DrainOptions.parseGracePeriod(" ")).isEmpty();
        assertThat(DrainOptions.checkGracePeriod("-5").message()).isEqualTo("grace period '-5' is invalid: use whole "
                + "seconds, 0 or more (0 deletes at once), or -1 for each pod's own terminationGracePeriodSeconds.");
        assertThat(DrainOptions.checkGracePeriod("30s").isError()).isTrue();
        assertThat(DrainOptions.checkGracePeriod("45").isError()).isFalse();
    }

    @Test
    void timeoutMustBePositiveBecauseADrainNeverWaitsForever() {
        assertThat(DrainOptions.parseTimeout("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(DrainOptions.parseTimeout("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(DrainOptions.checkTimeout("0").message()).isEqualTo("drain timeout '0' is invalid: use a positive duration "
                + "per node such as 90s, 10m or 1h, and choose with onTimeout what happens then (fail, skip, force).");
        assertThat(DrainOptions.checkTimeout("soon").message()).startsWith("drain timeout 'soon' is invalid");
        assertThatThrownBy(() -> DrainOptions.defaults().withTimeout(Duration.ZERO, OnTimeout.FAIL))
                .isInstanceOf(KubeOpsException.class).hasMessageStartingWith("drain timeout 'PT0S' is invalid");
    }

    @Test
    void onTimeoutIsOneOfFailSkipForceInAnyCase() {
        assertThat(OnTimeout.parse("Force")).isEqualTo(OnTimeout.FORCE);
        assertThat(OnTimeout.parse(" skip ")).isEqualTo(OnTimeout.SKIP);
        assertThat(DrainOptions.checkOnTimeout("retry").message()).isEqualTo("onTimeout 'retry' is not one of fail, skip, "
                + "force: fail stops with the node cordoned, skip leaves the node and goes on, force deletes the pods left.");
    }

    @Test
    void negativeValuesAreRefusedWithTheirFix() {
        assertThatThrownBy(() -> DrainOptions.defaults().withGracePeriod(Optional.of(Duration.ofSeconds(-2))))
                .hasMessageStartingWith("grace period '-2' is invalid");
        assertThatThrownBy(() -> DrainOptions.defaults().withSkipWaitForDeleteTimeout(Duration.ofSeconds(-1)))
                .hasMessageContaining("0 (always wait for terminating pods)");
        assertThatThrownBy(() -> DrainOptions.defaults().withParallelism(0)).hasMessageContaining("use at least 1");
    }
}
