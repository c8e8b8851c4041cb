package io.jenkins.plugins.kubeops.engine.canary;

import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Renders a metric's query template for one target. Placeholders: {@code {{selector}}} (the target's label matchers and
 * its namespace, comma-separated, for inside braces), {@code {{namespace}}}, {@code {{version}}} (the target's
 * {@code version} matcher) and {@code {{role}}} (canary, baseline or stable). Values are escaped as PromQL string contents.
 */
public final class MetricQuery {

    static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([a-zA-Z]+)\\s*}}");
    static final Set<String> PLACEHOLDERS = Set.of("selector", "namespace", "version", "role");

    private MetricQuery() {
    }

    public static String render(String template, AnalysisTargets targets, AnalysisTargets.Role role) {
        Map<String, String> matchers = new LinkedHashMap<>();
        if (!targets.namespace().isBlank()) {
            matchers.put("namespace", targets.namespace());
        }
        matchers.putAll(new java.util.TreeMap<>(targets.matchers(role)));
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = switch (matcher.group(1)) {
                case "selector" -> matchers.entrySet().stream()
                        .map(e -> e.getKey() + "=\"" + escape(e.getValue()) + "\"").collect(Collectors.joining(","));
                case "namespace" -> escape(targets.namespace());
                case "role" -> role.text();
                case "version" -> {
                    String version = targets.matchers(role).get("version");
                    if (version == null) {
                        throw new KubeOpsException("the query uses {{version}} but the " + role.text() + " target has no "
                                + "version label matcher (" + targets.matchers(role) + "): use {{selector}} instead.");
                    }
                    yield escape(version);
                }
                default -> matcher.group();
            };
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** Contents of a double-quoted PromQL string. */
    static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
