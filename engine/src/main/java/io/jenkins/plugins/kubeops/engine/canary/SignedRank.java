package io.jenkins.plugins.kubeops.engine.canary;

import java.util.Arrays;

/**
 * The Wilcoxon signed-rank test of paired differences, one-sided: do the differences tend to be above zero? Pure arithmetic.
 *
 * <p>Used when the canary and the reference were sampled at the same instants: pairing them takes out what both versions
 * share at that instant (traffic swelling and ebbing, a dependency's hiccup), which an unpaired test counts as noise.
 *
 * <p>Zero differences are dropped (Wilcoxon's convention). The p-value is exact under the permutation null (each difference
 * equally likely positive or negative given the absolute values), counted over doubled mid-ranks, so ties are exact too.
 */
public final class SignedRank {

    /**
     * @param wPlus  sum of the ranks of the positive differences
     * @param pValue P(W+ >= wPlus) when no difference leans either way
     * @param used   differences left after zeros were dropped
     */
    public record Result(double wPlus, double pValue, int used) {
    }

    private SignedRank() {
    }

    public static Result test(double[] differences) {
        double[] nonZero = Arrays.stream(differences).filter(d -> d != 0 && !Double.isNaN(d)).toArray();
        int n = nonZero.length;
        if (n == 0) {
            return new Result(0, 1.0, 0);
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(Math.abs(nonZero[a]), Math.abs(nonZero[b])));
        int[] doubledRank = new int[n];
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && Math.abs(nonZero[order[j + 1]]) == Math.abs(nonZero[order[i]])) {
                j++;
            }
            int doubledMidRank = i + j + 2; // 2 * ((i + 1) + (j + 1)) / 2
            for (int k = i; k <= j; k++) {
                doubledRank[order[k]] = doubledMidRank;
            }
            i = j + 1;
        }
        int observed = 0;
        int total = 0;
        for (int i = 0; i < n; i++) {
            total += doubledRank[i];
            if (nonZero[i] > 0) {
                observed += doubledRank[i];
            }
        }
        // ways[s]: how many sign patterns give a doubled W+ of s.
        double[] ways = new double[total + 1];
        ways[0] = 1;
        for (int rank : doubledRank) {
            for (int s = total; s >= rank; s--) {
                ways[s] += ways[s - rank];
            }
        }
        double atLeast = 0;
        for (int s = observed; s <= total; s++) {
            atLeast += ways[s];
        }
        return new Result(observed / 2.0, atLeast / Math.pow(2, n), n);
    }

    /** The smallest p-value n pairs can give (all differences on one side): at or above alpha the test detects nothing. */
    static double smallestPValue(int pairs) {
        return Math.pow(0.5, pairs);
    }
}
