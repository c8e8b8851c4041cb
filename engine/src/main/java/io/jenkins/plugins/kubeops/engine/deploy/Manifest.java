package io.jenkins.plugins.kubeops.engine.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.Objects;

/**
 * One object of a release, with where it was written (file, document, line) so that every later error can point there.
 */
public record Manifest(String source, int document, int line, GenericKubernetesResource resource) {

    public Manifest {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(resource, "resource");
    }

    public String kind() {
        return resource.getKind();
    }

    public String apiVersion() {
        return resource.getApiVersion();
    }

    public String name() {
        return resource.getMetadata().getName();
    }

    /** The API group ("" for the core group). */
    public String group() {
        String apiVersion = resource.getApiVersion();
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    /** Where it came from, for messages: {@code templates/web.yaml (document 2, line 14)}. */
    public String origin() {
        return source + " (document " + (document + 1) + ", line " + line + ")";
    }

    /** {@code Deployment/web}, or {@code Deployment/team-a/web} when namespaced. */
    public String displayName() {
        String namespace = resource.getMetadata().getNamespace();
        return kind() + "/" + (namespace == null ? "" : namespace + "/") + name();
    }
}
