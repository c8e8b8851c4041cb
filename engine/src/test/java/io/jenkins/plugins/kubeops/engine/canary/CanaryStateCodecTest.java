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
        CanaryState state = new CanaryState(CanaryState.Phase.PAUSED, 3, 40, 6, t0, t0.plusSeconds(90),
                Optional.of(new CanaryState.PauseReason(CanaryState.PauseKind.INCONCLUSIVE, "round 2 was inconclusive")),
                new CanaryState.AnalysisProgress(2, 1, 0, 1, Optional.of(t0.plusSeconds(80))),
                new CanaryState.AnalysisProgress(5, 0, 2, 0, Optional.empty()), Optional.of("why"),
                List.of("step 1 analysis round 1: successful — error-rate 0.1%", "line two"));

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
