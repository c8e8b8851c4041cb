package io.jenkins.plugins.kubeops.cli.poolsim;

import java.util.Locale;

/** The report as a text table: one row per strategy, then the kube-ops ratios the benchmark goals are stated in. */
public final class ReportTable {

    private ReportTable() {
    }

    public static String format(SimulationReport report) {
        StringBuilder out = new StringBuilder();
        Scenario scenario = report.scenario();
        out.append(String.format(Locale.ROOT, "Scenario %s, seed %d, %d builds: %s%n", scenario.name(), report.seed(),
                scenario.workload().jobs(), scenario.description()));
        out.append(String.format(Locale.ROOT, "%-20s %9s %9s %9s %8s %10s  %s%n", "strategy", "mean wait", "p95 wait",
                "p99 wait", "failed", "into full", "utilization per cluster: agents' CPU (all pods' CPU)"));
        for (RunResult result : report.results()) {
            RunResult.WaitStats waits = result.waits();
            out.append(String.format(Locale.ROOT, "%-20s %9s %9s %9s %8d %10d  %s%n", result.strategy().title(),
                    seconds(waits.meanSeconds()), seconds(waits.p95Seconds()), seconds(waits.p99Seconds()),
                    result.failedProvisions(), result.provisionsIntoFullMember(), utilization(result)));
            if (result.started() < result.jobs()) {
                out.append(String.format(Locale.ROOT, "%-20s %d builds never got an agent%n", "",
                        result.jobs() - result.started()));
            }
        }
        out.append(String.format(Locale.ROOT, "kube-ops p95 wait: %.2fx random shuffle (goal <= 0.6), %.2fx greedy oracle "
                        + "(goal <= 1.15); provisions into a full member: %d (goal 0)%n",
                report.p95Ratio(StrategyKind.KUBE_OPS, StrategyKind.RANDOM_SHUFFLE),
                report.p95Ratio(StrategyKind.KUBE_OPS, StrategyKind.GREEDY_ORACLE),
                report.result(StrategyKind.KUBE_OPS).provisionsIntoFullMember()));
        return out.toString();
    }

    static String seconds(double seconds) {
        return String.format(Locale.ROOT, "%.1f s", seconds);
    }

    private static String utilization(RunResult result) {
        StringBuilder line = new StringBuilder();
        for (RunResult.ClusterOutcome cluster : result.clusters()) {
            if (line.length() > 0) {
                line.append("  ");
            }
            line.append(String.format(Locale.ROOT, "%s %2.0f%% (%2.0f%%)", cluster.cluster(), 100 * cluster.agentCpuShare(),
                    100 * cluster.totalCpuShare()));
        }
        return line.toString();
    }
}
