import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.jenkins.plugins.kubeops.engine.cluster.ClientTimeouts;
import io.jenkins.plugins.kubeops.engine.cluster.ClusterConnection;
import io.jenkins.plugins.kubeops.engine.cluster.KubernetesClientFactory;
import io.jenkins.plugins.kubeops.engine.upgrade.DrainOptions;
import io.jenkins.plugins.kubeops.engine.upgrade.DrainReport;
import io.jenkins.plugins.kubeops.engine.upgrade.Drainer;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;

/**
 * Benchmark (not a test): every kubelet of a 100-node kwok cluster "upgraded" (node status patched to the new version),
 * kube-ops' batched, PDB-respecting drains vs the sequential kubectl drain / patch / wait / uncordon loop a person runs.
 * A watcher records the lowest Ready count under each PDB throughout both runs.
 *
 * <p>Run by bench/upgrade/run.sh: java -cp ENGINE_CLASSPATH bench/upgrade/UpgradeBench.java KUBECONFIG KUBECTL OUT_DIR
 */
public class UpgradeBench {

    static final String NS = "bench-upgrade";
    static final String OLD = "v1.36.4";
    static final String NEW = "v1.36.5";
    static final int NODES = Integer.getInteger("bench.nodes", 100);
    static final int APPS = Integer.getInteger("bench.apps", 50);
    static final int REPLICAS = Integer.getInteger("bench.replicas", 21);
    static final int MAX_BATCH = Integer.getInteger("bench.maxBatch", 10);
    /** The runs, in this order, each from the same settled and rebalanced state; the last must be "sequential". */
    static final List<String> VARIANTS = List.of(System.getProperty("bench.variants", "window,sequential").split(","));
    /** Ours, PreferNoSchedule: replacements keep off the nodes still to be upgraded while there is room elsewhere. */
    static final String PENDING_TAINT = "kube-ops.io/upgrade-pending";

    record Run(String name, double seconds, List<Double> nodeDoneSeconds, Map<String, Integer> lowest, List<String> violations,
               int evictions) {
    }

    static int evictions;

    /** The drains' progress lines, kept out of the summary. */
    static java.io.PrintWriter PROGRESS;

    public static void main(String[] args) throws Exception {
        Path kubeconfig = Path.of(args[0]);
        String kubectl = args[1];
        Path out = Path.of(args[2]);
        Files.createDirectories(out);
        PROGRESS = new java.io.PrintWriter(Files.newBufferedWriter(out.resolve("upgrade-progress.log")), true);
        ClientTimeouts timeouts = new ClientTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(60), 2);
        try (KubernetesClient client = new KubernetesClientFactory(timeouts).create(ClusterConnection.Kubeconfig.of(kubeconfig))) {
            List<String> nodes = setUp(client);
            try (ReadyWatcher watcher = new ReadyWatcher(client)) {
                List<Run> runs = new ArrayList<>();
                for (String variant : VARIANTS) {
                    if (!runs.isEmpty()) {
                        reset(client, nodes);
                    }
                    runs.add(switch (variant) {
                        case "batches" -> batches(client, nodes, watcher);
                        case "window" -> window(client, nodes, watcher, false);
                        case "window-taint" -> window(client, nodes, watcher, true);
                        case "sequential" -> sequential(client, kubectl, kubeconfig, nodes, watcher);
                        default -> throw new IllegalArgumentException("unknown variant " + variant
                                + ": use batches, window, window-taint, sequential");
                    });
                }
                report(runs, out);
            }
        }
    }

    // ---- set-up ----------------------------------------------------------------------------------------------------------

    static List<String> setUp(KubernetesClient client) {
        List<String> nodes = IntStream.rangeClosed(1, NODES).mapToObj(i -> String.format(Locale.ROOT, "bench-node-%03d", i)).toList();
        Map<String, Quantity> size = Map.of("cpu", new Quantity("32"), "memory", new Quantity("128Gi"), "pods", new Quantity("110"));
        for (String name : nodes) {
            if (client.nodes().withName(name).get() == null) {
                client.nodes().resource(new NodeBuilder().withNewMetadata().withName(name)
                        .addToAnnotations("kwok.x-k8s.io/node", "fake").addToLabels("type", "kwok")
                        .addToLabels("kubernetes.io/hostname", name).addToLabels("bench", "upgrade").endMetadata()
                        .withNewStatus().withAllocatable(size).withCapacity(size).endStatus().build()).create();
            }
        }
        setVersions(client, nodes, OLD);
        if (client.namespaces().withName(NS).get() == null) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
            until(Instant.now().plusSeconds(60), "service account", () -> client.serviceAccounts().inNamespace(NS)
                    .withName("default").get() != null);
        }
        for (int i = 1; i <= APPS; i++) {
            String app = String.format(Locale.ROOT, "app-%02d", i);
            client.apps().deployments().inNamespace(NS).resource(deployment(app)).serverSideApply();
            var pdb = new PodDisruptionBudgetBuilder().withNewMetadata().withName(app + "-pdb").endMetadata().withNewSpec()
                    .withNewSelector().addToMatchLabels("app", app).endSelector();
            // Mixed budgets: half allow one pod down at a time, half keep 90% available.
            var spec = i % 2 == 1 ? pdb.withMaxUnavailable(new IntOrString(1)) : pdb.withMinAvailable(new IntOrString("90%"));
            client.policy().v1().podDisruptionBudget().inNamespace(NS).resource(spec.endSpec().build()).serverSideApply();
        }
        log("set-up: " + NODES + " nodes, " + APPS + " Deployments x " + REPLICAS + " replicas = " + APPS * REPLICAS
                + " pods, waiting until all are available ...");
        awaitSettled(client, Instant.now().plus(Duration.ofMinutes(15)));
        return nodes;
    }

    static Deployment deployment(String app) {
        return new DeploymentBuilder().withNewMetadata().withName(app).endMetadata().withNewSpec().withReplicas(REPLICAS)
                .withNewSelector().addToMatchLabels("app", app).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", app).endMetadata().withNewSpec()
                .addToNodeSelector("bench", "upgrade").withTerminationGracePeriodSeconds(0L)
                .addNewContainer().withName("app").withImage("registry.invalid/app:1").withNewResources()
                .withRequests(Map.of("cpu", new Quantity("100m"), "memory", new Quantity("64Mi"))).endResources().endContainer()
                .endSpec().endTemplate().endSpec().build();
    }

    static int required(String app) {
        int i = Integer.parseInt(app.substring(4));
        return i % 2 == 1 ? REPLICAS - 1 : (int) Math.ceil(REPLICAS * 0.9);
    }

    /** Every Deployment fully available and every budget's status current: the start line of each run. */
    static void awaitSettled(KubernetesClient client, Instant deadline) {
        until(deadline, "all Deployments available and PDBs current", () -> {
            boolean deployments = client.apps().deployments().inNamespace(NS).list().getItems().stream().allMatch(d ->
                    d.getStatus() != null && java.util.Objects.equals(d.getStatus().getObservedGeneration(),
                            d.getMetadata().getGeneration()) && d.getStatus().getAvailableReplicas() != null
                            && d.getStatus().getAvailableReplicas() == REPLICAS && d.getStatus().getUpdatedReplicas() != null
                            && d.getStatus().getUpdatedReplicas() == REPLICAS);
            long pods = client.pods().inNamespace(NS).list().getItems().stream().filter(ReadyWatcher::isReady).count();
            boolean budgets = client.policy().v1().podDisruptionBudget().inNamespace(NS).list().getItems().stream().allMatch(p ->
                    p.getStatus() != null && p.getStatus().getCurrentHealthy() != null
                            && p.getStatus().getCurrentHealthy() == REPLICAS);
            return deployments && budgets && pods == (long) APPS * REPLICAS;
        });
    }

    static void setVersions(KubernetesClient client, List<String> nodes, String version) {
        parallel(nodes, node -> {
            setVersion(client, node, version);
            return null;
        });
    }

    static void setVersion(KubernetesClient client, String node, String version) {
        retryOnConflict(() -> client.nodes().withName(node).editStatus(n -> {
            n.getStatus().getNodeInfo().setKubeletVersion(version);
            n.getStatus().getNodeInfo().setKubeProxyVersion(version);
            return n;
        }));
    }

    /** kwok writes the nodes' status too: an edit that loses the race is read again and redone. */
    static void retryOnConflict(Runnable edit) {
        for (int attempt = 1; ; attempt++) {
            try {
                edit.run();
                return;
            } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == 20) {
                    throw e;
                }
            }
        }
    }

    static boolean upgraded(KubernetesClient client, String node) {
        Node current = client.nodes().withName(node).get();
        return current != null && NEW.equals(current.getStatus().getNodeInfo().getKubeletVersion())
                && current.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /**
     * Kubelets back to the old version, our taints gone, and every Deployment restarted so that the next run starts with its
     * pods spread by the scheduler again (a run leaves them piled on the nodes upgraded first).
     */
    static void reset(KubernetesClient client, List<String> nodes) {
        log("reset: all kubelets back to " + OLD + ", pods spread again (rollout restart), waiting until all are available ...");
        setVersions(client, nodes, OLD);
        parallel(nodes, node -> {
            setPendingTaint(client, node, false);
            return null;
        });
        String now = Instant.now().toString();
        for (Deployment deployment : client.apps().deployments().inNamespace(NS).list().getItems()) {
            client.apps().deployments().inNamespace(NS).withName(deployment.getMetadata().getName()).edit(d -> {
                d.getSpec().getTemplate().getMetadata().setAnnotations(Map.of("bench.kube-ops.io/restarted-at", now));
                return d;
            });
        }
        awaitSettled(client, Instant.now().plus(Duration.ofMinutes(10)));
    }

    // ---- kube-ops: batches, drained side by side --------------------------------------------------------------------------

    static Run batches(KubernetesClient client, List<String> nodes, ReadyWatcher watcher) {
        log("batches: 1, 2, 4, ... up to " + MAX_BATCH + " nodes, drained in parallel under the PDBs, a barrier after each");
        DrainOptions options = DrainOptions.defaults().withPermissions(true, true, false)
                .withTimeout(Duration.ofMinutes(10), DrainOptions.OnTimeout.FAIL);
        watcher.resetLowest();
        Instant start = Instant.now();
        List<Double> done = new ArrayList<>();
        try (Drainer drainer = new Drainer(client, Clock.systemUTC(), "bench-upgrade")) {
            int index = 0;
            int size = 1;
            int batchNumber = 0;
            evictions = 0;
            while (index < nodes.size()) {
                List<String> batch = nodes.subList(index, Math.min(nodes.size(), index + size));
                batchNumber++;
                DrainReport report = drainer.drain(batch, options, PROGRESS::println);
                evictions += report.nodes().stream().mapToInt(DrainReport.NodeResult::evicted).sum();
                if (!report.allDrained()) {
                    throw new IllegalStateException("batch " + batchNumber + " not drained: " + report.nodes().stream()
                            .filter(n -> !n.outcome().drained()).map(DrainReport.NodeResult::describe).toList());
                }
                double drained = seconds(start);
                setVersions(client, batch, NEW);
                until(Instant.now().plusSeconds(120), "batch " + batchNumber + " Ready on " + NEW,
                        () -> batch.stream().allMatch(node -> upgraded(client, node)));
                parallel(batch, node -> drainer.cordon().uncordon(node));
                double at = seconds(start);
                batch.forEach(node -> done.add(at));
                log(String.format(Locale.ROOT, "batches: batch %d (%d nodes) done at %.1f s (drain %.1f s, upgrade and uncordon "
                        + "%.1f s)", batchNumber, batch.size(), at, report.took().toMillis() / 1000.0, at - drained));
                index += batch.size();
                size = Math.min(size * 2, MAX_BATCH);
            }
        }
        return finish("batches", start, done, watcher, evictions);
    }

    // ---- kube-ops: a sliding window ---------------------------------------------------------------------------------------

    /**
     * The canary node alone, then up to MAX_BATCH nodes in flight: the next node starts as soon as one is drained, on the
     * new version, Ready and uncordoned. With {@code taint}, every node still to come carries our PreferNoSchedule taint.
     */
    static Run window(KubernetesClient client, List<String> nodes, ReadyWatcher watcher, boolean taint) {
        String name = taint ? "window-taint" : "window";
        log(name + ": the canary node, then up to " + MAX_BATCH + " nodes in flight" + (taint ? ", replacements kept off "
                + "the nodes still to come (PreferNoSchedule " + PENDING_TAINT + ")" : ""));
        DrainOptions options = DrainOptions.defaults().withPermissions(true, true, false)
                .withTimeout(Duration.ofMinutes(10), DrainOptions.OnTimeout.FAIL);
        if (taint) {
            parallel(nodes, node -> {
                setPendingTaint(client, node, true);
                return null;
            });
        }
        watcher.resetLowest();
        Instant start = Instant.now();
        List<Double> done = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicInteger evicted = new java.util.concurrent.atomic.AtomicInteger();
        try (Drainer drainer = new Drainer(client, Clock.systemUTC(), "bench-upgrade");
             Drainer.Session session = drainer.session(options)) {
            java.util.function.Function<String, Void> upgrade = node -> {
                DrainReport.NodeResult result = session.drain(node, PROGRESS::println);
                evicted.addAndGet(result.evicted());
                if (!result.outcome().drained()) {
                    throw new IllegalStateException("node " + node + " not drained: " + result.describe());
                }
                setVersion(client, node, NEW);
                until(Instant.now().plusSeconds(120), node + " Ready on " + NEW, () -> upgraded(client, node));
                if (taint) {
                    setPendingTaint(client, node, false);
                }
                drainer.cordon().uncordon(node);
                done.add(seconds(start));
                if (done.size() % 10 == 0 || done.size() == 1) {
                    log(String.format(Locale.ROOT, "%s: %d nodes done at %.1f s", name, done.size(), seconds(start)));
                }
                return null;
            };
            upgrade.apply(nodes.get(0));
            parallel(nodes.subList(1, nodes.size()), MAX_BATCH, upgrade);
        }
        return finish(name, start, done, watcher, evicted.get());
    }

    static void setPendingTaint(KubernetesClient client, String node, boolean present) {
        retryOnConflict(() -> client.nodes().withName(node).edit(n -> {
            List<io.fabric8.kubernetes.api.model.Taint> taints = new ArrayList<>(n.getSpec().getTaints() == null ? List.of()
                    : n.getSpec().getTaints());
            taints.removeIf(t -> PENDING_TAINT.equals(t.getKey()));
            if (present) {
                taints.add(new io.fabric8.kubernetes.api.model.TaintBuilder().withKey(PENDING_TAINT)
                        .withEffect("PreferNoSchedule").build());
            }
            n.getSpec().setTaints(taints);
            return n;
        }));
    }

    // ---- the baseline: what a person runs, node after node ----------------------------------------------------------------

    static Run sequential(KubernetesClient client, String kubectl, Path kubeconfig, List<String> nodes, ReadyWatcher watcher)
            throws IOException, InterruptedException {
        log("sequential: kubectl drain / patch / wait / uncordon, node after node");
        watcher.resetLowest();
        Instant start = Instant.now();
        List<Double> done = new ArrayList<>();
        String k = kubectl + " --kubeconfig " + kubeconfig;
        evictions = 0;
        for (String node : nodes) {
            evictions += (int) sh(k + " drain " + node + " --ignore-daemonsets --delete-emptydir-data --timeout=10m").lines()
                    .filter(line -> line.endsWith(" evicted")).count();
            sh(k + " patch node " + node + " --subresource=status --type=merge -p '{\"status\":{\"nodeInfo\":{\"kubeletVersion\":\""
                    + NEW + "\",\"kubeProxyVersion\":\"" + NEW + "\"}}}'");
            sh(k + " wait node/" + node + " --for=jsonpath='{.status.nodeInfo.kubeletVersion}'=" + NEW + " --timeout=5m");
            sh(k + " wait node/" + node + " --for=condition=Ready --timeout=5m");
            sh(k + " uncordon " + node);
            done.add(seconds(start));
            if (done.size() % 10 == 0) {
                log(String.format(Locale.ROOT, "sequential: %d nodes done at %.1f s", done.size(), seconds(start)));
            }
        }
        return finish("sequential", start, done, watcher, evictions);
    }

    static String sh(String command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException("failed: " + command + "\n" + output);
        }
        return output;
    }

    static Run finish(String name, Instant start, List<Double> done, ReadyWatcher watcher, int evictions) {
        double seconds = seconds(start);
        Map<String, Integer> lowest = watcher.lowest();
        List<String> violations = lowest.entrySet().stream().filter(e -> e.getValue() < required(e.getKey()))
                .map(e -> e.getKey() + " went down to " + e.getValue() + " Ready (budget needs " + required(e.getKey()) + ")")
                .toList();
        log(String.format(Locale.ROOT, "%s: %d nodes in %.1f s, %d pods evicted, %d PDB violations", name, done.size(), seconds,
                evictions, violations.size()));
        return new Run(name, seconds, done, lowest, violations, evictions);
    }

    // ---- the watcher ------------------------------------------------------------------------------------------------------

    /** Ready, not terminating pods per app, from an informer; the lowest count per app since the last reset. */
    static final class ReadyWatcher implements AutoCloseable {
        private final Map<String, String> readyApps = new ConcurrentHashMap<>(); // uid -> app, for Ready pods only
        private final Map<String, Integer> lowest = new ConcurrentHashMap<>();
        private final SharedIndexInformer<Pod> informer;

        ReadyWatcher(KubernetesClient client) {
            informer = client.pods().inNamespace(NS).inform(new ResourceEventHandler<>() {
                @Override
                public void onAdd(Pod pod) {
                    update(pod);
                }

                @Override
                public void onUpdate(Pod old, Pod pod) {
                    update(pod);
                }

                @Override
                public void onDelete(Pod pod, boolean unknownFinalState) {
                    remove(pod);
                }
            });
        }

        static boolean isReady(Pod pod) {
            return pod.getMetadata().getDeletionTimestamp() == null && pod.getStatus() != null
                    && pod.getStatus().getConditions() != null && pod.getStatus().getConditions().stream()
                    .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
        }

        private synchronized void update(Pod pod) {
            String app = pod.getMetadata().getLabels().get("app");
            if (isReady(pod)) {
                readyApps.put(pod.getMetadata().getUid(), app);
            } else {
                readyApps.remove(pod.getMetadata().getUid());
            }
            record(app);
        }

        private synchronized void remove(Pod pod) {
            readyApps.remove(pod.getMetadata().getUid());
            record(pod.getMetadata().getLabels().get("app"));
        }

        private void record(String app) {
            int count = (int) readyApps.values().stream().filter(app::equals).count();
            lowest.merge(app, count, Math::min);
        }

        /** From the informer's store, not from the events still queued for the handler: the counts now, as the new lowest. */
        synchronized void resetLowest() {
            until(Instant.now().plusSeconds(60), "pod watcher synced", informer::hasSynced);
            readyApps.clear();
            informer.getStore().list().stream().filter(ReadyWatcher::isReady)
                    .forEach(pod -> readyApps.put(pod.getMetadata().getUid(), pod.getMetadata().getLabels().get("app")));
            lowest.clear();
            readyApps.values().stream().distinct().forEach(this::record);
        }

        synchronized Map<String, Integer> lowest() {
            return new java.util.TreeMap<>(lowest);
        }

        @Override
        public void close() {
            informer.close();
        }
    }

    // ---- output -----------------------------------------------------------------------------------------------------------

    /** Each kube-ops run against the sequential one (the last run); the goal is judged on the engine's way ("window"). */
    static void report(List<Run> runs, Path out) throws IOException {
        Run sequential = runs.get(runs.size() - 1);
        if (!sequential.name().equals("sequential")) {
            throw new IllegalArgumentException("the last variant must be sequential, the baseline");
        }
        Run judged = runs.stream().filter(r -> r.name().equals("window")).findFirst().orElse(runs.get(0));
        System.out.println();
        System.out.printf(Locale.ROOT, "Upgrade benchmark: %d kwok nodes, %d pods in %d Deployments with PDBs (maxUnavailable 1 / "
                + "minAvailable 90%%), up to %d nodes at once%n", NODES, APPS * REPLICAS, APPS, MAX_BATCH);
        for (Run run : runs) {
            System.out.printf(Locale.ROOT, "  %-12s %7.1f s wall, %4d pods evicted (%.1f per s), %d PDB violations%s%s%n",
                    run.name(), run.seconds(), run.evictions(), run.evictions() / run.seconds(), run.violations().size(),
                    run == sequential ? "" : String.format(Locale.ROOT, ", ratio sequential / %s = %.1fx", run.name(),
                            sequential.seconds() / run.seconds()),
                    run.violations().isEmpty() ? "" : ": " + run.violations());
        }
        double ratio = sequential.seconds() / judged.seconds();
        int violations = judged.violations().size() + sequential.violations().size();
        boolean met = ratio >= 5 && violations == 0;
        String goal = String.format(Locale.ROOT, "goal: >= 5x faster than sequential with 0 violations (%s): %s (%.1fx, %d "
                + "violations)", judged.name(), met ? "met" : "not met", ratio, violations);
        System.out.println(goal);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("nodes", NODES);
        json.put("pods", APPS * REPLICAS);
        json.put("deployments", APPS);
        json.put("maxBatch", MAX_BATCH);
        for (Run run : runs) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("seconds", round(run.seconds()));
            if (run != sequential) {
                entry.put("ratio", round(sequential.seconds() / run.seconds()));
            }
            entry.put("violations", run.violations());
            entry.put("podsEvicted", run.evictions());
            entry.put("lowestReady", run.lowest());
            entry.put("nodeDoneSeconds", run.nodeDoneSeconds().stream().map(UpgradeBench::round).toList());
            json.put(run.name(), entry);
        }
        json.put("ratio", round(ratio));
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
                NODES, APPS * REPLICAS), left, 28);
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
        for (int n = 0; n <= NODES; n += Math.max(1, NODES / 5)) {
            int y = top + plotHeight - (int) ((double) n / NODES * plotHeight);
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
                int y = top + plotHeight - (int) ((double) (i + 1) / NODES * plotHeight);
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

    // ---- helpers ----------------------------------------------------------------------------------------------------------

    static <T> List<T> parallel(List<String> items, java.util.function.Function<String, T> call) {
        return parallel(items, 8, call);
    }

    /** At most {@code threads} at once, started in the items' order, each as soon as a thread is free. */
    static <T> List<T> parallel(List<String> items, int threads, java.util.function.Function<String, T> call) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<T>> futures = items.stream().map(item -> pool.submit(() -> call.apply(item))).toList();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            pool.shutdownNow();
        }
    }

    static void until(Instant deadline, String what, java.util.function.BooleanSupplier condition) {
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    static double seconds(Instant start) {
        return Duration.between(start, Instant.now()).toMillis() / 1000.0;
    }

    static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }

    static void log(String line) {
        System.out.println("[bench] " + line);
    }
}
