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
 * its namespace, comma-separated, for inside braces; pod label keys become Prometheus label names, see {@link #labelName}), {@code {{namespace}}}, {@code {{version}}} (the target's
 * {@code version} matcher), {@code {{role}}} (canary, baseline or stable), {@code {{step}}} (a comparison's sample step, or
 * the interval for a threshold; the built-in templates' default rate window for comparisons) and {@code {{interval}}}, both
 * as PromQL durations. Values are escaped as PromQL string contents.
 */
public final class MetricQuery {

    static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([a-zA-Z]+)\\s*}}");
    static final Set<String> PLACEHOLDERS = Set.of("selector", "namespace", "version", "role", "step", "interval");

    private MetricQuery() {
    }

    /** For tests of the other placeholders: {@code {{step}}} and {@code {{interval}}} render as one minute. */
    static String render(String template, AnalysisTargets targets, AnalysisTargets.Role role) {
        return render(template, targets, role, java.time.Duration.ofMinutes(1), java.time.Duration.ofMinutes(1));
    }

    public static String render(String template, AnalysisTargets targets, AnalysisTargets.Role role,
                                java.time.Duration step, java.time.Duration interval) {
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
                        .map(e -> labelName(e.getKey()) + "=\"" + escape(e.getValue()) + "\"")
                        .collect(Collectors.joining(","));
                case "namespace" -> escape(targets.namespace());
                case "role" -> role.text();
                case "step" -> duration(step);
                case "interval" -> duration(interval);
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

    /**
     * The Prometheus label a Kubernetes pod label becomes: every character outside {@code [a-zA-Z0-9_]} turns into
     * {@code _}, as Prometheus' Kubernetes service discovery names {@code __meta_kubernetes_pod_label_*} and the usual
     * {@code labelmap} relabeling copies them ({@code kube-ops.io/canary-role} becomes {@code kube_ops_io_canary_role}).
     */
    static String labelName(String podLabel) {
        String name = podLabel.replaceAll("[^a-zA-Z0-9_]", "_");
        return name.isEmpty() || Character.isDigit(name.charAt(0)) ? "_" + name : name;
    }

    private static final Pattern RANGE = Pattern.compile("\\[((?:\\d+(?:ms|[smhdwy]))+)(?::[^\\]]*)?]");
    private static final Pattern RANGE_PART = Pattern.compile("(\\d+)(ms|[smhdwy])");

    /**
     * The longest range selector of a rendered query (the first duration of a subquery's {@code [5m:30s]}), i.e. the widest
     * window a sample of it reads; empty without one.
     */
    static java.util.Optional<java.time.Duration> longestRange(String promql) {
        java.time.Duration longest = null;
        Matcher range = RANGE.matcher(promql);
        while (range.find()) {
            java.time.Duration total = java.time.Duration.ZERO;
            Matcher part = RANGE_PART.matcher(range.group(1));
            while (part.find()) {
                long amount = Long.parseLong(part.group(1));
                total = total.plus(switch (part.group(2)) {
                    case "ms" -> java.time.Duration.ofMillis(amount);
                    case "s" -> java.time.Duration.ofSeconds(amount);
                    case "m" -> java.time.Duration.ofMinutes(amount);
                    case "h" -> java.time.Duration.ofHours(amount);
                    case "d" -> java.time.Duration.ofDays(amount);
                    case "w" -> java.time.Duration.ofDays(7 * amount);
                    default -> java.time.Duration.ofDays(365 * amount);
                });
            }
            if (longest == null || total.compareTo(longest) > 0) {
                longest = total;
            }
        }
        return java.util.Optional.ofNullable(longest);
    }

    /** Whether the template's rate window follows the sample step, so that it can be widened to the whole interval. */
    static boolean usesStep(String template) {
        Matcher matcher = PLACEHOLDER.matcher(template);
        while (matcher.find()) {
            if (matcher.group(1).equals("step")) {
                return true;
            }
        }
        return false;
    }

    /** A PromQL duration: {@code 6s}, {@code 1500ms}. */
    static String duration(java.time.Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }

    /** Contents of a double-quoted PromQL string. */
    static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
