package io.jenkins.plugins.kubeops.engine.upgrade;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.jenkins.plugins.kubeops.engine.common.Progress;
import io.jenkins.plugins.kubeops.engine.upgrade.DrainReport.NodeResult;
import io.jenkins.plugins.kubeops.engine.upgrade.DrainReport.Outcome;
import io.jenkins.plugins.kubeops.engine.upgrade.EvictionClient.EvictionResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

/**
 * Drains one node: evicts its pods (requests on the shared pool, so all nodes of a batch drain side by side), asks again
 * after refusals with back-off, watches the node's pod list until every pod it evicted is gone (by uid), and applies
 * onTimeout at the node's deadline. Progress lines say which pods are left and why they wait.
 */
final class DrainNodeLoop {

    static final Duration POLL = Duration.ofMillis(250);
    /** A refused pod is not asked again sooner than this, even when its budget seems to have room. */
    static final Duration MIN_RETRY = Duration.ofMillis(100);
    static final Duration QUIET_PROGRESS = Duration.ofSeconds(10);
    /** After force deletion: the pods' grace period (or this, when they keep their own) plus a margin. */
    static final Duration FORCE_WAIT = Duration.ofSeconds(30);

    private enum State { TO_EVICT, IN_FLIGHT, TERMINATING }

    private static final class Tracked {
        final DrainPod pod;
        final Map<String, String> labels;
        State state;
        Instant nextAttempt;
        int refusals;
        Instant refusedAt = Instant.MIN;
        String why;

        Tracked(DrainPod pod, Map<String, String> labels, State state, String why, Instant nextAttempt) {
            this.pod = pod;
            this.labels = labels == null ? Map.of() : labels;
            this.state = state;
            this.why = why;
            this.nextAttempt = nextAttempt;
        }
    }

    private final String node;
    private final DrainOptions options;
    private final Progress progress;
    private final EvictionClient api;
    private final ExecutorService requests;
    private final Clock clock;
    private final RandomGenerator random;
    private final DrainBudgetCache budgets;
    private final EvictionBackoff backoff = EvictionBackoff.DEFAULT;

    private final Object lock = new Object();
    private final Map<String, Tracked> pending = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> labels = new HashMap<>();
    private volatile EvictionClient.NodePods watched;
    private long changes;
    private int gone;
    private String failure;

    DrainNodeLoop(String node, DrainOptions options, Progress progress, EvictionClient api, ExecutorService requests, Clock clock,
                  RandomGenerator random, DrainBudgetCache budgets) {
        this.node = node;
        this.options = options;
        this.progress = progress;
        this.api = api;
        this.requests = requests;
        this.clock = clock;
        this.random = random;
        this.budgets = budgets;
    }

    /** The node's plan now (pods listed, DaemonSets looked up); the pods' labels are kept to match budgets later. */
    DrainPlan plan() {
        List<Pod> pods = api.podsOn(node);
        labels.clear();
        pods.forEach(pod -> labels.put(pod.getMetadata().getUid(), pod.getMetadata().getLabels()));
        return DrainRules.plan(node, pods, api.existingDaemonSets(DrainRules.daemonSetsReferenced(pods)), options, clock.instant());
    }

    /** Evicts the plan's pods and waits for them; the node is cordoned already. */
    NodeResult run(DrainPlan plan, boolean cordonedByUs, Instant started) {
        Runnable wakeUp = this::changed;
        budgets.onChange(wakeUp);
        try (EvictionClient.NodePods pods = api.watchPodsOn(node, wakeUp)) {
            watched = pods;
            return evictAndWait(plan, cordonedByUs, started);
        } finally {
            watched = null;
            budgets.removeListener(wakeUp);
        }
    }

    private void changed() {
        synchronized (lock) {
            changes++;
            lock.notifyAll();
        }
    }

    private NodeResult evictAndWait(DrainPlan plan, boolean cordonedByUs, Instant started) {
        Instant deadline = started.plus(options.timeout());
        plan.warnings().forEach(warning -> progress.say("drain " + node + ": " + warning));
        synchronized (lock) {
            for (DrainPod pod : plan.evict()) {
                pending.put(pod.uid(), new Tracked(pod, labels.get(pod.uid()), State.TO_EVICT, "to evict", started));
            }
            for (DrainPod pod : plan.delete()) {
                pending.put(pod.uid(), new Tracked(pod, labels.get(pod.uid()), State.TO_EVICT, "finished, to delete", started));
            }
            for (DrainPod pod : plan.waitFor()) {
                pending.put(pod.uid(), new Tracked(pod, labels.get(pod.uid()), State.TERMINATING, "already terminating", started));
            }
        }
        progress.say("drain " + node + ": " + plan.evict().size() + " pods to evict, " + plan.delete().size() + " finished to "
                + "delete, " + plan.waitFor().size() + " already terminating" + (plan.skipped().isEmpty() ? ""
                : ", " + plan.skipped().size() + " staying (mirror, DaemonSet or overdue)"));
        String lastSummary = "";
        Instant lastSaid = Instant.MIN;
        long seen = -1;
        while (true) {
            refresh();
            Instant now = clock.instant();
            synchronized (lock) {
                if (failure != null) {
                    return result(Outcome.FAILED, cordonedByUs, List.of(), failure, started);
                }
                if (pending.isEmpty()) {
                    progress.say("drain " + node + ": drained (" + gone + " pods gone)");
                    return result(Outcome.DRAINED, cordonedByUs, List.of(), "", started);
                }
            }
            if (!now.isBefore(deadline)) {
                return timedOut(cordonedByUs, started);
            }
            Instant nextDue = submitDue(now);
            String summary = summary();
            if (!summary.equals(lastSummary) && Duration.between(lastSaid, now).compareTo(Duration.ofSeconds(1)) >= 0
                    || Duration.between(lastSaid, now).compareTo(QUIET_PROGRESS) >= 0) {
                progress.say("drain " + node + ": " + summary);
                lastSummary = summary;
                lastSaid = now;
            }
            Instant wakeUp = min(min(now.plus(POLL), nextDue), deadline);
            seen = awaitChange(seen, Duration.between(now, wakeUp));
        }
    }

    /** A failed listing (API server restarting, connection lost) is said and tried again at the next turn, until the deadline. */
    private void refresh() {
        List<Pod> podsOnNode;
        try {
            podsOnNode = watched == null ? api.podsOn(node) : watched.pods();
        } catch (KubernetesClientException e) {
            progress.say("drain " + node + ": listing its pods failed (" + e.getMessage() + "), trying again");
            return;
        }
        refresh(podsOnNode);
    }

    /** Drops the pods no longer on the node (by uid) and notices pods someone else started deleting. */
    private void refresh(List<Pod> podsOnNode) {
        Map<String, Pod> byUid = new HashMap<>();
        podsOnNode.forEach(pod -> byUid.put(pod.getMetadata().getUid(), pod));
        Instant now = clock.instant();
        synchronized (lock) {
            pending.values().removeIf(tracked -> {
                Pod current = byUid.get(tracked.pod.uid());
                if (current == null) {
                    gone++;
                    return true;
                }
                if (DrainRules.deletionOverdue(current, options.skipWaitForDeleteTimeout(), now)) {
                    progress.say("drain " + node + ": not waiting any longer for " + tracked.pod.ref()
                            + " (terminating past skipWaitForDeleteTimeout " + options.skipWaitForDeleteTimeout().toSeconds() + " s)");
                    return true;
                }
                if (current.getMetadata().getDeletionTimestamp() != null && tracked.state == State.TO_EVICT) {
                    tracked.state = State.TERMINATING;
                    tracked.why = "terminating";
                }
                return false;
            });
        }
    }

    /**
     * Sends the evictions that are due, as far as their budgets have a slot (see {@link DrainBudgetCache#acquire}); returns
     * when the next one falls due. Budgets are looked up outside the lock, so eviction answers are never held up.
     */
    private Instant submitDue(Instant now) {
        Instant next = Instant.MAX;
        List<Tracked> due = new ArrayList<>();
        List<Tracked> backingOff = new ArrayList<>();
        synchronized (lock) {
            for (Tracked tracked : pending.values()) {
                if (tracked.state == State.TO_EVICT && tracked.nextAttempt.isAfter(now)) {
                    backingOff.add(tracked);
                } else if (tracked.state == State.TO_EVICT) {
                    due.add(tracked);
                }
            }
        }
        // A pod waiting for its budget goes again as soon as the budget shows room (its watch or the answer that gave the
        // slot back woke us), not only when its back-off ends; one just refused waits MIN_RETRY first.
        for (Tracked tracked : backingOff) {
            if (!now.isBefore(tracked.refusedAt.plus(MIN_RETRY))
                    && budgets.hasRoom(tracked.pod.namespace(), tracked.labels)) {
                due.add(tracked);
            } else {
                next = min(next, tracked.nextAttempt);
            }
        }
        // The pod refused longest ago (or never) asks first: under a budget that paces one eviction at a time, a pod that
        // keeps being refused must not starve the others behind it.
        synchronized (lock) {
            due.sort(Comparator.comparing(tracked -> tracked.refusedAt));
        }
        for (Tracked tracked : due) {
            DrainBudgetCache.Slots acquired = budgets.acquire(tracked.pod.namespace(), tracked.labels);
            synchronized (lock) {
                if (acquired.taken() == null) {
                    tracked.nextAttempt = now.plus(POLL);
                    next = min(next, tracked.nextAttempt);
                    if (tracked.refusals == 0) {
                        // Our own pacing is the reason only until the API server has refused the pod: its refusal says why
                        // the pod is stuck, and stays what the report shows.
                        tracked.why = acquired.waitReason();
                    }
                    continue;
                }
                if (!pending.containsKey(tracked.pod.uid()) || tracked.state != State.TO_EVICT) {
                    budgets.release(acquired.taken());
                    continue;
                }
                tracked.state = State.IN_FLIGHT;
            }
            requests.submit(() -> evict(tracked, acquired));
        }
        return next;
    }

    /** Sends one eviction; its budget slots are given back before the answer is recorded, so a pod the answer wakes can use them. */
    private void evict(Tracked tracked, DrainBudgetCache.Slots slots) {
        EvictionResult result;
        String why;
        try {
            try {
                result = api.evict(tracked.pod, options.gracePeriod());
                if (result.outcome() == EvictionClient.Outcome.EVICTED) {
                    budgets.evicted(slots);
                }
            } finally {
                budgets.release(slots.taken());
            }
            why = switch (result.outcome()) {
                case BUDGET -> EvictionBudgets.waitReason(tracked.labels, budgets.covering(tracked.pod.namespace(),
                        tracked.labels));
                case MULTIPLE_BUDGETS -> EvictionBudgets.multipleBudgets(budgets.covering(tracked.pod.namespace(),
                        tracked.labels));
                default -> result.detail();
            };
        } catch (RuntimeException e) {
            // Whatever went wrong on the way (a budget list failing, say), the pod must not stay "in flight" for ever.
            result = new EvictionResult(EvictionClient.Outcome.RETRY, String.valueOf(e.getMessage()));
            why = "eviction request failed (" + e.getMessage() + "), asking again";
        }
        synchronized (lock) {
            if (!pending.containsKey(tracked.pod.uid())) {
                return;
            }
            switch (result.outcome()) {
                case EVICTED -> {
                    tracked.state = State.TERMINATING;
                    tracked.why = "evicted, terminating";
                }
                case GONE -> {
                    pending.remove(tracked.pod.uid());
                    gone++;
                }
                case BUDGET, MULTIPLE_BUDGETS, RETRY -> {
                    tracked.refusals++;
                    tracked.state = State.TO_EVICT;
                    tracked.why = why;
                    tracked.refusedAt = clock.instant();
                    tracked.nextAttempt = tracked.refusedAt.plus(backoff.delay(tracked.refusals, random));
                }
                case FAILED -> failure = "eviction of " + tracked.pod.ref() + " failed (" + why
                        + "): check the credentials may create pods/eviction";
            }
            changes++;
            lock.notifyAll();
        }
    }

    private NodeResult timedOut(boolean cordonedByUs, Instant started) {
        List<String> left = leftWithReasons();
        String timeout = "drain timeout " + options.timeout().toSeconds() + " s reached with " + left.size() + " pods left";
        switch (options.onTimeout()) {
            case FAIL -> {
                progress.say("drain " + node + ": " + timeout + " (onTimeout fail): " + String.join("; ", left));
                return result(Outcome.FAILED, cordonedByUs, List.of(), timeout + " (onTimeout fail)", started);
            }
            case SKIP -> {
                progress.say("drain " + node + ": " + timeout + " (onTimeout skip), going on without it: " + String.join("; ", left));
                return result(Outcome.SKIPPED, cordonedByUs, List.of(), timeout + " (onTimeout skip)", started);
            }
            default -> {
                return force(cordonedByUs, started, timeout);
            }
        }
    }

    private NodeResult force(boolean cordonedByUs, Instant started, String timeout) {
        List<Tracked> victims;
        synchronized (lock) {
            victims = new ArrayList<>(pending.values());
        }
        List<String> forced = new ArrayList<>();
        for (Tracked tracked : victims) {
            progress.say("FORCE: drain " + node + ": deleting pod " + tracked.pod.ref() + " despite its disruption budget ("
                    + timeout + ", onTimeout force; it waited for: " + tracked.why + ")");
            api.delete(tracked.pod, options.gracePeriod());
            forced.add(tracked.pod.ref());
        }
        Instant deadline = clock.instant().plus(options.gracePeriod().orElse(FORCE_WAIT)).plus(FORCE_WAIT);
        long seen = -1;
        while (true) {
            refresh();
            Instant now = clock.instant();
            synchronized (lock) {
                if (pending.isEmpty()) {
                    return result(Outcome.FORCED, cordonedByUs, forced, timeout + " (onTimeout force): deleted "
                            + String.join(", ", forced), started);
                }
            }
            if (!now.isBefore(deadline)) {
                return result(Outcome.FAILED, cordonedByUs, forced, timeout + "; force-deleted pods still terminating", started);
            }
            seen = awaitChange(seen, POLL);
        }
    }

    private NodeResult result(Outcome outcome, boolean cordonedByUs, List<String> forced, String message, Instant started) {
        List<String> left = outcome == Outcome.DRAINED || outcome == Outcome.FORCED ? List.of() : leftWithReasons();
        int goneCount;
        synchronized (lock) {
            goneCount = gone;
        }
        return new NodeResult(node, outcome, cordonedByUs, goneCount, forced, left, message,
                Duration.between(started, clock.instant()));
    }

    private List<String> leftWithReasons() {
        synchronized (lock) {
            return pending.values().stream().map(tracked -> tracked.pod.ref() + ": " + tracked.why).toList();
        }
    }

    /** "3 pods left — shop/web-1, shop/web-2: PDB web-pdb allows 0 disruptions (...); shop/db-0: evicted, terminating". */
    private String summary() {
        synchronized (lock) {
            Map<String, List<String>> byReason = new LinkedHashMap<>();
            // A pod asked again keeps the reason of its last refusal: that is what it waits for.
            pending.values().forEach(tracked -> byReason.computeIfAbsent(
                    tracked.state == State.IN_FLIGHT && tracked.refusals == 0 ? "eviction requested" : tracked.why,
                    why -> new ArrayList<>()).add(tracked.pod.ref()));
            return pending.size() + " pods left — " + byReason.entrySet().stream()
                    .map(entry -> String.join(", ", entry.getValue()) + ": " + entry.getKey())
                    .collect(Collectors.joining("; "));
        }
    }

    /** Waits until an eviction answer arrives or the time is up; returns the change count seen. */
    private long awaitChange(long seen, Duration atMost) {
        synchronized (lock) {
            long millis = Math.max(1, atMost.toMillis());
            if (changes == seen) {
                try {
                    lock.wait(millis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new io.jenkins.plugins.kubeops.engine.common.KubeOpsException("drain of " + node + " interrupted", e);
                }
            }
            return changes;
        }
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
