package io.jenkins.plugins.kubeops.engine.canary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SignedRankTest {

    @Test
    void tenPositiveDifferencesGiveOneOverTwoToTheTenth() {
        SignedRank.Result result = SignedRank.test(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
        assertThat(result.wPlus()).isEqualTo(55);
        assertThat(result.pValue()).isCloseTo(1.0 / 1024, within(1e-15));
        assertThat(SignedRank.smallestPValue(10)).isEqualTo(result.pValue());
    }

    @Test
    void oneNegativeDifferenceCountsTheSignPatternsAtLeastAsExtreme() {
        // W+ = 55 - 6 = 49; the patterns with W+ >= 49 are those whose negative ranks sum to at most 6: 14 of 1024.
        SignedRank.Result result = SignedRank.test(new double[] {0.1, 0.2, 0.3, 0.4, 0.5, -0.6, 0.7, 0.8, 0.9, 1.0});
        assertThat(result.wPlus()).isEqualTo(49);
        assertThat(result.pValue()).isCloseTo(14.0 / 1024, within(1e-15));
    }

    @Test
    void tiedAbsoluteValuesShareTheirMidRankExactly() {
        // |d| = 1, 1, 1, 2: mid-rank 2 for the three ones, 4 for the two; W+ = 8, reached by 4 of the 16 sign patterns.
        SignedRank.Result result = SignedRank.test(new double[] {1, 1, -1, 2});
        assertThat(result.wPlus()).isEqualTo(8);
        assertThat(result.pValue()).isCloseTo(4.0 / 16, within(1e-15));
    }

    @Test
    void zeroDifferencesAreDroppedAndNoDifferenceLeftMeansNoEvidence() {
        SignedRank.Result result = SignedRank.test(new double[] {0, 1, 2});
        assertThat(result.used()).isEqualTo(2);
        assertThat(result.pValue()).isCloseTo(0.25, within(1e-15));
        assertThat(SignedRank.test(new double[] {0, 0}).pValue()).isEqualTo(1.0);
    }

    @Test
    void differencesLeaningTheOtherWayGiveNoEvidence() {
        assertThat(SignedRank.test(new double[] {-1, -2, -3, -4, -5, -6, -7}).pValue()).isEqualTo(1.0);
    }
}
