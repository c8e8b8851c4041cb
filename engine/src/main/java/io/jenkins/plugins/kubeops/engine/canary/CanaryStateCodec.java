package io.jenkins.plugins.kubeops.engine.canary;

import io.jenkins.plugins.kubeops.engine.canary.CanaryState.AnalysisProgress;
import io.jenkins.plugins.kubeops.engine.canary.CanaryState.PauseKind;
import io.jenkins.plugins.kubeops.engine.canary.CanaryState.PauseReason;
import io.jenkins.plugins.kubeops.engine.canary.CanaryState.Phase;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link CanaryState} as the string entries of its ConfigMap, and back. Pure. */
public final class CanaryStateCodec {

    private CanaryStateCodec() {
    }

    public static Map<String, String> encode(CanaryState state) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("phase", state.phase().name());
        data.put("stepIndex", Integer.toString(state.stepIndex()));
        data.put("weight", Integer.toString(state.weight()));
        data.put("stableReplicas", Integer.toString(state.stableReplicas()));
        data.put("startedAt", state.startedAt().toString());
        data.put("stepStartedAt", state.stepStartedAt().toString());
        state.paused().ifPresent(reason -> {
            data.put("pauseKind", reason.kind().name());
            data.put("pauseReason", reason.message());
        });
        progress(data, "stepAnalysis", state.stepAnalysis());
        progress(data, "backgroundAnalysis", state.background());
        state.outcome().ifPresent(outcome -> data.put("outcome", outcome));
        data.put("results", String.join("\n", state.results()));
        return data;
    }

    public static CanaryState decode(String where, Map<String, String> data) {
        try {
            Optional<PauseReason> paused = Optional.ofNullable(data.get("pauseKind"))
                    .map(kind -> new PauseReason(PauseKind.valueOf(kind), data.getOrDefault("pauseReason", "")));
            String results = data.getOrDefault("results", "");
            return new CanaryState(Phase.valueOf(required(data, "phase")), number(data, "stepIndex"), number(data, "weight"),
                    number(data, "stableReplicas"), Instant.parse(required(data, "startedAt")),
                    Instant.parse(required(data, "stepStartedAt")), paused, progress(data, "stepAnalysis"),
                    progress(data, "backgroundAnalysis"), Optional.ofNullable(data.get("outcome")),
                    results.isEmpty() ? List.of() : Arrays.asList(results.split("\n")));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new KubeOpsException(where + " holds a canary state this version cannot read (" + e.getMessage()
                    + "): delete " + where + " after checking the canary's objects by hand, then start again.", e);
        }
    }

    private static void progress(Map<String, String> data, String prefix, AnalysisProgress progress) {
        data.put(prefix + ".rounds", Integer.toString(progress.rounds()));
        data.put(prefix + ".failures", Integer.toString(progress.failures()));
        data.put(prefix + ".consecutiveErrors", Integer.toString(progress.consecutiveErrors()));
        data.put(prefix + ".inconclusive", Integer.toString(progress.inconclusive()));
        progress.lastRoundAt().ifPresent(at -> data.put(prefix + ".lastRoundAt", at.toString()));
    }

    private static AnalysisProgress progress(Map<String, String> data, String prefix) {
        return new AnalysisProgress(number(data, prefix + ".rounds"), number(data, prefix + ".failures"),
                number(data, prefix + ".consecutiveErrors"), number(data, prefix + ".inconclusive"),
                Optional.ofNullable(data.get(prefix + ".lastRoundAt")).map(Instant::parse));
    }

    private static String required(Map<String, String> data, String key) {
        String value = data.get(key);
        if (value == null) {
            throw new IllegalArgumentException("'" + key + "' is missing");
        }
        return value;
    }

    private static int number(Map<String, String> data, String key) {
        return Integer.parseInt(data.getOrDefault(key, "0"));
    }
}
