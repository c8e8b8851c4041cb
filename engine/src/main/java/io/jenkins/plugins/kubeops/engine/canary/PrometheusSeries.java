package io.jenkins.plugins.kubeops.engine.canary;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One series of a Prometheus query result: its labels and its samples (one for an instant query). */
public record PrometheusSeries(Map<String, String> labels, List<Sample> samples) {

    public record Sample(Instant at, double value) {
    }

    public PrometheusSeries {
        labels = Map.copyOf(labels);
        samples = List.copyOf(samples);
    }

    public double[] values() {
        return samples.stream().mapToDouble(Sample::value).toArray();
    }
}
