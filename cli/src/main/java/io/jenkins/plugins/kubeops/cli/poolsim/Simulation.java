package io.jenkins.plugins.kubeops.cli.poolsim;

import java.util.List;

/**
 * Runs one provisioning setup on one scenario and seed. The builds, the other tenants' pods and the failures depend only on
 * the scenario and the seed, so every setup meets the same farm; the result is a pure function of (scenario, seed, setup).
 */
public final class Simulation {

    /** Builds still waiting this long after the last arrival are reported with the wait they have had. */
    static final long HORIZON_AFTER_LAST_ARRIVAL_MILLIS = 12 * 3_600_000L;

    private Simulation() {
    }

    /** Runs the setup; for the greedy oracle, each of its variants, reporting the one with the lowest p95 wait. */
    public static RunResult run(Scenario scenario, long seed, StrategyKind strategy) {
        RunResult best = null;
        for (int variant = 0; variant < strategy.variants(); variant++) {
            RunResult result = run(scenario, seed, strategy, variant);
            if (best == null || result.waits().p95Seconds() < best.waits().p95Seconds()
                    || result.waits().p95Seconds() == best.waits().p95Seconds()
                    && result.waits().meanSeconds() < best.waits().meanSeconds()) {
                best = result;
            }
        }
        return best;
    }

    private static RunResult run(Scenario scenario, long seed, StrategyKind strategy, int variant) {
        List<SimJob> jobs = Workload.generate(scenario.workload(), seed);
        long lastArrival = jobs.get(jobs.size() - 1).arrivalMillis();
        EventLoop loop = new EventLoop();
        RunMetrics metrics = new RunMetrics(jobs, scenario.clusters().size());
        JenkinsFarm farm = new JenkinsFarm(loop, scenario, seed, metrics, lastArrival);
        Provisioning provisioning = strategy.create(farm, seed, variant);
        farm.use(provisioning);
        long tenantsUntil = lastArrival + BuildDurations.MAX_MILLIS;
        for (SimCluster cluster : farm.clusters) {
            TenantTraffic.schedule(cluster, loop, seed, tenantsUntil);
        }
        for (SimJob job : jobs) {
            loop.at(job.arrivalMillis(), () -> farm.arrive(job));
        }
        provisioning.start();
        loop.runUntil(lastArrival + HORIZON_AFTER_LAST_ARRIVAL_MILLIS, metrics::allFinished);
        return metrics.result(strategy, farm.clusters, loop.now());
    }
}
