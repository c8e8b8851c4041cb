package io.jenkins.plugins.kubeops.cli.poolsim;

import java.util.SplittableRandom;

/**
 * Build durations: heavy-tailed across jobs, moderate within a job.
 *
 * <p>Each job has a typical duration drawn from a two-component log-normal mixture: 80% "check" jobs (median 4 min,
 * sigma 0.7: unit tests, linters) and 20% "integration" jobs (median 18 min, sigma 0.6: end-to-end and release builds).
 * Each build of a job takes its typical duration times a log-normal factor (sigma 0.3: cache hits, flaky retries). Log-normal
 * because a build's time is a product of many factors (tests x time per test x machine speed), which makes its logarithm a
 * sum; the mixture gives the long right tail CI datasets show — a few long jobs take a large share of agent time — while
 * keeping every moment finite, which a pure Pareto tail would not. Builds are clamped to 20 s .. 3 h (a build timeout).
 */
final class BuildDurations {

    static final double CHECK_SHARE = 0.8;
    static final double CHECK_MEDIAN_MINUTES = 4;
    static final double CHECK_SIGMA = 0.7;
    static final double INTEGRATION_MEDIAN_MINUTES = 18;
    static final double INTEGRATION_SIGMA = 0.6;
    static final double PER_BUILD_SIGMA = 0.3;
    static final long MIN_MILLIS = 20_000;
    static final long MAX_MILLIS = 3 * 3_600_000;

    private BuildDurations() {
    }

    static double typicalMinutes(SplittableRandom random) {
        return random.nextDouble() < CHECK_SHARE
                ? SimRandom.logNormal(random, CHECK_MEDIAN_MINUTES, CHECK_SIGMA)
                : SimRandom.logNormal(random, INTEGRATION_MEDIAN_MINUTES, INTEGRATION_SIGMA);
    }

    static long buildMillis(double typicalMinutes, SplittableRandom random) {
        double millis = SimRandom.logNormal(random, typicalMinutes * 60_000, PER_BUILD_SIGMA);
        return Math.max(MIN_MILLIS, Math.min(MAX_MILLIS, Math.round(millis)));
    }
}
