package io.jenkins.plugins.kubeops.engine.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns YAML text into release objects: safe YAML only, several documents per file, empty documents skipped, every object
 * checked for apiVersion, kind and a valid name; objects arrive as generic resources, so any kind (CRs included) works.
 * {@code List} kinds are flattened into their items.
 */
public final class ManifestReader {

    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");

    private ManifestReader() {
    }

    public static List<Manifest> read(String source, String yaml) {
        List<Manifest> manifests = new ArrayList<>();
        for (SafeYaml.Document document : SafeYaml.documents(source, yaml)) {
            if (document.content() == null) {
                continue;
            }
            if (!(document.content() instanceof Map<?, ?> map)) {
                throw new KubeOpsException(where(document) + ": expected a Kubernetes object (a mapping with apiVersion and kind), "
                        + "found a " + document.content().getClass().getSimpleName() + ".");
            }
            Map<String, Object> object = Values.asMap(map);
            if ("List".equals(object.get("kind")) && object.get("items") instanceof List<?> items) {
                for (Object item : items) {
                    manifests.add(toManifest(document, item instanceof Map<?, ?> m ? Values.asMap(m) : Map.of()));
                }
            } else {
                manifests.add(toManifest(document, object));
            }
        }
        return manifests;
    }

    /** No two objects of a release may share group, kind, namespace and name. */
    public static void requireUnique(List<Manifest> manifests) {
        Set<String> seen = new HashSet<>();
        for (Manifest manifest : manifests) {
            String key = manifest.group() + "/" + manifest.displayName();
            if (!seen.add(key)) {
                throw new KubeOpsException(manifest.origin() + ": " + manifest.displayName()
                        + " is defined twice in the release: remove or rename one of them.");
            }
        }
    }

    private static Manifest toManifest(SafeYaml.Document document, Map<String, Object> object) {
        String where = where(document);
        if (!(object.get("apiVersion") instanceof String apiVersion) || apiVersion.isBlank()) {
            throw new KubeOpsException(where + ": apiVersion is missing: add e.g. 'apiVersion: apps/v1'.");
        }
        if (!(object.get("kind") instanceof String kind) || kind.isBlank()) {
            throw new KubeOpsException(where + ": kind is missing: add e.g. 'kind: Deployment'.");
        }
        if (!(object.get("metadata") instanceof Map<?, ?> metadata) || !(metadata.get("name") instanceof String name)) {
            throw new KubeOpsException(where + ": " + kind + " has no metadata.name: every object needs a name"
                    + " (generateName is not supported, because a release must find its objects again).");
        }
        if (!NAME.matcher(name).matches() || name.length() > 253) {
            throw new KubeOpsException(where + ": " + kind + " name '" + name + "' is invalid: use lower-case letters, digits, "
                    + "'-' and '.', at most 253 characters.");
        }
        GenericKubernetesResource resource = Serialization.unmarshal(Serialization.asJson(object), GenericKubernetesResource.class);
        return new Manifest(document.source(), document.index(), document.line(), resource);
    }

    private static String where(SafeYaml.Document document) {
        return document.source() + " (document " + (document.index() + 1) + ", line " + document.line() + ")";
    }
}
