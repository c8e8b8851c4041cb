package io.jenkins.plugins.kubeops.cli.poolsim;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Every strategy on one scenario and seed. */
public record SimulationReport(Scenario scenario, long seed, List<RunResult> results) {

    public SimulationReport {
        Objects.requireNonNull(scenario, "scenario");
        results = List.copyOf(results);
    }

    public static SimulationReport run(Scenario scenario, long seed) {
        List<RunResult> results = new ArrayList<>();
        for (StrategyKind strategy : StrategyKind.values()) {
            results.add(Simulation.run(scenario, seed, strategy));
        }
        return new SimulationReport(scenario, seed, results);
    }

    public RunResult result(StrategyKind strategy) {
        return results.stream().filter(r -> r.strategy() == strategy).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no result for " + strategy));
    }

    /** {@code strategy}'s p95 queue wait divided by {@code baseline}'s (1 when both are zero). */
    public double p95Ratio(StrategyKind strategy, StrategyKind baseline) {
        return ratio(result(strategy).waits().p95Seconds(), result(baseline).waits().p95Seconds());
    }

    static double ratio(double value, double baseline) {
        if (baseline == 0) {
            return value == 0 ? 1 : Double.POSITIVE_INFINITY;
        }
        return value / baseline;
    }
}
