package io.jenkins.plugins.kubeops.engine.canary;

/** One metric's measurement in one round: its value(s) as printed, the verdict and why. */
public record MetricResult(String metric, Verdict verdict, String value, String reason) {
}
