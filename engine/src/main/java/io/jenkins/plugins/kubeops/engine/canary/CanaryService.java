package io.jenkins.plugins.kubeops.engine.canary;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.kubeops.engine.canary.CanaryAction.AnalysisKind;
import io.jenkins.plugins.kubeops.engine.canary.CanaryState.Phase;
import io.jenkins.plugins.kubeops.engine.canary.CanaryStepper.Decision;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import io.jenkins.plugins.kubeops.engine.common.Progress;
import io.jenkins.plugins.kubeops.engine.deploy.ReleaseCanaryHistory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Runs canaries: start, resume, promote, abort, status. The decisions are {@link CanaryStepper}'s; this class executes them
 * against the cluster (workloads, router, state, lease) and the analysis, and reports each step, weight and metric.
 * A drive returns when the canary is promoted, aborted or paused for a person.
 */
public final class CanaryService {

    /** A canary as it stands, with the pods each Deployment runs. */
    public record Report(CanarySpec spec, CanaryState state, ReplicaSplit pods) {
    }

    /** How often a driver looks for requests from other processes while it waits. */
    static final Duration CHECK_EVERY = Duration.ofSeconds(1);
    /** How long resume waits for a dead driver's lease to expire. */
    static final Duration TAKEOVER_WAIT = Duration.ofSeconds(2L * CanaryLock.LEASE_SECONDS);

    private final KubernetesClient client;
    private final CanaryAnalysis analysis;
    private final Clock clock;
    private final CanaryStore store;

    public CanaryService(KubernetesClient client, CanaryAnalysis analysis, Clock clock) {
        this.client = client;
        this.analysis = analysis;
        this.clock = clock;
        this.store = new CanaryStore(client);
    }

    /** Starts a canary and drives it until it is promoted, aborted or paused for a person. */
    public Report start(CanarySpec spec, String holder, Progress progress) {
        try (CanaryLock lock = CanaryLock.acquire(client, spec.namespace(), spec.deployment(), holder, clock)) {
            Optional<CanaryStore.Stored> existing = store.load(spec.namespace(), spec.deployment());
            if (existing.isPresent() && !existing.get().state().phase().finished()) {
                throw new KubeOpsException("a canary of " + spec.target() + " is already " + CanaryStepper.describe(spec,
                        existing.get().state()) + ": one canary per workload at a time — resume, promote or abort it first.");
            }
            CanaryWorkloads workloads = new CanaryWorkloads(client, spec, clock);
            Deployment stable = workloads.stable();
            CanaryState.Stable before = CanaryWorkloads.snapshot(stable);
            int replicas = before.replicas();
            if (replicas < 1) {
                throw new KubeOpsException("Deployment " + spec.target() + " has 0 replicas: scale it up first, a canary needs "
                        + "live traffic to compare.");
            }
            // a canary of a release needs the release to own the Deployment, or its outcome could not be recorded
            releaseHistory(spec).ifPresent(history -> history.check(spec.deployment()));
            CanaryState state = CanaryState.start(before, clock.instant());
            TrafficRouter router = router(spec, workloads, replicas);
            progress.say("canary of " + spec.target() + ": " + images(spec) + "; " + replicas + " replicas; router "
                    + router.describe() + (spec.baseline() ? "; with a baseline" : "") + "; " + spec.steps().size() + " steps");
            // objects first: a router that cannot work (a missing HTTPRoute) fails before any state says a canary runs
            prepare(spec, workloads, router, stable, true, progress);
            store.save(spec, state);
            return drive(spec, state, workloads, router, holder, progress);
        }
    }

    /** Continues a canary whose driver stopped (killed CLI, restarted Jenkins), from its state in the cluster. */
    public Report resume(String namespace, String deployment, String holder, Progress progress) {
        try (CanaryLock lock = CanaryLock.acquire(client, namespace, deployment, holder, TAKEOVER_WAIT, clock, progress)) {
            CanaryStore.Stored stored = stored(namespace, deployment);
            CanarySpec spec = stored.spec();
            CanaryWorkloads workloads = new CanaryWorkloads(client, spec, clock);
            TrafficRouter router = router(spec, workloads, stored.state().stableReplicas());
            progress.say("resuming the canary of " + spec.target() + ": " + CanaryStepper.describe(spec, stored.state()));
            if (!stored.state().phase().finished()) {
                prepare(spec, workloads, router, workloads.stable(), false, progress);
            }
            return drive(spec, stored.state(), workloads, router, holder, progress);
        }
    }

    /**
     * Continues a paused canary (past its {@code pause: {}}, or on with an inconclusive analysis), or with {@code full}
     * promotes it now. When another process drives the canary, a full promotion is left as a request for it.
     */
    public Report promote(String namespace, String deployment, boolean full, String holder, Progress progress) {
        if (full && CanaryLock.heldByOther(client, namespace, deployment, holder, clock)) {
            store.request(namespace, deployment, "promote");
            progress.say("another process drives the canary: it promotes at its next check");
            return report(stored(namespace, deployment));
        }
        try (CanaryLock lock = CanaryLock.acquire(client, namespace, deployment, holder, clock)) {
            CanaryStore.Stored stored = stored(namespace, deployment);
            CanarySpec spec = stored.spec();
            CanaryState state = full ? CanaryStepper.promoteFully(spec, stored.state())
                    : CanaryStepper.proceed(spec, stored.state(), clock.instant());
            store.saveConsumingRequest(spec, state);
            progress.say(full ? "promoting the canary of " + spec.target() + " now" : "continuing the canary of " + spec.target());
            CanaryWorkloads workloads = new CanaryWorkloads(client, spec, clock);
            return drive(spec, state, workloads, router(spec, workloads, state.stableReplicas()), holder, progress);
        }
    }

    /** Rolls a canary back. When another process drives it, the abort is left as a request it acts on within a second. */
    public Report abort(String namespace, String deployment, String reason, String holder, Progress progress) {
        if (CanaryLock.heldByOther(client, namespace, deployment, holder, clock)) {
            store.request(namespace, deployment, "abort: " + reason);
            progress.say("another process drives the canary: it aborts at its next check");
            return report(stored(namespace, deployment));
        }
        try (CanaryLock lock = CanaryLock.acquire(client, namespace, deployment, holder, clock)) {
            CanaryStore.Stored stored = stored(namespace, deployment);
            CanarySpec spec = stored.spec();
            CanaryState state = CanaryStepper.abort(spec, stored.state(), reason);
            store.saveConsumingRequest(spec, state);
            CanaryWorkloads workloads = new CanaryWorkloads(client, spec, clock);
            return drive(spec, state, workloads, router(spec, workloads, state.stableReplicas()), holder, progress);
        }
    }

    public Optional<Report> status(String namespace, String deployment) {
        return store.load(namespace, deployment).map(this::report);
    }

    private Report drive(CanarySpec spec, CanaryState initial, CanaryWorkloads workloads, TrafficRouter router, String holder,
                         Progress progress) {
        CanaryState state = initial;
        String lastWait = "";
        while (true) {
            state = takeRequest(spec, state, progress);
            Decision decision = CanaryStepper.next(spec, state, clock.instant());
            CanaryAction action = decision.action();
            if (action instanceof CanaryAction.WaitUntil wait) {
                if (!wait.reason().equals(lastWait)) {
                    progress.say(wait.reason() + " — waiting until " + wait.until().truncatedTo(ChronoUnit.SECONDS)
                            + " (" + CanarySpec.format(Duration.between(clock.instant(), wait.until()).plusMillis(999)) + ")");
                    lastWait = wait.reason();
                }
                sleepUntil(earliest(wait.until(), clock.instant().plus(CHECK_EVERY)));
                continue;
            }
            lastWait = "";
            if (action instanceof CanaryAction.SetWeight setWeight) {
                ReplicaSplit pods = router.setWeight(setWeight.weight(), progress);
                progress.say(stepLabel(spec, state) + ": weight " + setWeight.weight() + "% — pods stable " + pods.stable()
                        + ", canary " + pods.canary() + (spec.baseline() ? ", baseline " + pods.baseline() : ""));
                state = save(spec, CanaryStepper.weightApplied(spec, decision.state(), clock.instant()));
            } else if (action instanceof CanaryAction.NextStep next) {
                progress.say(next.message());
                state = save(spec, decision.state());
            } else if (action instanceof CanaryAction.RunAnalysis run) {
                state = save(spec, analyse(spec, decision.state(), run, workloads, progress));
            } else if (action instanceof CanaryAction.PauseForPerson pause) {
                state = save(spec, decision.state());
                progress.say("paused: " + state.paused().map(CanaryState.PauseReason::message).orElse(pause.reason())
                        + " (kube-ops canary promote|abort " + spec.deployment() + " -n " + spec.namespace() + ")");
                return report(spec, state);
            } else if (action instanceof CanaryAction.Promote) {
                state = save(spec, decision.state());
                promoteNow(spec, state, workloads, router, progress);
                CanaryState promoting = state;
                releaseHistory(spec).ifPresent(history -> history.recordPromotion(spec.deployment(), spec.images(),
                        promoting.startedAt(), holder, progress));
                state = save(spec, CanaryStepper.promoted(state));
                progress.say("promoted: " + spec.target() + " runs " + images(spec) + " and serves all traffic");
            } else if (action instanceof CanaryAction.Abort abort) {
                state = save(spec, decision.state());
                abortNow(spec, state, abort.reason(), workloads, router, progress);
                CanaryState aborting = state;
                releaseHistory(spec).ifPresent(history -> history.recordAbort(spec.deployment(), spec.images(),
                        aborting.startedAt(), evidence(abort.reason(), aborting), holder, progress));
                state = save(spec, CanaryStepper.aborted(state));
                progress.say("aborted: " + abort.reason() + "; the stable version serves all traffic");
            } else if (action instanceof CanaryAction.Finished) {
                return report(spec, state);
            }
        }
    }

    private CanaryState analyse(CanarySpec spec, CanaryState state, CanaryAction.RunAnalysis run, CanaryWorkloads workloads,
                                Progress progress) {
        String which = run.kind() == AnalysisKind.BACKGROUND ? "background analysis" : stepLabel(spec, state) + ": analysis";
        AnalysisRound round;
        try {
            round = measure(run.settings(), targets(spec, workloads));
        } catch (RuntimeException e) {
            // the contract is to return ERROR results; an unexpected failure is still only a failed measurement
            round = new AnalysisRound(clock.instant(), run.settings().metrics().stream().map(metric -> MetricResult.error(
                    metric.name(), "measuring failed: " + e.getMessage())).toList());
        }
        progress.say(which + " round " + run.round() + " (weight " + state.weight() + "%): " + round.verdict().name()
                .toLowerCase(java.util.Locale.ROOT));
        for (MetricResult result : round.metrics()) {
            progress.say("  " + result.metric() + ": " + result.value() + " — " + result.verdict().name().toLowerCase(
                    java.util.Locale.ROOT) + (result.reason() == null || result.reason().isBlank() ? "" : " (" + result.reason() + ")"));
        }
        CanaryState next = CanaryStepper.record(spec, state, run.kind(), round);
        if (next.phase() == Phase.PAUSED || next.phase() == Phase.ABORTING) {
            progress.say(next.paused().map(CanaryState.PauseReason::message).or(next::outcome).orElse(""));
        }
        return next;
    }

    /** Comparisons sample the last interval: the judge is told each analysis' own interval. */
    private AnalysisRound measure(CanaryAnalysisSettings settings, AnalysisTargets targets) {
        return analysis.measure(settings.metrics(), targets, clock.instant(), settings.interval());
    }

    private void promoteNow(CanarySpec spec, CanaryState state, CanaryWorkloads workloads, TrafficRouter router,
                            Progress progress) {
        progress.say("promoting: Deployment " + spec.deployment() + " rolls out " + images(spec) + " at "
                + state.stableReplicas() + " replicas");
        workloads.promoteStable(state.stableReplicas(), spec.rolloutTimeout(), progress);
        router.resetToStable(progress);
        router.cleanup(progress);
        workloads.scale(new ReplicaSplit(state.stableReplicas(), 0, 0));
    }

    private void abortNow(CanarySpec spec, CanaryState state, String reason, CanaryWorkloads workloads, TrafficRouter router,
                          Progress progress) {
        progress.say("aborting (" + reason + "): all traffic back to the stable version");
        boolean routed = true;
        try {
            router.resetToStable(progress);
        } catch (RuntimeException e) {
            // a rollback must not stop at a broken router: without pods the canary gets no traffic either
            routed = false;
            progress.say("could not send the traffic back through " + router.describe() + " (" + e.getMessage()
                    + "): scaling the canary down at once instead");
        }
        if (routed && !(router instanceof ReplicaRatioRouter) && !spec.abortScaleDownDelay().isZero()) {
            progress.say("the canary's pods keep running for " + CanarySpec.format(spec.abortScaleDownDelay())
                    + " without traffic (abortScaleDownDelay), for inspection");
            sleepUntil(clock.instant().plus(spec.abortScaleDownDelay()));
        }
        workloads.scale(new ReplicaSplit(state.stableReplicas(), 0, 0));
        try {
            router.cleanup(progress);
        } catch (RuntimeException e) {
            progress.say("could not remove the router's canary objects (" + e.getMessage() + "): remove them by hand");
        }
        workloads.restoreStable(state.stable(), spec.rolloutTimeout(), progress);
    }

    private Optional<ReleaseCanaryHistory> releaseHistory(CanarySpec spec) {
        return spec.release().map(release -> new ReleaseCanaryHistory(client, spec.namespace(), release, clock));
    }

    /** Why the canary was aborted and what its analyses measured, for the release history. */
    private static List<String> evidence(String reason, CanaryState state) {
        List<String> evidence = new ArrayList<>();
        evidence.add("aborted: " + reason);
        evidence.addAll(state.results());
        return evidence;
    }

    /** Acts on an abort or full promotion another process asked for. */
    private CanaryState takeRequest(CanarySpec spec, CanaryState state, Progress progress) {
        Optional<String> request = store.load(spec.namespace(), spec.deployment()).flatMap(CanaryStore.Stored::request);
        if (request.isEmpty()) {
            return state;
        }
        CanaryState next = state;
        if (!state.phase().finished()) {
            if (request.get().startsWith("abort")) {
                String reason = request.get().substring("abort".length()).replaceFirst("^:\\s*", "");
                progress.say("abort requested: " + reason);
                next = CanaryStepper.abort(spec, state, reason.isBlank() ? "aborted by a person" : reason);
            } else if (request.get().equals("promote") && state.phase() != Phase.ABORTING) {
                progress.say("full promotion requested");
                next = CanaryStepper.promoteFully(spec, state);
            }
        }
        store.saveConsumingRequest(spec, next);
        return next;
    }

    private void prepare(CanarySpec spec, CanaryWorkloads workloads, TrafficRouter router, Deployment stable, boolean starting,
                         Progress progress) {
        Set<String> hidden = router.labelsHiddenFromCanary();
        if (starting || !workloads.exists(CanaryWorkloads.Role.CANARY)) {
            workloads.prepare(CanaryWorkloads.Role.CANARY, stable, hidden);
        }
        if (spec.baseline() && (starting || !workloads.exists(CanaryWorkloads.Role.BASELINE))) {
            workloads.prepare(CanaryWorkloads.Role.BASELINE, stable, Set.of());
        }
        router.prepare(progress);
    }

    private TrafficRouter router(CanarySpec spec, CanaryWorkloads workloads, int stableReplicas) {
        RouterSpec router = spec.router();
        if (router instanceof RouterSpec.GatewayApi gateway) {
            return new GatewayApiRouter(client, spec, gateway, workloads, stableReplicas, spec.rolloutTimeout());
        }
        if (router instanceof RouterSpec.NginxIngress nginx) {
            return new NginxIngressRouter(client, spec, nginx, workloads, stableReplicas, spec.rolloutTimeout());
        }
        return new ReplicaRatioRouter(workloads, stableReplicas, spec.baseline(), spec.rolloutTimeout());
    }

    private AnalysisTargets targets(CanarySpec spec, CanaryWorkloads workloads) {
        Map<String, String> stable = workloads.stable().getSpec().getSelector().getMatchLabels();
        return CanaryTargets.of(spec, stable == null ? Map.of() : stable);
    }

    private CanaryStore.Stored stored(String namespace, String deployment) {
        return store.load(namespace, deployment).orElseThrow(() -> new KubeOpsException("Deployment " + namespace + "/"
                + deployment + " has no canary: start one with 'kube-ops canary start -f SPEC'."));
    }

    private CanaryState save(CanarySpec spec, CanaryState state) {
        store.save(spec, state);
        return state;
    }

    private Report report(CanaryStore.Stored stored) {
        return report(stored.spec(), stored.state());
    }

    private Report report(CanarySpec spec, CanaryState state) {
        return new Report(spec, state, new CanaryWorkloads(client, spec, clock).current());
    }

    private static String stepLabel(CanarySpec spec, CanaryState state) {
        return "step " + Math.min(state.stepIndex() + 1, spec.steps().size()) + " of " + spec.steps().size();
    }

    static String images(CanarySpec spec) {
        StringBuilder text = new StringBuilder();
        spec.images().forEach((container, image) -> text.append(text.length() == 0 ? "" : ", ").append(container).append("=")
                .append(image));
        return text.toString();
    }

    private void sleepUntil(Instant until) {
        long millis = Duration.between(clock.instant(), until).toMillis();
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KubeOpsException("interrupted while driving the canary: 'kube-ops canary resume' continues it", e);
        }
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
