package io.jenkins.plugins.kubeops.engine.canary;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.stream.IntStream;

/**
 * Judges one metric's measurement. Pure: values in, {@link MetricResult} out.
 *
 * <p>A threshold metric fails when the canary's instant value is outside {@code min}/{@code max}; a NaN value (a ratio of
 * rates without traffic) is INCONCLUSIVE.
 *
 * <p>A comparison fails only when the canary is worse than the baseline by more than the tolerance (the larger of the
 * absolute one and the relative one times the baseline's value), both as measured and with significance: the size of the
 * difference exceeds the tolerance, and a one-sided rank test of "worse by more than the tolerance" (the canary's samples
 * moved back by the tolerance, then compared) gives p below 1 - confidence. Testing against the tolerance rather than
 * against "no difference" keeps a real but tolerated difference (a canary on a slightly slower node, a quantile that
 * histogram buckets magnify) from failing a healthy canary however many samples show it.
 *
 * <p>Samples taken at the same instants for both versions ({@link #comparePaired}) are judged pairwise with the Wilcoxon
 * signed-rank test, which takes out what both versions share at each instant (traffic swelling, a dependency's hiccup);
 * otherwise the Mann-Whitney U test compares the two samples as wholes. The size of the difference is read from each
 * version's value over the whole interval when the analysis could measure it ({@link IntervalValues}: a p99 over all the
 * interval's requests rests on many more requests than a p99 per sample), else from the samples (the median paired
 * difference, or the Hodges-Lehmann shift). Fewer samples than {@code minSamples} on either side is INCONCLUSIVE, and so is a
 * material worsening with too few samples for any test to reach the confidence.
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

    /** Samples not taken at the same instants: compared as wholes. NaN samples (no traffic then) are left out first. */
    public static MetricResult compare(MetricDefinition spec, double[] canarySamples, double[] baselineSamples,
                                       IntervalValues interval) {
        return judge(spec, withoutNaN(canarySamples), withoutNaN(baselineSamples), false, interval);
    }

    /**
     * Samples taken at the same instants: {@code canarySamples[i]} pairs with {@code baselineSamples[i]}. A pair with a NaN
     * on either side (no traffic then) is left out.
     */
    public static MetricResult comparePaired(MetricDefinition spec, double[] canarySamples, double[] baselineSamples,
                                             IntervalValues interval) {
        if (canarySamples.length != baselineSamples.length) {
            throw new IllegalArgumentException("paired samples need equal counts: canary " + canarySamples.length
                    + ", baseline " + baselineSamples.length);
        }
        int[] kept = IntStream.range(0, canarySamples.length)
                .filter(i -> !Double.isNaN(canarySamples[i]) && !Double.isNaN(baselineSamples[i])).toArray();
        return judge(spec, Arrays.stream(kept).mapToDouble(i -> canarySamples[i]).toArray(),
                Arrays.stream(kept).mapToDouble(i -> baselineSamples[i]).toArray(), true, interval);
    }

    private static MetricResult judge(MetricDefinition spec, double[] canary, double[] baseline, boolean paired,
                                      IntervalValues interval) {
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
        double sign = spec.direction() == MetricDefinition.Direction.HIGHER_IS_WORSE ? 1 : -1;
        double tolerance = Math.max(spec.tolerance(), spec.relativeTolerance() * Math.abs(baselineMedian.getAsDouble()));
        BeyondTolerance test = paired ? BeyondTolerance.paired(canary, baseline, sign, tolerance)
                : BeyondTolerance.unpaired(canary, baseline, sign, tolerance);
        double difference = overInterval ? canaryMedian.getAsDouble() - baselineMedian.getAsDouble() : test.shift();
        double alpha = 1 - spec.confidence();
        boolean significant = test.pValue() < alpha;
        boolean material = sign * difference > tolerance;
        // Too few samples for this confidence: even samples all on one side would not be significant, so "not significant"
        // says nothing, and a material worsening must not pass as a success.
        boolean powerless = test.smallestPValue() >= alpha;
        String reason = (overInterval ? "over the interval canary vs baseline, " : "medians canary vs baseline, ")
                + spec.direction().text() + "; " + (overInterval ? "difference " : "shift ") + format(difference)
                + (material ? " beyond" : " within") + " tolerance " + format(tolerance) + ", p=" + format(test.pValue())
                + (significant ? " < " : " >= ") + format(alpha) + ", "
                + (paired ? canary.length + " pairs" : "n=" + canary.length + "/" + baseline.length)
                + (interval.samplingNote().isEmpty() ? "" : " (" + interval.samplingNote() + ")")
                + (material && powerless ? "; too few samples to reach p < " + format(alpha) + " at this confidence: "
                        + "lengthen the interval or shorten step" : "");
        Verdict verdict = !material ? Verdict.SUCCESSFUL
                : significant ? Verdict.FAILED
                : powerless ? Verdict.INCONCLUSIVE
                : Verdict.SUCCESSFUL;
        return new MetricResult(spec.name(), verdict, value, reason, canaryMedian, baselineMedian);
    }

    /**
     * The one-sided test that the canary is worse than the baseline by more than {@code tolerance}: the canary's samples are
     * moved back by the tolerance, then ranked. {@code sign} is +1 when higher is worse, -1 when lower is worse.
     *
     * @param shift the samples' estimate of canary minus baseline (not moved)
     */
    record BeyondTolerance(double pValue, double smallestPValue, double shift) {

        static BeyondTolerance paired(double[] canary, double[] baseline, double sign, double tolerance) {
            double[] differences = new double[canary.length];
            double[] worseBeyondTolerance = new double[canary.length];
            for (int i = 0; i < canary.length; i++) {
                differences[i] = canary[i] - baseline[i];
                worseBeyondTolerance[i] = sign * differences[i] - tolerance;
            }
            SignedRank.Result test = SignedRank.test(worseBeyondTolerance);
            return new BeyondTolerance(test.pValue(), SignedRank.smallestPValue(canary.length),
                    MannWhitney.median(differences));
        }

        static BeyondTolerance unpaired(double[] canary, double[] baseline, double sign, double tolerance) {
            double[] movedBack = Arrays.stream(canary).map(c -> c - sign * tolerance).toArray();
            MannWhitney.Result test = MannWhitney.test(movedBack, baseline,
                    sign > 0 ? MannWhitney.Alternative.GREATER : MannWhitney.Alternative.LESS);
            return new BeyondTolerance(test.pValue(), MannWhitney.smallestPValue(canary.length, baseline.length),
                    MannWhitney.hodgesLehmann(canary, baseline));
        }
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
