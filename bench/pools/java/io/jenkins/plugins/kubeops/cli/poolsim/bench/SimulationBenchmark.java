package io.jenkins.plugins.kubeops.cli.poolsim.bench;

import io.jenkins.plugins.kubeops.cli.poolsim.ReportChart;
import io.jenkins.plugins.kubeops.cli.poolsim.ReportTable;
import io.jenkins.plugins.kubeops.cli.poolsim.Scenarios;
import io.jenkins.plugins.kubeops.cli.poolsim.SimulationReport;
import io.jenkins.plugins.kubeops.cli.poolsim.StrategyKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * P1: the simulator on the three scenarios with fixed seeds, kube-ops' p95 queue wait as a ratio of random shuffle's
 * (kubernetes-plugin's default) and of the clairvoyant bound's, and provisions into a full member. Not a test: it prints the
 * figures and whether each goal is met. Arguments: [--seeds N] [--chart FILE].
 */
public final class SimulationBenchmark {

    static final double GOAL_VS_SHUFFLE = 0.6;
    static final double GOAL_VS_CLAIRVOYANT = 1.15;

    private SimulationBenchmark() {
    }

    public static void main(String[] args) {
        int seeds = 5;
        Path chart = Path.of("target", "bench", "pools-simulation.png");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seeds" -> seeds = Integer.parseInt(args[++i]);
                case "--chart" -> chart = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + ": use [--seeds N] [--chart FILE]");
            }
        }
        long started = System.nanoTime();
        List<SimulationReport> firstSeed = new ArrayList<>();
        StringBuilder tables = new StringBuilder();
        StringBuilder summary = new StringBuilder();
        System.out.printf(Locale.ROOT, "P1: simulator, %d builds per run, seeds 1..%d%n", Scenarios.balanced().workload().jobs(),
                seeds);
        System.out.printf(Locale.ROOT, "%-14s %4s %12s %12s %12s %10s %10s %10s%n", "scenario", "seed", "shuffle p95",
                "kube-ops p95", "bound p95", "vs shuffle", "vs bound", "into full");
        for (String name : Scenarios.NAMES) {
            double[] vsShuffle = new double[seeds];
            double[] vsBound = new double[seeds];
            int intoFull = 0;
            for (int seed = 1; seed <= seeds; seed++) {
                SimulationReport report = SimulationReport.run(Scenarios.named(name), seed);
                if (seed == 1) {
                    firstSeed.add(report);
                    tables.append(ReportTable.format(report)).append(System.lineSeparator());
                }
                vsShuffle[seed - 1] = report.p95Ratio(StrategyKind.KUBE_OPS, StrategyKind.RANDOM_SHUFFLE);
                vsBound[seed - 1] = report.p95Ratio(StrategyKind.KUBE_OPS, StrategyKind.CLAIRVOYANT);
                int full = report.result(StrategyKind.KUBE_OPS).provisionsIntoFullMember();
                intoFull += full;
                System.out.printf(Locale.ROOT, "%-14s %4d %10.1f s %10.1f s %10.1f s %9.2fx %9.2fx %10d%n", name, seed,
                        report.result(StrategyKind.RANDOM_SHUFFLE).waits().p95Seconds(),
                        report.result(StrategyKind.KUBE_OPS).waits().p95Seconds(),
                        report.result(StrategyKind.CLAIRVOYANT).waits().p95Seconds(), vsShuffle[seed - 1], vsBound[seed - 1],
                        full);
            }
            summary.append(String.format(Locale.ROOT, "%-14s median p95 ratio %.2fx random shuffle (goal <= %.2f: %s, %d of %d "
                            + "seeds), %.2fx clairvoyant (goal <= %.2f: %s, %d of %d seeds); into a full member: %d (goal 0: %s)%n",
                    name, median(vsShuffle), GOAL_VS_SHUFFLE, verdict(median(vsShuffle) <= GOAL_VS_SHUFFLE),
                    count(vsShuffle, GOAL_VS_SHUFFLE), seeds, median(vsBound), GOAL_VS_CLAIRVOYANT,
                    verdict(median(vsBound) <= GOAL_VS_CLAIRVOYANT), count(vsBound, GOAL_VS_CLAIRVOYANT), seeds, intoFull,
                    verdict(intoFull == 0)));
        }
        System.out.println();
        System.out.print(summary);
        System.out.println();
        System.out.println("Seed 1 in full:");
        System.out.print(tables);
        ReportChart.write(firstSeed, chart);
        System.out.printf(Locale.ROOT, "Chart (seed 1): %s%nP1 took %.1f s%n", chart, (System.nanoTime() - started) / 1e9);
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static int count(double[] ratios, double goal) {
        return (int) Arrays.stream(ratios).filter(r -> r <= goal).count();
    }

    private static String verdict(boolean met) {
        return met ? "met" : "MISSED";
    }
}
