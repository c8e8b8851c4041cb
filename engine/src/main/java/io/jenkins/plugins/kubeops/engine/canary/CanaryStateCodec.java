package io.jenkins.plugins.kubeops.engine.canary;

import io.jenkins.plugins.kubeops.engine.canary.CanaryState.AnalysisProgress;
import io.jenkins.plugins.kubeops.engine.canary.CanaryState.PauseKind;
import io.jenkins.plugins.kubeops.engine.canary.CanaryState.PauseReason;
import io.jenkins.plugins.kubeops.engine.canary.CanaryState.Phase;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
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
        } catch (IllegalArgumentException | DateTimeParseException | ArrayIndexOutOfBoundsException e) {
            throw new KubeOpsException(where + " holds a canary state this version cannot read (" + e.getMessage()
                    + "): delete " + where + " after checking the canary's objects by hand, then start again.", e);
        }
    }

    /** One line per measurement: round number, instant, metric, verdict, value, reason (tabs and line breaks flattened). */
    private static void progress(Map<String, String> data, String prefix, AnalysisProgress progress) {
        progress.since().ifPresent(since -> data.put(prefix + ".since", since.toString()));
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < progress.rounds().size(); i++) {
            AnalysisRound round = progress.rounds().get(i);
            if (round.metrics().isEmpty()) {
                lines.add(i + "\t" + round.at());
            }
            for (MetricResult result : round.metrics()) {
                lines.add(i + "\t" + round.at() + "\t" + flat(result.metric()) + "\t" + result.verdict().name() + "\t"
                        + flat(result.value()) + "\t" + flat(result.reason()));
            }
        }
        data.put(prefix + ".rounds", String.join("\n", lines));
    }

    private static AnalysisProgress progress(Map<String, String> data, String prefix) {
        Optional<Instant> since = Optional.ofNullable(data.get(prefix + ".since")).map(Instant::parse);
        String text = data.getOrDefault(prefix + ".rounds", "");
        List<AnalysisRound> rounds = new ArrayList<>();
        int current = -1;
        Instant at = null;
        List<MetricResult> results = new ArrayList<>();
        for (String line : text.isEmpty() ? new String[0] : text.split("\n")) {
            String[] fields = line.split("\t", -1);
            int index = Integer.parseInt(fields[0]);
            if (index != current) {
                if (current >= 0) {
                    rounds.add(new AnalysisRound(at, results));
                }
                current = index;
                at = Instant.parse(fields[1]);
                results = new ArrayList<>();
            }
            if (fields.length >= 6) {
                results.add(new MetricResult(fields[2], Verdict.valueOf(fields[3]), fields[4], fields[5]));
            }
        }
        if (current >= 0) {
            rounds.add(new AnalysisRound(at, results));
        }
        return new AnalysisProgress(rounds, since);
    }

    private static String flat(String text) {
        return text == null ? "" : text.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
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
