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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Waits for a release's workloads to roll out, driven by watches (one informer per kind and namespace, one for pods per
 * namespace) rather than polling: every change re-evaluates {@link RolloutRules}. Stops at the first failure (e.g. a
 * Deployment's progress deadline) or at the one overall deadline, reporting which workloads were waiting and why.
 */
public final class RolloutWaiter {

    /** A workload of the release, with its kind as the server knows it. */
    public record Workload(KindInfo kind, String namespace, String name) {
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

    /** @param rules when a workload is done, waiting or failed (chart hooks: {@link RolloutRules#hookCompletion}) */
    public Outcome await(List<Workload> workloads, Instant deadline, Consumer<String> progress,
                         java.util.function.Function<GenericKubernetesResource, RolloutRules.State> rules) {
        if (workloads.isEmpty()) {
            return new Outcome(true, List.of());
        }
        Map<String, SharedIndexInformer<GenericKubernetesResource>> byKind = new HashMap<>();
        Map<String, SharedIndexInformer<Pod>> pods = new HashMap<>();
        try {
            for (Workload workload : workloads) {
                byKind.computeIfAbsent(workload.kind().apiVersion() + "/" + workload.kind().kind() + "@" + workload.namespace(),
                        key -> client.genericKubernetesResources(ResourceApplier.context(workload.kind()))
                                .inNamespace(workload.namespace()).inform(signal()));
                pods.computeIfAbsent(workload.namespace(), namespace -> client.pods().inNamespace(namespace).inform(signal()));
            }
            Instant nextProgress = clock.instant().plus(PROGRESS_EVERY);
            while (true) {
                long seen = changes();
                Map<Workload, RolloutRules.State> states = new LinkedHashMap<>();
                for (Workload workload : workloads) {
                    states.put(workload, state(byKind, workload, rules));
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
                    if (failed.isEmpty()) {
                        evidence.add("timed out waiting for the rollout (" + waiting.size() + " of " + workloads.size()
                                + " workloads not ready)");
                    }
                    for (Workload workload : failed.isEmpty() ? waiting : failed) {
                        evidence.addAll(explain(workload, states.get(workload), byKind, pods));
                    }
                    return new Outcome(false, evidence);
                }
                if (!now.isBefore(nextProgress)) {
                    for (Workload workload : waiting) {
                        progress.accept("waiting for " + String.join("; ", explain(workload, states.get(workload), byKind, pods)));
                    }
                    nextProgress = now.plus(PROGRESS_EVERY);
                }
                awaitChange(seen, clock.instant().plus(Duration.between(now, earliest(deadline, nextProgress))));
            }
        } finally {
            byKind.values().forEach(SharedIndexInformer::close);
            pods.values().forEach(SharedIndexInformer::close);
        }
    }

    private RolloutRules.State state(Map<String, SharedIndexInformer<GenericKubernetesResource>> byKind, Workload workload,
                                     java.util.function.Function<GenericKubernetesResource, RolloutRules.State> rules) {
        SharedIndexInformer<GenericKubernetesResource> informer = byKind.get(workload.kind().apiVersion() + "/"
                + workload.kind().kind() + "@" + workload.namespace());
        GenericKubernetesResource current = informer.getStore().getByKey(workload.namespace() + "/" + workload.name());
        return current == null ? new RolloutRules.State(RolloutRules.Phase.WAITING, "not found yet") : rules.apply(current);
    }

    private List<String> explain(Workload workload, RolloutRules.State state,
                                 Map<String, SharedIndexInformer<GenericKubernetesResource>> byKind,
                                 Map<String, SharedIndexInformer<Pod>> pods) {
        List<String> lines = new ArrayList<>();
        lines.add(workload.display() + ": " + state.message());
        GenericKubernetesResource current = byKind.get(workload.kind().apiVersion() + "/" + workload.kind().kind() + "@"
                + workload.namespace()).getStore().getByKey(workload.namespace() + "/" + workload.name());
        if (current != null) {
            Map<String, Object> selector = RolloutRules.map(RolloutRules.map(RolloutRules.map(current.getAdditionalProperties()
                    .get("spec")).get("selector")).get("matchLabels"));
            Map<String, String> labels = new HashMap<>();
            selector.forEach((key, value) -> labels.put(key, String.valueOf(value)));
            if (!labels.isEmpty()) {
                PodEvidence.explain(pods.get(workload.namespace()).getStore().list(), labels)
                        .forEach(line -> lines.add(workload.display() + " " + line));
            }
        }
        return lines;
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
