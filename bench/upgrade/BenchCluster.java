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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/** The upgrade bench's cluster: nodes, Deployments under budgets, versions, resets, the Ready watcher, helpers. */
final class BenchCluster {

    static final String NS = "bench-upgrade";
    static final int NODES = Integer.getInteger("bench.nodes", 100);
    static final int APPS = Integer.getInteger("bench.apps", 50);
    static final int REPLICAS = Integer.getInteger("bench.replicas", 21);
    /** Ours, PreferNoSchedule: replacements keep off the nodes still to be upgraded while there is room elsewhere. */
    static final String PENDING_TAINT = "kube-ops.io/upgrade-pending";

    /** The kubelet version every node starts on, one minor below the control plane, and the one it is upgraded to. */
    static String old;
    static String target;

    private BenchCluster() {
    }

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
        setVersions(client, nodes, old);
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
        return current != null && target.equals(current.getStatus().getNodeInfo().getKubeletVersion())
                && current.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /**
     * Kubelets back to the old version, our taints gone, and every Deployment restarted so that the next run starts with its
     * pods spread by the scheduler again (a run leaves them piled on the nodes upgraded first).
     */
    static void reset(KubernetesClient client, List<String> nodes) {
        log("reset: all kubelets back to " + old + ", pods spread again (rollout restart), waiting until all are available ...");
        setVersions(client, nodes, old);
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


    // ---- the watcher ------------------------------------------------------------------------------------------------------

    /** Ready, not terminating pods per app, from an informer; the lowest count per app and the deletions since the last reset. */
    static final class ReadyWatcher implements AutoCloseable {
        private final Map<String, String> readyApps = new ConcurrentHashMap<>(); // uid -> app, for Ready pods only
        private final Map<String, Integer> lowest = new ConcurrentHashMap<>();
        private final AtomicInteger deleted = new AtomicInteger();
        private final Map<String, List<Long>> deletedAt = new ConcurrentHashMap<>(); // app -> nanoTime of each deletion
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
                    deleted.incrementAndGet();
                    deletedAt.computeIfAbsent(pod.getMetadata().getLabels().get("app"),
                            app -> java.util.Collections.synchronizedList(new ArrayList<>())).add(System.nanoTime());
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
            deleted.set(0);
            deletedAt.clear();
        }

        /**
         * The budget cycle: the median time between two evictions under one {@code maxUnavailable: 1} budget (evict, the
         * replacement scheduled and Ready, the budget recounted), in seconds; 0 without two evictions.
         */
        double budgetCycle() {
            List<Double> gaps = new ArrayList<>();
            deletedAt.forEach((app, times) -> {
                if (Integer.parseInt(app.substring(4)) % 2 == 1) {
                    List<Long> sorted = new ArrayList<>(times);
                    java.util.Collections.sort(sorted);
                    for (int i = 1; i < sorted.size(); i++) {
                        gaps.add((sorted.get(i) - sorted.get(i - 1)) / 1e9);
                    }
                }
            });
            java.util.Collections.sort(gaps);
            return gaps.isEmpty() ? 0 : gaps.get(gaps.size() / 2);
        }

        /** Pods deleted since the last reset: every eviction ends in one (nothing else deletes pods during a run). */
        int deleted() {
            return deleted.get();
        }

        synchronized Map<String, Integer> lowest() {
            return new java.util.TreeMap<>(lowest);
        }

        @Override
        public void close() {
            informer.close();
        }
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
