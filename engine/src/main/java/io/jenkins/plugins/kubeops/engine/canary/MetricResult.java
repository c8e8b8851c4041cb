package io.jenkins.plugins.kubeops.engine.canary;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One metric's measurement in one round: its value(s) as printed, the verdict and why, and the numbers behind them (the
 * canary's value, or median for comparisons, and the baseline's) for status output and benchmarks.
 */
public record MetricResult(String metric, Verdict verdict, String value, String reason, OptionalDouble canaryValue,
                           OptionalDouble baselineValue) {

    public MetricResult {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(canaryValue, "canaryValue");
        Objects.requireNonNull(baselineValue, "baselineValue");
    }

    /** A result with its value only as text. */
    public MetricResult(String metric, Verdict verdict, String value, String reason) {
        this(metric, verdict, value, reason, OptionalDouble.empty(), OptionalDouble.empty());
    }

    /** The measurement could not be taken; {@code reason} is one sentence naming the cause. */
    public static MetricResult error(String metric, String reason) {
        return new MetricResult(metric, Verdict.ERROR, "-", reason);
    }

    /** E.g. {@code success-rate FAILED: 0.931 (0.931 < min 0.99)}. */
    public String describe() {
        return metric + " " + verdict + ": " + value + " (" + reason + ")";
    }
}
