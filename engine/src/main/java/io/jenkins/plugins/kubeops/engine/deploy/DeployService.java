package io.jenkins.plugins.kubeops.engine.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.jenkins.plugins.kubeops.engine.cluster.ClusterErrors;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Deploys, rolls back and lists releases on one cluster: lock the release, render, plan (server-side dry run and diff),
 * record the revision as pending, apply in dependency order, prune what the previous revisions owned and this one does
 * not, wait for the rollout, record the outcome. With {@code atomic}, a failure rolls back to the previous deployed
 * revision and both stay in the history.
 */
public final class DeployService {

    public static final String FIELD_MANAGER = "kube-ops";

    private final KubernetesClient client;
    private final Clock clock;

    public DeployService(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    public DeployResult deploy(ReleaseSpec spec, DeployOptions options, Consumer<String> progress) {
        try {
            return deployLocked(spec, options, progress);
        } catch (KubernetesClientException e) {
            throw new KubeOpsException("cannot deploy release " + spec.name() + ": " + ClusterErrors.explain(e), e);
        }
    }

    private DeployResult deployLocked(ReleaseSpec spec, DeployOptions options, Consumer<String> progress) {
        if (options.dryRun()) {
            return deployRendered(spec, options, progress);
        }
        try (ReleaseLock lock = ReleaseLock.acquire(client, spec.namespace(), spec.name(), options.holder(), options.lockWait(),
                clock, progress)) {
            return deployRendered(spec, options, progress);
        }
    }

    /** Renders for this cluster (a chart sees its version and API versions) and deploys. */
    private DeployResult deployRendered(ReleaseSpec spec, DeployOptions options, Consumer<String> progress) {
        List<Revision> revisions = new ReleaseHistory(client, spec.namespace(), spec.name()).list();
        ApiKinds kinds = new ApiKinds(client);
        ReleaseRenderer.Rendered rendered = ReleaseRenderer.render(spec, nextNumber(revisions),
                () -> ReleaseRenderer.ClusterCapabilities.of(kinds));
        rendered.notes().forEach(note -> progress.accept("note: " + note));
        return run(new Run(spec.namespace(), spec.name(), rendered.manifests(), List.of(), nextNumber(revisions), revisions,
                describe(revisions), RevisionCodec.digest(rendered.values()), rendered.hooks(),
                HookPlan.Action.forDeploy(!revisions.isEmpty())), kinds, options, progress);
    }

    /** Re-applies revision {@code target} as a new revision (Secrets excepted: their contents are not in the history). */
    public DeployResult rollback(String namespace, String release, int target, DeployOptions options, Consumer<String> progress) {
        try {
            return rollbackLocked(namespace, release, target, options, progress);
        } catch (KubernetesClientException e) {
            throw new KubeOpsException("cannot roll back release " + release + ": " + ClusterErrors.explain(e), e);
        }
    }

    private DeployResult rollbackLocked(String namespace, String release, int target, DeployOptions options,
                                        Consumer<String> progress) {
        ReleaseHistory history = new ReleaseHistory(client, namespace, release);
        try (ReleaseLock lock = options.dryRun() ? null : ReleaseLock.acquire(client, namespace, release, options.holder(),
                options.lockWait(), clock, progress)) {
            List<Revision> revisions = history.list();
            Revision revision = revisions.stream().filter(r -> r.number() == target).findFirst().orElseThrow(() ->
                    new KubeOpsException("release " + release + " in " + namespace + " has no revision " + target + ": use one of "
                            + revisions.stream().map(Revision::number).toList() + " (see 'kube-ops history')."));
            return run(restore(namespace, release, revision, revisions, "rollback to " + target, progress), new ApiKinds(client),
                    options, progress);
        }
    }

    public List<Revision> history(String namespace, String release) {
        try {
            return new ReleaseHistory(client, namespace, release).list();
        } catch (KubernetesClientException e) {
            throw new KubeOpsException("cannot read the history of release " + release + ": " + ClusterErrors.explain(e), e);
        }
    }

    /** One deploy or rollback: the objects to apply, a chart's hooks and which of them run, and what the history says. */
    private record Run(String namespace, String release, List<Manifest> manifests, List<ObjectRef> keptUnapplied, int number,
                       List<Revision> revisions, String description, String valuesDigest, List<HookPlan.Hook> hooks,
                       HookPlan.Action action) {
    }

    private DeployResult run(Run run, ApiKinds kinds, DeployOptions options, Consumer<String> progress) {
        Instant deadline = clock.instant().plus(options.timeout());
        List<HookRunner.Resolved> hooks = HookRunner.resolve(run.hooks(), run.namespace(), run.release(), kinds);
        Map<HookPlan.Event, List<HookRunner.Resolved>> hooksByEvent = HookRunner.byEvent(hooks, run.action());
        ReleaseHistory history = new ReleaseHistory(client, run.namespace(), run.release());
        ReleasePreparer.Prepared prepared = ReleasePreparer.prepare(run.manifests(), run.namespace(), run.release(), kinds,
                ReleaseCluster.autoscalerTargets(client, run.namespace()));
        List<ObjectRef> current = new ArrayList<>(prepared.refs());
        current.addAll(run.keptUnapplied());
        List<ObjectRef> previous = ownedSinceLastDeployed(run.revisions());
        PrunePlan.refuseEmptyRender(current, previous, options.allowEmpty());
        ReleaseCluster cluster = new ReleaseCluster(client, new ResourceApplier(client), kinds, clock);
        String owner = run.namespace() + "/" + run.release();
        Map<String, GenericKubernetesResource> live = cluster.readLive(prepared.resolved(), owner);
        PrunePlan.Result prune = PrunePlan.plan(previous, current, options.allowedPrunes());
        progress.accept("release " + run.release() + " in " + run.namespace() + ", revision " + run.number() + " (" + run.description() + "):");
        if (options.dryRun()) {
            List<String> plan = new ArrayList<>(HookPlan.planLines(hooks.stream().map(HookRunner.Resolved::hook).toList(), run.action()));
            plan.addAll(cluster.plan(prepared, live, prune, options.force()));
            plan.forEach(line -> progress.accept("  " + line));
            return new DeployResult(run.release(), run.namespace(), run.number(), DeployResult.Outcome.PLANNED, plan, List.of(), 0);
        }
        markInterrupted(history, run.revisions());
        List<ObjectRef> inventory = new ArrayList<>(current);
        inventory.addAll(prune.kept());
        Revision pending = new Revision(run.release(), run.number(), Revision.Status.PENDING, clock.instant(), run.description(),
                run.valuesDigest(), inventory, RevisionCodec.manifest(run.manifests()), List.of(),
                RevisionCodec.manifest(run.hooks().stream().map(HookPlan.Hook::manifest).toList()));
        history.write(pending);
        List<String> plan = new ArrayList<>();
        HookRunner hookRunner = new HookRunner(client, new ResourceApplier(client), clock);
        try (RolloutWaiter rollout = new RolloutWaiter(client, clock)) {
            plan.addAll(hookRunner.run(run.action().pre(), hooksByEvent.get(run.action().pre()), deadline, progress));
            if (options.waitForRollout()) {
                // Watching from before the apply: the watches' first lists overlap the apply instead of following it.
                rollout.watch(ReleaseCluster.workloads(prepared.resolved()));
            }
            ReleaseCluster.Applied applied = cluster.apply(prepared, live, run.namespace(), owner, options.force(), deadline, progress);
            plan.addAll(applied.lines());
            List<String> pruneLines = ReleaseCluster.pruneLines(prune);
            pruneLines.forEach(line -> progress.accept("  " + line));
            plan.addAll(pruneLines);
            cluster.prune(prune.delete(), progress);
            if (options.waitForRollout()) {
                RolloutWaiter.Outcome outcome = rollout.await(applied.workloads(), deadline, progress);
                if (!outcome.succeeded()) {
                    throw new RolloutFailure(outcome.evidence());
                }
            }
            plan.addAll(hookRunner.run(run.action().post(), hooksByEvent.get(run.action().post()), deadline, progress));
        } catch (RolloutFailure | KubeOpsException e) {
            List<String> evidence = e instanceof RolloutFailure failure ? failure.evidence : List.of(e.getMessage());
            history.write(pending.withEvidence(evidence, clock.instant()));
            evidence.forEach(line -> progress.accept("failed: " + line));
            return failed(run, options, plan, evidence, progress);
        }
        markDeployed(history, run.revisions(), pending, options.historyLimit());
        progress.accept("release " + run.release() + " revision " + run.number() + " deployed");
        return new DeployResult(run.release(), run.namespace(), run.number(), DeployResult.Outcome.DEPLOYED, plan, List.of(), 0);
    }

    private DeployResult failed(Run run, DeployOptions options, List<String> plan, List<String> evidence, Consumer<String> progress) {
        Optional<Revision> lastGood = run.revisions().stream().filter(r -> r.status() == Revision.Status.DEPLOYED).findFirst();
        if (Thread.currentThread().isInterrupted()) {
            // Stopped by the user or the controller: do not start a rollback nobody asked to wait for.
            List<String> stopped = new ArrayList<>(evidence);
            stopped.add("the deploy was interrupted; no rollback was attempted");
            return new DeployResult(run.release(), run.namespace(), run.number(), DeployResult.Outcome.FAILED, plan, stopped, 0);
        }
        if (!options.atomic() || lastGood.isEmpty()) {
            return new DeployResult(run.release(), run.namespace(), run.number(), DeployResult.Outcome.FAILED, plan, evidence, 0);
        }
        progress.accept("atomic: rolling back to revision " + lastGood.get().number());
        List<Revision> withFailure = new ArrayList<>(run.revisions());
        withFailure.add(0, new ReleaseHistory(client, run.namespace(), run.release()).get(run.number()).orElseThrow());
        Run restore = restore(run.namespace(), run.release(), lastGood.get(), withFailure,
                "atomic rollback to " + lastGood.get().number() + " after failure of " + run.number(), progress);
        DeployResult rollback = run(restore, new ApiKinds(client), options.withAtomic(false), progress);
        List<String> allEvidence = new ArrayList<>(evidence);
        if (!rollback.succeeded()) {
            allEvidence.add("the rollback to revision " + lastGood.get().number() + " failed too:");
            allEvidence.addAll(rollback.evidence());
            return new DeployResult(run.release(), run.namespace(), run.number(), DeployResult.Outcome.FAILED, plan, allEvidence, 0);
        }
        return new DeployResult(run.release(), run.namespace(), run.number(), DeployResult.Outcome.ROLLED_BACK, plan, allEvidence,
                lastGood.get().number());
    }

    private Run restore(String namespace, String release, Revision revision, List<Revision> revisions, String description,
                        Consumer<String> progress) {
        List<Manifest> manifests = new ArrayList<>();
        List<ObjectRef> secrets = new ArrayList<>();
        for (Manifest manifest : ManifestReader.read("revision " + revision.number(), revision.manifest())) {
            if ("Secret".equals(manifest.kind()) && "v1".equals(manifest.apiVersion())) {
                secrets.add(ObjectRef.of(manifest).namespace().isEmpty()
                        ? new ObjectRef("v1", "Secret", namespace, manifest.name()) : ObjectRef.of(manifest));
            } else {
                manifests.add(manifest);
            }
        }
        if (!secrets.isEmpty()) {
            progress.accept("note: " + secrets.size() + " Secret(s) keep their current contents (the history never stores them): "
                    + secrets);
        }
        return new Run(namespace, release, manifests, secrets, nextNumber(revisions), revisions, description, revision.valuesDigest(),
                storedHooks(revision, progress), HookPlan.Action.ROLLBACK);
    }

    /** The revision's chart hooks, for its pre/post-rollback hooks; Secret hooks are skipped (their values were never stored). */
    private static List<HookPlan.Hook> storedHooks(Revision revision, Consumer<String> progress) {
        if (revision.hooks().isBlank()) {
            return List.of();
        }
        List<HookPlan.Hook> hooks = new ArrayList<>();
        for (HookPlan.Hook hook : HookPlan.split(ManifestReader.read("hooks of revision " + revision.number(), revision.hooks())).hooks()) {
            if ("Secret".equals(hook.manifest().kind()) && "v1".equals(hook.manifest().apiVersion())) {
                progress.accept("note: hook " + hook.manifest().displayName() + " is skipped: the history never stores Secret values");
            } else {
                hooks.add(hook);
            }
        }
        return hooks;
    }

    /** A pending revision found while we hold the lock was left by a deploy that stopped half-way (a crash, a restart). */
    private void markInterrupted(ReleaseHistory history, List<Revision> revisions) {
        for (Revision revision : revisions) {
            if (revision.status() == Revision.Status.PENDING) {
                history.write(revision.withEvidence(List.of("interrupted: the deploy stopped before it finished (process or "
                        + "controller restart); its objects are pruned or kept by the next revision"), clock.instant()));
            }
        }
    }

    private void markDeployed(ReleaseHistory history, List<Revision> revisions, Revision pending, int limit) {
        history.write(pending.withStatus(Revision.Status.DEPLOYED, clock.instant()));
        for (Revision revision : revisions) {
            if (revision.status() == Revision.Status.DEPLOYED) {
                history.write(revision.withStatus(Revision.Status.SUPERSEDED, clock.instant()));
            }
        }
        history.trim(limit, pending.number());
    }

    /**
     * Everything the release may own: the last deployed revision's objects plus those of every later (pending or failed)
     * revision, which may have been applied before it stopped.
     */
    static List<ObjectRef> ownedSinceLastDeployed(List<Revision> newestFirst) {
        Map<String, ObjectRef> owned = new LinkedHashMap<>();
        for (Revision revision : newestFirst) {
            revision.inventory().forEach(ref -> owned.putIfAbsent(ref.key(), ref));
            if (revision.status() == Revision.Status.DEPLOYED) {
                break;
            }
        }
        return new ArrayList<>(owned.values());
    }

    private static int nextNumber(List<Revision> newestFirst) {
        return newestFirst.isEmpty() ? 1 : newestFirst.get(0).number() + 1;
    }

    private static String describe(List<Revision> newestFirst) {
        return newestFirst.stream().anyMatch(r -> r.status() == Revision.Status.DEPLOYED) ? "upgrade" : "install";
    }

    /** A rollout that failed or timed out, with its evidence. */
    private static final class RolloutFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient List<String> evidence;

        RolloutFailure(List<String> evidence) {
            super(String.join("; ", evidence));
            this.evidence = evidence;
        }
    }

}
