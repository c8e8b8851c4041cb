package io.jenkins.plugins.kubeops.engine.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The maintenance-window wait of a run, on a fake clock: no step starts outside the window, and it says until when. */
class UpgradeWaitsTest {

    static UpgradeState state(String window) {
        KubeVersion v = KubeVersion.parse("v1.36.4");
        UpgradePlan plan = new UpgradePlan(v, v, List.of(new UpgradeStep.NodeRoll("workers", false, List.of("w1"), 1, false, v)),
                List.of(), List.of(), List.of(), 2, Optional.ofNullable(window).map(MaintenanceWindow::parse));
        return UpgradeState.start("kube-ops-upgrade-t", plan, "", Map.of(), Instant.EPOCH);
    }

    @Test
    void insideTheWindowAStepStartsAtOnce() {
        FakeTime time = new FakeTime(Instant.parse("2026-12-07T23:00:00Z"));
        UpgradeWaits waits = new UpgradeWaits(null, time.polling(), UpgradeService.Settings.DEFAULTS);
        assertThat(waits.insideWindow(state("daily 22:00-04:00 UTC"), "step 1/1", line -> { }, () -> false)).isTrue();
        assertThat(waits.insideWindow(state(null), "step 1/1", line -> { }, () -> false)).isTrue();
        assertThat(time.instant()).isEqualTo(Instant.parse("2026-12-07T23:00:00Z"));
    }

    @Test
    void outsideTheWindowTheRunSaysUntilWhenAndSleepsUntilItOpens() {
        FakeTime time = new FakeTime(Instant.parse("2026-12-07T12:00:00Z"));
        UpgradeWaits waits = new UpgradeWaits(null, time.polling(), UpgradeService.Settings.DEFAULTS);
        List<String> lines = new ArrayList<>();
        boolean startNow = waits.insideWindow(state("daily 22:00-04:00 UTC"), "step 1/1", lines::add, () -> false);
        assertThat(startNow).as("the caller looks again after the wait").isFalse();
        assertThat(time.instant()).isEqualTo(Instant.parse("2026-12-07T22:00:00Z"));
        assertThat(lines).containsExactly("outside the maintenance window (daily 22:00-04:00 UTC): step 1/1 waits until "
                + "2026-12-07T22:00:00Z (pause or abort still work meanwhile)");
        assertThat(waits.insideWindow(state("daily 22:00-04:00 UTC"), "step 1/1", lines::add, () -> false)).isTrue();
    }

    @Test
    void aPauseOrAbortRequestEndsTheWaitEarly() {
        FakeTime time = new FakeTime(Instant.parse("2026-12-07T12:00:00Z"));
        UpgradeWaits waits = new UpgradeWaits(null, time.polling(), UpgradeService.Settings.DEFAULTS);
        AtomicBoolean requested = new AtomicBoolean();
        boolean startNow = waits.insideWindow(state("daily 22:00-04:00 UTC"), "step 1/1", line -> { }, () -> {
            if (time.instant().isAfter(Instant.parse("2026-12-07T13:00:00Z"))) {
                requested.set(true);
            }
            return requested.get();
        });
        assertThat(startNow).isFalse();
        assertThat(time.instant()).isBefore(Instant.parse("2026-12-07T13:01:00Z"));
    }
}
