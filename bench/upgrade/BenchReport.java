import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/** The upgrade bench's summary lines, target/bench/upgrade.json and the chart of nodes upgraded over time. */
final class BenchReport {

    /** One run: wall time, when each node was done, the lowest Ready count per Deployment, violations, pods evicted. */
    record Run(String name, double seconds, List<Double> nodeDoneSeconds, Map<String, Integer> lowest, List<String> violations,
               int evictions, double budgetCycle, CpuMeter.Use cpu) {
    }

    private BenchReport() {
    }

        /** Each run against the sequential one (the last run); the goal is judged on the engine's run ("kube-ops"). */
    static void report(List<Run> runs, Path out) throws IOException {
        Run sequential = runs.get(runs.size() - 1);
        if (!sequential.name().equals("sequential")) {
            throw new IllegalArgumentException("the last variant must be sequential, the baseline");
        }
        Run judged = runs.stream().filter(r -> r.name().equals("kube-ops")).findFirst().orElse(runs.get(0));
        System.out.println();
        System.out.printf(Locale.ROOT, "Upgrade benchmark: %d kwok nodes, %d pods in %d Deployments with PDBs (maxUnavailable 1 / "
                + "minAvailable 90%%), up to %d nodes at once%n", BenchCluster.NODES, BenchCluster.APPS * BenchCluster.REPLICAS, BenchCluster.APPS, UpgradeBench.MAX_BATCH);
        for (Run run : runs) {
            System.out.printf(Locale.ROOT, "  %-12s %7.1f s wall, %4d pods evicted (%.1f per s), %d PDB violations%s%s%n",
                    run.name(), run.seconds(), run.evictions(), run.evictions() / run.seconds(), run.violations().size(),
                    run == sequential ? "" : String.format(Locale.ROOT, ", ratio sequential / %s = %.1fx", run.name(),
                            sequential.seconds() / run.seconds()),
                    run.violations().isEmpty() ? "" : ": " + run.violations());
        }
        // Every pod of a maxUnavailable: 1 Deployment moves once, one eviction after the other: no tool beats REPLICAS cycles.
        double floor = BenchCluster.REPLICAS * judged.budgetCycle();
        System.out.printf(Locale.ROOT, "  budget cycle (median time between evictions under one maxUnavailable: 1 budget) in the "
                + "%s run: %.2f s; %d of them in a row: %.1f s, the floor for any tool at this cycle (%.1fx sequential at most)%n",
                judged.name(), judged.budgetCycle(), BenchCluster.REPLICAS, floor, floor == 0 ? 0 : sequential.seconds() / floor);
        for (Run run : runs) {
            CpuMeter.Use cpu = run.cpu();
            System.out.printf(Locale.ROOT, "  cpu %-12s %3.0f%% of %d cores busy; control plane %.1f CPU-s (%.0f ms per pod evicted), "
                    + "bench JVM (engine, watcher) %.1f CPU-s%n", run.name(), 100 * cpu.busyShare(), cpu.cores(),
                    cpu.controlPlaneSeconds(), 1000 * cpu.controlPlaneSeconds() / Math.max(1, run.evictions()),
                    cpu.benchJvmSeconds());
        }
        // The control plane's own work in the judged run, spread over every core: the run could not have finished sooner on
        // this machine however little the tool itself did (the watcher and the tool need CPU on top).
        double machineFloor = judged.cpu().controlPlaneSeconds() / judged.cpu().cores();
        System.out.printf(Locale.ROOT, "  machine floor: the control plane's %.1f CPU-s in the %s run on %d cores take %.1f s at "
                + "the least (%.1fx sequential at most)%n", judged.cpu().controlPlaneSeconds(), judged.name(),
                judged.cpu().cores(), machineFloor, machineFloor == 0 ? 0 : sequential.seconds() / machineFloor);
        double ratio = sequential.seconds() / judged.seconds();
        int violations = judged.violations().size() + sequential.violations().size();
        boolean met = ratio >= 5 && violations == 0;
        String goal = String.format(Locale.ROOT, "goal: >= 5x faster than sequential with 0 violations (%s): %s (%.1fx, %d "
                + "violations)", judged.name(), met ? "met" : "not met", ratio, violations);
        System.out.println(goal);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("nodes", BenchCluster.NODES);
        json.put("pods", BenchCluster.APPS * BenchCluster.REPLICAS);
        json.put("deployments", BenchCluster.APPS);
        json.put("maxBatch", UpgradeBench.MAX_BATCH);
        for (Run run : runs) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("seconds", BenchCluster.round(run.seconds()));
            if (run != sequential) {
                entry.put("ratio", BenchCluster.round(sequential.seconds() / run.seconds()));
            }
            entry.put("violations", run.violations());
            entry.put("podsEvicted", run.evictions());
            entry.put("budgetCycleSeconds", Math.round(run.budgetCycle() * 100) / 100.0);
            entry.put("cpuBusyShare", BenchCluster.round(run.cpu().busyShare()));
            entry.put("controlPlaneCpuSeconds", BenchCluster.round(run.cpu().controlPlaneSeconds()));
            entry.put("benchJvmCpuSeconds", BenchCluster.round(run.cpu().benchJvmSeconds()));
            entry.put("lowestReady", run.lowest());
            entry.put("nodeDoneSeconds", run.nodeDoneSeconds().stream().map(BenchCluster::round).toList());
            json.put(run.name(), entry);
        }
        json.put("ratio", BenchCluster.round(ratio));
        json.put("budgetCycleFloorSeconds", BenchCluster.round(floor));
        json.put("machineFloorSeconds", BenchCluster.round(machineFloor));
        json.put("goal", goal);
        json.put("loadAverage", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        Files.writeString(out.resolve("upgrade.json"), io.fabric8.kubernetes.client.utils.Serialization.asJson(json));
        chart(runs, out.resolve("upgrade.png"));
        System.out.println("written: " + out.resolve("upgrade.json") + ", " + out.resolve("upgrade.png"));
    }

    /** Nodes upgraded over time, one line per run. */
    static void chart(List<Run> runs, Path file) throws IOException {
        int width = 900;
        int height = 500;
        int left = 70;
        int right = 30;
        int top = 50;
        int bottom = 60;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        double maxSeconds = runs.stream().mapToDouble(Run::seconds).max().orElse(1) * 1.05;
        int plotWidth = width - left - right;
        int plotHeight = height - top - bottom;
        g.setColor(Color.DARK_GRAY);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(String.format(Locale.ROOT, "Kubelet upgrade of %d kwok nodes, %d pods under PDBs: nodes upgraded over time",
                BenchCluster.NODES, BenchCluster.APPS * BenchCluster.REPLICAS), left, 28);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawLine(left, top + plotHeight, left + plotWidth, top + plotHeight);
        g.drawLine(left, top, left, top + plotHeight);
        double step = niceStep(maxSeconds / 8);
        for (double s = 0; s <= maxSeconds; s += step) {
            int x = left + (int) (s / maxSeconds * plotWidth);
            g.setColor(new Color(0xE0E0E0));
            g.drawLine(x, top, x, top + plotHeight);
            g.setColor(Color.DARK_GRAY);
            g.drawString(String.format(Locale.ROOT, "%.0f", s), x - 10, top + plotHeight + 18);
        }
        for (int n = 0; n <= BenchCluster.NODES; n += Math.max(1, BenchCluster.NODES / 5)) {
            int y = top + plotHeight - (int) ((double) n / BenchCluster.NODES * plotHeight);
            g.setColor(new Color(0xE0E0E0));
            g.drawLine(left, y, left + plotWidth, y);
            g.setColor(Color.DARK_GRAY);
            g.drawString(Integer.toString(n), left - 35, y + 4);
        }
        g.drawString("seconds", left + plotWidth / 2 - 20, height - 20);
        g.drawString("nodes", 15, top - 10);
        Color[] colors = {new Color(0x4C78A8), new Color(0x54A24B), new Color(0xF58518), new Color(0xE45756)};
        for (int r = 0; r < runs.size(); r++) {
            Run run = runs.get(r);
            g.setColor(run.name().equals("sequential") ? colors[3] : colors[r % 3]);
            g.setStroke(new BasicStroke(2.5f));
            int prevX = left;
            int prevY = top + plotHeight;
            for (int i = 0; i < run.nodeDoneSeconds().size(); i++) {
                int x = left + (int) (run.nodeDoneSeconds().get(i) / maxSeconds * plotWidth);
                int y = top + plotHeight - (int) ((double) (i + 1) / BenchCluster.NODES * plotHeight);
                g.drawLine(prevX, prevY, x, prevY);
                g.drawLine(x, prevY, x, y);
                prevX = x;
                prevY = y;
            }
            g.fillRect(left + 20, top + 12 + r * 20, 14, 10);
            g.setColor(Color.DARK_GRAY);
            g.drawString(String.format(Locale.ROOT, "%s: %.0f s, %d PDB violations", run.name(), run.seconds(),
                    run.violations().size()), left + 40, top + 22 + r * 20);
        }
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    static double niceStep(double raw) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double factor : new double[] {1, 2, 5, 10}) {
            if (factor * magnitude >= raw) {
                return factor * magnitude;
            }
        }
        return 10 * magnitude;
    }
}
