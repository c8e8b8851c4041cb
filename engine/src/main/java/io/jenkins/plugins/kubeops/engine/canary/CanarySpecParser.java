package io.jenkins.plugins.kubeops.engine.canary;

import io.jenkins.plugins.kubeops.engine.common.Durations;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import io.jenkins.plugins.kubeops.engine.common.Validation;
import io.jenkins.plugins.kubeops.engine.deploy.SafeYaml;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a {@link CanarySpec} from YAML (CLI) or from maps and lists (the kubeCanary step, the library). Collects every problem
 * before failing, each naming its field path and the fix.
 */
public final class CanarySpecParser {

    private static final Set<String> TOP = Set.of("target", "images", "baseline", "router", "steps", "backgroundAnalysis",
            "abortScaleDownDelay", "rolloutTimeout");

    private final List<String> errors = new ArrayList<>();

    private CanarySpecParser() {
    }

    /** @param defaultNamespace used when the spec has no target.namespace (CLI -n, the step's namespace) */
    public static CanarySpec fromYaml(String source, String yaml, Optional<String> defaultNamespace) {
        Map<String, Object> document = SafeYaml.map(source, yaml);
        return parse(source, document, defaultNamespace);
    }

    public static CanarySpec fromMap(Map<String, ?> document, Optional<String> defaultNamespace) {
        return parse("canary spec", new LinkedHashMap<>(document), defaultNamespace);
    }

    /** Every problem of the spec, empty when it is valid (for form checks and library pre-flight checks). */
    public static List<String> problems(Map<String, ?> document, Optional<String> defaultNamespace) {
        CanarySpecParser parser = new CanarySpecParser();
        parser.spec(new LinkedHashMap<>(document), defaultNamespace);
        return List.copyOf(parser.errors);
    }

    private static CanarySpec parse(String source, Map<String, Object> document, Optional<String> defaultNamespace) {
        CanarySpecParser parser = new CanarySpecParser();
        CanarySpec spec = parser.spec(document, defaultNamespace);
        if (!parser.errors.isEmpty()) {
            throw new KubeOpsException(parser.errors.size() == 1 ? source + ": " + parser.errors.get(0)
                    : source + " has " + parser.errors.size() + " problems:\n  - " + String.join("\n  - ", parser.errors));
        }
        return spec;
    }

    private CanarySpec spec(Map<String, Object> document, Optional<String> defaultNamespace) {
        unknownKeys("", document, TOP);
        Map<String, Object> target = map("target", document.get("target"));
        unknownKeys("target.", target, Set.of("namespace", "deployment", "release"));
        String namespace = text(target.get("namespace")).or(() -> defaultNamespace).orElse(null);
        check(CanaryValidation.namespace("target.namespace", namespace));
        String deployment = text(target.get("deployment")).orElse(null);
        check(CanaryValidation.deployment("target.deployment", deployment));
        Optional<String> release = text(target.get("release"));
        release.ifPresent(name -> check(CanaryValidation.release("target.release", name)));

        Map<String, String> images = new LinkedHashMap<>();
        Map<String, Object> imageMap = map("images", document.get("images"));
        if (imageMap.isEmpty()) {
            errors.add("images is missing: give the new image per container (e.g. images: {web: registry.example.com/web:2.0}).");
        }
        imageMap.forEach((container, image) -> {
            if (check(CanaryValidation.image("images." + container, image))) {
                images.put(container, String.valueOf(image));
            }
        });

        List<CanaryStep> steps = steps(document.get("steps"));
        Optional<CanarySpec.BackgroundAnalysis> background = Optional.empty();
        if (document.get("backgroundAnalysis") != null) {
            Map<String, Object> settings = map("backgroundAnalysis", document.get("backgroundAnalysis"));
            Object start = settings.containsKey("startingStep") ? settings.remove("startingStep") : 0;
            if (settings.containsKey("count")) {
                errors.add("backgroundAnalysis.count: a background analysis runs until promotion: remove count (steps' "
                        + "analyses have one).");
                settings.remove("count");
            }
            int startingStep = check(CanaryValidation.startingStep("backgroundAnalysis.startingStep", start, steps.size()))
                    ? CanaryValidation.wholeNumber(start) : 0;
            CanaryAnalysisSettings analysis = analysis("backgroundAnalysis", settings);
            background = Optional.of(new CanarySpec.BackgroundAnalysis(startingStep, new CanaryAnalysisSettings(
                    new AnalysisPolicy(analysis.interval(), 0, analysis.policy().failureLimit(),
                            analysis.policy().consecutiveErrorLimit(), analysis.policy().inconclusiveLimit()), analysis.metrics())));
        }
        RouterSpec router = router(document.get("router"), deployment == null ? "" : deployment);
        boolean baseline = bool("baseline", document.get("baseline"));
        Duration abortDelay = duration("abortScaleDownDelay", document.get("abortScaleDownDelay"),
                CanarySpec.DEFAULT_ABORT_SCALE_DOWN_DELAY);
        Duration rolloutTimeout = duration("rolloutTimeout", document.get("rolloutTimeout"), CanarySpec.DEFAULT_ROLLOUT_TIMEOUT);
        if (!errors.isEmpty()) {
            return null;
        }
        return new CanarySpec(namespace, deployment, images, steps, background, router, baseline, abortDelay, rolloutTimeout,
                document, release);
    }

    private List<CanaryStep> steps(Object value) {
        List<CanaryStep> steps = new ArrayList<>();
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            errors.add("steps " + (value == null ? "is missing" : "must be a list") + ": give the canary's steps, e.g. "
                    + "steps: [{setWeight: 20}, {pause: {duration: 1m}}, {setWeight: 50}, {pause: {}}].");
            return steps;
        }
        for (int i = 0; i < list.size(); i++) {
            String path = "steps[" + i + "]";
            Map<String, Object> step = map(path, list.get(i));
            if (step.size() != 1) {
                errors.add(path + " must have exactly one of setWeight, pause, analysis (it has "
                        + (step.isEmpty() ? "none" : String.join(", ", step.keySet())) + ").");
                continue;
            }
            Map.Entry<String, Object> entry = step.entrySet().iterator().next();
            switch (entry.getKey()) {
                case "setWeight" -> {
                    if (check(CanaryValidation.weight(path + ".setWeight", entry.getValue()))) {
                        steps.add(new CanaryStep.SetWeight(CanaryValidation.wholeNumber(entry.getValue())));
                    }
                }
                case "pause" -> {
                    Map<String, Object> pause = map(path + ".pause", entry.getValue());
                    unknownKeys(path + ".pause.", pause, Set.of("duration"));
                    Object duration = pause.get("duration");
                    if (duration == null) {
                        steps.add(new CanaryStep.Pause(Optional.empty()));
                    } else if (check(CanaryValidation.duration(path + ".pause.duration", duration))) {
                        steps.add(new CanaryStep.Pause(Optional.of(Durations.parse(path, String.valueOf(duration)))));
                    }
                }
                case "analysis" -> {
                    Map<String, Object> settings = map(path + ".analysis", entry.getValue());
                    CanaryAnalysisSettings analysis = analysis(path + ".analysis", settings);
                    if (analysis.count() == 0) {
                        errors.add(path + ".analysis.count is 0: a step's analysis needs at least one round (use "
                                + "backgroundAnalysis for one that runs until promotion).");
                    }
                    steps.add(new CanaryStep.Analysis(analysis));
                }
                default -> errors.add(path + "." + entry.getKey() + " is not a step: use setWeight, pause or analysis.");
            }
        }
        return steps;
    }

    /** The analysis' own fields are read by {@link AnalysisPolicy}, its metrics by {@link MetricSpec}: their rules, once. */
    private CanaryAnalysisSettings analysis(String path, Map<String, Object> settings) {
        List<MetricSpec> metrics = metrics(path + ".metrics", settings.get("metrics"));
        AnalysisPolicy policy = AnalysisPolicy.of(AnalysisPolicy.DEFAULT_INTERVAL, AnalysisPolicy.DEFAULT_COUNT);
        try {
            policy = AnalysisPolicy.fromMap(path, settings);
        } catch (KubeOpsException e) {
            errors.add(e.getMessage());
        }
        return new CanaryAnalysisSettings(policy, metrics);
    }

    private RouterSpec router(Object value, String deployment) {
        if (value == null) {
            return new RouterSpec.ReplicaRatio();
        }
        Map<String, Object> router = map("router", value);
        if (router.size() != 1) {
            errors.add("router must have exactly one of replicaRatio, gatewayApi, nginx (it has "
                    + (router.isEmpty() ? "none" : String.join(", ", router.keySet())) + ").");
            return new RouterSpec.ReplicaRatio();
        }
        Map.Entry<String, Object> entry = router.entrySet().iterator().next();
        String path = "router." + entry.getKey();
        Map<String, Object> settings = map(path, entry.getValue());
        String canaryService = text(settings.get("canaryService")).orElse(deployment + "-canary");
        switch (entry.getKey()) {
            case "replicaRatio" -> {
                unknownKeys(path + ".", settings, Set.of());
                return new RouterSpec.ReplicaRatio();
            }
            case "gatewayApi" -> {
                unknownKeys(path + ".", settings, Set.of("httpRoute", "stableService", "canaryService", "port"));
                String route = text(settings.get("httpRoute")).orElse(null);
                String stable = text(settings.get("stableService")).orElse(null);
                check(CanaryValidation.objectName(path + ".httpRoute", "HTTPRoute", route));
                check(CanaryValidation.objectName(path + ".stableService", "Service", stable));
                checkCanaryService(path, settings, canaryService);
                Object port = settings.get("port");
                if (port == null) {
                    errors.add(path + ".port is missing: give the Services' port the route sends traffic to (e.g. port: 80).");
                    return new RouterSpec.ReplicaRatio();
                }
                if (!check(CanaryValidation.count(path + ".port", port, 1))) {
                    return new RouterSpec.ReplicaRatio();
                }
                return new RouterSpec.GatewayApi(route, stable, canaryService, CanaryValidation.wholeNumber(port));
            }
            case "nginx" -> {
                unknownKeys(path + ".", settings, Set.of("ingress", "canaryService", "canaryByHeader", "canaryByHeaderValue"));
                String ingress = text(settings.get("ingress")).orElse(null);
                check(CanaryValidation.objectName(path + ".ingress", "Ingress", ingress));
                checkCanaryService(path, settings, canaryService);
                Optional<String> header = text(settings.get("canaryByHeader"));
                header.ifPresent(name -> check(CanaryValidation.headerName(path + ".canaryByHeader", name)));
                Optional<String> headerValue = text(settings.get("canaryByHeaderValue"));
                if (headerValue.isPresent() && header.isEmpty()) {
                    errors.add(path + ".canaryByHeaderValue needs canaryByHeader: name the header too (e.g. canaryByHeader: X-Canary).");
                }
                return new RouterSpec.NginxIngress(ingress, canaryService, header, headerValue);
            }
            default -> {
                errors.add(path + " is not a router: use replicaRatio, gatewayApi or nginx.");
                return new RouterSpec.ReplicaRatio();
            }
        }
    }

    /** Only a canary Service name the spec gives is checked; the default follows from the (checked) Deployment name. */
    private void checkCanaryService(String path, Map<String, Object> settings, String canaryService) {
        if (settings.containsKey("canaryService")) {
            check(CanaryValidation.objectName(path + ".canaryService", "Service", canaryService));
        }
    }

    /**
     * The metrics of an analysis: a list of mappings, each with a unique {@code name}; the rest of each entry (template or
     * query, thresholds, judge) is the analysis' to read and check.
     */
    private List<MetricSpec> metrics(String path, Object value) {
        List<MetricSpec> metrics = new ArrayList<>();
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            errors.add(path + (value == null ? " is missing" : " must be a non-empty list") + ": list the metrics to judge "
                    + "(e.g. metrics: [{name: error-rate, template: success-rate}]).");
            return metrics;
        }
        Set<String> names = new java.util.HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            Map<String, Object> entry = map(path + "[" + i + "]", list.get(i));
            Optional<String> name = text(entry.remove("name"));
            if (name.isEmpty()) {
                errors.add(path + "[" + i + "].name is missing: give each metric a name (e.g. name: error-rate).");
            } else if (!names.add(name.get())) {
                errors.add(path + "[" + i + "].name: '" + name.get() + "' is used twice: give each metric its own name.");
            } else {
                MetricSpec metric = new MetricSpec(name.get(), entry);
                if (check(metric.validate(path + "[" + i + "]"))) {
                    metrics.add(metric);
                }
            }
        }
        return metrics;
    }

    private boolean check(Validation validation) {
        if (validation.isError()) {
            errors.add(validation.message());
            return false;
        }
        return true;
    }

    private Duration duration(String path, Object value, Duration defaultValue) {
        if (value == null) {
            return defaultValue;
        }
        return check(CanaryValidation.duration(path, value)) ? Durations.parse(path, String.valueOf(value)) : defaultValue;
    }

    private boolean bool(String path, Object value) {
        if (value == null || value instanceof Boolean) {
            return Boolean.TRUE.equals(value);
        }
        if (value instanceof String text && (text.equals("true") || text.equals("false"))) {
            return Boolean.parseBoolean(text);
        }
        errors.add(path + ": '" + value + "' is not true or false: write " + path + ": true or " + path + ": false.");
        return false;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> map(String path, Object value) {
        if (value == null) {
            return new LinkedHashMap<>();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, item) -> copy.put(String.valueOf(key), item));
            return copy;
        }
        errors.add(path + " must be a mapping (key: value), not '" + value + "'.");
        return new LinkedHashMap<>();
    }

    private void unknownKeys(String prefix, Map<String, Object> map, Set<String> allowed) {
        for (String key : map.keySet()) {
            if (!allowed.contains(key)) {
                errors.add(prefix + key + " is not a known field: " + (allowed.isEmpty() ? "this section takes no fields."
                        : "use " + String.join(", ", new java.util.TreeSet<>(allowed)) + "."));
            }
        }
    }

    private static Optional<String> text(Object value) {
        return value == null || String.valueOf(value).isBlank() ? Optional.empty() : Optional.of(String.valueOf(value).trim());
    }
}
