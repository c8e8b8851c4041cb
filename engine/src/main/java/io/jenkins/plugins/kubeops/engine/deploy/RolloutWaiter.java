package io.jenkins.plugins.kubeops.engine.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Waits for a release's workloads to roll out, driven by watches (one informer per kind and namespace) rather than
 * polling: every change re-evaluates {@link RolloutRules}. Pods are read only to explain a workload that is still waiting
 * or has failed (a list per namespace then), not watched: their many status changes decide nothing. Stops at the first failure (e.g. a
 * Deployment's progress deadline) or at the one overall deadline, reporting which workloads were waiting and why. The
 * watches may be started before the workloads are applied ({@link #watch}); {@link #await} stops them, and so does
 * {@link #close} when the rollout is never awaited.
 */
public final class RolloutWaiter implements AutoCloseable {

    /**
     * A workload of the release, with its kind as the server knows it.
     *
     * @param uid        of the object the apply returned ("" when unknown): a watched object with another uid is an older
     *                   one of the same name, not yet replaced in the watch
     * @param generation of the object the apply returned (0 when unknown): a watched object of a lower generation is the
     *                   state from before the apply, which a watch started earlier may still hold
     */
    public record Workload(KindInfo kind, String namespace, String name, String uid, long generation) {
        public Workload(KindInfo kind, String namespace, String name) {
            this(kind, namespace, name, "", 0);
        }

        Workload appliedAs(String uid, long generation) {
            return new Workload(kind, namespace, name, uid == null ? "" : uid, generation);
        }

        /** Whether the watch shows this object as applied, or later. */
        boolean seenIn(GenericKubernetesResource current) {
            long seen = current.getMetadata().getGeneration() == null ? 0 : current.getMetadata().getGeneration();
            return (uid.isEmpty() || uid.equals(current.getMetadata().getUid())) && seen >= generation;
        }

        String display() {
            return kind.kind() + "/" + name;
        }
    }

    public record Outcome(boolean succeeded, List<String> evidence) {
        public Outcome {
            evidence = List.copyOf(evidence);
        }
    }

    static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);

    private final KubernetesClient client;
    private final Clock clock;
    private final Map<String, SharedIndexInformer<GenericKubernetesResource>> byKind = new HashMap<>();
    /** Completes when each started watch has its first list. */
    private final List<CompletableFuture<Void>> syncs = new ArrayList<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Counts informer events (guarded by lock), so a change between evaluation and waiting is never missed. */
    private long changes;

    public RolloutWaiter(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    public Outcome await(List<Workload> workloads, Instant deadline, Consumer<String> progress) {
        return await(workloads, deadline, progress, RolloutRules::evaluate);
    }

    /**
     * Starts the watches these workloads need and returns at once. Called before the workloads are applied, the watches'
     * first lists and the apply overlap, and the watches already hold every change when {@link #await} begins.
     */
    public RolloutWaiter watch(List<Workload> workloads) {
        for (Workload workload : workloads) {
            byKind.computeIfAbsent(key(workload), key -> started(client.genericKubernetesResources(
                    ResourceApplier.context(workload.kind())).inNamespace(workload.namespace()).runnableInformer(0)));
        }
        return this;
    }

    /** @param rules when a workload is done, waiting or failed (chart hooks: {@link RolloutRules#hookCompletion}) */
    public Outcome await(List<Workload> workloads, Instant deadline, Consumer<String> progress,
                         java.util.function.Function<GenericKubernetesResource, RolloutRules.State> rules) {
        if (workloads.isEmpty()) {
            close();
            return new Outcome(true, List.of());
        }
        try {
            watch(workloads);
            if (!synced(deadline)) {
                return new Outcome(false, List.of("timed out waiting for the rollout (the watches of " + byKind.size()
                        + " kinds were not in sync before the deadline)"));
            }
            Instant nextProgress = clock.instant().plus(PROGRESS_EVERY);
            while (true) {
                long seen = changes();
                Map<Workload, RolloutRules.State> states = new LinkedHashMap<>();
                for (Workload workload : workloads) {
                    states.put(workload, state(workload, rules));
                }
                List<Workload> failed = states.entrySet().stream().filter(e -> e.getValue().phase() == RolloutRules.Phase.FAILED)
                        .map(Map.Entry::getKey).toList();
                List<Workload> waiting = states.entrySet().stream().filter(e -> e.getValue().phase() == RolloutRules.Phase.WAITING)
                        .map(Map.Entry::getKey).toList();
                if (failed.isEmpty() && waiting.isEmpty()) {
                    return new Outcome(true, List.of());
                }
                Instant now = clock.instant();
                if (!failed.isEmpty() || !now.isBefore(deadline)) {
                    List<String> evidence = new ArrayList<>();
                    Map<String, List<Pod>> pods = new HashMap<>();
                    if (failed.isEmpty()) {
                        evidence.add("timed out waiting for the rollout (" + waiting.size() + " of " + workloads.size()
                                + " workloads not ready)");
                    }
                    for (Workload workload : failed.isEmpty() ? waiting : failed) {
                        evidence.addAll(explain(workload, states.get(workload), pods));
                    }
                    return new Outcome(false, evidence);
                }
                if (!now.isBefore(nextProgress)) {
                    Map<String, List<Pod>> pods = new HashMap<>();
                    for (Workload workload : waiting) {
                        progress.accept("waiting for " + String.join("; ", explain(workload, states.get(workload), pods)));
                    }
                    nextProgress = now.plus(PROGRESS_EVERY);
                }
                awaitChange(seen, clock.instant().plus(Duration.between(now, earliest(deadline, nextProgress))));
            }
        } finally {
            close();
        }
    }

    /** Stops every watch; safe to call more than once. */
    @Override
    public void close() {
        byKind.values().forEach(SharedIndexInformer::close);
        byKind.clear();
        syncs.clear();
    }

    private <T> SharedIndexInformer<T> started(SharedIndexInformer<T> informer) {
        informer.addEventHandler(signal());
        syncs.add(informer.start().toCompletableFuture());
        return informer;
    }

    /** Whether every watch has its first list before the deadline; a watch the server refused is rethrown as it was. */
    private boolean synced(Instant deadline) {
        try {
            CompletableFuture.allOf(syncs.toArray(CompletableFuture[]::new))
                    .get(Math.max(1, Duration.between(clock.instant(), deadline).toMillis()), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime
                    : new io.jenkins.plugins.kubeops.engine.common.KubeOpsException("cannot watch the rollout: " + e.getCause(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new io.jenkins.plugins.kubeops.engine.common.KubeOpsException("interrupted while waiting for the rollout", e);
        }
    }

    private static String key(Workload workload) {
        return workload.kind().apiVersion() + "/" + workload.kind().kind() + "@" + workload.namespace();
    }

    private RolloutRules.State state(Workload workload,
                                     java.util.function.Function<GenericKubernetesResource, RolloutRules.State> rules) {
        SharedIndexInformer<GenericKubernetesResource> informer = byKind.get(key(workload));
        GenericKubernetesResource current = informer.getStore().getByKey(workload.namespace() + "/" + workload.name());
        if (current == null) {
            return new RolloutRules.State(RolloutRules.Phase.WAITING, "not found yet");
        }
        return workload.seenIn(current) ? rules.apply(current)
                : new RolloutRules.State(RolloutRules.Phase.WAITING, "the watch has not seen the applied spec yet");
    }

    /** @param pods the pods of each namespace, listed on first use and shared by the explanations of one moment */
    private List<String> explain(Workload workload, RolloutRules.State state, Map<String, List<Pod>> pods) {
        List<String> lines = new ArrayList<>();
        lines.add(workload.display() + ": " + state.message());
        GenericKubernetesResource current = byKind.get(key(workload)).getStore().getByKey(workload.namespace() + "/" + workload.name());
        if (current != null) {
            Map<String, Object> selector = RolloutRules.map(RolloutRules.map(RolloutRules.map(current.getAdditionalProperties()
                    .get("spec")).get("selector")).get("matchLabels"));
            Map<String, String> labels = new HashMap<>();
            selector.forEach((key, value) -> labels.put(key, String.valueOf(value)));
            if (!labels.isEmpty()) {
                PodEvidence.explain(pods.computeIfAbsent(workload.namespace(), this::podsIn), labels)
                        .forEach(line -> lines.add(workload.display() + " " + line));
            }
        }
        return lines;
    }

    /** The namespace's pods; none when they cannot be read (the workload's own message still says what is missing). */
    private List<Pod> podsIn(String namespace) {
        try {
            return client.pods().inNamespace(namespace).list().getItems();
        } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
            return List.of();
        }
    }

    private <T> ResourceEventHandler<T> signal() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T object) {
                wake();
            }

            @Override
            public void onUpdate(T previous, T object) {
                wake();
            }

            @Override
            public void onDelete(T object, boolean finalStateUnknown) {
                wake();
            }
        };
    }

    private void wake() {
        lock.lock();
        try {
            changes++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private long changes() {
        lock.lock();
        try {
            return changes;
        } finally {
            lock.unlock();
        }
    }

    /** Returns when an event arrived after {@code seen}, or at {@code until}. */
    private void awaitChange(long seen, Instant until) {
        lock.lock();
        try {
            while (changes == seen) {
                long left = Duration.between(clock.instant(), until).toMillis();
                if (left <= 0) {
                    return;
                }
                changed.await(left, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new io.jenkins.plugins.kubeops.engine.common.KubeOpsException("interrupted while waiting for the rollout", e);
        } finally {
            lock.unlock();
        }
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
