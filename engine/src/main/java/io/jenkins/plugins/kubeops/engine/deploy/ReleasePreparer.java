package io.jenkins.plugins.kubeops.engine.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Readies rendered objects for the cluster: resolves each kind through discovery (a kind served by a CRD of the same
 * release waits for that CRD), fills in the release namespace for namespaced objects and drops it from cluster-scoped
 * ones, stamps the owning release, and leaves {@code spec.replicas} out of workloads an autoscaler scales.
 */
public final class ReleasePreparer {

    public static final String RELEASE_ANNOTATION = "kube-ops.io/release";
    static final Set<String> SCALABLE = Set.of("Deployment", "StatefulSet", "ReplicaSet");

    /** An object with its kind resolved. */
    public record Resolved(Manifest manifest, KindInfo kind) {
        ObjectRef ref() {
            return ObjectRef.of(manifest);
        }
    }

    /** @param awaitingCrd objects whose kind a CRD of this release will define */
    public record Prepared(List<Resolved> resolved, List<Manifest> awaitingCrd) {
        public List<ObjectRef> refs() {
            List<ObjectRef> refs = new ArrayList<>();
            resolved.forEach(r -> refs.add(r.ref()));
            awaitingCrd.forEach(m -> refs.add(ObjectRef.of(m)));
            return refs;
        }
    }

    private ReleasePreparer() {
    }

    /**
     * @param scaledByAutoscalers "Kind/name" of workloads an HPA in the cluster already targets
     */
    public static Prepared prepare(List<Manifest> manifests, String namespace, String release, ApiKinds kinds,
                                   Set<String> scaledByAutoscalers) {
        kinds.prefetch(manifests.stream().map(Manifest::apiVersion).toList());
        Set<String> crdKinds = crdKinds(manifests);
        Set<String> scaled = new HashSet<>(scaledByAutoscalers);
        scaled.addAll(autoscalerTargets(manifests));
        List<Resolved> resolved = new ArrayList<>();
        List<Manifest> awaiting = new ArrayList<>();
        for (Manifest manifest : manifests) {
            Manifest stamped = stamp(manifest, namespace, release, scaled);
            Optional<KindInfo> kind = kinds.find(manifest.apiVersion(), manifest.kind());
            if (kind.isPresent()) {
                resolved.add(new Resolved(placed(stamped, kind.get(), namespace), kind.get()));
            } else if (crdKinds.contains(manifest.group() + "/" + manifest.kind())) {
                awaiting.add(stamped);
            } else {
                throw new KubeOpsException(manifest.origin() + ": kind " + manifest.kind() + " (apiVersion " + manifest.apiVersion()
                        + ") is not served by the cluster: install its CustomResourceDefinition first or add it to the release, "
                        + "or fix the apiVersion.");
            }
        }
        return new Prepared(resolved, awaiting);
    }

    /** The objects that waited for their CRD, now that discovery knows them. */
    public static List<Resolved> resolveAwaiting(List<Manifest> awaiting, String namespace, ApiKinds kinds) {
        List<Resolved> resolved = new ArrayList<>();
        for (Manifest manifest : awaiting) {
            KindInfo kind = kinds.find(manifest.apiVersion(), manifest.kind()).orElseThrow(() -> new KubeOpsException(
                    manifest.origin() + ": kind " + manifest.kind() + " is still not served after its CRD was established: "
                            + "check that the CRD's group, versions and names match apiVersion " + manifest.apiVersion() + "."));
            resolved.add(new Resolved(placed(manifest, kind, namespace), kind));
        }
        return resolved;
    }

    private static Manifest placed(Manifest manifest, KindInfo kind, String namespace) {
        GenericKubernetesResource copy = Serialization.clone(manifest.resource());
        if (kind.namespaced()) {
            if (copy.getMetadata().getNamespace() == null || copy.getMetadata().getNamespace().isBlank()) {
                copy.getMetadata().setNamespace(namespace);
            }
        } else {
            copy.getMetadata().setNamespace(null);
        }
        return new Manifest(manifest.source(), manifest.document(), manifest.line(), copy);
    }

    private static Manifest stamp(Manifest manifest, String namespace, String release, Set<String> scaled) {
        GenericKubernetesResource copy = Serialization.clone(manifest.resource());
        Map<String, String> annotations = copy.getMetadata().getAnnotations() == null ? new HashMap<>()
                : new HashMap<>(copy.getMetadata().getAnnotations());
        annotations.put(RELEASE_ANNOTATION, namespace + "/" + release);
        copy.getMetadata().setAnnotations(annotations);
        if (SCALABLE.contains(copy.getKind()) && scaled.contains(copy.getKind() + "/" + copy.getMetadata().getName())
                && copy.getAdditionalProperties().get("spec") instanceof Map<?, ?> spec) {
            // Applying replicas would fight the autoscaler on every deploy; leaving the field out hands it over.
            spec.remove("replicas");
        }
        return new Manifest(manifest.source(), manifest.document(), manifest.line(), copy);
    }

    /** "group/Kind" of the kinds the release's CRDs define. */
    static Set<String> crdKinds(List<Manifest> manifests) {
        Set<String> kinds = new HashSet<>();
        for (Manifest manifest : manifests) {
            if ("CustomResourceDefinition".equals(manifest.kind()) && manifest.resource().getAdditionalProperties().get("spec")
                    instanceof Map<?, ?> spec && spec.get("names") instanceof Map<?, ?> names) {
                kinds.add(spec.get("group") + "/" + names.get("kind"));
            }
        }
        return kinds;
    }

    /** "Kind/name" targets of the release's HorizontalPodAutoscalers. */
    static Set<String> autoscalerTargets(List<Manifest> manifests) {
        Set<String> targets = new HashSet<>();
        for (Manifest manifest : manifests) {
            if ("HorizontalPodAutoscaler".equals(manifest.kind()) && manifest.resource().getAdditionalProperties().get("spec")
                    instanceof Map<?, ?> spec && spec.get("scaleTargetRef") instanceof Map<?, ?> target) {
                targets.add(target.get("kind") + "/" + target.get("name"));
            }
        }
        return targets;
    }
}
