package io.jenkins.plugins.kubeops.engine.canary.bench;

import io.jenkins.plugins.kubeops.engine.canary.bench.Policies.Outcome;
import io.jenkins.plugins.kubeops.engine.canary.bench.Policies.Policy;
import io.jenkins.plugins.kubeops.engine.canary.bench.SyntheticTraffic.Degradation;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * The canary judge benchmark (issue 10; not a test): a labelled set of synthetic canary runs — healthy ones, and degraded
 * ones — judged by kube-ops' analysis, a Flagger-style and an Argo-style policy. Prints per policy and set: rollbacks,
 * detection latency (analysis intervals from the onset to the rollback), false rollbacks, missed degradations; then the
 * goals. Writes target/bench/canary.json and target/bench/canary.png.
 * Usage: CanaryJudgeBenchmark [--runs N] [--seed S] [--out DIR]
 */
public final class CanaryJudgeBenchmark {

    static final List<Degradation> SETS = List.of(
            Degradation.NONE,
            new Degradation("errors +1%", 0.01, 0, 0),
            new Degradation("errors +5%", 0.05, 0, 0),
            new Degradation("errors +20%", 0.20, 0, 0),
            new Degradation("p99 +50 ms", 0, 0.05, 0),
            new Degradation("errors +5% halfway", 0.05, 0, SyntheticTraffic.ROUNDS / 2));

    /** The sets the goals are about: error-rate degradations of 5% or more. */
    static boolean atLeastFivePercent(Degradation set) {
        return set.extraErrorRate() >= 0.05;
    }

    /**
     * @param latencies      analysis intervals from the onset to the rollback (1 = the first round after the onset)
     * @param shownLatencies analysis intervals from the first round whose interval showed the degradation's full size (at
     *                       least 5 points more errors than the baseline) to the rollback; 1 also for a rollback before that
     */
    record SetResult(String set, int runs, int rollbacks, int paused, List<Integer> latencies, List<Integer> shownLatencies) {
        int missed() {
            return runs - rollbacks;
        }

        double medianLatency() {
            if (latencies.isEmpty()) {
                return Double.NaN;
            }
            int[] sorted = latencies.stream().mapToInt(Integer::intValue).sorted().toArray();
            return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                    : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2.0;
        }

        int maxLatency() {
            return latencies.stream().mapToInt(Integer::intValue).max().orElse(0);
        }
    }

    public static void main(String[] args) throws IOException {
        int runs = 100;
        long seed = 20261207;
        Path out = Path.of("target/bench");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; use --runs N, --seed S, --out DIR");
            }
        }
        List<Policy> policies = List.of(new Policies.KubeOps(), new Policies.FlaggerStyle(), new Policies.ArgoStyle());
        System.out.printf(Locale.ROOT, "Canary judge benchmark: %d runs per set (healthy: %d), seed %d; interval 1 min, "
                + "%d rounds; canary and baseline ~30 req/s each%n", runs, 2 * runs, seed, SyntheticTraffic.ROUNDS);
        policies.forEach(p -> System.out.println("  " + p.name() + ": " + p.describe()));
        Map<String, List<SetResult>> results = new LinkedHashMap<>();
        policies.forEach(p -> results.put(p.name(), new ArrayList<>()));
        long started = System.nanoTime();
        for (int s = 0; s < SETS.size(); s++) {
            Degradation set = SETS.get(s);
            int count = set.degraded() ? runs : 2 * runs;
            int[] rollbacks = new int[policies.size()];
            int[] paused = new int[policies.size()];
            List<List<Integer>> latencies = new ArrayList<>();
            List<List<Integer>> shownLatencies = new ArrayList<>();
            policies.forEach(p -> {
                latencies.add(new ArrayList<>());
                shownLatencies.add(new ArrayList<>());
            });
            for (int r = 0; r < count; r++) {
                SyntheticTraffic run = new SyntheticTraffic(seed * 1_000_003L + s * 10_007L + r, set);
                int shown = atLeastFivePercent(set) ? run.firstRoundShowing(0.05) : set.onsetRound() + 1;
                for (int p = 0; p < policies.size(); p++) {
                    Outcome outcome = policies.get(p).judge(run);
                    if (outcome.kind() == Outcome.Kind.ROLLBACK) {
                        rollbacks[p]++;
                        latencies.get(p).add(outcome.round() - set.onsetRound());
                        shownLatencies.get(p).add(Math.max(1, outcome.round() - shown + 1));
                    } else if (outcome.kind() == Outcome.Kind.PAUSED) {
                        paused[p]++;
                    }
                }
            }
            for (int p = 0; p < policies.size(); p++) {
                results.get(policies.get(p).name()).add(new SetResult(set.name(), count, rollbacks[p], paused[p],
                        latencies.get(p), shownLatencies.get(p)));
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        print(results);
        System.out.printf(Locale.ROOT, "%n(%d runs generated and judged three ways in %.1f s)%n",
                results.values().iterator().next().stream().mapToInt(SetResult::runs).sum(), seconds);
        Files.createDirectories(out);
        Files.writeString(out.resolve("canary.json"), json(results, runs, seed));
        chart(results, out.resolve("canary.png"));
        System.out.println("wrote " + out.resolve("canary.json") + " and " + out.resolve("canary.png"));
    }

    private static void print(Map<String, List<SetResult>> results) {
        System.out.printf(Locale.ROOT, "%n%-14s %-20s %5s %9s %7s %7s %15s%n", "policy", "set", "runs", "rollbacks",
                "paused", "missed", "latency med/max");
        results.forEach((policy, sets) -> {
            for (SetResult set : sets) {
                boolean healthy = set.set().equals(Degradation.NONE.name());
                System.out.printf(Locale.ROOT, "%-14s %-20s %5d %9d %7d %7s %15s%n", policy, set.set(), set.runs(),
                        set.rollbacks(), set.paused(), healthy ? "-" : Integer.toString(set.missed()),
                        set.latencies().isEmpty() || healthy ? "-" : fmt(set.medianLatency()) + " / " + set.maxLatency());
            }
        });
        System.out.println();
        System.out.println("Latency: analysis intervals from the onset to the rollback (1 = at the first round after the "
                + "onset). Healthy rollbacks are false rollbacks.");
        results.forEach((policy, sets) -> {
            SetResult healthy = sets.get(0);
            List<SetResult> serious = new ArrayList<>();
            for (int s = 0; s < SETS.size(); s++) {
                if (atLeastFivePercent(SETS.get(s))) {
                    serious.add(sets.get(s));
                }
            }
            int worst = serious.stream().mapToInt(SetResult::maxLatency).max().orElse(0);
            long late = serious.stream().flatMap(s -> s.latencies().stream()).filter(l -> l > 1).count();
            int worstShown = serious.stream().flatMap(s -> s.shownLatencies().stream()).mapToInt(Integer::intValue).max()
                    .orElse(0);
            long lateShown = serious.stream().flatMap(s -> s.shownLatencies().stream()).filter(l -> l > 1).count();
            int caught = serious.stream().mapToInt(SetResult::rollbacks).sum();
            int missed = serious.stream().mapToInt(SetResult::missed).sum();
            System.out.printf(Locale.ROOT, "%s goals:%n", policy);
            System.out.printf(Locale.ROOT, "  rollback within one interval after a >=5%% degradation shows in the metrics: %s "
                    + "(max %d intervals; %d of %d rollbacks later); counted from the onset instead: max %d, %d later%n",
                    worstShown <= 1 && missed == 0 ? "met" : "NOT met", worstShown, lateShown, caught, worst, late);
            System.out.printf(Locale.ROOT, "  zero false rollbacks on the healthy set: %s (%d of %d)%n",
                    healthy.rollbacks() == 0 ? "met" : "NOT met", healthy.rollbacks(), healthy.runs());
            System.out.printf(Locale.ROOT, "  every >=5%% degradation caught: %s (%d missed of %d)%n",
                    missed == 0 ? "met" : "NOT met", missed, caught + missed);
        });
    }

    private static String fmt(double value) {
        return Double.isNaN(value) ? "-" : value == Math.rint(value) ? Integer.toString((int) value)
                : String.format(Locale.ROOT, "%.1f", value);
    }

    private static String json(Map<String, List<SetResult>> results, int runs, long seed) {
        StringBuilder out = new StringBuilder("{\n  \"runsPerSet\": " + runs + ",\n  \"healthyRuns\": " + 2 * runs
                + ",\n  \"seed\": " + seed + ",\n  \"intervalSeconds\": 60,\n  \"rounds\": " + SyntheticTraffic.ROUNDS
                + ",\n  \"policies\": {\n");
        int p = 0;
        for (Map.Entry<String, List<SetResult>> entry : results.entrySet()) {
            out.append("    \"").append(entry.getKey()).append("\": [\n");
            for (int s = 0; s < entry.getValue().size(); s++) {
                SetResult set = entry.getValue().get(s);
                out.append(String.format(Locale.ROOT, "      {\"set\": \"%s\", \"runs\": %d, \"rollbacks\": %d, \"paused\": "
                        + "%d, \"missed\": %d, \"medianLatency\": %s, \"maxLatency\": %d, \"latencies\": %s, "
                        + "\"latenciesFromShown\": %s}%s%n",
                        set.set(), set.runs(), set.rollbacks(), set.paused(), set.set().equals("healthy") ? 0 : set.missed(),
                        Double.isNaN(set.medianLatency()) ? "null" : fmt(set.medianLatency()), set.maxLatency(),
                        Arrays.toString(set.latencies().stream().sorted().toArray()),
                        Arrays.toString(set.shownLatencies().stream().sorted().toArray()),
                        s == entry.getValue().size() - 1 ? "" : ","));
            }
            out.append("    ]").append(++p == results.size() ? "\n" : ",\n");
        }
        return out.append("  }\n}\n").toString();
    }

    /** Left: share of runs rolled back per set and policy; annotated with the median detection latency. */
    private static void chart(Map<String, List<SetResult>> results, Path file) throws IOException {
        int width = 1000;
        int height = 520;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        Color[] colors = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c)};
        int left = 70;
        int top = 50;
        int plotWidth = width - left - 30;
        int plotHeight = height - top - 110;
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString("Canary runs rolled back (bar) and median detection latency in intervals (label)", left, 28);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int pct = 0; pct <= 100; pct += 25) {
            int y = top + plotHeight - pct * plotHeight / 100;
            g.setColor(new Color(0xdddddd));
            g.drawLine(left, y, left + plotWidth, y);
            g.setColor(Color.BLACK);
            g.drawString(pct + "%", left - 40, y + 4);
        }
        List<String> policies = new ArrayList<>(results.keySet());
        int groups = SETS.size();
        int groupWidth = plotWidth / groups;
        int barWidth = (groupWidth - 20) / policies.size();
        for (int s = 0; s < groups; s++) {
            int x0 = left + s * groupWidth + 10;
            for (int p = 0; p < policies.size(); p++) {
                SetResult set = results.get(policies.get(p)).get(s);
                int barHeight = (int) Math.round((double) set.rollbacks() / set.runs() * plotHeight);
                int x = x0 + p * barWidth;
                g.setColor(colors[p]);
                g.fillRect(x, top + plotHeight - barHeight, barWidth - 4, barHeight);
                g.setColor(Color.BLACK);
                if (s > 0 && !set.latencies().isEmpty()) {
                    g.drawString(fmt(set.medianLatency()), x + 2, top + plotHeight - barHeight - 4);
                }
            }
            g.setColor(Color.BLACK);
            g.drawString(SETS.get(s).name(), x0, top + plotHeight + 18);
        }
        g.setStroke(new BasicStroke(1));
        g.drawLine(left, top + plotHeight, left + plotWidth, top + plotHeight);
        for (int p = 0; p < policies.size(); p++) {
            g.setColor(colors[p]);
            g.fillRect(left + p * 180, height - 45, 14, 14);
            g.setColor(Color.BLACK);
            g.drawString(policies.get(p), left + p * 180 + 20, height - 33);
        }
        g.drawString("healthy: any bar is a false rollback", left + 560, height - 33);
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }
}
