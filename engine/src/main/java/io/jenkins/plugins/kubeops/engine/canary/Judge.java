package io.jenkins.plugins.kubeops.engine.canary;

import java.util.Arrays;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * Judges one metric's measurement. Pure: values in, {@link MetricResult} out.
 *
 * <p>A threshold metric fails when the canary's instant value is outside {@code min}/{@code max}; a NaN value (a ratio of
 * rates without traffic) is INCONCLUSIVE.
 *
 * <p>A comparison fails only when the canary is worse than the baseline in both senses: <em>significantly</em> (the one-sided
 * Mann-Whitney U test in the metric's worse direction gives p below 1 - confidence) and <em>materially</em> (the
 * Hodges-Lehmann shift exceeds the tolerance, the larger of the absolute one and the relative one times the baseline's
 * median). The second condition keeps trivial differences from failing a canary when samples are many and the test sees
 * everything. Fewer samples than {@code minSamples} on either side is INCONCLUSIVE.
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

    /** NaN samples (no traffic at that instant) are left out before counting. */
    public static MetricResult compare(MetricDefinition spec, double[] canarySamples, double[] baselineSamples) {
        double[] canary = withoutNaN(canarySamples);
        double[] baseline = withoutNaN(baselineSamples);
        OptionalDouble canaryMedian = canary.length == 0 ? OptionalDouble.empty()
                : OptionalDouble.of(MannWhitney.median(canary));
        OptionalDouble baselineMedian = baseline.length == 0 ? OptionalDouble.empty()
                : OptionalDouble.of(MannWhitney.median(baseline));
        String value = text(canaryMedian) + " vs " + text(baselineMedian);
        if (canary.length < spec.minSamples() || baseline.length < spec.minSamples()) {
            return new MetricResult(spec.name(), Verdict.INCONCLUSIVE, value, "too few samples to compare: canary "
                    + canary.length + ", baseline " + baseline.length + ", minSamples " + spec.minSamples() + " (no traffic, "
                    + "or rate windows shorter than two scrapes: lengthen the interval or set step)", canaryMedian,
                    baselineMedian);
        }
        boolean higherIsWorse = spec.direction() == MetricDefinition.Direction.HIGHER_IS_WORSE;
        MannWhitney.Result test = MannWhitney.test(canary, baseline,
                higherIsWorse ? MannWhitney.Alternative.GREATER : MannWhitney.Alternative.LESS);
        double worsening = higherIsWorse ? test.shift() : -test.shift();
        double tolerance = Math.max(spec.tolerance(), spec.relativeTolerance() * Math.abs(baselineMedian.getAsDouble()));
        double alpha = 1 - spec.confidence();
        boolean significant = test.pValue() < alpha;
        boolean material = worsening > tolerance;
        String reason = "medians canary vs baseline, " + spec.direction().text() + "; shift " + format(test.shift())
                + (material ? " beyond" : " within") + " tolerance " + format(tolerance) + ", p=" + format(test.pValue())
                + (significant ? " < " : " >= ") + format(alpha) + ", n=" + canary.length + "/" + baseline.length;
        Verdict verdict = significant && material ? Verdict.FAILED : Verdict.SUCCESSFUL;
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
