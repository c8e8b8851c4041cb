package io.jenkins.plugins.kubeops.cli.poolsim;

import java.util.SplittableRandom;

/**
 * Samples from a seeded generator with {@link StrictMath}, so that a seed gives the same numbers on every JVM and platform.
 */
final class SimRandom {

    private SimRandom() {
    }

    /** A standard normal sample (Box-Muller, one sample per call). */
    static double gaussian(SplittableRandom random) {
        double u1 = 1 - random.nextDouble(); // (0, 1]: log is finite
        double u2 = random.nextDouble();
        return StrictMath.sqrt(-2 * StrictMath.log(u1)) * StrictMath.cos(2 * StrictMath.PI * u2);
    }

    static double logNormal(SplittableRandom random, double median, double sigma) {
        return median * StrictMath.exp(sigma * gaussian(random));
    }

    static double exponential(SplittableRandom random, double mean) {
        return -mean * StrictMath.log(1 - random.nextDouble());
    }

    /** A generator for one purpose, derived from the run's seed, so that one purpose's draws never shift another's. */
    static SplittableRandom stream(long seed, String purpose) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + purpose.hashCode());
    }
}
