package io.jenkins.plugins.kubeops.engine.canary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CanaryStateCodecTest {

    @Test
    void everyFieldSurvivesTheRoundTrip() {
        Instant t0 = Instant.parse("2026-12-07T10:00:00Z");
        AnalysisRound first = new AnalysisRound(t0.plusSeconds(60), List.of(
                new MetricResult("success-rate", Verdict.SUCCESSFUL, "0.998", "canary 0.998 vs baseline 0.997"),
                new MetricResult("latency", Verdict.INCONCLUSIVE, "-", "too few samples:\tonly 2")));
        AnalysisRound second = new AnalysisRound(t0.plusSeconds(80), List.of(MetricResult.error("success-rate", "no data")));
        CanaryState state = new CanaryState(CanaryState.Phase.PAUSED, 3, 40, 6, t0, t0.plusSeconds(90),
                Optional.of(new CanaryState.PauseReason(CanaryState.PauseKind.INCONCLUSIVE_STEP_ANALYSIS, "inconclusive")),
                new CanaryState.AnalysisProgress(List.of(first, second), Optional.empty()),
                new CanaryState.AnalysisProgress(List.of(), Optional.of(t0.plusSeconds(5))), Optional.of("why"),
                List.of("step 1 analysis round 1: successful — error-rate 0.1%", "line two"));

        CanaryState decoded = CanaryStateCodec.decode("test", CanaryStateCodec.encode(state));

        assertThat(decoded.stepAnalysis().rounds().get(0).metrics().get(1).reason()).as("tabs flattened")
                .isEqualTo("too few samples: only 2");
        AnalysisRound flattened = new AnalysisRound(first.at(), List.of(first.metrics().get(0), new MetricResult("latency",
                Verdict.INCONCLUSIVE, "-", "too few samples: only 2")));
        assertThat(decoded).isEqualTo(new CanaryState(state.phase(), 3, 40, 6, t0, t0.plusSeconds(90), state.paused(),
                new CanaryState.AnalysisProgress(List.of(flattened, second), Optional.empty()), state.background(),
                state.outcome(), state.results()));
    }

    @Test
    void anUntouchedStateSurvivesTheRoundTripExactly() {
        CanaryState state = CanaryState.start(3, Instant.parse("2026-12-07T10:00:00Z"));
        assertThat(CanaryStateCodec.decode("test", CanaryStateCodec.encode(state))).isEqualTo(state);
    }

    @Test
    void keepsOnlyTheNewestResults() {
        List<String> many = java.util.stream.IntStream.range(0, 50).mapToObj(i -> "r" + i).toList();
        CanaryState state = new CanaryState(CanaryState.Phase.PROGRESSING, 0, 0, 1, Instant.EPOCH, Instant.EPOCH,
                Optional.empty(), CanaryState.AnalysisProgress.NONE, CanaryState.AnalysisProgress.NONE, Optional.empty(), many);

        assertThat(state.results()).hasSize(CanaryState.MAX_RESULTS).endsWith("r49").startsWith("r20");
    }

    @Test
    void aDamagedStateNamesTheConfigMapAndTheWayOut() {
        assertThatThrownBy(() -> CanaryStateCodec.decode("ConfigMap shop/kube-ops-canary-web", Map.of("phase", "DANCING")))
                .isInstanceOf(KubeOpsException.class)
                .hasMessageStartingWith("ConfigMap shop/kube-ops-canary-web holds a canary state this version cannot read");
    }
}
