package io.jenkins.plugins.kubeops.engine.canary;

import io.jenkins.plugins.kubeops.engine.common.Durations;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;

/**
 * Reads an analysis' {@code metrics} list (YAML as maps) into {@link MetricDefinition}s. Every error names the field's path and the
 * fix, e.g. {@code steps[2].analysis.metrics[0].min 'high' is not a number: use e.g. 0.99.}
 *
 * <pre>
 * - name: success-rate            # required
 *   template: success-rate        # built-in: success-rate (counter with a status code label) or latency (histogram)
 *   metric: http_requests_total   # the counter (success-rate) or histogram base name (latency); these are the defaults
 *   codeLabel: code               # success-rate: the status label; errorCodes: its values that count as errors (regex, 5..)
 *   quantile: 0.99                # latency: which quantile, from the histogram's buckets
 *   window: 1m                    # rate() window of the built-in templates (default: 1m for thresholds; for comparisons
 *                                 #   the sample step, so that no two samples share a request)
 *   query: '...{{selector}}...'   # instead of a template: custom PromQL, rendered per target
 *   judge: compare                # compare (canary vs baseline, the default) or threshold (default when min or max is set)
 *   min: 0.99                     # threshold bounds
 *   max: 0.5
 *   direction: lower-is-worse     # compare: default lower-is-worse for success-rate, higher-is-worse otherwise
 *   confidence: 0.995             # compare: confidence that the canary is worse by more than the tolerance (needs 8+
 *                                 #   samples a side)
 *   tolerance: 0.005              # compare: absolute shift never failed (success-rate default 0.005)
 *   relativeTolerance: 0.1        # compare: shift never failed, as a fraction of the baseline median (default 0.1;
 *                                 #   0.2 for latency, whose quantiles come from coarse buckets; 0 for success-rate)
 *   minSamples: 5                 # compare: fewer samples on a side is inconclusive
 *   step: 10s                     # compare: spacing of the samples within the interval (default: a tenth of it); each
 *                                 #   sample's rate window must hold two scrapes, so step >= 2 x the scrape interval
 * </pre>
 */
public final class MetricSpecParser {

    public static final String SUCCESS_RATE = "success-rate";
    public static final String LATENCY = "latency";
    /**
     * The test is of "worse by more than the tolerance": at 0.995 a canary worse by exactly the tolerance fails a comparison
     * in at most 0.5% of rounds, one within the tolerance less and less often the further within it. Ten samples per
     * interval can reach it (the smallest p of ten pairs is 1/1024).
     */
    static final double DEFAULT_CONFIDENCE = 0.995;
    static final Set<String> FIELDS = Set.of("name", "template", "metric", "codeLabel", "errorCodes", "quantile", "window",
            "query", "judge", "min", "max", "direction", "confidence", "tolerance", "relativeTolerance", "minSamples", "step");
    private static final String METRIC_NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final String LABEL_NAME = "[a-zA-Z_][a-zA-Z0-9_]*";

    private MetricSpecParser() {
    }

    /**
     * Checks an analysis' {@code metrics} list and keeps each metric as written ({@link MetricSpec}).
     *
     * @param path where the list is, e.g. {@code steps[2].analysis.metrics}
     */
    public static List<MetricSpec> parseList(String path, Object list) {
        if (!(list instanceof List<?> items) || items.isEmpty()) {
            throw new KubeOpsException(path + " must be a non-empty list of metrics, e.g. [{name: success-rate, template: "
                    + "success-rate}].");
        }
        List<MetricSpec> metrics = new ArrayList<>();
        Set<String> names = new TreeSet<>();
        for (int i = 0; i < items.size(); i++) {
            String itemPath = path + "[" + i + "]";
            if (!(items.get(i) instanceof Map<?, ?> map)) {
                throw new KubeOpsException(itemPath + " must be a map with at least name and template or query.");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> fields = (Map<String, Object>) map;
            MetricDefinition metric = parse(itemPath, fields);
            if (!names.add(metric.name())) {
                throw new KubeOpsException(itemPath + ".name '" + metric.name() + "' is used twice: give each metric its "
                        + "own name.");
            }
            Map<String, Object> settings = new LinkedHashMap<>(fields);
            settings.remove("name");
            metrics.add(new MetricSpec(metric.name(), settings));
        }
        return List.copyOf(metrics);
    }

    /** Reads and checks one metric; {@code path} names it in errors, e.g. {@code steps[2].analysis.metrics[0]}. */
    public static MetricDefinition parse(String path, Map<String, ?> map) {
        Fields in = new Fields(path, map, FIELDS);
        String name = in.required("name", "e.g. success-rate");
        boolean hasTemplate = in.has("template");
        if (hasTemplate == in.has("query")) {
            throw new KubeOpsException(path + " needs exactly one of template (" + SUCCESS_RATE + ", " + LATENCY
                    + ") and query (custom PromQL with {{selector}}).");
        }
        String template = hasTemplate ? in.text("template") : "";
        boolean threshold = in.has("min") || in.has("max") || "threshold".equalsIgnoreCase(in.has("judge") ? in.text("judge")
                : "");
        // A comparison's samples must not share requests (the U test assumes independent samples): by default each one is
        // a rate over its own step. A threshold reads one rate over the last minute.
        String window = in.has("window") ? in.text("window") : threshold ? "1m" : "{{step}}";
        if (in.has("window") && Durations.parse(path + ".window", window).isZero()) {
            throw new KubeOpsException(path + ".window is 0: a rate needs a window spanning two scrapes or more, e.g. 1m.");
        }
        String query;
        MetricDefinition.Direction defaultDirection = MetricDefinition.Direction.HIGHER_IS_WORSE;
        double defaultTolerance = 0;
        double defaultRelativeTolerance = 0.1;
        switch (template) {
            case SUCCESS_RATE -> {
                String counter = in.matching("metric", "http_requests_total", METRIC_NAME, "a Prometheus metric name");
                String codeLabel = in.matching("codeLabel", "code", LABEL_NAME, "a label name such as code or status");
                String errorCodes = in.has("errorCodes") ? in.text("errorCodes") : "5..";
                query = "sum(rate(" + counter + "{{{selector}}," + codeLabel + "!~\"" + MetricQuery.escape(errorCodes)
                        + "\"}[" + window + "])) / sum(rate(" + counter + "{{{selector}}}[" + window + "]))";
                defaultDirection = MetricDefinition.Direction.LOWER_IS_WORSE;
                defaultTolerance = 0.005;
                defaultRelativeTolerance = 0;
            }
            case LATENCY -> {
                String histogram = in.matching("metric", "http_request_duration_seconds", METRIC_NAME,
                        "a histogram's base name (without _bucket)");
                double quantile = in.number("quantile", 0.99, "e.g. 0.99");
                if (!(quantile > 0 && quantile < 1)) {
                    throw new KubeOpsException(path + ".quantile " + quantile + " must be between 0 and 1, e.g. 0.99.");
                }
                query = "histogram_quantile(" + quantile + ", sum by (le) (rate(" + histogram + "_bucket{{{selector}}}["
                        + window + "])))";
                // Quantiles from histogram buckets are interpolated inside buckets 2-2.5x wide (Prometheus' defaults):
                // differences below 20% are often the buckets', not the canary's.
                defaultRelativeTolerance = 0.2;
            }
            case "" -> {
                query = in.text("query");
                checkPlaceholders(path + ".query", query);
            }
            default -> throw new KubeOpsException(path + ".template '" + template + "' is not a built-in template: use "
                    + SUCCESS_RATE + " or " + LATENCY + ", or write the PromQL under query.");
        }
        if (!hasTemplate) {
            for (String field : List.of("metric", "codeLabel", "errorCodes", "quantile", "window")) {
                if (in.has(field)) {
                    throw new KubeOpsException(path + "." + field + " applies to the built-in templates only: remove it "
                            + "or use template: " + SUCCESS_RATE + " or " + LATENCY + ".");
                }
            }
        }
        OptionalDouble min = in.has("min") ? OptionalDouble.of(in.number("min", 0, "e.g. 0.99")) : OptionalDouble.empty();
        OptionalDouble max = in.has("max") ? OptionalDouble.of(in.number("max", 0, "e.g. 0.5")) : OptionalDouble.empty();
        String judgeText = in.has("judge") ? in.text("judge").toLowerCase(Locale.ROOT)
                : min.isPresent() || max.isPresent() ? "threshold" : "compare";
        MetricDefinition.Judging judge = switch (judgeText) {
            case "threshold" -> MetricDefinition.Judging.THRESHOLD;
            case "compare" -> MetricDefinition.Judging.COMPARE;
            default -> throw new KubeOpsException(path + ".judge '" + judgeText + "' is unknown: use compare (canary vs "
                    + "baseline) or threshold (min/max).");
        };
        if (judge == MetricDefinition.Judging.THRESHOLD && min.isEmpty() && max.isEmpty()) {
            throw new KubeOpsException(path + " is judged by threshold but has neither min nor max: add e.g. min: 0.99.");
        }
        if (judge == MetricDefinition.Judging.COMPARE && (min.isPresent() || max.isPresent())) {
            throw new KubeOpsException(path + ".min/max apply to judge: threshold; a comparison uses confidence and "
                    + "tolerance: remove min/max or set judge: threshold.");
        }
        if (min.isPresent() && max.isPresent() && min.getAsDouble() > max.getAsDouble()) {
            throw new KubeOpsException(path + ".min " + min.getAsDouble() + " is above max " + max.getAsDouble()
                    + ": no value could pass.");
        }
        MetricDefinition.Direction direction = defaultDirection;
        if (in.has("direction")) {
            direction = switch (in.text("direction").toLowerCase(Locale.ROOT)) {
                case "higher-is-worse" -> MetricDefinition.Direction.HIGHER_IS_WORSE;
                case "lower-is-worse" -> MetricDefinition.Direction.LOWER_IS_WORSE;
                default -> throw new KubeOpsException(path + ".direction '" + in.text("direction") + "' is unknown: use "
                        + "higher-is-worse (latency, errors) or lower-is-worse (success rate, throughput).");
            };
        }
        double confidence = in.number("confidence", DEFAULT_CONFIDENCE, "e.g. 0.995");
        if (!(confidence > 0.5 && confidence < 1)) {
            throw new KubeOpsException(path + ".confidence " + confidence + " must be above 0.5 and below 1, e.g. 0.99.");
        }
        double tolerance = in.number("tolerance", defaultTolerance, "e.g. 0.005");
        double relativeTolerance = in.number("relativeTolerance", defaultRelativeTolerance, "e.g. 0.1 for 10%");
        if (tolerance < 0 || relativeTolerance < 0) {
            throw new KubeOpsException(path + ".tolerance and relativeTolerance must be 0 or more (the shift a canary may "
                    + "be worse by without failing).");
        }
        int minSamples = in.count("minSamples", 5);
        if (minSamples < 3) {
            throw new KubeOpsException(path + ".minSamples " + minSamples + " is too few to test: use 3 or more (5 by "
                    + "default).");
        }
        Optional<Duration> step = Optional.empty();
        if (in.has("step")) {
            if (judge == MetricDefinition.Judging.THRESHOLD) {
                throw new KubeOpsException(path + ".step applies to judge: compare only (a threshold reads one instant "
                        + "value): remove it.");
            }
            step = Optional.of(Durations.parse(path + ".step", in.text("step")));
            if (step.get().isZero()) {
                throw new KubeOpsException(path + ".step is 0: use e.g. 10s (the distance between two compared samples).");
            }
        }
        return new MetricDefinition(name, query, judge, min, max, direction, confidence, tolerance, relativeTolerance,
                minSamples, step);
    }

    private static void checkPlaceholders(String path, String query) {
        Matcher matcher = MetricQuery.PLACEHOLDER.matcher(query);
        boolean any = false;
        while (matcher.find()) {
            any |= Set.of("selector", "version", "role").contains(matcher.group(1));
            if (!MetricQuery.PLACEHOLDERS.contains(matcher.group(1))) {
                throw new KubeOpsException(path + " uses {{" + matcher.group(1) + "}}, which is unknown: use {{selector}}, "
                        + "{{namespace}}, {{version}}, {{role}}, {{step}} or {{interval}}.");
            }
        }
        if (!any) {
            throw new KubeOpsException(path + " has no placeholder, so canary and baseline would read the same series: "
                    + "select with {{selector}} (e.g. http_requests_total{{{selector}}}) or {{version}}.");
        }
    }

    /** Typed access to one map of a spec, with errors naming the field's path. Shared with {@link AnalysisPolicy}. */
    static final class Fields {
        private final String path;
        private final Map<String, ?> map;

        Fields(String path, Map<String, ?> map, Set<String> known) {
            this.path = path;
            this.map = map == null ? Map.of() : map;
            for (String key : this.map.keySet()) {
                if (!known.contains(key)) {
                    throw new KubeOpsException(path + "." + key + " is not a known field: use one of "
                            + String.join(", ", new TreeSet<>(known)) + ".");
                }
            }
        }

        boolean has(String field) {
            return map.get(field) != null;
        }

        String text(String field) {
            Object value = map.get(field);
            if (value instanceof Map || value instanceof List || value == null || value.toString().isBlank()) {
                throw new KubeOpsException(path + "." + field + " must be a non-empty text.");
            }
            return value.toString().trim();
        }

        String required(String field, String example) {
            if (!has(field)) {
                throw new KubeOpsException(path + "." + field + " is missing: " + example + ".");
            }
            return text(field);
        }

        String matching(String field, String fallback, String regex, String what) {
            String value = has(field) ? text(field) : fallback;
            if (!value.matches(regex)) {
                throw new KubeOpsException(path + "." + field + " '" + value + "' is not " + what + ".");
            }
            return value;
        }

        double number(String field, double fallback, String example) {
            if (!has(field)) {
                return fallback;
            }
            Object value = map.get(field);
            try {
                double number = value instanceof Number n ? n.doubleValue() : Double.parseDouble(value.toString().trim());
                if (Double.isNaN(number) || Double.isInfinite(number)) {
                    throw new NumberFormatException();
                }
                return number;
            } catch (NumberFormatException e) {
                throw new KubeOpsException(path + "." + field + " '" + value + "' is not a number: use " + example + ".");
            }
        }

        int count(String field, int fallback) {
            if (!has(field)) {
                return fallback;
            }
            Object value = map.get(field);
            try {
                int number = value instanceof Integer i ? i : Integer.parseInt(value.toString().trim());
                if (number < 0) {
                    throw new NumberFormatException();
                }
                return number;
            } catch (NumberFormatException e) {
                throw new KubeOpsException(path + "." + field + " '" + value + "' must be a whole number, 0 or more.");
            }
        }
    }
}
