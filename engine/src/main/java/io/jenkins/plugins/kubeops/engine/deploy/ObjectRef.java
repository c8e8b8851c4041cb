package io.jenkins.plugins.kubeops.engine.deploy;

import java.util.Comparator;
import java.util.Objects;

/**
 * An object a release owns, as recorded in its inventory: enough to find it again and delete it.
 *
 * @param namespace empty for cluster-scoped objects
 */
public record ObjectRef(String apiVersion, String kind, String namespace, String name) {

    public static final Comparator<ObjectRef> ORDER = Comparator.comparing(ObjectRef::kind).thenComparing(ObjectRef::namespace)
            .thenComparing(ObjectRef::name);

    public ObjectRef {
        Objects.requireNonNull(apiVersion, "apiVersion");
        Objects.requireNonNull(kind, "kind");
        namespace = namespace == null ? "" : namespace;
        Objects.requireNonNull(name, "name");
    }

    public static ObjectRef of(Manifest manifest) {
        return new ObjectRef(manifest.apiVersion(), manifest.kind(), manifest.resource().getMetadata().getNamespace(),
                manifest.name());
    }

    /** Identity across API versions of the same group (apps/v1 and apps/v1beta2 Deployments are one object). */
    public String key() {
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        return group + "/" + kind + "/" + namespace + "/" + name;
    }

    @Override
    public String toString() {
        return kind + "/" + (namespace.isEmpty() ? "" : namespace + "/") + name;
    }
}
