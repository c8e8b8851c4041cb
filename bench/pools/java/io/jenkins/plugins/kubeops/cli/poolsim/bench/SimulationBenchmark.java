package io.jenkins.plugins.kubeops.cli.poolsim.bench;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.jenkins.plugins.kubeops.cli.poolsim.ReportChart;
import io.jenkins.plugins.kubeops.cli.poolsim.ReportTable;
import io.jenkins.plugins.kubeops.cli.poolsim.RunResult;
import io.jenkins.plugins.kubeops.cli.poolsim.Scenarios;
import io.jenkins.plugins.kubeops.cli.poolsim.SimulationReport;
import io.jenkins.plugins.kubeops.cli.poolsim.StrategyKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * P1: the simulator on every scenario with fixed seeds: kube-ops' p95 queue wait as a ratio of random shuffle's
 * (kubernetes-plugin's default) and of the greedy oracle's, and provisions into a full member. Not a test: it prints the
 * figures, one line per goal saying whether it is met, and writes them to {@code target/bench/pools.json}. Arguments:
 * [--seeds N] [--chart FILE] [--json FILE].
 */
public final class SimulationBenchmark {

    static final double GOAL_VS_SHUFFLE = 0.6;
    static final double GOAL_VS_ORACLE = 1.15;

    /** One scenario and seed. */
    record Run(String scenario, long seed, SimulationReport report) {
        double vsShuffle() {
            return report.p95Ratio(StrategyKind.KUBE_OPS, StrategyKind.RANDOM_SHUFFLE);
        }

        double vsOracle() {
            return report.p95Ratio(StrategyKind.KUBE_OPS, StrategyKind.GREEDY_ORACLE);
        }

        double p99VsOracle() {
            return p99(StrategyKind.KUBE_OPS) / p99(StrategyKind.GREEDY_ORACLE);
        }

        int intoFull() {
            return report.result(StrategyKind.KUBE_OPS).provisionsIntoFullMember();
        }

        double p95(StrategyKind strategy) {
            return report.result(strategy).waits().p95Seconds();
        }

        double p99(StrategyKind strategy) {
            return report.result(strategy).waits().p99Seconds();
        }
    }

    private SimulationBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int seeds = 5;
        Path chart = Path.of("target", "bench", "pools-simulation.png");
        Path json = Path.of("target", "bench", "pools.json");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seeds" -> seeds = Integer.parseInt(args[++i]);
                case "--chart" -> chart = Path.of(args[++i]);
                case "--json" -> json = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + ": use [--seeds N] [--chart FILE] [--json FILE]");
            }
        }
        long started = System.nanoTime();
        List<Run> runs = new ArrayList<>();
        List<SimulationReport> firstSeed = new ArrayList<>();
        StringBuilder tables = new StringBuilder();
        System.out.printf(Locale.ROOT, "P1: simulator, %d builds per run, %d scenarios, seeds 1..%d%n",
                Scenarios.balanced().workload().jobs(), Scenarios.NAMES.size(), seeds);
        System.out.printf(Locale.ROOT, "%-14s %4s %12s %12s %12s %10s %10s %14s %10s%n", "scenario", "seed", "shuffle p95",
                "kube-ops p95", "oracle p95", "vs shuffle", "vs oracle", "p99 vs oracle", "into full");
        for (String name : Scenarios.NAMES) {
            for (int seed = 1; seed <= seeds; seed++) {
                Run run = new Run(name, seed, SimulationReport.run(Scenarios.named(name), seed));
                runs.add(run);
                if (seed == 1) {
                    firstSeed.add(run.report());
                    tables.append(ReportTable.format(run.report())).append(System.lineSeparator());
                }
                System.out.printf(Locale.ROOT, "%-14s %4d %10.1f s %10.1f s %10.1f s %9.2fx %9.2fx %13.2fx %10d%n", name, seed,
                        run.p95(StrategyKind.RANDOM_SHUFFLE), run.p95(StrategyKind.KUBE_OPS), run.p95(StrategyKind.GREEDY_ORACLE),
                        run.vsShuffle(), run.vsOracle(), run.p99VsOracle(), run.intoFull());
            }
        }
        List<Goal> goals = goals(runs);
        System.out.println();
        goals.forEach(goal -> System.out.println(goal.line()));
        System.out.println();
        System.out.println("Seed 1 in full:");
        System.out.print(tables);
        ReportChart.write(firstSeed, chart);
        Files.createDirectories(json.toAbsolutePath().getParent());
        Files.writeString(json, Serialization.asJson(json(runs, goals, seeds)));
        System.out.printf(Locale.ROOT, "Chart (seed 1): %s; figures: %s%nP1 took %.1f s%n", chart, json,
                (System.nanoTime() - started) / 1e9);
    }

    /** A goal, whether it is met, and the figure that says so. */
    record Goal(String name, boolean met, String figure) {
        String line() {
            return String.format(Locale.ROOT, "goal %s: %s — %s", name, met ? "met" : "not met", figure);
        }
    }

    static List<Goal> goals(List<Run> runs) {
        Run worstShuffle = worst(runs, Run::vsShuffle);
        Run worstOracle = worst(runs, Run::vsOracle);
        long overShuffle = runs.stream().filter(run -> run.vsShuffle() > GOAL_VS_SHUFFLE).count();
        long overOracle = runs.stream().filter(run -> run.vsOracle() > GOAL_VS_ORACLE).count();
        int intoFull = runs.stream().mapToInt(Run::intoFull).sum();
        StringBuilder missed = new StringBuilder();
        for (Run run : runs) {
            if (run.vsOracle() > GOAL_VS_ORACLE) {
                missed.append(missed.length() == 0 ? "; over: " : ", ").append(String.format(Locale.ROOT, "%s seed %d %.2fx",
                        run.scenario(), run.seed(), run.vsOracle()));
            }
        }
        return List.of(
                new Goal(String.format(Locale.ROOT, "p95 <= %.2fx random shuffle on every run", GOAL_VS_SHUFFLE), overShuffle == 0,
                        String.format(Locale.ROOT, "worst %.2fx (%s seed %d), %d of %d runs over", worstShuffle.vsShuffle(),
                                worstShuffle.scenario(), worstShuffle.seed(), overShuffle, runs.size())),
                new Goal(String.format(Locale.ROOT, "p95 <= %.2fx the greedy oracle on every run", GOAL_VS_ORACLE), overOracle == 0,
                        String.format(Locale.ROOT, "worst %.2fx (%s seed %d), %d of %d runs over%s", worstOracle.vsOracle(),
                                worstOracle.scenario(), worstOracle.seed(), overOracle, runs.size(), missed)),
                new Goal("no provision into a full member", intoFull == 0,
                        String.format(Locale.ROOT, "%d in %d runs", intoFull, runs.size())));
    }

    private static Run worst(List<Run> runs, java.util.function.ToDoubleFunction<Run> ratio) {
        Run worst = runs.get(0);
        for (Run run : runs) {
            if (ratio.applyAsDouble(run) > ratio.applyAsDouble(worst)) {
                worst = run;
            }
        }
        return worst;
    }

    private static Map<String, Object> json(List<Run> runs, List<Goal> goals, int seeds) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("benchmark", "pools P1 simulator");
        root.put("measuredAt", Instant.now().toString());
        root.put("javaVersion", System.getProperty("java.version"));
        root.put("availableProcessors", Runtime.getRuntime().availableProcessors());
        root.put("buildsPerRun", Scenarios.balanced().workload().jobs());
        root.put("seeds", seeds);
        List<Map<String, Object>> goalList = new ArrayList<>();
        for (Goal goal : goals) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("goal", goal.name());
            entry.put("met", goal.met());
            entry.put("figure", goal.figure());
            goalList.add(entry);
        }
        root.put("goals", goalList);
        List<Map<String, Object>> runList = new ArrayList<>();
        for (Run run : runs) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("scenario", run.scenario());
            entry.put("seed", run.seed());
            entry.put("kubeOpsP95VsRandomShuffle", round(run.vsShuffle()));
            entry.put("kubeOpsP95VsGreedyOracle", round(run.vsOracle()));
            entry.put("kubeOpsP99VsGreedyOracle", round(run.p99VsOracle()));
            entry.put("kubeOpsProvisionsIntoFullMember", run.intoFull());
            Map<String, Object> strategies = new LinkedHashMap<>();
            for (RunResult result : run.report().results()) {
                Map<String, Object> figures = new LinkedHashMap<>();
                figures.put("meanWaitSeconds", round(result.waits().meanSeconds()));
                figures.put("p95WaitSeconds", result.waits().p95Seconds());
                figures.put("p99WaitSeconds", result.waits().p99Seconds());
                figures.put("failedProvisions", result.failedProvisions());
                figures.put("provisionsIntoFullMember", result.provisionsIntoFullMember());
                strategies.put(result.strategy().title(), figures);
            }
            entry.put("strategies", strategies);
            runList.add(entry);
        }
        root.put("runs", runList);
        return root;
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
