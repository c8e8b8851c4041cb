package io.jenkins.plugins.kubeops.engine.canary;

import static io.jenkins.plugins.kubeops.engine.canary.CanaryFixtures.image;
import static io.jenkins.plugins.kubeops.engine.canary.CanaryFixtures.replicas;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.kubeops.engine.canary.CanaryState.Phase;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import io.jenkins.plugins.kubeops.engine.common.Progress;
import io.jenkins.plugins.kubeops.engine.testing.KubernetesClusterExtension;
import io.jenkins.plugins.kubeops.engine.testing.TestNamespace;
import io.jenkins.plugins.kubeops.engine.testing.Waits;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Canaries with the replica-ratio router on the real control plane: controllers scale, kwok runs the pods. */
@ExtendWith(KubernetesClusterExtension.class)
class CanaryReplicaRatioIT {

    private final List<String> log = new CopyOnWriteArrayList<>();
    /** "weight%: stable/canary/baseline" read from the API server each time the canary reports a new weight. */
    private final List<String> observed = new CopyOnWriteArrayList<>();

    private Progress recording(TestNamespace namespace) {
        return line -> {
            log.add(line);
            if (line.matches("step \\d+ of \\d+: weight \\d+% .*")) {
                observed.add(line.replaceAll("step \\d+ of \\d+: weight (\\d+)% .*", "$1") + "%: " + replicas(namespace, "web")
                        + "/" + replicas(namespace, "web-canary") + "/" + replicas(namespace, "web-baseline"));
            }
        };
    }

    @Test
    void aHealthyCanaryWalksItsStepsAndPromotes(TestNamespace namespace) {
        CanaryFixtures.stableWorkload(namespace, 4);
        ScriptedAnalysis analysis = new ScriptedAnalysis(Verdict.SUCCESSFUL);
        CanarySpec spec = CanaryFixtures.spec(namespace, """
                baseline: true
                steps:
                  - setWeight: 25
                  - analysis: {interval: 1s, count: 2, metrics: [{name: error-rate, template: success-rate}]}
                  - setWeight: 50
                  - pause: {duration: 1s}
                """);

        CanaryService.Report report = new CanaryService(namespace.client(), analysis, Clock.systemUTC())
                .start(spec, "test", recording(namespace));

        assertThat(report.state().phase()).as(String.join("\n", log)).isEqualTo(Phase.PROMOTED);
        assertThat(observed).containsExactly("25%: 2/1/1", "50%: 0/2/2");
        assertThat(analysis.rounds()).isEqualTo(2);
        assertThat(analysis.seenTargets().get(0).canary()).containsEntry(CanaryTargets.ROLE, "canary");
        assertThat(analysis.seenTargets().get(0).baseline()).containsEntry(CanaryTargets.ROLE, "baseline");
        assertThat(image(namespace, "web")).isEqualTo("registry.invalid/web:2");
        assertThat(image(namespace, "web-canary")).isEqualTo("registry.invalid/web:2");
        assertThat(image(namespace, "web-baseline")).isEqualTo("registry.invalid/web:1");
        assertThat(CanaryFixtures.deployment(namespace, "web").getStatus().getAvailableReplicas()).isEqualTo(4);
        assertThat(List.of(replicas(namespace, "web-canary"), replicas(namespace, "web-baseline"))).containsOnly(0);
        assertThat(log).anyMatch(line -> line.startsWith("step 2 of 4: analysis round 1 (weight 25%): successful"))
                .anyMatch(line -> line.equals("  error-rate: 0.1% — successful (scripted successful)"));
        assertThat(report.state().results()).contains("step 2 analysis round 2: successful — error-rate 0.1% successful");
    }

    @Test
    void aFailingAnalysisRollsBackAndStableServesEverything(TestNamespace namespace) {
        CanaryFixtures.stableWorkload(namespace, 4);
        CanarySpec spec = CanaryFixtures.spec(namespace, """
                steps:
                  - setWeight: 50
                  - analysis: {interval: 1s, count: 3, metrics: [{name: error-rate, template: success-rate}]}
                  - setWeight: 100
                """);

        CanaryService.Report report = new CanaryService(namespace.client(), new ScriptedAnalysis(Verdict.SUCCESSFUL,
                Verdict.FAILED), Clock.systemUTC()).start(spec, "test", recording(namespace));

        assertThat(report.state().phase()).as(String.join("\n", log)).isEqualTo(Phase.ABORTED);
        assertThat(report.state().outcome()).hasValue("step 2 analysis failed: error-rate failed 1 time(s), more than "
                + "failureLimit 0 (round 2: scripted failed)");
        assertThat(observed).containsExactly("50%: 2/2/0");
        assertThat(report.state().weight()).isZero();
        assertThat(image(namespace, "web")).isEqualTo("registry.invalid/web:1");
        assertThat(replicas(namespace, "web")).isEqualTo(4);
        assertThat(replicas(namespace, "web-canary")).isZero();
        assertThat(CanaryFixtures.deployment(namespace, "web").getStatus().getAvailableReplicas()).isEqualTo(4);
        assertThat(new CanaryService(namespace.client(), new ScriptedAnalysis(Verdict.SUCCESSFUL), Clock.systemUTC())
                .status(namespace.name(), "web")).hasValueSatisfying(status -> assertThat(status.state().results())
                .contains("step 2 analysis round 2: failed — error-rate 7.5% failed"));
    }

    @Test
    void theLeaseRefusesASecondDriverAndAnUnfinishedCanaryASecondStart(TestNamespace namespace) {
        CanaryFixtures.stableWorkload(namespace, 2);
        CanarySpec spec = CanaryFixtures.spec(namespace, """
                steps:
                  - setWeight: 50
                  - pause: {}
                """);
        CanaryService service = new CanaryService(namespace.client(), new ScriptedAnalysis(Verdict.SUCCESSFUL), Clock.systemUTC());

        try (CanaryLock other = CanaryLock.acquire(namespace.client(), namespace.name(), "web", "build #7", Clock.systemUTC())) {
            assertThatThrownBy(() -> service.start(spec, "build #8", Progress.NONE)).isInstanceOf(KubeOpsException.class)
                    .hasMessageStartingWith("the canary of " + namespace.name() + "/web is being driven by 'build #7'");
        }
        CanaryService.Report paused = service.start(spec, "build #8", recording(namespace));
        assertThat(paused.state().phase()).isEqualTo(Phase.PAUSED);
        assertThat(observed).containsExactly("50%: 1/1/0");

        assertThatThrownBy(() -> service.start(spec, "build #9", Progress.NONE)).isInstanceOf(KubeOpsException.class)
                .hasMessage("a canary of " + namespace.name() + "/web is already paused at step 2 of 2, weight 50%: one canary per "
                        + "workload at a time — resume, promote or abort it first.");

        CanaryService.Report promoted = service.promote(namespace.name(), "web", false, "build #9", recording(namespace));
        assertThat(promoted.state().phase()).as(String.join("\n", log)).isEqualTo(Phase.PROMOTED);
        assertThat(image(namespace, "web")).isEqualTo("registry.invalid/web:2");
        assertThat(namespace.client().leases().inNamespace(namespace.name()).withName(CanaryLock.leaseName("web")).get())
                .as("released when the driver is done").isNull();
    }

    @Test
    void resumeFinishesACanaryWhoseDriverWasStoppedMidway(TestNamespace namespace) throws Exception {
        CanaryFixtures.stableWorkload(namespace, 4);
        CanaryFixtures.MovableClock clock = new CanaryFixtures.MovableClock();
        CanarySpec spec = CanaryFixtures.spec(namespace, """
                steps:
                  - setWeight: 25
                  - pause: {duration: 10m}
                  - setWeight: 75
                """);
        AtomicReference<Throwable> stopped = new AtomicReference<>();
        Thread driver = new Thread(() -> {
            try {
                new CanaryService(namespace.client(), new ScriptedAnalysis(Verdict.SUCCESSFUL), clock).start(spec, "cli-1",
                        recording(namespace));
            } catch (Throwable e) {
                stopped.set(e);
            }
        });
        driver.start();
        CanaryStore store = new CanaryStore(namespace.client());
        Waits.until(Instant.now().plusSeconds(90), "the canary at weight 25 in its pause",
                () -> store.load(namespace.name(), "web").map(s -> s.state().stepIndex() == 1).orElse(false));
        driver.interrupt();
        driver.join(30_000);
        assertThat(stopped.get()).as("the driver stopped").isNotNull();
        assertThat(replicas(namespace, "web-canary")).isEqualTo(1);

        clock.advance(Duration.ofMinutes(10));
        CanaryService.Report report = new CanaryService(namespace.client(), new ScriptedAnalysis(Verdict.SUCCESSFUL), clock)
                .resume(namespace.name(), "web", "cli-2", recording(namespace));

        assertThat(report.state().phase()).as(String.join("\n", log)).isEqualTo(Phase.PROMOTED);
        assertThat(observed).containsExactly("25%: 3/1/0", "75%: 1/3/0");
        assertThat(log).contains("resuming the canary of " + namespace.name() + "/web: progressing at step 2 of 3, weight 25%");
        assertThat(image(namespace, "web")).isEqualTo("registry.invalid/web:2");
    }

    @Test
    void anAbortFromAnotherProcessReachesTheDriverWithinItsCheckInterval(TestNamespace namespace) throws Exception {
        CanaryFixtures.stableWorkload(namespace, 2);
        CanarySpec spec = CanaryFixtures.spec(namespace, """
                steps:
                  - setWeight: 50
                  - pause: {duration: 10m}
                """);
        AtomicReference<CanaryService.Report> result = new AtomicReference<>();
        Thread driver = new Thread(() -> result.set(new CanaryService(namespace.client(), new ScriptedAnalysis(Verdict.SUCCESSFUL),
                Clock.systemUTC()).start(spec, "jenkins", recording(namespace))));
        driver.start();
        CanaryStore store = new CanaryStore(namespace.client());
        Waits.until(Instant.now().plusSeconds(90), "the canary in its pause",
                () -> store.load(namespace.name(), "web").map(s -> s.state().stepIndex() == 1).orElse(false));

        new CanaryService(namespace.client(), new ScriptedAnalysis(Verdict.SUCCESSFUL), Clock.systemUTC())
                .abort(namespace.name(), "web", "error budget burnt", "cli", Progress.NONE);
        driver.join(60_000);

        assertThat(result.get().state().phase()).as(String.join("\n", log)).isEqualTo(Phase.ABORTED);
        assertThat(result.get().state().outcome()).hasValue("error budget burnt");
        assertThat(replicas(namespace, "web")).isEqualTo(2);
        assertThat(replicas(namespace, "web-canary")).isZero();
    }
}
