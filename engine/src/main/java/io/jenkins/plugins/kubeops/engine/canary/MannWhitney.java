package io.jenkins.plugins.kubeops.engine.canary;

import java.util.Arrays;

/**
 * The Mann-Whitney U test (Wilcoxon rank-sum) of canary samples against baseline samples, one-sided, plus the
 * Hodges-Lehmann estimate of the shift between them. Pure arithmetic, no dependencies.
 *
 * <p>The p-value is exact (the U distribution counted by the Gaussian binomial coefficient) when there are no ties and both
 * samples are small; otherwise it is the normal approximation with the tie correction of the variance and a continuity
 * correction of 0.5 — the same choices as {@code scipy.stats.mannwhitneyu(method="exact"|"asymptotic")}.
 */
public final class MannWhitney {

    /** Both samples at most this large and no ties: the exact distribution (its counts stay exact in a double). */
    static final int EXACT_MAX_TOTAL = 50;

    /** Which way the canary is suspected to differ. */
    public enum Alternative {
        /** The canary's values tend to be larger than the baseline's. */
        GREATER,
        /** The canary's values tend to be smaller than the baseline's. */
        LESS
    }

    public enum Method { EXACT, NORMAL }

    /**
     * @param u U of the canary sample (the number of pairs where the canary's value is larger, ties counting half)
     * @param pValue one-sided p-value for the requested alternative
     * @param shift Hodges-Lehmann estimate of canary minus baseline (median of all pairwise differences)
     */
    public record Result(double u, double pValue, Method method, double shift, int canaryCount, int baselineCount) {
    }

    private MannWhitney() {
    }

    public static Result test(double[] canary, double[] baseline, Alternative alternative) {
        if (canary.length == 0 || baseline.length == 0) {
            throw new IllegalArgumentException("both samples need values: canary " + canary.length + ", baseline "
                    + baseline.length);
        }
        int n1 = canary.length;
        int n2 = baseline.length;
        double[] pooled = new double[n1 + n2];
        System.arraycopy(canary, 0, pooled, 0, n1);
        System.arraycopy(baseline, 0, pooled, n1, n2);
        Ranks ranks = ranks(pooled);
        double rankSum = 0;
        for (int i = 0; i < n1; i++) {
            rankSum += ranks.rank[i];
        }
        double u = rankSum - n1 * (n1 + 1) / 2.0;
        double shift = hodgesLehmann(canary, baseline);
        // For LESS, the canary being smaller is the baseline being larger: test the baseline's U for GREATER.
        double uTested = alternative == Alternative.GREATER ? u : (double) n1 * n2 - u;
        if (!ranks.hasTies && n1 + n2 <= EXACT_MAX_TOTAL) {
            return new Result(u, exactUpperTail(n1, n2, (long) Math.rint(uTested)), Method.EXACT, shift, n1, n2);
        }
        double total = n1 + n2;
        double mean = n1 * (double) n2 / 2;
        double variance = n1 * (double) n2 / 12 * ((total + 1) - ranks.tieTerm / (total * (total - 1)));
        double p = variance <= 0 ? 1.0 : normalUpperTail((uTested - mean - 0.5) / Math.sqrt(variance));
        return new Result(u, Math.min(1.0, p), Method.NORMAL, shift, n1, n2);
    }

    /** P(U >= u) for samples of sizes m and n without ties, from the coefficients of the Gaussian binomial [m+n, m]. */
    static double exactUpperTail(int m, int n, long u) {
        int small = Math.min(m, n);
        int large = Math.max(m, n);
        double[] counts = new double[small * large + small + 1];
        counts[0] = 1;
        for (int i = 1; i <= small; i++) {
            int factor = large + i; // multiply by (1 - q^(large+i)) ...
            for (int k = counts.length - 1; k >= factor; k--) {
                counts[k] -= counts[k - factor];
            }
            for (int k = i; k < counts.length; k++) { // ... and divide by (1 - q^i)
                counts[k] += counts[k - i];
            }
        }
        double all = 0;
        double tail = 0;
        for (int k = 0; k <= small * large; k++) {
            all += counts[k];
            if (k >= u) {
                tail += counts[k];
            }
        }
        return tail / all;
    }

    /** The median of all pairwise differences canary[i] - baseline[j]. */
    static double hodgesLehmann(double[] canary, double[] baseline) {
        double[] differences = new double[canary.length * baseline.length];
        int k = 0;
        for (double c : canary) {
            for (double b : baseline) {
                differences[k++] = c - b;
            }
        }
        return median(differences);
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /** P(Z >= z) for a standard normal Z. */
    static double normalUpperTail(double z) {
        return z >= 0 ? erfc(z / Math.sqrt(2)) / 2 : 1 - erfc(-z / Math.sqrt(2)) / 2;
    }

    /**
     * The complementary error function for x >= 0: the positive-term series of erf below 3 (no cancellation inside the sum),
     * the continued fraction of erfc above (where 1 - erf would lose the digits). Relative error below 1e-12.
     */
    static double erfc(double x) {
        if (x < 0) {
            return 2 - erfc(-x);
        }
        if (x < 3) {
            double term = x;
            double sum = x;
            for (int n = 1; n < 200 && term > 1e-17 * sum; n++) {
                term *= 2 * x * x / (2 * n + 1);
                sum += term;
            }
            return 1 - 2 / Math.sqrt(Math.PI) * Math.exp(-x * x) * sum;
        }
        double fraction = x; // erfc(x) = exp(-x^2)/sqrt(pi) / (x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...)))))
        for (int k = 120; k >= 1; k--) {
            fraction = x + (k / 2.0) / fraction;
        }
        return Math.exp(-x * x) / Math.sqrt(Math.PI) / fraction;
    }

    private record Ranks(double[] rank, boolean hasTies, double tieTerm) {
    }

    /** Mid-ranks (1-based) and the tie term sum(t^3 - t) over groups of equal values. */
    private static Ranks ranks(double[] values) {
        Integer[] order = new Integer[values.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(values[a], values[b]));
        double[] rank = new double[values.length];
        double tieTerm = 0;
        int i = 0;
        while (i < order.length) {
            int j = i;
            while (j + 1 < order.length && values[order[j + 1]] == values[order[i]]) {
                j++;
            }
            double midRank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                rank[order[k]] = midRank;
            }
            double t = j - i + 1;
            tieTerm += t * t * t - t;
            i = j + 1;
        }
        return new Ranks(rank, tieTerm > 0, tieTerm);
    }
}
