package io.jenkins.plugins.kubeops.engine.canary;

import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import io.jenkins.plugins.kubeops.engine.common.Validation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One metric an analysis measures, as written in the spec: its name and its other fields (template or query, thresholds,
 * judge). {@link #parseList} checks a spec's list once, with errors naming the field's path; {@link #definition()} gives the
 * checked form the analysis works with (see {@link MetricSpecParser} for the fields).
 */
public record MetricSpec(String name, Map<String, Object> settings) {

    public MetricSpec {
        settings = Map.copyOf(settings);
    }

    /** Checks and keeps an analysis' {@code metrics} list; {@code path} is e.g. {@code steps[2].analysis.metrics}. */
    public static List<MetricSpec> parseList(String path, Object list) {
        return MetricSpecParser.parseList(path, list);
    }

    /**
     * Checks this metric's fields, for a spec parser that keeps its own list of errors.
     *
     * @param path where the metric is, e.g. {@code steps[2].analysis.metrics[0]}, named in the message
     */
    public Validation validate(String path) {
        Map<String, Object> fields = new LinkedHashMap<>(settings);
        fields.put("name", name);
        try {
            MetricSpecParser.parse(path, fields);
            return Validation.ok();
        } catch (KubeOpsException e) {
            return Validation.error(e.getMessage());
        }
    }

    /** The checked metric, with built-in templates expanded to PromQL. */
    public MetricDefinition definition() {
        Map<String, Object> fields = new LinkedHashMap<>(settings);
        fields.put("name", name);
        return MetricSpecParser.parse("metric " + name, fields);
    }
}
