package io.jenkins.plugins.kubeops.engine.canary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.jenkins.plugins.kubeops.engine.canary.MannWhitney.Alternative;
import io.jenkins.plugins.kubeops.engine.canary.MannWhitney.Method;
import org.junit.jupiter.api.Test;

/**
 * Reference values from SciPy 1.17.1, {@code scipy.stats.mannwhitneyu(canary, baseline, alternative=..., method=...)}
 * ({@code method="exact"} without ties, {@code "asymptotic"} with them; SciPy's asymptotic method uses the same tie and
 * continuity corrections), {@code scipy.special.erfc} and {@code numpy.median(numpy.subtract.outer(canary, baseline))}
 * for the Hodges-Lehmann shift.
 */
class MannWhitneyTest {

    private static final double[] SMALL_CANARY = {1.1, 2.3, 3.8, 4.4, 5.9, 7.2};
    private static final double[] SMALL_BASELINE = {0.4, 0.9, 1.7, 2.0, 2.6, 3.1, 3.5};

    @Test
    void smallSamplesWithoutTiesUseTheExactDistribution() {
        MannWhitney.Result greater = MannWhitney.test(SMALL_CANARY, SMALL_BASELINE, Alternative.GREATER);
        assertThat(greater.method()).isEqualTo(Method.EXACT);
        assertThat(greater.u()).isEqualTo(34.0);
        assertThat(greater.pValue()).isCloseTo(0.03671328671328671, within(1e-12));
        assertThat(greater.shift()).isCloseTo(2.0, within(1e-12));

        MannWhitney.Result less = MannWhitney.test(SMALL_CANARY, SMALL_BASELINE, Alternative.LESS);
        assertThat(less.u()).isEqualTo(34.0);
        assertThat(less.pValue()).isCloseTo(0.9743589743589745, within(1e-12));
    }

    @Test
    void completelySeparatedSamplesGiveTheSmallestExactPValue() {
        MannWhitney.Result result = MannWhitney.test(new double[] {10, 11, 12, 13, 14}, new double[] {1, 2, 3, 4, 5},
                Alternative.GREATER);
        assertThat(result.u()).isEqualTo(25.0);
        assertThat(result.pValue()).isCloseTo(0.003968253968253968, within(1e-12)); // 1 / C(10, 5)
        assertThat(MannWhitney.test(new double[] {10, 11, 12, 13, 14}, new double[] {1, 2, 3, 4, 5}, Alternative.LESS)
                .pValue()).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void largerSamplesWithoutTiesStayExact() {
        double[] canary = {7.041, 2.444, 5.418, 4.432, 4.547, 4.784, 2.98, 4.768, 4.135, 8.323, 5.226, 4.647, 4.719, 4.332,
            3.945, 4.609, 5.482, 4.761, 5.958, 4.8};
        double[] baseline = {4.424, 5.946, 4.945, 3.895, 4.217, 4.941, 6.335, 4.13, 4.156, 5.402, 3.514, 4.108, 5.283, 4.98,
            4.492, 5.07, 1.572, 5.421, 3.44, 2.731, 4.676, 5.101, 3.955, 3.324, 4.426};
        MannWhitney.Result result = MannWhitney.test(canary, baseline, Alternative.GREATER);
        assertThat(result.method()).isEqualTo(Method.EXACT);
        assertThat(result.u()).isEqualTo(298.0);
        assertThat(result.pValue()).isCloseTo(0.14049337130222989, within(1e-12));
    }

    @Test
    void tiesUseTheNormalApproximationWithTieCorrection() {
        double[] canary = {0.02, 0.03, 0.03, 0.05, 0.04, 0.03, 0.06, 0.05};
        double[] baseline = {0.01, 0.02, 0.02, 0.03, 0.01, 0.02, 0.03, 0.02};
        MannWhitney.Result greater = MannWhitney.test(canary, baseline, Alternative.GREATER);
        assertThat(greater.method()).isEqualTo(Method.NORMAL);
        assertThat(greater.u()).isEqualTo(57.0);
        assertThat(greater.pValue()).isCloseTo(0.0039495018287604875, within(1e-10));
        assertThat(greater.shift()).isCloseTo(0.02, within(1e-12));
        assertThat(MannWhitney.test(canary, baseline, Alternative.LESS).pValue())
                .isCloseTo(0.9971519341885062, within(1e-10));
    }

    @Test
    void manySamplesUseTheNormalApproximation() {
        double[] canary = {1.0, 1.06, 0.95, 0.82, 0.91, 0.8, 1.01, 1.27, 0.9, 0.88, 1.1, 1.07, 1.02, 0.81, 0.99, 1.14, 0.73,
            0.91, 0.62, 0.74, 0.63, 0.95, 0.75, 1.05, 1.03, 0.96, 0.5, 0.89, 0.99, 1.02};
        double[] baseline = {0.59, 0.8, 0.7, 0.74, 1.11, 0.74, 0.89, 1.08, 0.78, 0.88, 0.92, 0.91, 0.65, 0.92, 1.17, 0.59,
            1.07, 0.92, 0.77, 1.3, 1.05, 0.66, 0.91, 1.02, 0.86, 1.04, 0.89, 1.03, 1.19, 0.76};
        MannWhitney.Result result = MannWhitney.test(canary, baseline, Alternative.GREATER);
        assertThat(result.method()).isEqualTo(Method.NORMAL);
        assertThat(result.u()).isEqualTo(484.5);
        assertThat(result.pValue()).isCloseTo(0.3075144532773261, within(1e-10));
    }

    @Test
    void identicalSamplesShowNoDifference() {
        double[] same = {0.99, 0.99, 0.99, 0.99, 0.99};
        MannWhitney.Result result = MannWhitney.test(same, same, Alternative.LESS);
        assertThat(result.pValue()).isEqualTo(1.0);
        assertThat(result.shift()).isZero();
    }

    @Test
    void complementaryErrorFunctionMatchesReferenceValues() {
        assertThat(MannWhitney.erfc(0.5)).isCloseTo(0.4795001221869535, within(1e-13));
        assertThat(MannWhitney.erfc(1.0)).isCloseTo(0.15729920705028516, within(1e-13));
        assertThat(MannWhitney.erfc(2.5)).isCloseTo(0.00040695201744495886, within(1e-15));
        assertThat(MannWhitney.erfc(3.0) / 2.2090496998585445e-05).isCloseTo(1.0, within(1e-10));
        assertThat(MannWhitney.erfc(4.0) / 1.541725790028002e-08).isCloseTo(1.0, within(1e-10));
        assertThat(MannWhitney.erfc(6.0) / 2.1519736712498913e-17).isCloseTo(1.0, within(1e-10));
        assertThat(MannWhitney.normalUpperTail(5.2) / 9.96442631693347e-08).isCloseTo(1.0, within(1e-10));
    }

    @Test
    void emptySamplesAreRejected() {
        assertThatThrownBy(() -> MannWhitney.test(new double[0], new double[] {1}, Alternative.GREATER))
                .hasMessageContaining("canary 0");
    }
}
