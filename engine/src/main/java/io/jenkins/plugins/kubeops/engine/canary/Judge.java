package io.jenkins.plugins.kubeops.engine.canary;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Judges one metric's measurement. Pure: values in, {@link MetricResult} out.
 *
 * <p>A threshold metric fails when the canary's instant value is outside {@code min}/{@code max}; a NaN value (a ratio of
 * rates without traffic) is INCONCLUSIVE.
 *
 * <p>A comparison fails only when the canary is worse than the baseline in both senses: <em>significantly</em> (the one-sided
 * Mann-Whitney U test on the samples, in the metric's worse direction, gives p below 1 - confidence) and <em>materially</em>
 * (the difference exceeds the tolerance, the larger of the absolute one and the relative one times the baseline's value).
 * The size of the difference is read from each version's value over the whole interval when the analysis could measure it
 * ({@link IntervalValues}: a p99 over all the interval's requests rests on many more requests than a p99 per sample, whose
 * noise would otherwise pass for a material shift), else from the Hodges-Lehmann shift of the samples. The second
 * condition also keeps trivial differences from failing a canary when samples are many and the test sees everything.
 * Fewer samples than {@code minSamples} on either side is INCONCLUSIVE.
 */
public final class Judge {

    private Judge() {
    }

    public static MetricResult threshold(MetricDefinition spec, double value) {
        if (Double.isNaN(value)) {
            return new MetricResult(spec.name(), Verdict.INCONCLUSIVE, "NaN", "the query returned NaN, e.g. a ratio of "
                    + "rates without requests: no traffic to judge");
        }
        OptionalDouble measured = OptionalDouble.of(value);
        String bounds = spec.min().stream().mapToObj(m -> "min " + format(m)).findFirst().orElse("")
                + (spec.min().isPresent() && spec.max().isPresent() ? ", " : "")
                + spec.max().stream().mapToObj(m -> "max " + format(m)).findFirst().orElse("");
        Verdict verdict = Verdict.SUCCESSFUL;
        String reason = "within " + bounds;
        if (spec.min().isPresent() && value < spec.min().getAsDouble()) {
            verdict = Verdict.FAILED;
            reason = "below min " + format(spec.min().getAsDouble());
        } else if (spec.max().isPresent() && value > spec.max().getAsDouble()) {
            verdict = Verdict.FAILED;
            reason = "above max " + format(spec.max().getAsDouble());
        }
        return new MetricResult(spec.name(), verdict, format(value), reason, measured, OptionalDouble.empty());
    }

    /**
     * Each version's value of the metric over the whole interval (its rate or quantile with the interval as the window).
     *
     * @param samplingNote how the samples were taken when that matters to the verdict (e.g. thinned), or empty
     */
    public record IntervalValues(OptionalDouble canary, OptionalDouble baseline, String samplingNote) {

        public static final IntervalValues NONE = new IntervalValues(OptionalDouble.empty(), OptionalDouble.empty(), "");

        public IntervalValues {
            Objects.requireNonNull(canary, "canary");
            Objects.requireNonNull(baseline, "baseline");
            Objects.requireNonNull(samplingNote, "samplingNote");
        }

        boolean measured() {
            return canary.isPresent() && baseline.isPresent() && Double.isFinite(canary.getAsDouble())
                    && Double.isFinite(baseline.getAsDouble());
        }
    }

    /** Samples alone: the difference is the samples' Hodges-Lehmann shift. */
    public static MetricResult compare(MetricDefinition spec, double[] canarySamples, double[] baselineSamples) {
        return compare(spec, canarySamples, baselineSamples, IntervalValues.NONE);
    }

    /** NaN samples (no traffic at that instant) are left out before counting. */
    public static MetricResult compare(MetricDefinition spec, double[] canarySamples, double[] baselineSamples,
                                       IntervalValues interval) {
        double[] canary = withoutNaN(canarySamples);
        double[] baseline = withoutNaN(baselineSamples);
        boolean overInterval = interval.measured();
        OptionalDouble canaryMedian = overInterval ? interval.canary() : canary.length == 0 ? OptionalDouble.empty()
                : OptionalDouble.of(MannWhitney.median(canary));
        OptionalDouble baselineMedian = overInterval ? interval.baseline() : baseline.length == 0 ? OptionalDouble.empty()
                : OptionalDouble.of(MannWhitney.median(baseline));
        String value = text(canaryMedian) + " vs " + text(baselineMedian);
        if (canary.length < spec.minSamples() || baseline.length < spec.minSamples()) {
            return new MetricResult(spec.name(), Verdict.INCONCLUSIVE, value, "too few samples to compare: canary "
                    + canary.length + ", baseline " + baseline.length + ", minSamples " + spec.minSamples() + " (no traffic, "
                    + "or rate windows shorter than two scrapes: lengthen the interval or set step)"
                    + (interval.samplingNote().isEmpty() ? "" : "; " + interval.samplingNote()), canaryMedian,
                    baselineMedian);
        }
        boolean higherIsWorse = spec.direction() == MetricDefinition.Direction.HIGHER_IS_WORSE;
        MannWhitney.Result test = MannWhitney.test(canary, baseline,
                higherIsWorse ? MannWhitney.Alternative.GREATER : MannWhitney.Alternative.LESS);
        double difference = overInterval ? canaryMedian.getAsDouble() - baselineMedian.getAsDouble() : test.shift();
        double worsening = higherIsWorse ? difference : -difference;
        double tolerance = Math.max(spec.tolerance(), spec.relativeTolerance() * Math.abs(baselineMedian.getAsDouble()));
        double alpha = 1 - spec.confidence();
        boolean significant = test.pValue() < alpha;
        boolean material = worsening > tolerance;
        // Too few samples for this confidence: even two samples that do not overlap would not be significant, so "not
        // significant" says nothing, and a material worsening must not pass as a success.
        boolean powerless = MannWhitney.smallestPValue(canary.length, baseline.length) >= alpha;
        String reason = (overInterval ? "over the interval canary vs baseline, " : "medians canary vs baseline, ")
                + spec.direction().text() + "; " + (overInterval ? "difference " : "shift ") + format(difference)
                + (material ? " beyond" : " within") + " tolerance " + format(tolerance) + ", p=" + format(test.pValue())
                + (significant ? " < " : " >= ") + format(alpha) + ", n=" + canary.length + "/" + baseline.length
                + (interval.samplingNote().isEmpty() ? "" : " (" + interval.samplingNote() + ")")
                + (material && powerless ? "; too few samples to reach p < " + format(alpha) + " at this confidence: "
                        + "lengthen the interval or shorten step" : "");
        Verdict verdict = !material ? Verdict.SUCCESSFUL
                : significant ? Verdict.FAILED
                : powerless ? Verdict.INCONCLUSIVE
                : Verdict.SUCCESSFUL;
        return new MetricResult(spec.name(), verdict, value, reason, canaryMedian, baselineMedian);
    }

    private static String text(OptionalDouble value) {
        return value.isPresent() ? format(value.getAsDouble()) : "none";
    }

    private static double[] withoutNaN(double[] values) {
        return Arrays.stream(values).filter(v -> !Double.isNaN(v)).toArray();
    }

    static String format(double value) {
        if (value != 0 && Math.abs(value) < 0.001) {
            return String.format(Locale.ROOT, "%.2e", value);
        }
        return String.format(Locale.ROOT, "%.4g", value).replaceAll("(\\.\\d*?)0+$", "$1").replaceAll("\\.$", "");
    }
}
