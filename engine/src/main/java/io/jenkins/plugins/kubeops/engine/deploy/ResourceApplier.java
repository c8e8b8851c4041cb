package io.jenkins.plugins.kubeops.engine.deploy;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The apply gateway: server-side apply (as field manager {@value DeployService#FIELD_MANAGER}; conflicts with other managers
 * are errors unless forced), server-side dry runs for plans, reads and deletes. Every failure names the object and where it
 * was written.
 */
public final class ResourceApplier {

    private final KubernetesClient client;

    public ResourceApplier(KubernetesClient client) {
        this.client = client;
    }

    public GenericKubernetesResource apply(Manifest manifest, KindInfo kind, boolean dryRun, boolean force) {
        try {
            var kinds = client.genericKubernetesResources(context(kind));
            var operation = kind.namespaced()
                    ? kinds.inNamespace(manifest.resource().getMetadata().getNamespace()).resource(manifest.resource())
                    : kinds.resource(manifest.resource());
            var writable = dryRun ? operation.dryRun() : operation;
            var apply = writable.fieldManager(DeployService.FIELD_MANAGER);
            return force ? apply.forceConflicts().serverSideApply() : apply.serverSideApply();
        } catch (KubernetesClientException e) {
            throw new KubeOpsException(manifest.displayName() + " from " + manifest.origin() + " was refused by the API server: "
                    + reason(e) + (e.getCode() == 409 ? " (another field manager owns these fields: change them there, "
                    + "or force the apply to take them over: CLI --force, step force: true)" : ""), e);
        }
    }

    /**
     * Creates an object that must not exist yet (chart hooks, as Helm creates them): an existing one is an error naming
     * it, never silently reused.
     */
    public GenericKubernetesResource create(Manifest manifest, KindInfo kind) {
        try {
            var kinds = client.genericKubernetesResources(context(kind));
            var operation = kind.namespaced()
                    ? kinds.inNamespace(manifest.resource().getMetadata().getNamespace()).resource(manifest.resource())
                    : kinds.resource(manifest.resource());
            return operation.create();
        } catch (KubernetesClientException e) {
            throw new KubeOpsException(manifest.displayName() + " from " + manifest.origin() + " was refused by the API server: "
                    + reason(e) + (e.getCode() == 409 ? " (it is left from an earlier run: delete it, or give the hook the delete "
                    + "policy before-hook-creation)" : ""), e);
        }
    }

    /** Waits until the object is gone (deleted objects may linger while finalizers run). */
    public void awaitDeleted(KindInfo kind, ObjectRef ref, java.time.Duration timeout) {
        try {
            resource(kind, ref.namespace(), ref.name()).waitUntilCondition(java.util.Objects::isNull,
                    Math.max(1, timeout.toMillis()), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (KubernetesClientException e) {
            throw new KubeOpsException(ref + " was not deleted in time (" + reason(e) + "): check its finalizers with "
                    + "'kubectl get " + kind.plural() + " " + ref.name() + " -o yaml'.", e);
        }
    }

    public GenericKubernetesResource get(KindInfo kind, String namespace, String name) {
        return resource(kind, namespace, name).get();
    }

    /** All objects of a kind in a namespace (or cluster-wide for cluster-scoped kinds), by name: one call for many objects. */
    public Map<String, GenericKubernetesResource> list(KindInfo kind, String namespace) {
        var kinds = client.genericKubernetesResources(context(kind));
        List<GenericKubernetesResource> items = kind.namespaced() ? kinds.inNamespace(namespace).list().getItems() : kinds.list().getItems();
        Map<String, GenericKubernetesResource> byName = new HashMap<>();
        items.forEach(item -> byName.put(item.getMetadata().getName(), item));
        return byName;
    }

    public boolean delete(KindInfo kind, ObjectRef ref) {
        try {
            return !resource(kind, ref.namespace(), ref.name()).withPropagationPolicy(DeletionPropagation.BACKGROUND).delete().isEmpty();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return false;
            }
            throw new KubeOpsException("cannot delete " + ref + ": " + reason(e), e);
        }
    }

    private Resource<GenericKubernetesResource> resource(KindInfo kind, String namespace, String name) {
        var kinds = client.genericKubernetesResources(context(kind));
        return kind.namespaced() ? kinds.inNamespace(namespace).withName(name) : kinds.withName(name);
    }

    static ResourceDefinitionContext context(KindInfo kind) {
        int slash = kind.apiVersion().indexOf('/');
        return new ResourceDefinitionContext.Builder()
                .withGroup(slash < 0 ? "" : kind.apiVersion().substring(0, slash))
                .withVersion(slash < 0 ? kind.apiVersion() : kind.apiVersion().substring(slash + 1))
                .withKind(kind.kind()).withPlural(kind.plural()).withNamespaced(kind.namespaced()).build();
    }

    static String reason(KubernetesClientException e) {
        if (e.getStatus() != null && e.getStatus().getMessage() != null) {
            return e.getStatus().getMessage();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
    }
}
