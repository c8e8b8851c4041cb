package io.jenkins.plugins.kubeops.engine.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.Map;
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

    /** From this many objects of one kind in one namespace, one list call replaces the gets. */
    static final int LIST_THRESHOLD = 3;

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

    /**
     * The live state of every object of the release (read in parallel, before anything changes), refusing to take over
     * objects another Kube Ops release owns. Keyed by {@link ObjectRef#key()}; absent objects have no entry.
     */
    Map<String, GenericKubernetesResource> readLive(List<ReleasePreparer.Resolved> objects, String owner) {
        // One list per kind and namespace when several objects share them, a get otherwise: a 200-object release costs a
        // handful of calls, not 200.
        Map<String, List<ReleasePreparer.Resolved>> groups = new LinkedHashMap<>();
        objects.forEach(resolved -> groups.computeIfAbsent(resolved.kind().apiVersion() + "/" + resolved.kind().kind() + "@"
                + resolved.manifest().resource().getMetadata().getNamespace(), key -> new ArrayList<>()).add(resolved));
        List<Map<String, GenericKubernetesResource>> found = Parallel.map(new ArrayList<>(groups.values()), group -> {
            ReleasePreparer.Resolved first = group.get(0);
            String namespace = first.manifest().resource().getMetadata().getNamespace();
            Map<String, GenericKubernetesResource> byName;
            if (group.size() >= LIST_THRESHOLD) {
                byName = applier.list(first.kind(), namespace);
            } else {
                byName = new HashMap<>();
                for (ReleasePreparer.Resolved resolved : group) {
                    GenericKubernetesResource current = applier.get(resolved.kind(), namespace, resolved.manifest().name());
                    if (current != null) {
                        byName.put(resolved.manifest().name(), current);
                    }
                }
            }
            Map<String, GenericKubernetesResource> byKey = new HashMap<>();
            for (ReleasePreparer.Resolved resolved : group) {
                GenericKubernetesResource current = byName.get(resolved.manifest().name());
                if (current != null) {
                    checkOwner(resolved, current, owner);
                    byKey.put(resolved.ref().key(), current);
                }
            }
            return byKey;
        });
        Map<String, GenericKubernetesResource> live = new HashMap<>();
        found.forEach(live::putAll);
        return live;
    }

    private static void checkOwner(ReleasePreparer.Resolved resolved, GenericKubernetesResource current, String owner) {
        String other = current.getMetadata().getAnnotations() == null ? null
                : current.getMetadata().getAnnotations().get(ReleasePreparer.RELEASE_ANNOTATION);
        if (other != null && !other.equals(owner)) {
            throw new KubeOpsException(resolved.manifest().displayName() + " from " + resolved.manifest().origin()
                    + " belongs to release " + other + ": remove it from one of the two releases.");
        }
    }

    /** The plan without changing anything: server-side dry runs of the existing objects, diffed against their live state. */
    List<String> plan(ReleasePreparer.Prepared prepared, Map<String, GenericKubernetesResource> live, PrunePlan.Result prune,
                      boolean force) {
        List<String> lines = new ArrayList<>(Parallel.map(prepared.resolved(), resolved -> {
            GenericKubernetesResource current = live.get(resolved.ref().key());
            return current == null ? "create " + resolved.manifest().displayName()
                    : describe(resolved.manifest(), current, applier.apply(resolved.manifest(), resolved.kind(), true, force));
        }));
        prepared.awaitingCrd().forEach(manifest -> lines.add("create " + manifest.displayName() + " (once its CRD is established)"));
        lines.addAll(pruneLines(prune));
        return lines;
    }

    static List<String> pruneLines(PrunePlan.Result prune) {
        List<String> lines = new ArrayList<>();
        prune.delete().forEach(ref -> lines.add("delete " + ref + " (no longer in the release)"));
        prune.kept().forEach(ref -> lines.add("keep " + ref + " (no longer in the release, but " + ref.kind()
                + " is only pruned when allowed: CLI --allow-prune " + ref.kind() + ", step allowPrune: ['" + ref.kind() + "'])"));
        return lines;
    }

    private static String describe(Manifest manifest, GenericKubernetesResource live, GenericKubernetesResource applied) {
        List<String> changes = ObjectDiff.between(live, applied);
        return changes.isEmpty() ? "unchanged " + manifest.displayName()
                : "change " + manifest.displayName() + ": " + String.join(", ", changes);
    }

    /** What {@link #apply} did: one line per object (created / changed with fields / unchanged), and the workloads to wait for. */
    record Applied(List<String> lines, List<RolloutWaiter.Workload> workloads) {
    }

    /** Applies everything in waves; each object's line comes from comparing the apply result with its state before. */
    Applied apply(ReleasePreparer.Prepared prepared, Map<String, GenericKubernetesResource> live, String namespace, String owner,
                  boolean force, Instant deadline, Consumer<String> progress) {
        List<ReleasePreparer.Resolved> all = new ArrayList<>(prepared.resolved());
        Map<String, GenericKubernetesResource> results = new HashMap<>();
        List<String> lines = new ArrayList<>(applyWaves(all, live, force, results, progress));
        if (!prepared.awaitingCrd().isEmpty()) {
            awaitCrdsEstablished(prepared.resolved(), deadline, progress);
            prepared.awaitingCrd().forEach(manifest -> kinds.forget(manifest.apiVersion()));
            List<ReleasePreparer.Resolved> late = ReleasePreparer.resolveAwaiting(prepared.awaitingCrd(), namespace, kinds);
            lines.addAll(applyWaves(late, readLive(late, owner), force, results, progress));
            all.addAll(late);
        }
        List<RolloutWaiter.Workload> workloads = new ArrayList<>();
        for (RolloutWaiter.Workload workload : workloads(all)) {
            // The watches may have started before the apply: the rollout is judged on this object or a newer one only.
            GenericKubernetesResource applied = results.get(new ObjectRef(workload.kind().apiVersion(), workload.kind().kind(),
                    workload.namespace(), workload.name()).key());
            workloads.add(applied == null ? workload : workload.appliedAs(applied.getMetadata().getUid(),
                    applied.getMetadata().getGeneration() == null ? 0 : applied.getMetadata().getGeneration()));
        }
        return new Applied(lines, workloads);
    }

    /** The objects whose rollout a deploy waits for. */
    static List<RolloutWaiter.Workload> workloads(List<ReleasePreparer.Resolved> objects) {
        List<RolloutWaiter.Workload> workloads = new ArrayList<>();
        for (ReleasePreparer.Resolved resolved : objects) {
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

    /** @param results receives each apply result, by {@link ObjectRef#key()} */
    private List<String> applyWaves(List<ReleasePreparer.Resolved> objects, Map<String, GenericKubernetesResource> live, boolean force,
                                    Map<String, GenericKubernetesResource> results, Consumer<String> progress) {
        TreeMap<Integer, List<ReleasePreparer.Resolved>> waves = new TreeMap<>();
        objects.stream().sorted(java.util.Comparator.comparing(ReleasePreparer.Resolved::manifest, ApplyOrder.APPLY))
                .forEach(resolved -> waves.computeIfAbsent(ApplyOrder.wave(resolved.manifest().kind()), wave -> new ArrayList<>())
                        .add(resolved));
        List<String> lines = new ArrayList<>();
        for (List<ReleasePreparer.Resolved> wave : waves.values()) {
            List<GenericKubernetesResource> applied = Parallel.map(wave, resolved -> applier.apply(resolved.manifest(), resolved.kind(), false, force));
            for (int i = 0; i < wave.size(); i++) {
                ReleasePreparer.Resolved resolved = wave.get(i);
                results.put(resolved.ref().key(), applied.get(i));
                GenericKubernetesResource before = live.get(resolved.ref().key());
                String line = before == null ? "create " + resolved.manifest().displayName() : describe(resolved.manifest(), before, applied.get(i));
                lines.add(line);
                progress.accept("  " + line);
            }
        }
        return lines;
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
