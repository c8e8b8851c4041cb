package io.jenkins.plugins.kubeops.engine.canary.bench;

import java.util.Random;

/**
 * One synthetic canary run: request counts, errors and latency histograms of the canary and the baseline, per 3-second
 * tick, with realistic noise — Poisson-like traffic that swells and ebbs, a per-run base error rate and latency, a canary
 * pod slightly unlike the baseline's, and in some runs a shared incident (a dependency's hiccup) that hits both versions —
 * and, for degraded runs, the canary's degradation from its onset. Series are read the way Prometheus would answer the
 * built-in templates: rates and {@code histogram_quantile} over a window of ticks.
 */
final class SyntheticTraffic {

    static final int TICK_SECONDS = 3;
    static final int TICKS_PER_INTERVAL = 20; // a 1-minute analysis interval
    static final int ROUNDS = 10;
    static final int HISTORY_TICKS = 2 * TICKS_PER_INTERVAL; // data before the analysis starts, for windows reaching back
    static final int TICKS = HISTORY_TICKS + ROUNDS * TICKS_PER_INTERVAL;
    static final double[] BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}; // Prometheus' defaults
    private static final double SIGMA = 0.5;
    private static final double Z99 = 2.3263478740408408;

    /** What is wrong with the canary, from which round on (0: from the start). */
    record Degradation(String name, double extraErrorRate, double extraP99Seconds, int onsetRound) {
        static final Degradation NONE = new Degradation("healthy", 0, 0, 0);

        boolean degraded() {
            return extraErrorRate > 0 || extraP99Seconds > 0;
        }
    }

    /** Counts of one version: [tick], and [tick][bucket] cumulative per le (last = +Inf). */
    static final class Series {
        final long[] total = new long[TICKS];
        final long[] errors = new long[TICKS];
        final long[][] buckets = new long[TICKS][BUCKETS.length + 1];

        /** 1 - errors/requests over the {@code window} ticks ending with tick {@code end} (inclusive); NaN without traffic. */
        double successRate(int end, int window) {
            long requests = 0;
            long failed = 0;
            for (int t = Math.max(0, end - window + 1); t <= end; t++) {
                requests += total[t];
                failed += errors[t];
            }
            return requests == 0 ? Double.NaN : 1 - (double) failed / requests;
        }

        /** Prometheus' histogram_quantile over the window: linear interpolation inside the bucket holding the rank. */
        double quantile(double q, int end, int window) {
            long[] counts = new long[BUCKETS.length + 1];
            for (int t = Math.max(0, end - window + 1); t <= end; t++) {
                for (int b = 0; b < counts.length; b++) {
                    counts[b] += buckets[t][b];
                }
            }
            long all = counts[BUCKETS.length];
            if (all == 0) {
                return Double.NaN;
            }
            double rank = q * all;
            for (int b = 0; b < BUCKETS.length; b++) {
                if (counts[b] >= rank) {
                    double lower = b == 0 ? 0 : BUCKETS[b - 1];
                    long below = b == 0 ? 0 : counts[b - 1];
                    long inBucket = counts[b] - below;
                    return inBucket == 0 ? BUCKETS[b] : lower + (BUCKETS[b] - lower) * (rank - below) / inBucket;
                }
            }
            return BUCKETS[BUCKETS.length - 1]; // in the +Inf bucket: the highest finite bound, as Prometheus answers
        }
    }

    final Degradation degradation;
    /** The shared incident's ticks, [start, end); empty when the run has none. */
    final int incidentStart;
    final int incidentEnd;
    final Series canary = new Series();
    final Series baseline = new Series();

    SyntheticTraffic(long seed, Degradation degradation) {
        this.degradation = degradation;
        Random random = new Random(seed);
        double baseErrorRate = 0.001 + 0.004 * random.nextDouble();
        double medianSeconds = 0.04 + 0.06 * random.nextDouble();
        double canaryLatencyFactor = 0.95 + 0.1 * random.nextDouble(); // another pod, another node
        double canaryErrorFactor = 0.8 + 0.45 * random.nextDouble();
        double phase = 2 * Math.PI * random.nextDouble();
        boolean incident = random.nextDouble() < 0.3;
        int start = random.nextInt(TICKS);
        int end = start + (10 + random.nextInt(31)); // 30 s to 2 min
        this.incidentStart = incident ? start : 0;
        this.incidentEnd = incident ? end : 0;
        double p99 = medianSeconds * Math.exp(Z99 * SIGMA);
        double degradedLatencyFactor = (p99 + degradation.extraP99Seconds()) / p99;
        int onsetTick = HISTORY_TICKS + degradation.onsetRound() * TICKS_PER_INTERVAL;
        for (int t = 0; t < TICKS; t++) {
            double requestsPerSecond = 30 * (1 + 0.2 * Math.sin(phase + 2 * Math.PI * t * TICK_SECONDS / 300.0));
            boolean inIncident = t >= incidentStart && t < incidentEnd;
            double sharedErrors = inIncident ? 0.03 : 0;
            double sharedLatency = inIncident ? 1.5 : 1;
            boolean degraded = t >= onsetTick;
            simulate(random, baseline, t, requestsPerSecond, baseErrorRate + sharedErrors, medianSeconds * sharedLatency);
            simulate(random, canary, t, requestsPerSecond,
                    baseErrorRate * canaryErrorFactor + sharedErrors + (degraded ? degradation.extraErrorRate() : 0),
                    medianSeconds * sharedLatency * canaryLatencyFactor * (degraded ? degradedLatencyFactor : 1));
        }
    }

    private static void simulate(Random random, Series series, int tick, double requestsPerSecond, double errorRate,
                                 double medianSeconds) {
        double expected = requestsPerSecond * TICK_SECONDS;
        int requests = (int) Math.max(0, Math.round(expected + Math.sqrt(expected) * random.nextGaussian()));
        series.total[tick] = requests;
        for (int i = 0; i < requests; i++) {
            if (random.nextDouble() < errorRate) {
                series.errors[tick]++;
            }
            double latency = medianSeconds * Math.exp(SIGMA * random.nextGaussian());
            for (int b = 0; b < BUCKETS.length; b++) {
                if (latency <= BUCKETS[b]) {
                    series.buckets[tick][b]++;
                }
            }
            series.buckets[tick][BUCKETS.length]++;
        }
    }

    /**
     * The first round after the onset whose interval shows the canary's error rate at least {@code points} above the
     * baseline's (both over the whole interval, as a dashboard shows them); {@code ROUNDS + 1} when none does. Noise, or a
     * shared incident, can hide part of a degradation for a round: "+5% errors" may show as +3.6 points.
     */
    int firstRoundShowing(double points) {
        for (int round = degradation.onsetRound() + 1; round <= ROUNDS; round++) {
            int end = roundEnd(round);
            if (baseline.successRate(end, TICKS_PER_INTERVAL) - canary.successRate(end, TICKS_PER_INTERVAL) >= points) {
                return round;
            }
        }
        return ROUNDS + 1;
    }

    /** The last tick of analysis round {@code round} (1-based). */
    static int roundEnd(int round) {
        return HISTORY_TICKS + round * TICKS_PER_INTERVAL - 1;
    }
}
