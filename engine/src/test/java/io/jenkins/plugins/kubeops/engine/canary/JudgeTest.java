package io.jenkins.plugins.kubeops.engine.canary;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.kubeops.engine.canary.MetricDefinition.Direction;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class JudgeTest {

    private static final MetricDefinition SUCCESS_RATE_MIN = MetricDefinition.threshold("success-rate", "q{{selector}}",
            OptionalDouble.of(0.99), OptionalDouble.empty());
    private static final MetricDefinition LATENCY_COMPARE = MetricDefinition.compare("latency", "q{{selector}}",
            Direction.HIGHER_IS_WORSE, 0.99, 0, 0.1);
    private static final MetricDefinition SUCCESS_COMPARE = MetricDefinition.compare("success-rate", "q{{selector}}",
            Direction.LOWER_IS_WORSE, 0.99, 0.005, 0);

    @Test
    void thresholdPassesInsideAndFailsOutsideTheBounds() {
        assertThat(Judge.threshold(SUCCESS_RATE_MIN, 0.995).verdict()).isEqualTo(Verdict.SUCCESSFUL);
        MetricResult failed = Judge.threshold(SUCCESS_RATE_MIN, 0.93);
        assertThat(failed.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(failed.describe()).isEqualTo("success-rate FAILED: 0.93 (below min 0.99)");
        MetricDefinition maxOnly = MetricDefinition.threshold("p99", "q{{selector}}", OptionalDouble.empty(),
                OptionalDouble.of(0.5));
        assertThat(Judge.threshold(maxOnly, 0.7).reason()).isEqualTo("above max 0.5");
        assertThat(Judge.threshold(maxOnly, 0.5).verdict()).isEqualTo(Verdict.SUCCESSFUL);
    }

    @Test
    void thresholdOnNaNIsInconclusiveBecauseThereWasNoTraffic() {
        MetricResult result = Judge.threshold(SUCCESS_RATE_MIN, Double.NaN);
        assertThat(result.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(result.reason()).contains("no traffic");
    }

    @Test
    void compareFailsACanaryThatIsSignificantlyAndMateriallyWorse() {
        double[] baseline = {0.210, 0.205, 0.220, 0.198, 0.215, 0.207, 0.212};
        double[] canary = {0.262, 0.270, 0.255, 0.281, 0.266, 0.259, 0.273};
        MetricResult result = Judge.compare(LATENCY_COMPARE, canary, baseline);
        assertThat(result.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(result.canaryValue()).hasValue(0.266);
        assertThat(result.baselineValue()).hasValue(0.210);
        assertThat(result.reason()).contains("beyond tolerance 0.021").contains("n=7/7");
    }

    @Test
    void aDifferenceIsMaterialOnlyWhenTheIntervalsValuesShowIt() {
        // Per-sample p99s that each rest on a few requests: the canary's samples came out 25% above the baseline's, but over
        // all of the interval's requests the two p99s are 4% apart, inside the 10% tolerance.
        double[] baseline = {0.210, 0.205, 0.220, 0.198, 0.215, 0.207, 0.212};
        double[] canary = {0.262, 0.270, 0.255, 0.281, 0.266, 0.259, 0.273};
        Judge.IntervalValues close = new Judge.IntervalValues(OptionalDouble.of(0.218), OptionalDouble.of(0.21), "");
        MetricResult result = Judge.compare(LATENCY_COMPARE, canary, baseline, close);
        assertThat(result.verdict()).isEqualTo(Verdict.SUCCESSFUL);
        assertThat(result.canaryValue()).hasValue(0.218);
        assertThat(result.reason()).startsWith("over the interval canary vs baseline, higher-is-worse; difference 0.008 "
                + "within tolerance 0.021");

        Judge.IntervalValues apart = new Judge.IntervalValues(OptionalDouble.of(0.26), OptionalDouble.of(0.21), "thinned");
        MetricResult failed = Judge.compare(LATENCY_COMPARE, canary, baseline, apart);
        assertThat(failed.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(failed.reason()).contains("difference 0.05 beyond tolerance 0.021").contains("n=7/7 (thinned)");
    }

    @Test
    void aMaterialIntervalDifferenceWithoutSignificantSamplesIsNoFailure() {
        double[] baseline = {0.21, 0.26, 0.20, 0.27, 0.22, 0.25, 0.23};
        double[] canary = {0.26, 0.21, 0.27, 0.20, 0.25, 0.22, 0.24};
        Judge.IntervalValues apart = new Judge.IntervalValues(OptionalDouble.of(0.3), OptionalDouble.of(0.2), "");
        assertThat(Judge.compare(LATENCY_COMPARE, canary, baseline, apart).verdict()).isEqualTo(Verdict.SUCCESSFUL);
    }

    @Test
    void aToleratedDifferenceFailsNoCanaryHoweverManySamplesShowIt() {
        // Every canary sample is 5% slower than every baseline sample: "slower at all" is certain (p ~ 1e-11), but the test
        // is of "slower by more than the 10% tolerance", which these samples contradict.
        double[] baseline = new double[20];
        double[] canary = new double[20];
        for (int i = 0; i < baseline.length; i++) {
            baseline[i] = 0.200 + 0.0001 * i;
            canary[i] = 0.210 + 0.0001 * i;
        }
        MetricResult result = Judge.compare(LATENCY_COMPARE, canary, baseline);
        assertThat(result.reason()).contains("within tolerance 0.02").contains("p=1 >= 0.01");
        assertThat(result.verdict()).isEqualTo(Verdict.SUCCESSFUL);
        assertThat(Judge.compare(LATENCY_COMPARE.withSampling(5, java.util.Optional.empty()), canary,
                java.util.Arrays.stream(baseline).map(b -> b - 0.02).toArray()).verdict()).isEqualTo(Verdict.FAILED);
    }

    @Test
    void anIntervalDifferenceJustBeyondTheToleranceFailsOnlyWhenTheSamplesShowItBeyondTheTolerance() {
        // The p99s over the interval are 23% apart (histogram buckets magnify a small real difference), but sample by sample
        // the canary is only about 5% slower: significantly slower, not significantly slower by more than 20%.
        MetricDefinition latency = MetricDefinition.compare("latency", "q{{selector}}", Direction.HIGHER_IS_WORSE, 0.99, 0,
                0.2);
        double[] baseline = {0.35, 0.36, 0.34, 0.35, 0.37, 0.33, 0.36, 0.35, 0.34, 0.36};
        double[] canary = java.util.Arrays.stream(baseline).map(b -> b * 1.05).toArray();
        Judge.IntervalValues apart = new Judge.IntervalValues(OptionalDouble.of(0.432), OptionalDouble.of(0.35), "");
        MetricResult tolerated = Judge.comparePaired(latency, canary, baseline, apart);
        assertThat(tolerated.verdict()).isEqualTo(Verdict.SUCCESSFUL);
        assertThat(tolerated.reason()).contains("difference 0.082 beyond tolerance 0.07").contains(">= 0.01, 10 pairs");
        double[] slower = java.util.Arrays.stream(baseline).map(b -> b * 1.3).toArray();
        assertThat(Judge.comparePaired(latency, slower, baseline, apart).verdict()).isEqualTo(Verdict.FAILED);
    }

    @Test
    void pairedSamplesTakeOutWhatBothVersionsShareAtEachInstant() {
        // A dependency's hiccups move both versions' success rates together; at every instant the canary is 3 points worse.
        double[] baseline = {0.999, 0.95, 0.998, 0.93, 0.997, 0.999, 0.94, 0.996, 0.999, 0.96};
        double[] canary = java.util.Arrays.stream(baseline).map(b -> b - 0.03).toArray();
        MetricResult unpaired = Judge.compare(SUCCESS_COMPARE, canary, baseline);
        assertThat(unpaired.verdict()).isEqualTo(Verdict.SUCCESSFUL);
        assertThat(unpaired.reason()).contains("n=10/10");
        MetricResult paired = Judge.comparePaired(SUCCESS_COMPARE, canary, baseline, Judge.IntervalValues.NONE);
        assertThat(paired.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(paired.reason()).contains("shift -0.03 beyond tolerance 0.005").contains("10 pairs");
    }

    @Test
    void pairsWithoutTrafficOnEitherSideAreLeftOutAndUnequalCountsAreRefused() {
        double[] baseline = {0.99, Double.NaN, 0.99, 0.98, 0.99, 0.97, 0.99};
        double[] canary = {0.99, 0.98, Double.NaN, 0.98, 0.99, 0.97, 0.99};
        assertThat(Judge.comparePaired(SUCCESS_COMPARE.withSampling(6, java.util.Optional.empty()), canary, baseline,
                Judge.IntervalValues.NONE).reason()).contains("canary 5, baseline 5, minSamples 6");
        assertThat(Judge.comparePaired(SUCCESS_COMPARE, canary, baseline, Judge.IntervalValues.NONE).reason())
                .contains("5 pairs");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Judge.comparePaired(SUCCESS_COMPARE, canary,
                new double[] {0.99}, Judge.IntervalValues.NONE)).hasMessageContaining("canary 7, baseline 1");
    }

    @Test
    void compareCallsAMaterialWorseningInconclusiveWhenTooFewSamplesCouldEverBeSignificant() {
        MetricDefinition strict = MetricDefinition.compare("success-rate", "q{{selector}}", Direction.LOWER_IS_WORSE, 0.999,
                0.005, 0);
        double[] baseline = {0.996, 0.997, 0.995, 0.998, 0.996};
        double[] canary = {0.82, 0.80, 0.85, 0.81, 0.83};
        // 5 against 5 never overlap, p = 1/252 > 0.001: the test cannot speak, so this is not a success.
        MetricResult fewSamples = Judge.compare(strict, canary, baseline);
        assertThat(fewSamples.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(fewSamples.reason()).contains("too few samples to reach p < 0.001");
        double[] moreBaseline = {0.996, 0.997, 0.995, 0.998, 0.996, 0.997, 0.995, 0.996};
        double[] moreCanary = {0.82, 0.80, 0.85, 0.81, 0.83, 0.84, 0.82, 0.80};
        assertThat(Judge.compare(strict, moreCanary, moreBaseline).verdict()).isEqualTo(Verdict.FAILED);
        assertThat(Judge.compare(strict, moreBaseline, baseline).verdict()).isEqualTo(Verdict.SUCCESSFUL);
    }

    @Test
    void smallestPValueIsOneOverTheNumberOfRankings() {
        assertThat(MannWhitney.smallestPValue(5, 5)).isCloseTo(1.0 / 252, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(MannWhitney.smallestPValue(3, 7)).isCloseTo(1.0 / 120, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(MannWhitney.smallestPValue(1, 1)).isEqualTo(0.5);
    }

    @Test
    void compareDoesNotFailALargeButInsignificantDifference() {
        double[] baseline = {0.99, 0.95, 1.00, 0.97, 0.99};
        double[] canary = {0.90, 1.00, 0.99, 0.80, 1.00};
        MetricResult result = Judge.compare(SUCCESS_COMPARE, canary, baseline);
        assertThat(result.verdict()).isEqualTo(Verdict.SUCCESSFUL);
        assertThat(result.reason()).contains(">= 0.01");
    }

    @Test
    void compareLooksOnlyInTheWorseDirection() {
        double[] baseline = {0.95, 0.951, 0.949, 0.952, 0.948, 0.950};
        double[] better = {0.999, 0.998, 0.997, 0.999, 0.996, 0.998};
        assertThat(Judge.compare(SUCCESS_COMPARE, better, baseline).verdict()).isEqualTo(Verdict.SUCCESSFUL);
        assertThat(Judge.compare(SUCCESS_COMPARE, baseline, better).verdict()).isEqualTo(Verdict.FAILED);
    }

    @Test
    void compareWithTooFewSamplesIsInconclusiveAndIgnoresNaN() {
        double[] baseline = {0.99, 0.98, 0.99, 0.97, 0.99};
        double[] canary = {0.5, Double.NaN, 0.4, Double.NaN, 0.6, 0.5};
        MetricResult result = Judge.compare(SUCCESS_COMPARE, canary, baseline);
        assertThat(result.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(result.reason()).startsWith("too few samples to compare: canary 4, baseline 5, minSamples 5 (no "
                + "traffic, or rate windows shorter than two scrapes");
    }
}
