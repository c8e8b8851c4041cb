package io.jenkins.plugins.kubeops.engine.canary;

import java.util.Map;

/**
 * One metric an analysis measures. Owned by the analysis code, which parses and validates it from the spec's map form;
 * {@code settings} keeps the metric's own fields (template or query, thresholds, judge) as written.
 */
public record MetricSpec(String name, Map<String, Object> settings) {
    public MetricSpec {
        settings = Map.copyOf(settings);
    }
}
