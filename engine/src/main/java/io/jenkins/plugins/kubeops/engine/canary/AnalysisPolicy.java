package io.jenkins.plugins.kubeops.engine.canary;

import io.jenkins.plugins.kubeops.engine.common.Durations;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How many rounds an analysis takes and how many bad ones it tolerates, with the same meaning as an Argo Rollouts
 * AnalysisRun (see {@link AnalysisVerdicts}).
 *
 * @param interval time between rounds; comparisons take their samples from the last interval
 * @param count rounds to take; 0 means a background analysis that runs until the caller stops it and never succeeds by itself
 * @param failureLimit failed measurements of one metric tolerated; one more fails the analysis
 * @param consecutiveErrorLimit measurements of one metric in a row that could not be taken (Prometheus down, no data)
 *     tolerated; one more fails the analysis
 * @param inconclusiveLimit inconclusive measurements of one metric tolerated; one more makes the analysis inconclusive
 */
public record AnalysisPolicy(Duration interval, int count, int failureLimit, int consecutiveErrorLimit, int inconclusiveLimit) {

    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);
    public static final int DEFAULT_COUNT = 5;
    public static final int DEFAULT_CONSECUTIVE_ERROR_LIMIT = 4;
    static final Set<String> FIELDS = Set.of("interval", "count", "failureLimit", "consecutiveErrorLimit",
            "inconclusiveLimit", "metrics");

    public AnalysisPolicy {
        Objects.requireNonNull(interval, "interval");
        if (interval.isZero() || interval.isNegative()) {
            throw new KubeOpsException("analysis interval " + interval + " must be positive: use e.g. 30s or 1m.");
        }
        if (count < 0 || failureLimit < 0 || consecutiveErrorLimit < 0 || inconclusiveLimit < 0) {
            throw new KubeOpsException("analysis count and limits must be 0 or more: count " + count + ", failureLimit "
                    + failureLimit + ", consecutiveErrorLimit " + consecutiveErrorLimit + ", inconclusiveLimit "
                    + inconclusiveLimit + ".");
        }
    }

    /** Argo's defaults: no failure and no inconclusive measurement tolerated, four errors in a row tolerated. */
    public static AnalysisPolicy of(Duration interval, int count) {
        return new AnalysisPolicy(interval, count, 0, DEFAULT_CONSECUTIVE_ERROR_LIMIT, 0);
    }

    /**
     * Reads {@code interval}, {@code count}, {@code failureLimit}, {@code consecutiveErrorLimit} and {@code inconclusiveLimit}
     * of an analysis block (its {@code metrics} are read by {@link MetricSpecParser}).
     *
     * @param path where the block is in the spec, named in errors, e.g. {@code steps[2].analysis}
     */
    public static AnalysisPolicy fromMap(String path, Map<String, ?> fields) {
        MetricSpecParser.Fields in = new MetricSpecParser.Fields(path, fields, FIELDS);
        Duration interval = in.has("interval") ? Durations.parse(path + ".interval", in.text("interval")) : DEFAULT_INTERVAL;
        if (interval.isZero()) {
            throw new KubeOpsException(path + ".interval is 0: use e.g. 30s or 1m (the time between two measurements).");
        }
        return new AnalysisPolicy(interval, in.count("count", DEFAULT_COUNT), in.count("failureLimit", 0),
                in.count("consecutiveErrorLimit", DEFAULT_CONSECUTIVE_ERROR_LIMIT), in.count("inconclusiveLimit", 0));
    }

    public String describe() {
        return (count == 0 ? "background analysis" : count + " rounds") + " every " + interval.toSeconds() + "s, failureLimit "
                + failureLimit + ", consecutiveErrorLimit " + consecutiveErrorLimit + ", inconclusiveLimit " + inconclusiveLimit;
    }
}
