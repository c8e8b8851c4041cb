package io.jenkins.plugins.kubeops.engine.canary;

import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One metric of an analysis: a PromQL query template (rendered per target by {@link MetricQuery}) and how its values are
 * judged. Built from a spec's YAML by {@link MetricSpecParser}, which also expands the built-in templates.
 *
 * @param name shown in progress lines and verdicts
 * @param query PromQL with placeholders ({@code {{selector}}}, {@code {{namespace}}}, {@code {{version}}}, {@code {{role}}})
 * @param judge THRESHOLD: the canary's instant value against {@code min}/{@code max}; COMPARE: the canary's samples over the
 *     last interval against the baseline's, by the Mann-Whitney U test
 * @param direction which way is worse, for COMPARE
 * @param confidence for COMPARE: a worse canary fails only when the test is significant at this level (e.g. 0.99)
 * @param tolerance for COMPARE: absolute shift (canary minus baseline, in the worse direction) that is never a failure
 * @param relativeTolerance for COMPARE: shift tolerated as a fraction of the baseline's value; the larger tolerance applies
 * @param minSamples for COMPARE: fewer samples on either side is INCONCLUSIVE
 * @param step for COMPARE: spacing of the samples taken from the last interval; empty: a tenth of the interval
 */
public record MetricDefinition(String name, String query, Judging judge, OptionalDouble min, OptionalDouble max,
                         Direction direction, double confidence, double tolerance, double relativeTolerance, int minSamples,
                               Optional<Duration> step) {

    public enum Judging { THRESHOLD, COMPARE }

    public enum Direction {
        HIGHER_IS_WORSE, LOWER_IS_WORSE;

        public String text() {
            return this == HIGHER_IS_WORSE ? "higher-is-worse" : "lower-is-worse";
        }
    }

    public MetricDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(judge, "judge");
        Objects.requireNonNull(min, "min");
        Objects.requireNonNull(max, "max");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(step, "step");
        if (judge == Judging.THRESHOLD && min.isEmpty() && max.isEmpty()) {
            throw new KubeOpsException("metric " + name + " is judged by threshold but has neither min nor max: set one.");
        }
        if (!(confidence > 0.5 && confidence < 1)) {
            throw new KubeOpsException("metric " + name + " confidence " + confidence + " must be above 0.5 and below 1, "
                    + "e.g. 0.99.");
        }
        if (tolerance < 0 || relativeTolerance < 0) {
            throw new KubeOpsException("metric " + name + " tolerances must be 0 or more.");
        }
        if (minSamples < 3) {
            throw new KubeOpsException("metric " + name + " minSamples " + minSamples + " must be 3 or more.");
        }
    }

    /** A threshold metric on an instant query. */
    public static MetricDefinition threshold(String name, String query, OptionalDouble min, OptionalDouble max) {
        return new MetricDefinition(name, query, Judging.THRESHOLD, min, max, Direction.HIGHER_IS_WORSE, 0.99, 0, 0, 5,
                Optional.empty());
    }

    /** A comparison of canary against baseline samples. */
    public static MetricDefinition compare(String name, String query, Direction direction, double confidence, double tolerance,
                                     double relativeTolerance) {
        return new MetricDefinition(name, query, Judging.COMPARE, OptionalDouble.empty(), OptionalDouble.empty(), direction,
                confidence, tolerance, relativeTolerance, 5, Optional.empty());
    }

    /** Samples per interval when no step is given: ten, so that the default minimum of five leaves room for gaps. */
    public static final int DEFAULT_SAMPLES_PER_INTERVAL = 10;

    /** The spacing of compared samples within an interval: the given step, else a tenth of the interval (1 s at least). */
    public Duration sampleStep(Duration interval) {
        return step.orElseGet(() -> {
            Duration tenth = interval.dividedBy(DEFAULT_SAMPLES_PER_INTERVAL);
            return tenth.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : tenth;
        });
    }

    public MetricDefinition withSampling(int samples, Optional<Duration> sampleStep) {
        return new MetricDefinition(name, query, judge, min, max, direction, confidence, tolerance, relativeTolerance, samples,
                sampleStep);
    }
}
