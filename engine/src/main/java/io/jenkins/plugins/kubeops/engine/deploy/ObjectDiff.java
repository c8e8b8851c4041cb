package io.jenkins.plugins.kubeops.engine.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What an apply would change in one object: the live object against the server's dry-run result, field by field, without
 * the fields the server manages (status, managedFields, resourceVersion, ...). Secret values are never shown. Pure.
 */
public final class ObjectDiff {

    private static final Set<String> SERVER_METADATA = Set.of("managedFields", "resourceVersion", "generation", "uid",
            "creationTimestamp", "selfLink");
    private static final int MAX_VALUE = 60;

    private ObjectDiff() {
    }

    /** Changed paths as "path: old -> new" lines; empty when nothing changes. */
    public static List<String> between(GenericKubernetesResource live, GenericKubernetesResource applied) {
        boolean secret = "Secret".equals(applied.getKind());
        List<String> changes = new ArrayList<>();
        compare("", normalize(live), normalize(applied), secret, changes);
        return changes;
    }

    private static Map<String, Object> normalize(GenericKubernetesResource resource) {
        Map<String, Object> map = Values.asMap(Serialization.unmarshal(Serialization.asJson(resource), Map.class));
        map.remove("status");
        if (map.get("metadata") instanceof Map<?, ?> metadata) {
            SERVER_METADATA.forEach(metadata::remove);
            if (metadata.get("annotations") instanceof Map<?, ?> annotations) {
                annotations.remove("deployment.kubernetes.io/revision");
                annotations.remove("kubectl.kubernetes.io/last-applied-configuration");
                if (annotations.isEmpty()) {
                    metadata.remove("annotations");
                }
            }
        }
        return map;
    }

    private static void compare(String path, Object before, Object after, boolean secret, List<String> changes) {
        if (before instanceof Map<?, ?> a && after instanceof Map<?, ?> b) {
            Set<String> keys = new TreeSet<>();
            a.keySet().forEach(k -> keys.add(String.valueOf(k)));
            b.keySet().forEach(k -> keys.add(String.valueOf(k)));
            for (String key : keys) {
                compare(path.isEmpty() ? key : path + "." + key, a.get(key), b.get(key), secret, changes);
            }
            return;
        }
        if (before instanceof List<?> a && after instanceof List<?> b && a.size() == b.size()) {
            for (int i = 0; i < a.size(); i++) {
                compare(path + "[" + i + "]", a.get(i), b.get(i), secret, changes);
            }
            return;
        }
        if (java.util.Objects.equals(before, after)) {
            return;
        }
        boolean hidden = secret && (path.startsWith("data.") || path.startsWith("stringData.") || path.equals("data")
                || path.equals("stringData"));
        changes.add(path + ": " + (hidden ? (before == null ? "(none)" : "(hidden)") : show(before)) + " -> "
                + (hidden ? (after == null ? "(removed)" : "(hidden)") : show(after)));
    }

    private static String show(Object value) {
        if (value == null) {
            return "(none)";
        }
        String text = value instanceof String ? "\"" + value + "\"" : Serialization.asJson(value);
        return text.length() > MAX_VALUE ? text.substring(0, MAX_VALUE - 3) + "..." : text;
    }
}
