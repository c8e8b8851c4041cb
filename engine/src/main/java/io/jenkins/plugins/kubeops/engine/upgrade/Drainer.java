package io.jenkins.plugins.kubeops.engine.upgrade;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import io.jenkins.plugins.kubeops.engine.common.Progress;
import io.jenkins.plugins.kubeops.engine.upgrade.DrainReport.NodeResult;
import io.jenkins.plugins.kubeops.engine.upgrade.DrainReport.Outcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;

/**
 * Drains nodes the way kubectl drain does ({@link DrainRules}), but all nodes of a batch side by side: cordon (marked with
 * the operation id, see {@link NodeCordon}), evict through the policy/v1 Eviction API with back-off while disruption
 * budgets refuse, wait until each evicted pod is gone, and apply onTimeout at each node's own deadline.
 */
public final class Drainer implements AutoCloseable {

    /** Nodes drained at once; more nodes than this wait for a free slot (their deadline starts when they start). */
    static final int MAX_NODES_AT_ONCE = 64;

    private final KubernetesClient client;
    private final Clock clock;
    private final RandomGenerator random;
    private final NodeCordon cordon;
    private final EvictionClient api;
    private final List<Session> sessions = new java.util.concurrent.CopyOnWriteArrayList<>();

    public Drainer(KubernetesClient client, Clock clock, String operationId) {
        this(client, clock, new Random(), operationId);
    }

    Drainer(KubernetesClient client, Clock clock, RandomGenerator random, String operationId) {
        this.client = client;
        this.clock = clock;
        this.random = random;
        this.cordon = new NodeCordon(client, operationId);
        this.api = new EvictionClient(client);
    }

    public NodeCordon cordon() {
        return cordon;
    }

    /**
     * Cordons and drains the nodes in parallel. Never uncordons: a node that fails stays cordoned (as with kubectl), and
     * {@link #uncordon} gives back exactly the nodes this operation cordoned.
     */
    public DrainReport drain(List<String> nodes, DrainOptions options, Progress progress) {
        try (Session session = session(options)) {
            return session.drain(nodes, progress);
        }
    }

    /**
     * A drain of nodes that start at different times (a rolling upgrade's window): nodes drained through one session share
     * its eviction requests and its disruption budgets' watches and in-flight slots, exactly as the nodes of one
     * {@link #drain} call do. Thread-safe; closing the drainer closes its sessions.
     */
    public Session session(DrainOptions options) {
        Session session = new Session(options);
        sessions.add(session);
        return session;
    }

    /** See {@link #session}. */
    public final class Session implements AutoCloseable {
        private final DrainOptions options;
        private final ExecutorService requests;
        private final DrainBudgetCache budgets = new DrainBudgetCache(api::watchBudgets);

        private Session(DrainOptions options) {
            this.options = options;
            AtomicInteger requestThreads = new AtomicInteger();
            this.requests = Executors.newFixedThreadPool(options.parallelism(), daemon("kube-ops-evict-", requestThreads));
        }

        /** Cordons and drains one node in the calling thread; never uncordons (see {@link Drainer#drain}). */
        public NodeResult drain(String node, Progress progress) {
            return drainOne(checkNodeNames(List.of(node)).get(0), options, progress, requests, budgets);
        }

        /** Cordons and drains the nodes side by side, each in its own thread (see {@link Drainer#drain}). */
        public DrainReport drain(List<String> nodes, Progress progress) {
            List<String> names = checkNodeNames(nodes);
            Instant started = clock.instant();
            AtomicInteger nodeThreads = new AtomicInteger();
            ExecutorService perNode = Executors.newFixedThreadPool(Math.min(names.size(), MAX_NODES_AT_ONCE),
                    daemon("kube-ops-drain-", nodeThreads));
            try {
                List<Future<NodeResult>> futures = new ArrayList<>();
                for (String node : names) {
                    futures.add(perNode.submit(() -> drain(node, progress)));
                }
                List<NodeResult> results = new ArrayList<>();
                for (int i = 0; i < names.size(); i++) {
                    results.add(await(names.get(i), futures.get(i)));
                }
                return new DrainReport(results, Duration.between(started, clock.instant()));
            } finally {
                perNode.shutdownNow();
            }
        }

        @Override
        public void close() {
            sessions.remove(this);
            requests.shutdownNow();
            budgets.close();
        }
    }

    private NodeResult drainOne(String node, DrainOptions options, Progress progress, ExecutorService requests,
                                DrainBudgetCache budgets) {
        Instant started = clock.instant();
        DrainNodeLoop loop = new DrainNodeLoop(node, options, progress, api, requests, clock, random, budgets);
        try {
            // Refused before cordoning when the rules forbid it already, so a refusal changes nothing.
            DrainPlan before = loop.plan();
            if (before.isBlocked()) {
                return refused(node, false, before, progress, started);
            }
            NodeCordon.Result cordoned = cordon.cordon(node);
            if (cordoned.outcome() == NodeCordon.Outcome.GONE) {
                return new NodeResult(node, Outcome.FAILED, false, 0, List.of(), List.of(),
                        "node does not exist: check the name with 'kubectl get nodes'", Duration.ZERO);
            }
            progress.say("drain " + node + ": " + cordoned.describe());
            // Pods may have arrived between the first look and the cordon.
            DrainPlan plan = loop.plan();
            if (plan.isBlocked()) {
                return refused(node, cordoned.cordonedByUs(), plan, progress, started);
            }
            return loop.run(plan, cordoned.cordonedByUs(), started);
        } catch (KubernetesClientException e) {
            String message = "API server error while draining (" + e.getMessage() + ")";
            progress.say("drain " + node + ": failed: " + message);
            return new NodeResult(node, Outcome.FAILED, false, 0, List.of(), List.of(), message,
                    Duration.between(started, clock.instant()));
        }
    }

    private NodeResult refused(String node, boolean cordonedByUs, DrainPlan plan, Progress progress, Instant started) {
        String message = plan.refusal().orElseThrow() + (cordonedByUs ? " (the node stays cordoned)" : " (nothing was changed)");
        progress.say("drain refused: " + message);
        return new NodeResult(node, Outcome.REFUSED, cordonedByUs, 0, List.of(), List.of(), message,
                Duration.between(started, clock.instant()));
    }

    /**
     * The orchestrator's view: nodes DRAINED or FORCED may be upgraded; REFUSED, FAILED and SKIPPED ones may not, with the
     * reason. Cordons with this drainer's operation id (a node the orchestrator cordoned with the same id is left as it is).
     */
    public NodeDrainer asNodeDrainer(DrainOptions options) {
        // One session for all calls: nodes of a rolling window drained by different calls share the budgets' slots.
        Session session = session(options);
        return (nodes, progress) -> {
            DrainReport report = session.drain(nodes, progress);
            List<String> drained = new ArrayList<>();
            java.util.Map<String, String> failed = new java.util.LinkedHashMap<>();
            for (NodeResult node : report.nodes()) {
                if (node.outcome().drained()) {
                    drained.add(node.node());
                } else {
                    failed.put(node.node(), node.outcome().name().toLowerCase(java.util.Locale.ROOT) + ": " + node.message()
                            + (node.left().isEmpty() ? "" : "; left: " + String.join("; ", node.left())));
                }
            }
            return new NodeDrainer.Result(drained, failed);
        };
    }

    /** Uncordons the nodes this operation cordoned; nodes cordoned by anyone else are reported and stay cordoned. */
    public List<NodeCordon.Result> uncordon(List<String> nodes, Progress progress) {
        List<NodeCordon.Result> results = new ArrayList<>();
        for (String node : checkNodeNames(nodes)) {
            NodeCordon.Result result = cordon.uncordon(node);
            progress.say(result.describe());
            results.add(result);
        }
        return results;
    }

    /** Node names as given, duplicates dropped; a malformed name is refused with the fix. */
    public static List<String> checkNodeNames(List<String> nodes) {
        if (nodes == null || nodes.isEmpty()) {
            throw new KubeOpsException("no node to drain: name at least one node (see 'kubectl get nodes').");
        }
        for (String node : nodes) {
            if (node == null || !node.matches("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?")) {
                throw new KubeOpsException("node name '" + node + "' is invalid: use the name 'kubectl get nodes' shows, "
                        + "e.g. worker-1.");
            }
        }
        return List.copyOf(new LinkedHashSet<>(nodes));
    }

    private NodeResult await(String node, Future<NodeResult> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            return new NodeResult(node, Outcome.FAILED, false, 0, List.of(), List.of(), String.valueOf(cause.getMessage()),
                    Duration.ZERO);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KubeOpsException("drain interrupted", e);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String prefix, AtomicInteger counter) {
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public void close() {
        sessions.forEach(Session::close);
        api.close();
    }

    KubernetesClient client() {
        return client;
    }
}
