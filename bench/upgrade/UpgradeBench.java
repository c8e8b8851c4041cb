import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.kubeops.engine.cluster.ClientTimeouts;
import io.jenkins.plugins.kubeops.engine.cluster.ClusterConnection;
import io.jenkins.plugins.kubeops.engine.cluster.KubernetesClientFactory;
import io.jenkins.plugins.kubeops.engine.common.Progress;
import io.jenkins.plugins.kubeops.engine.upgrade.DrainOptions;
import io.jenkins.plugins.kubeops.engine.upgrade.DrainReport;
import io.jenkins.plugins.kubeops.engine.upgrade.Drainer;
import io.jenkins.plugins.kubeops.engine.upgrade.HealthGateSettings;
import io.jenkins.plugins.kubeops.engine.upgrade.KubeVersion;
import io.jenkins.plugins.kubeops.engine.upgrade.MaxUnavailable;
import io.jenkins.plugins.kubeops.engine.upgrade.NodeUpgrader;
import io.jenkins.plugins.kubeops.engine.upgrade.Polling;
import io.jenkins.plugins.kubeops.engine.upgrade.UpgradePolicy;
import io.jenkins.plugins.kubeops.engine.upgrade.UpgradeService;
import io.jenkins.plugins.kubeops.engine.upgrade.UpgradeState;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Benchmark (not a test): every kubelet of a 100-node kwok cluster "upgraded" (node status patched to the new version),
 * kube-ops' upgrade engine (the real {@link UpgradeService}: plan, lock, state, a canary node then a sliding window of
 * nodes with the pending taint, PDB-respecting drains, health gates) vs the sequential kubectl drain / patch / wait /
 * uncordon loop a person runs. A watcher records the lowest Ready count under each PDB throughout every run.
 *
 * <p>Run by bench/upgrade/run.sh (compiled with the engine's classpath): UpgradeBench KUBECONFIG KUBECTL OUT_DIR
 */
public class UpgradeBench {

    static final int MAX_BATCH = Integer.getInteger("bench.maxBatch", 10);
    /**
     * The runs, in this order, each from the same settled and rebalanced state; the last must be "sequential". Besides the
     * engine ("kube-ops"): "window" and "window-taint", the prototype the engine's window was measured with first.
     */
    static final List<String> VARIANTS = List.of(System.getProperty("bench.variants", "kube-ops,sequential").split(","));

    /** The drains' and the engine's progress lines, kept out of the summary. */
    static PrintWriter progressLog;
    /** For the API server's request counts of each run. */
    static KubernetesClient apiClient;

    public static void main(String[] args) throws Exception {
        Path kubeconfig = Path.of(args[0]);
        String kubectl = args[1];
        Path out = Path.of(args[2]);
        Files.createDirectories(out);
        progressLog = new PrintWriter(Files.newBufferedWriter(out.resolve("upgrade-progress.log")), true);
        ClientTimeouts timeouts = new ClientTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(60), 2);
        try (KubernetesClient client = new KubernetesClientFactory(timeouts).create(ClusterConnection.Kubeconfig.of(kubeconfig))) {
            apiClient = client;
            KubeVersion server = KubeVersion.parse(client.getKubernetesVersion().getGitVersion());
            BenchCluster.target = server.toString();
            BenchCluster.old = new KubeVersion(server.major(), server.minor() - 1, 0).toString();
            List<String> nodes = BenchCluster.setUp(client);
            try (BenchCluster.ReadyWatcher watcher = new BenchCluster.ReadyWatcher(client)) {
                List<BenchReport.Run> runs = new ArrayList<>();
                for (String variant : VARIANTS) {
                    if (!runs.isEmpty()) {
                        BenchCluster.reset(client, nodes);
                    }
                    runs.add(switch (variant) {
                        case "kube-ops" -> engine(client, watcher);
                        case "window" -> window(client, nodes, watcher, false);
                        case "window-taint" -> window(client, nodes, watcher, true);
                        case "sequential" -> sequential(kubectl, kubeconfig, nodes, watcher);
                        default -> throw new IllegalArgumentException("unknown variant " + variant
                                + ": use kube-ops, window, window-taint, sequential");
                    });
                }
                BenchReport.report(runs, out);
            }
        }
    }

    // ---- kube-ops: the engine's upgrade ------------------------------------------------------------------------------------

    private static final Pattern NODE_DONE = Pattern.compile("^node (\\S+) runs \\S+ and is Ready;");

    /**
     * {@code UpgradeService.apply} as the CLI runs it, with a node "upgrade" that patches the version the node reports.
     * Health gates with one look each (the engine's checks, not its default 3 x 10 s pacing) and the node waits polling every
     * 200 ms instead of 2 s, since a patched kwok node is back at once where a real kubelet takes minutes.
     */
    static BenchReport.Run engine(KubernetesClient client, BenchCluster.ReadyWatcher watcher) {
        BenchCluster.log("kube-ops: the engine's upgrade: a canary node, then up to " + MAX_BATCH + " nodes in flight, "
                + "replacements kept off the nodes still to come (PreferNoSchedule " + BenchCluster.PENDING_TAINT + ")");
        DrainOptions options = DrainOptions.defaults().withPermissions(true, true, false)
                .withTimeout(Duration.ofMinutes(10), DrainOptions.OnTimeout.FAIL);
        List<Drainer> drainers = Collections.synchronizedList(new ArrayList<>());
        NodeUpgrader upgrader = new NodeUpgrader() {
            @Override
            public void upgradeControlPlane(String node, KubeVersion version, Progress progress) {
                throw new IllegalStateException("the bench upgrades kubelets only");
            }

            @Override
            public void upgradeKubelet(String node, KubeVersion version, Progress progress) {
                BenchCluster.setVersion(client, node, version.toString());
            }
        };
        UpgradeService.Parts parts = new UpgradeService.Parts(upgrader, id -> {
            Drainer drainer = new Drainer(client, Clock.systemUTC(), id);
            drainers.add(drainer);
            return drainer.asNodeDrainer(options);
        }, Optional.empty());
        UpgradeService.Settings defaults = UpgradeService.Settings.DEFAULTS;
        UpgradeService.Settings settings = new UpgradeService.Settings(defaults.stateName(), defaults.lease(),
                new HealthGateSettings(1, Duration.ofSeconds(1), Duration.ofMinutes(5), Optional.empty()),
                Duration.ofMinutes(2), defaults.controlPlaneTimeout(), Duration.ofMillis(200), false);
        UpgradeService service = new UpgradeService(client, parts, settings, Polling.real(Clock.systemUTC()), "upgrade-bench");
        UpgradePolicy policy = UpgradePolicy.DEFAULTS.withMaxUnavailable(MaxUnavailable.parse(Integer.toString(MAX_BATCH)))
                .withNodeSelector(Map.of("bench", "upgrade"));
        watcher.resetLowest();
        CpuMeter cpu = new CpuMeter();
        ApiRequests requests = new ApiRequests(apiClient);
        Instant start = Instant.now();
        List<Double> done = Collections.synchronizedList(new ArrayList<>());
        Progress progress = line -> {
            progressLog.println(String.format(Locale.ROOT, "%7.2f %s", BenchCluster.seconds(start), line));
            Matcher matcher = NODE_DONE.matcher(line);
            if (matcher.find()) {
                done.add(BenchCluster.seconds(start));
                if (done.size() % 10 == 0 || done.size() == 1) {
                    BenchCluster.log(String.format(Locale.ROOT, "kube-ops: %d nodes done at %.1f s", done.size(),
                            BenchCluster.seconds(start)));
                }
            } else if (line.startsWith("step ") || line.startsWith("upgrade ")) {
                BenchCluster.log("kube-ops: " + line);
            }
        };
        try {
            UpgradeState state = service.apply(KubeVersion.parse(BenchCluster.target), policy, progress);
            if (state.status() != UpgradeState.Status.SUCCEEDED) {
                throw new IllegalStateException("the upgrade ended " + state.status() + ": " + state.message());
            }
        } finally {
            drainers.forEach(Drainer::close);
        }
        return finish("kube-ops", start, done, watcher, cpu, requests);
    }

    // ---- the prototype: a sliding window driven here ----------------------------------------------------------------------

    /**
     * The canary node alone, then up to MAX_BATCH nodes in flight: the next node starts as soon as one is drained, on the
     * new version, Ready and uncordoned. With {@code taint}, every node still to come carries the PreferNoSchedule taint.
     */
    static BenchReport.Run window(KubernetesClient client, List<String> nodes, BenchCluster.ReadyWatcher watcher,
                                  boolean taint) {
        String name = taint ? "window-taint" : "window";
        BenchCluster.log(name + ": the prototype, the canary node, then up to " + MAX_BATCH + " nodes in flight"
                + (taint ? ", with the pending taint" : ""));
        DrainOptions options = DrainOptions.defaults().withPermissions(true, true, false)
                .withTimeout(Duration.ofMinutes(10), DrainOptions.OnTimeout.FAIL);
        if (taint) {
            BenchCluster.parallel(nodes, node -> {
                BenchCluster.setPendingTaint(client, node, true);
                return null;
            });
        }
        watcher.resetLowest();
        CpuMeter cpu = new CpuMeter();
        ApiRequests requests = new ApiRequests(apiClient);
        Instant start = Instant.now();
        List<Double> done = Collections.synchronizedList(new ArrayList<>());
        try (Drainer drainer = new Drainer(client, Clock.systemUTC(), "bench-upgrade");
             Drainer.Session session = drainer.session(options)) {
            java.util.function.Function<String, Void> upgrade = node -> {
                DrainReport.NodeResult result = session.drain(node, progressLog::println);
                if (!result.outcome().drained()) {
                    throw new IllegalStateException("node " + node + " not drained: " + result.describe());
                }
                BenchCluster.setVersion(client, node, BenchCluster.target);
                BenchCluster.until(Instant.now().plusSeconds(120), node + " Ready on " + BenchCluster.target,
                        () -> BenchCluster.upgraded(client, node));
                if (taint) {
                    BenchCluster.setPendingTaint(client, node, false);
                }
                drainer.cordon().uncordon(node);
                done.add(BenchCluster.seconds(start));
                return null;
            };
            upgrade.apply(nodes.get(0));
            BenchCluster.parallel(nodes.subList(1, nodes.size()), MAX_BATCH, upgrade);
        }
        return finish(name, start, done, watcher, cpu, requests);
    }

    // ---- the baseline: what a person runs, node after node ----------------------------------------------------------------

    static BenchReport.Run sequential(String kubectl, Path kubeconfig, List<String> nodes, BenchCluster.ReadyWatcher watcher)
            throws IOException, InterruptedException {
        BenchCluster.log("sequential: kubectl drain / patch / wait / uncordon, node after node");
        watcher.resetLowest();
        CpuMeter cpu = new CpuMeter();
        ApiRequests requests = new ApiRequests(apiClient);
        Instant start = Instant.now();
        List<Double> done = new ArrayList<>();
        String k = kubectl + " --kubeconfig " + kubeconfig;
        String version = BenchCluster.target;
        for (String node : nodes) {
            sh(k + " drain " + node + " --ignore-daemonsets --delete-emptydir-data --timeout=10m");
            sh(k + " patch node " + node + " --subresource=status --type=merge -p '{\"status\":{\"nodeInfo\":{\"kubeletVersion\":\""
                    + version + "\",\"kubeProxyVersion\":\"" + version + "\"}}}'");
            sh(k + " wait node/" + node + " --for=jsonpath='{.status.nodeInfo.kubeletVersion}'=" + version + " --timeout=5m");
            sh(k + " wait node/" + node + " --for=condition=Ready --timeout=5m");
            sh(k + " uncordon " + node);
            done.add(BenchCluster.seconds(start));
            if (done.size() % 10 == 0) {
                BenchCluster.log(String.format(Locale.ROOT, "sequential: %d nodes done at %.1f s", done.size(),
                        BenchCluster.seconds(start)));
            }
        }
        return finish("sequential", start, done, watcher, cpu, requests);
    }

    static String sh(String command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException("failed: " + command + "\n" + output);
        }
        return output;
    }

    static BenchReport.Run finish(String name, Instant start, List<Double> done, BenchCluster.ReadyWatcher watcher,
                                  CpuMeter cpu, ApiRequests requests) {
        double seconds = BenchCluster.seconds(start);
        CpuMeter.Use use = cpu.since();
        BenchCluster.log(name + ": API requests served " + requests.since());
        Map<String, Integer> lowest = watcher.lowest();
        List<String> violations = lowest.entrySet().stream().filter(e -> e.getValue() < BenchCluster.required(e.getKey()))
                .map(e -> e.getKey() + " went down to " + e.getValue() + " Ready (budget needs "
                        + BenchCluster.required(e.getKey()) + ")")
                .toList();
        int evictions = watcher.deleted();
        BenchCluster.log(String.format(Locale.ROOT, "%s: %d nodes in %.1f s, %d pods evicted, %d PDB violations", name,
                done.size(), seconds, evictions, violations.size()));
        List<Double> sorted = new ArrayList<>(done);
        Collections.sort(sorted);
        return new BenchReport.Run(name, seconds, sorted, lowest, violations, evictions, watcher.budgetCycle(), use);
    }
}
