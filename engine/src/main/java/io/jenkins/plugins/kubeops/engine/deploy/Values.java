package io.jenkins.plugins.kubeops.engine.deploy;

import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Release values: nested maps from YAML files and {@code --set path=value} overrides, merged with later sources winning.
 * Maps merge key by key; any other value (lists included) is replaced whole, as Helm does.
 */
public final class Values {

    private Values() {
    }

    /** A deep copy of {@code base} with {@code override} merged into it. */
    public static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> override) {
        Map<String, Object> merged = deepCopy(base);
        for (Map.Entry<String, Object> entry : override.entrySet()) {
            Object existing = merged.get(entry.getKey());
            Object value = entry.getValue();
            if (existing instanceof Map<?, ?> existingMap && value instanceof Map<?, ?> valueMap) {
                merged.put(entry.getKey(), merge(asMap(existingMap), asMap(valueMap)));
            } else {
                merged.put(entry.getKey(), deepCopyValue(value));
            }
        }
        return merged;
    }

    /**
     * Applies {@code a.b.c=value} assignments. Values are typed like YAML scalars — {@code true/false}, integers, decimals,
     * {@code null}, otherwise strings — but only where typing loses nothing: {@code 1.10} stays the string "1.10". Quote with
     * single quotes to force a string ({@code tag='2.0'}).
     */
    public static Map<String, Object> set(Map<String, Object> values, List<String> assignments) {
        Map<String, Object> result = deepCopy(values);
        for (String assignment : assignments) {
            int equals = assignment.indexOf('=');
            if (equals <= 0) {
                throw new KubeOpsException("--set '" + assignment + "' is not an assignment: use path.to.key=value, e.g. image.tag=1.2.3.");
            }
            String path = assignment.substring(0, equals).trim();
            if (path.startsWith(".") || path.endsWith(".") || path.contains("..")) {
                throw new KubeOpsException("--set '" + assignment + "' has an empty key in its path '" + path + "': use a.b.c=value.");
            }
            Map<String, Object> target = result;
            String[] keys = path.split("\\.");
            for (int i = 0; i < keys.length - 1; i++) {
                Object next = target.get(keys[i]);
                if (!(next instanceof Map<?, ?>)) {
                    next = new LinkedHashMap<String, Object>();
                    target.put(keys[i], next);
                }
                target = asMap((Map<?, ?>) next);
            }
            target.put(keys[keys.length - 1], scalar(assignment.substring(equals + 1).trim()));
        }
        return result;
    }

    /** The text of each assignment by its dotted path (quotes removed), for schema-guided typing. */
    public static Map<String, String> setTexts(List<String> assignments) {
        Map<String, String> texts = new LinkedHashMap<>();
        for (String assignment : assignments) {
            int equals = assignment.indexOf('=');
            if (equals > 0) {
                String text = assignment.substring(equals + 1).trim();
                boolean quoted = text.length() >= 2 && text.startsWith("'") && text.endsWith("'");
                texts.put(assignment.substring(0, equals).trim(), quoted ? text.substring(1, text.length() - 1) : text);
            }
        }
        return texts;
    }

    static Object scalar(String text) {
        if (text.length() >= 2 && text.startsWith("'") && text.endsWith("'")) {
            return text.substring(1, text.length() - 1);
        }
        switch (text) {
            case "true":
                return true;
            case "false":
                return false;
            case "null":
                return null;
            default:
                break;
        }
        if (text.matches("-?(0|[1-9][0-9]{0,17})")) {
            return Long.parseLong(text);
        }
        // Only when the number reads back as the same text: 1.10 stays "1.10" (an image tag), 0.5 becomes 0.5.
        if (text.matches("-?(0|[1-9][0-9]*)\\.[0-9]+") && Double.toString(Double.parseDouble(text)).equals(text)) {
            return Double.parseDouble(text);
        }
        return text;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }

    public static Map<String, Object> deepCopy(Map<String, Object> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((key, value) -> copy.put(key, deepCopyValue(value)));
        return copy;
    }

    private static Object deepCopyValue(Object value) {
        if (value instanceof Map<?, ?> map) {
            return deepCopy(asMap(map));
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(item -> copy.add(deepCopyValue(item)));
            return copy;
        }
        return value;
    }
}
