package io.jenkins.plugins.kubeops.engine.upgrade;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.jenkins.plugins.kubeops.engine.cluster.ClusterErrors;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import io.jenkins.plugins.kubeops.engine.common.Progress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Runs one {@link UpgradeStep.NodeRoll}: nodes start as its {@link RollingWindow} says (which node next follows the pods'
 * disruption budgets, read once when the roll starts: {@link BudgetSpread}), each in its own thread (record as
 * cordoned, cordon, drain, upgrade, wait for the version and Ready, uncordon, record as done), while this thread decides.
 * No new node starts after a failure, a pause or abort request, outside the maintenance window, or while a health gate is
 * due; the nodes in flight always finish first, so none is left half-way by the run's own choice. Every node still to come
 * carries the upgrade's {@link PendingTaint} while the roll runs.
 */
final class NodeRollRun {

    /** How a roll ended without a failure (a failure throws, after the nodes in flight finished). */
    enum End {
        /** Every node of the step finished: the step is done. */
        COMPLETE,
        /** A pause or abort request, or the maintenance window closed: the caller looks at the state again. */
        STOPPED,
        /** A checkpoint under "pause after each batch": the caller pauses. */
        CHECKPOINT
    }

    private static final int TAINT_WRITERS = 8;

    /** What a node's thread reports: finished (done, skipped or gone), or why it failed. */
    private record Completion(String node, String failure, Error error) {
    }

    private final UpgradeStateStore store;
    private final UpgradeService.Settings settings;
    private final Polling polling;
    private final Progress progress;
    private final NodeCordon cordon;
    private final PendingTaint taint;
    private final Supplier<NodeDrainer> drainer;
    private final NodeUpgrader upgrader;
    private final UpgradeWaits waits;
    private final HealthGates gates;
    private final Function<List<String>, BudgetSpread> budgets;

    NodeRollRun(UpgradeStateStore store, UpgradeService.Settings settings, Polling polling, Progress progress, NodeCordon cordon,
                PendingTaint taint, Supplier<NodeDrainer> drainer, NodeUpgrader upgrader, UpgradeWaits waits, HealthGates gates,
                Function<List<String>, BudgetSpread> budgets) {
        this.store = store;
        this.settings = settings;
        this.polling = polling;
        this.progress = progress;
        this.cordon = cordon;
        this.taint = taint;
        this.drainer = drainer;
        this.upgrader = upgrader;
        this.waits = waits;
        this.gates = gates;
        this.budgets = budgets;
    }

    /** Rolls the step's nodes that are not finished yet; {@code pending} are all nodes of this and later rolls still to come. */
    End run(UpgradeStep.NodeRoll roll, List<String> pending) {
        RollingWindow window = roll.window();
        Set<String> finished = new LinkedHashSet<>(finished(current(), roll));
        if (window.complete(finished)) {
            return End.COMPLETE;
        }
        taintAll(pending);
        BudgetSpread spread = budgets.apply(roll.nodes());
        if (!spread.widths().isEmpty() && roll.maxInFlight() > 1) {
            progress.say(roll.group() + ": pods under " + spread.widths().size() + " disruption budget(s); the next node is "
                    + "the one whose pods would wait least behind those of the nodes in flight");
        }
        Set<String> inFlight = new LinkedHashSet<>();
        BlockingQueue<Completion> completions = new LinkedBlockingQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(roll.maxInFlight(), runnable -> {
            Thread thread = new Thread(runnable, "kube-ops-upgrade-node");
            thread.setDaemon(true);
            return thread;
        });
        List<String> failures = new ArrayList<>();
        End stop = null;
        boolean gateDue = false;
        try {
            while (true) {
                if (failures.isEmpty() && stop == null && gateDue) {
                    try {
                        gates.await("after " + finished.size() + " of " + roll.nodes().size() + " nodes of " + roll.group()
                                + (inFlight.isEmpty() ? "" : " (" + inFlight.size() + " in flight, not looked at)"), progress,
                                Set.copyOf(inFlight));
                        gateDue = false;
                    } catch (KubeOpsException e) {
                        failures.add(e.getMessage());
                    }
                }
                if (failures.isEmpty() && stop == null) {
                    UpgradeState state = current();
                    if (state.abortRequested() || state.pauseRequested()) {
                        stop = End.STOPPED;
                    } else if (state.window().isPresent() && !state.window().get().isOpen(polling.now())) {
                        stop = End.STOPPED;
                    } else {
                        for (String node : window.toStart(finished, inFlight, spread)) {
                            inFlight.add(node);
                            pool.submit(() -> completions.add(upgrade(node, roll.version())));
                        }
                    }
                }
                if (inFlight.isEmpty()) {
                    break;
                }
                Completion completion = completions.poll(pollMillis(), TimeUnit.MILLISECONDS);
                if (completion == null) {
                    continue;
                }
                if (completion.error() != null) {
                    throw completion.error(); // the JVM is in trouble: stop like a dead process, resume picks up
                }
                inFlight.remove(completion.node());
                if (completion.failure() != null) {
                    failures.add(completion.node() + ": " + completion.failure());
                    continue;
                }
                finished.add(completion.node());
                if (window.checkpointAfter(finished.size())) {
                    if (settings.pauseAfterEachBatch()) {
                        stop = stop == null ? End.CHECKPOINT : stop;
                    } else {
                        gateDue = true;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KubeOpsException("interrupted while upgrading " + String.join(", ", inFlight), e);
        } finally {
            pool.shutdownNow();
        }
        if (!failures.isEmpty()) {
            throw new KubeOpsException(roll.group() + ": " + String.join("; ", failures) + " (no new node was started after "
                    + "that; the nodes already in flight finished)");
        }
        if (window.complete(finished)) {
            return End.COMPLETE;
        }
        // A pause or a closed window may last long: the taints would keep weighing on the scheduler for nothing.
        taint.removeEverywhere();
        return stop == null ? End.STOPPED : stop;
    }

    /** Taints the nodes still to come, a few at a time: one by one, 100 nodes would hold back the canary by seconds. */
    private void taintAll(List<String> nodes) {
        ExecutorService writers = Executors.newFixedThreadPool(TAINT_WRITERS, runnable -> {
            Thread thread = new Thread(runnable, "kube-ops-upgrade-taint");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<?>> writes = nodes.stream().map(n -> writers.submit(() -> taint.add(n))).collect(Collectors.toList());
            for (Future<?> write : writes) {
                write.get();
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new KubeOpsException(e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KubeOpsException("interrupted while tainting the nodes still to come", e);
        } finally {
            writers.shutdownNow();
        }
    }

    /** The step's nodes upgraded or given up on (onTimeout skip) by this upgrade so far. */
    static List<String> finished(UpgradeState state, UpgradeStep.NodeRoll roll) {
        return roll.nodes().stream().filter(n -> state.doneNodes().contains(n) || state.skippedNodes().contains(n)).toList();
    }

    private long pollMillis() {
        return Math.max(50, Math.min(settings.pollInterval().toMillis(), Duration.ofSeconds(2).toMillis()));
    }

    private Completion upgrade(String node, KubeVersion version) {
        try {
            upgradeNode(node, version);
            return new Completion(node, null, null);
        } catch (KubeOpsException e) {
            return new Completion(node, e.getMessage(), null);
        } catch (KubernetesClientException e) {
            return new Completion(node, ClusterErrors.explain(e), null);
        } catch (RuntimeException e) {
            return new Completion(node, String.valueOf(e), null);
        } catch (Error e) {
            return new Completion(node, null, e);
        }
    }

    private void upgradeNode(String node, KubeVersion version) {
        store.modify(s -> s.cordoned(List.of(node)).at(polling.now())); // the intent first: a crash right after still knows it
        NodeCordon.Result cordoned = cordon.cordon(node);
        switch (cordoned.outcome()) {
            case CORDONED_BY_OTHER -> throw new KubeOpsException(cordoned.describe() + ": it was cordoned after the plan was "
                    + "made; find out why, uncordon it, then resume.");
            case GONE -> {
                progress.say("node " + node + " no longer exists: skipped");
                store.modify(s -> s.uncordoned(node));
                return;
            }
            default -> progress.say(cordoned.describe());
        }
        NodeDrainer.Result drained = Interruptible.call(() -> drainer.get().drain(List.of(node), progress));
        String failed = drained.failed().get(node);
        if (failed != null && failed.startsWith(UpgradeRun.SKIPPED)) {
            // onTimeout skip: the drain gave up on the node and the upgrade goes on without it, leaving it as it was.
            taint.remove(node);
            progress.say("node " + node + " is skipped (" + failed + "): " + cordon.uncordon(node).describe()
                    + ", it keeps its version");
            store.modify(s -> s.skipped(node).at(polling.now()));
            return;
        }
        if (failed != null) {
            throw new KubeOpsException("drain failed, the node was not upgraded: " + failed);
        }
        store.modify(s -> s.nodeStarted(node).at(polling.now()));
        if (waits.nodePending(node, version).isEmpty()) {
            progress.say("node " + node + " already reports " + version + " and Ready: not upgraded again");
        } else {
            Interruptible.run(() -> upgrader.upgradeKubelet(node, version, progress));
        }
        waits.node(node, version, progress);
        taint.remove(node);
        NodeCordon.Result result = cordon.uncordon(node);
        UpgradeState state = store.modify(s -> s.nodeDone(node).at(polling.now()));
        progress.say("node " + node + " runs " + version + " and is Ready; " + result.describe() + " ("
                + state.doneNodes().size() + " node(s) done)");
    }

    private UpgradeState current() {
        return store.read().orElseThrow(() -> new KubeOpsException("the upgrade state ConfigMap " + UpgradeStateStore.NAMESPACE
                + "/" + store.name() + " is gone: someone deleted it while the upgrade ran."));
    }
}
