package io.jenkins.plugins.kubeops.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.kubeops.common.KubeOpsException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The cluster side of one deploy: ownership checks, the plan (server-side dry run and diff per object), applying in waves
 * of equal {@link ApplyOrder} rank (objects of a wave in parallel), waiting for the release's CRDs to be established, and
 * pruning.
 */
final class ReleaseCluster {

    private final KubernetesClient client;
    private final ResourceApplier applier;
    private final ApiKinds kinds;
    private final Clock clock;

    ReleaseCluster(KubernetesClient client, ResourceApplier applier, ApiKinds kinds, Clock clock) {
        this.client = client;
        this.applier = applier;
        this.kinds = kinds;
        this.clock = clock;
    }

    /** "Kind/name" of the workloads HorizontalPodAutoscalers in the namespace already scale. */
    static Set<String> autoscalerTargets(KubernetesClient client, String namespace) {
        Set<String> targets = new HashSet<>();
        for (HorizontalPodAutoscaler hpa : client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(namespace).list().getItems()) {
            targets.add(hpa.getSpec().getScaleTargetRef().getKind() + "/" + hpa.getSpec().getScaleTargetRef().getName());
        }
        return targets;
    }

    /** Refuses to take over objects another Kube Ops release owns. */
    void checkOwnership(List<ReleasePreparer.Resolved> objects, String owner) {
        Parallel.map(objects, resolved -> {
            GenericKubernetesResource live = applier.get(resolved.kind(), resolved.manifest().resource().getMetadata().getNamespace(),
                    resolved.manifest().name());
            String other = live == null || live.getMetadata().getAnnotations() == null ? null
                    : live.getMetadata().getAnnotations().get(ReleasePreparer.RELEASE_ANNOTATION);
            if (other != null && !other.equals(owner)) {
                throw new KubeOpsException(resolved.manifest().displayName() + " from " + resolved.manifest().origin()
                        + " belongs to release " + other + ": remove it from one of the two releases.");
            }
            return live;
        });
    }

    /** One line per object: what applying would do. */
    List<String> plan(ReleasePreparer.Prepared prepared, PrunePlan.Result prune, boolean force) {
        List<String> lines = new ArrayList<>(Parallel.map(prepared.resolved(), resolved -> {
            Manifest manifest = resolved.manifest();
            GenericKubernetesResource live = applier.get(resolved.kind(), manifest.resource().getMetadata().getNamespace(), manifest.name());
            if (live == null) {
                return "create " + manifest.displayName();
            }
            List<String> changes = ObjectDiff.between(live, applier.apply(manifest, resolved.kind(), true, force));
            return changes.isEmpty() ? "unchanged " + manifest.displayName()
                    : "change " + manifest.displayName() + ": " + String.join(", ", changes);
        }));
        prepared.awaitingCrd().forEach(manifest -> lines.add("create " + manifest.displayName() + " (once its CRD is established)"));
        prune.delete().forEach(ref -> lines.add("delete " + ref + " (no longer in the release)"));
        prune.kept().forEach(ref -> lines.add("keep " + ref + " (no longer in the release, but " + ref.kind()
                + " is only pruned with --allow-prune " + ref.kind() + ")"));
        return lines;
    }

    /** Applies everything in waves; returns the workloads to wait for. */
    List<RolloutWaiter.Workload> apply(ReleasePreparer.Prepared prepared, String namespace, boolean force, Instant deadline,
                                        Consumer<String> progress) {
        List<ReleasePreparer.Resolved> all = new ArrayList<>(prepared.resolved());
        applyWaves(all, force, progress);
        if (!prepared.awaitingCrd().isEmpty()) {
            awaitCrdsEstablished(prepared.resolved(), deadline, progress);
            prepared.awaitingCrd().forEach(manifest -> kinds.forget(manifest.apiVersion()));
            List<ReleasePreparer.Resolved> late = ReleasePreparer.resolveAwaiting(prepared.awaitingCrd(), namespace, kinds);
            applyWaves(late, force, progress);
            all.addAll(late);
        }
        List<RolloutWaiter.Workload> workloads = new ArrayList<>();
        for (ReleasePreparer.Resolved resolved : all) {
            if (RolloutRules.WATCHED_KINDS.contains(resolved.kind().kind())) {
                workloads.add(new RolloutWaiter.Workload(resolved.kind(), resolved.manifest().resource().getMetadata().getNamespace(),
                        resolved.manifest().name()));
            }
        }
        return workloads;
    }

    void prune(List<ObjectRef> delete, Consumer<String> progress) {
        for (ObjectRef ref : delete) {
            var kind = kinds.find(ref.apiVersion(), ref.kind());
            if (kind.isEmpty()) {
                progress.accept("skip pruning " + ref + ": its kind is no longer served");
                continue;
            }
            if (applier.delete(kind.get(), ref)) {
                progress.accept("deleted " + ref);
            }
        }
    }

    private void applyWaves(List<ReleasePreparer.Resolved> objects, boolean force, Consumer<String> progress) {
        TreeMap<Integer, List<ReleasePreparer.Resolved>> waves = new TreeMap<>();
        objects.forEach(resolved -> waves.computeIfAbsent(ApplyOrder.rank(resolved.manifest()), rank -> new ArrayList<>()).add(resolved));
        for (List<ReleasePreparer.Resolved> wave : waves.values()) {
            Parallel.map(wave, resolved -> applier.apply(resolved.manifest(), resolved.kind(), false, force));
            wave.forEach(resolved -> progress.accept("applied " + resolved.manifest().displayName()));
        }
    }

    private void awaitCrdsEstablished(List<ReleasePreparer.Resolved> resolved, Instant deadline, Consumer<String> progress) {
        for (ReleasePreparer.Resolved crd : resolved) {
            if (!"CustomResourceDefinition".equals(crd.kind().kind())) {
                continue;
            }
            progress.accept("waiting for CustomResourceDefinition " + crd.manifest().name() + " to be established");
            long millis = Math.max(1, Duration.between(clock.instant(), deadline).toMillis());
            try {
                client.apiextensions().v1().customResourceDefinitions().withName(crd.manifest().name())
                        .waitUntilCondition(ReleaseCluster::established, millis, TimeUnit.MILLISECONDS);
            } catch (RuntimeException e) {
                throw new KubeOpsException("CustomResourceDefinition " + crd.manifest().name() + " was not established in time ("
                        + e.getMessage() + "): check its definition with 'kubectl describe crd " + crd.manifest().name() + "'.", e);
            }
        }
    }

    private static boolean established(CustomResourceDefinition crd) {
        return crd != null && crd.getStatus() != null && crd.getStatus().getConditions() != null && crd.getStatus().getConditions()
                .stream().anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
    }


}
